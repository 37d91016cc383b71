// Mirrors libxl_device_p9 (Xen 4.17's libxl_types.idl) and parses xl.cfg's
// p9 entries ("tag=...,path=...,security_model=...,backend=...").
#pragma once

#include <cstdint>
#include <expected>
#include <string_view>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

struct P9 {
  std::uint32_t backend_domid = 0;
  OptString backend_domname;
  OptString tag;
  OptString path;
  OptString security_model;
  int devid = kDevidDefault;
};

// Parts split at commas; tag=, path= and security_model= are required. xl
// keeps what earlier entries of the list set for these and backend=, so the
// list's previous entry, if any, is `previous`.
std::expected<P9, SpecError> parse_p9(std::string_view spec, const P9* previous = nullptr);

void write_json(json::Writer& w, const P9& p);

}  // namespace libxl::config::devices
