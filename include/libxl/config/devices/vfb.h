// Mirrors libxl_device_vfb with libxl_vnc_info and libxl_sdl_info (Xen
// 4.17's libxl_types.idl) and parses xl.cfg's vfb entries ("vnc=1,...").
#pragma once

#include <expected>
#include <string_view>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

struct VncInfo {
  Defbool enable;
  OptString listen;
  OptString passwd;
  int display = 0;
  Defbool findunused;
};

struct SdlInfo {
  Defbool enable;
  Defbool opengl;
  OptString display;
  OptString xauthority;
};

struct Vfb {
  std::uint32_t backend_domid = 0;
  OptString backend_domname;
  int devid = kDevidDefault;
  VncInfo vnc;
  SdlInfo sdl;
  OptString keymap;
};

std::expected<Vfb, SpecError> parse_vfb(std::string_view spec);

void write_json(json::Writer& w, const VncInfo& v);
void write_json(json::Writer& w, const SdlInfo& s);
void write_json(json::Writer& w, const Vfb& v);

}  // namespace libxl::config::devices
