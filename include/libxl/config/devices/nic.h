// Mirrors libxl_device_nic (Xen 4.17's libxl_types.idl) and parses xl's vif
// spec, xl-network-configuration(5).
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

enum class NicType { Unknown, VifIoemu, Vif };
std::string_view to_string(NicType t);

struct Nic {
  std::uint32_t backend_domid = 0;
  OptString backend_domname;
  int devid = kDevidDefault;
  int mtu = 0;
  OptString model;
  Mac mac{};
  OptString ip;
  OptString bridge;
  OptString ifname;
  OptString script;
  NicType nictype = NicType::Unknown;
  std::uint64_t rate_bytes_per_interval = 0;
  std::uint32_t rate_interval_usecs = 0;
  OptString gatewaydev;
  OptString coloft_forwarddev;
  // The colo_sock_*, colo_filter_*, colo_compare_* and colo_checkpoint_*
  // strings, in IDL order; names as in colo_field_names().
  std::array<OptString, 48> colo{};
  Defbool trusted;
};

// The 48 colo_* field names of libxl_device_nic after coloft_forwarddev, in
// IDL order; index i names Nic::colo[i]. The spec key is the field name.
std::span<const std::string_view> colo_field_names();

// xl's rate syntax: RATE/s[@INTERVAL], e.g. "10Mb/s@20ms".
struct Rate {
  std::uint64_t bytes_per_interval = 0;
  std::uint32_t interval_usecs = 0;
};
std::expected<Rate, SpecError> parse_rate(std::string_view s);

// Applies one vif spec (comma-separated key=value) to `nic`; used both for
// config entries and for network-attach, where every argument is one part.
// Messages follow xl's wording, e.g. "invalid rate in `foo'". Notes that xl
// prints without failing (accel=, netdev=) are appended to `warnings`.
std::expected<void, SpecError> apply_vif_part(Nic& nic, std::string_view part,
                                              std::vector<std::string>* warnings = nullptr);
// A config-file entry: parts split at commas, empty parts skipped, leading
// spaces dropped, as xl does.
std::expected<Nic, SpecError> parse_nic(std::string_view spec,
                                        std::vector<std::string>* warnings = nullptr);

void write_json(json::Writer& w, const Nic& n);

}  // namespace libxl::config::devices
