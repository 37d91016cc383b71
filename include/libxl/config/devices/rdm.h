// Mirrors libxl_rdm_reserve and libxl_device_rdm (Xen 4.17's
// libxl_types.idl) and parses xl.cfg's rdm="strategy=host,policy=relaxed".
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>

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

// Applies the spec to `into` (xl starts from the defaults it already holds).
std::expected<RdmReserve, SpecError> parse_rdm(std::string_view spec, RdmReserve into = {});

void write_json(json::Writer& w, const RdmReserve& r);
void write_json(json::Writer& w, const DeviceRdm& r);

}  // namespace libxl::config::devices
