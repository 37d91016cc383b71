#include "libxl/config/devices/vsnd.h"

#include <string>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

std::string_view to_string(VsndPcmFormat f) {
  static constexpr std::string_view n[] = {
      "s8", "u8", "s16_le", "s16_be", "u16_le", "u16_be", "s24_le", "s24_be", "u24_le",
      "u24_be", "s32_le", "s32_be", "u32_le", "u32_be", "f32_le", "f32_be", "f64_le",
      "f64_be", "iec958_subframe_le", "iec958_subframe_be", "mu_law", "a_law", "ima_adpcm",
      "mpeg", "gsm"};
  return n[int(f) - 1];
}

std::string_view to_string(VsndStreamType t) {
  return t == VsndStreamType::P ? "p" : t == VsndStreamType::C ? "c" : "unset";
}

// Not written yet: fails so that callers report it instead of guessing.
std::expected<Vsnd, SpecError> parse_vsnd(std::span<const std::string_view>) {
  return std::unexpected(SpecError{"parsing vsnd specs is not implemented yet", false});
}

void write_json(json::Writer& w, const VsndParams& p) {
  w.begin_object();
  if (!p.sample_rates.empty()) {
    w.key("sample_rates").begin_array();
    for (auto r : p.sample_rates) w.unsigned_integer(r);
    w.end_array();
  }
  if (!p.sample_formats.empty()) {
    w.key("sample_formats").begin_array();
    for (auto f : p.sample_formats) w.string(to_string(f));
    w.end_array();
  }
  put_uint(w, "channels_min", p.channels_min);
  put_uint(w, "channels_max", p.channels_max);
  put_uint(w, "buffer_size", p.buffer_size);
  w.end_object();
}

void write_json(json::Writer& w, const Vsnd& v) {
  w.begin_object();
  put_uint(w, "backend_domid", v.backend_domid);
  put_string(w, "backend_domname", v.backend_domname);
  put_int(w, "devid", v.devid, kDevidDefault);
  put_string(w, "short_name", v.short_name);
  put_string(w, "long_name", v.long_name);
  w.key("params");  // nested structs are always written
  write_json(w, v.params);
  if (!v.pcms.empty()) {
    w.key("pcms").begin_array();
    for (const auto& pcm : v.pcms) {
      w.begin_object();
      put_string(w, "name", pcm.name);
      w.key("params");
      write_json(w, pcm.params);
      if (!pcm.streams.empty()) {
        w.key("streams").begin_array();
        for (const auto& s : pcm.streams) {
          w.begin_object();
          put_string(w, "unique_id", s.unique_id);
          if (s.type != VsndStreamType::Unset) w.member("type", to_string(s.type));
          w.key("params");
          write_json(w, s.params);
          w.end_object();
        }
        w.end_array();
      }
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

}  // namespace libxl::config::devices
