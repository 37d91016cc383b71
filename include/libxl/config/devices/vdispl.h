// Mirrors libxl_device_vdispl and libxl_connector_param (Xen 4.17's
// libxl_types.idl) and parses xl.cfg's vdispl entries
// ("backend=DOM,be-alloc=1,connectors=id0:1920x1080;id1:800x600").
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

struct ConnectorParam {
  OptString unique_id;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
};

struct Vdispl {
  std::uint32_t backend_domid = 0;
  OptString backend_domname;
  int devid = kDevidDefault;
  bool be_alloc = false;
  std::vector<ConnectorParam> connectors;
};

// Parts split at commas: backend=, be-alloc=N, connectors=ID:WxH;... (at
// least one connector). Complaints xl prints without failing are appended
// to `warnings`.
std::expected<Vdispl, SpecError> parse_vdispl(std::string_view spec,
                                              std::vector<std::string>* warnings = nullptr);

void write_json(json::Writer& w, const Vdispl& v);

}  // namespace libxl::config::devices
