#include "libxl/config/devices/vkb.h"

#include <cstdlib>
#include <string>
#include <strings.h>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

std::expected<Vkb, SpecError> parse_vkb(std::string_view spec) {
  Vkb vkb;
  std::size_t i = 0;
  while (i < spec.size()) {
    std::size_t j = spec.find(',', i);
    if (j == std::string_view::npos) j = spec.size();
    std::string part(spec.substr(i, j - i));
    i = j + 1;
    if (part.empty()) continue;  // strtok skips empty fields
    std::size_t lead = part.find_first_not_of(' ');
    part.erase(0, lead == std::string::npos ? part.size() : lead);
    auto value = [&](std::string_view key) -> const char* {
      if (part.size() > key.size() && part.starts_with(key) && part[key.size()] == '=')
        return part.c_str() + key.size() + 1;
      return nullptr;
    };
    auto number = [](const char* v) { return std::strtoul(v, nullptr, 0); };
    if (const char* v = value("backend")) {
      vkb.backend_domname = std::string(v);
    } else if (const char* v = value("backend-type")) {
      bool found = false;
      for (auto b : {VkbBackend::Unknown, VkbBackend::Qemu, VkbBackend::Linux}) {
        if (strcasecmp(v, std::string(to_string(b)).c_str()) == 0) {
          vkb.backend_type = b;
          found = true;
        }
      }
      if (!found)
        return std::unexpected(SpecError{
            "Unknown backend_type \"" + std::string(v) + "\" in vkb spec", false});
    } else if (const char* v = value("unique-id")) {
      vkb.unique_id = std::string(v);
    } else if (const char* v = value("feature-disable-keyboard")) {
      vkb.feature_disable_keyboard = number(v) != 0;
    } else if (const char* v = value("feature-disable-pointer")) {
      vkb.feature_disable_pointer = number(v) != 0;
    } else if (const char* v = value("feature-abs-pointer")) {
      vkb.feature_abs_pointer = number(v) != 0;
    } else if (const char* v = value("feature-raw-pointer")) {
      vkb.feature_raw_pointer = number(v) != 0;
    } else if (const char* v = value("feature-multi-touch")) {
      vkb.feature_multi_touch = number(v) != 0;
    } else if (const char* v = value("multi-touch-width")) {
      vkb.multi_touch_width = std::uint32_t(number(v));
    } else if (const char* v = value("multi-touch-height")) {
      vkb.multi_touch_height = std::uint32_t(number(v));
    } else if (const char* v = value("multi-touch-num-contacts")) {
      vkb.multi_touch_num_contacts = std::uint32_t(number(v));
    } else if (const char* v = value("width")) {
      vkb.width = std::uint32_t(number(v));
    } else if (const char* v = value("height")) {
      vkb.height = std::uint32_t(number(v));
    } else {
      return std::unexpected(SpecError{"Unknown string \"" + part + "\" in vkb spec", false});
    }
  }
  if (vkb.backend_type == VkbBackend::Unknown)
    return std::unexpected(SpecError{"backend-type should be set in vkb spec", false});
  bool touch_size =
      vkb.multi_touch_height || vkb.multi_touch_width || vkb.multi_touch_num_contacts;
  if (touch_size) vkb.feature_multi_touch = true;
  if (vkb.feature_multi_touch && !touch_size)
    return std::unexpected(SpecError{
        "multi-touch-width, multi-touch-height, multi-touch-num-contacts should be set for "
        "multi touch in vkb spec",
        false});
  return vkb;
}

std::string_view to_string(VkbBackend b) {
  static constexpr std::string_view n[] = {"unknown", "qemu", "linux"};
  return n[int(b)];
}

void write_json(json::Writer& w, const Vkb& v) {
  w.begin_object();
  put_uint(w, "backend_domid", v.backend_domid);
  put_string(w, "backend_domname", v.backend_domname);
  put_int(w, "devid", v.devid, kDevidDefault);
  if (v.backend_type != VkbBackend::Unknown) w.member("backend_type", to_string(v.backend_type));
  put_string(w, "unique_id", v.unique_id);
  put_bool(w, "feature_disable_keyboard", v.feature_disable_keyboard);
  put_bool(w, "feature_disable_pointer", v.feature_disable_pointer);
  put_bool(w, "feature_abs_pointer", v.feature_abs_pointer);
  put_bool(w, "feature_raw_pointer", v.feature_raw_pointer);
  put_bool(w, "feature_multi_touch", v.feature_multi_touch);
  put_uint(w, "width", v.width);
  put_uint(w, "height", v.height);
  put_uint(w, "multi_touch_width", v.multi_touch_width);
  put_uint(w, "multi_touch_height", v.multi_touch_height);
  put_uint(w, "multi_touch_num_contacts", v.multi_touch_num_contacts);
  w.end_object();
}

}  // namespace libxl::config::devices
