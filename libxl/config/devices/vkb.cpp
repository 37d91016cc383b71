#include "libxl/config/devices/vkb.h"

#include "libxl/json/writer.h"

namespace libxl::config::devices {

// Not written yet: fails so that callers report it instead of guessing.
std::expected<Vkb, SpecError> parse_vkb(std::string_view) {
  return std::unexpected(SpecError{"parsing vkb specs is not implemented yet", false});
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
