// Mirrors libxl_device_usbctrl (Xen 4.17's libxl_types.idl) and parses
// xl.cfg's usbctrl entries ("type=...,version=2,ports=8").
#pragma once

#include <cstdint>
#include <expected>
#include <string_view>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

enum class UsbctrlType { Auto, Pv, Devicemodel, Qusb };
std::string_view to_string(UsbctrlType t);

struct Usbctrl {
  UsbctrlType type = UsbctrlType::Auto;
  int devid = kDevidDefault;
  int version = 0;
  int ports = 0;
  std::uint32_t backend_domid = 0;
  OptString backend_domname;
};

std::expected<Usbctrl, SpecError> parse_usbctrl(std::string_view spec);

void write_json(json::Writer& w, const Usbctrl& u);

}  // namespace libxl::config::devices
