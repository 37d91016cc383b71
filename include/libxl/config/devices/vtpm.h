// Mirrors libxl_device_vtpm (Xen 4.17's libxl_types.idl) and parses xl.cfg's
// vtpm entries ("backend=DOM,uuid=UUID").
#pragma once

#include <cstdint>
#include <expected>
#include <string_view>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

struct Vtpm {
  std::uint32_t backend_domid = 0;
  OptString backend_domname;
  int devid = kDevidDefault;
  Uuid uuid{};
};

std::expected<Vtpm, SpecError> parse_vtpm(std::string_view spec);

void write_json(json::Writer& w, const Vtpm& v);

}  // namespace libxl::config::devices
