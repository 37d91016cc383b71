// Mirrors libxl_device_usbdev (Xen 4.17's libxl_types.idl) and parses
// xl.cfg's usbdev entries ("hostbus=1,hostaddr=2,controller=0,port=1").
#pragma once

#include <cstdint>
#include <expected>
#include <string_view>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

// 0 is not a libxl_usbdev_type value: it is what libxl_device_usbdev_init
// leaves, and no union member is written for it.
enum class UsbdevType { Unset = 0, Hostdev = 1 };

struct Usbdev {
  int ctrl = kDevidDefault;
  int port = 0;
  UsbdevType type = UsbdevType::Unset;
  std::uint8_t hostbus = 0;   // u.hostdev
  std::uint8_t hostaddr = 0;  // u.hostdev
};

std::expected<Usbdev, SpecError> parse_usbdev(std::string_view spec);

void write_json(json::Writer& w, const Usbdev& u);

}  // namespace libxl::config::devices
