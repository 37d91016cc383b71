// Mirrors libxl_rdm_reserve and libxl_device_rdm (Xen 4.17's
// libxl_types.idl) and parses xl.cfg's rdm="strategy=host,policy=relaxed".
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

enum class RdmStrategy { Ignore = 0, Host = 1 };
enum class RdmPolicy { Invalid = -1, Strict = 0, Relaxed = 1 };
std::string_view to_string(RdmStrategy s);
std::string_view to_string(RdmPolicy p);
std::optional<RdmPolicy> rdm_policy_from_string(std::string_view s);

struct RdmReserve {
  RdmStrategy strategy = RdmStrategy::Ignore;
  RdmPolicy policy = RdmPolicy::Invalid;
};

struct DeviceRdm {
  std::uint64_t start = 0;
  std::uint64_t size = 0;
  RdmPolicy policy = RdmPolicy::Invalid;
};

// Applies "strategy=host" and "policy=..." to `into`, scanning as
// libxlutil does in Xen 4.17, quirks included: "host" is the only strategy
// it takes, and a policy libxl knows makes the whole spec fail, while an
// unknown one is only reported (appended to `warnings`). Fields the spec
// does not set keep their value from `into` (xl leaves them undefined). An
// error with an empty message is a failure xl does not report.
std::expected<RdmReserve, SpecError> parse_rdm(std::string_view spec, RdmReserve into = {},
                                               std::vector<std::string>* warnings = nullptr);

void write_json(json::Writer& w, const RdmReserve& r);
void write_json(json::Writer& w, const DeviceRdm& r);

}  // namespace libxl::config::devices
