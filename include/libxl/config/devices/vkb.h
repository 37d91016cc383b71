// Mirrors libxl_device_vkb (Xen 4.17's libxl_types.idl) and parses xl.cfg's
// vkb entries ("backend-type=linux,width=800,...").
#pragma once

#include <cstdint>
#include <expected>
#include <string_view>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

enum class VkbBackend { Unknown, Qemu, Linux };
std::string_view to_string(VkbBackend b);

struct Vkb {
  std::uint32_t backend_domid = 0;
  OptString backend_domname;
  int devid = kDevidDefault;
  VkbBackend backend_type = VkbBackend::Unknown;
  OptString unique_id;
  bool feature_disable_keyboard = false;
  bool feature_disable_pointer = false;
  bool feature_abs_pointer = false;
  bool feature_raw_pointer = false;
  bool feature_multi_touch = false;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t multi_touch_width = 0;
  std::uint32_t multi_touch_height = 0;
  std::uint32_t multi_touch_num_contacts = 0;
};

std::expected<Vkb, SpecError> parse_vkb(std::string_view spec);

void write_json(json::Writer& w, const Vkb& v);

}  // namespace libxl::config::devices
