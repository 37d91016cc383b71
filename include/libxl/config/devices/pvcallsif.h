// Mirrors libxl_device_pvcallsif (Xen 4.17's libxl_types.idl) and parses
// xl.cfg's pvcalls entries ("backend=DOM").
#pragma once

#include <cstdint>
#include <expected>
#include <string_view>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

struct Pvcallsif {
  std::uint32_t backend_domid = 0;
  OptString backend_domname;
  int devid = kDevidDefault;
};

std::expected<Pvcallsif, SpecError> parse_pvcallsif(std::string_view spec);

void write_json(json::Writer& w, const Pvcallsif& p);

}  // namespace libxl::config::devices
