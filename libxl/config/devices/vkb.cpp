#include "libxl/config/devices/vkb.h"

#include <cstdlib>
#include <string>
#include <strings.h>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

std::expected<Vkb, SpecError> parse_vkb(std::string_view spec) {
  Vkb vkb;
  auto r = for_each_field(spec, {}, [&](const SpecField& f) -> std::expected<void, SpecError> {
    std::string v(f.value.value_or(""));
    auto number = [&] { return std::strtoul(v.c_str(), nullptr, 0); };
    if (f.is("backend")) {
      vkb.backend_domname = v;
    } else if (f.is("backend-type")) {
      bool found = false;
      for (auto b : {VkbBackend::Unknown, VkbBackend::Qemu, VkbBackend::Linux}) {
        if (strcasecmp(v.c_str(), std::string(to_string(b)).c_str()) == 0) {
          vkb.backend_type = b;
          found = true;
        }
      }
      if (!found)
        return std::unexpected(SpecError{"Unknown backend_type \"" + v + "\" in vkb spec", false});
    } else if (f.is("unique-id")) {
      vkb.unique_id = v;
    } else if (f.is("feature-disable-keyboard")) {
      vkb.feature_disable_keyboard = number() != 0;
    } else if (f.is("feature-disable-pointer")) {
      vkb.feature_disable_pointer = number() != 0;
    } else if (f.is("feature-abs-pointer")) {
      vkb.feature_abs_pointer = number() != 0;
    } else if (f.is("feature-raw-pointer")) {
      vkb.feature_raw_pointer = number() != 0;
    } else if (f.is("feature-multi-touch")) {
      vkb.feature_multi_touch = number() != 0;
    } else if (f.is("multi-touch-width")) {
      vkb.multi_touch_width = std::uint32_t(number());
    } else if (f.is("multi-touch-height")) {
      vkb.multi_touch_height = std::uint32_t(number());
    } else if (f.is("multi-touch-num-contacts")) {
      vkb.multi_touch_num_contacts = std::uint32_t(number());
    } else if (f.is("width")) {
      vkb.width = std::uint32_t(number());
    } else if (f.is("height")) {
      vkb.height = std::uint32_t(number());
    } else {
      return std::unexpected(
          SpecError{"Unknown string \"" + std::string(f.text) + "\" in vkb spec", false});
    }
    return {};
  });
  if (!r) return std::unexpected(r.error());
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
