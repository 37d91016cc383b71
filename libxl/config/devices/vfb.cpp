#include "libxl/config/devices/vfb.h"

#include <cstdlib>
#include <string>

#include "libxl/json/writer.h"
#include "../json_out.h"

namespace libxl::config::devices {

std::expected<Vfb, SpecError> parse_vfb(std::string_view spec) {
  Vfb vfb;
  // xl stops at the first field without '='.
  auto walk = [&](const SpecField& f) -> std::expected<void, SpecError> {
    std::string_view key = f.key;
    std::string value(*f.value);
    int n = std::atoi(value.c_str());
    if (key == "vnc") vfb.vnc.enable = n != 0;
    else if (key == "vnclisten") vfb.vnc.listen = value;
    else if (key == "vncpasswd") vfb.vnc.passwd = value;
    else if (key == "vncdisplay") vfb.vnc.display = n;
    else if (key == "vncunused") vfb.vnc.findunused = n != 0;
    else if (key == "keymap") vfb.keymap = value;
    else if (key == "sdl") vfb.sdl.enable = n != 0;
    else if (key == "opengl") vfb.sdl.opengl = n != 0;
    else if (key == "display") vfb.sdl.display = value;
    else if (key == "xauthority") vfb.sdl.xauthority = value;
    // Other keys are ignored without a word, as in xl.
    return {};
  };
  (void)for_each_field(spec, {.stop_at_field_without_equals = true}, walk);  // cannot fail
  return vfb;
}

void write_json(json::Writer& w, const VncInfo& v) {
  JsonOut out(w);
  w.begin_object();
  fields(out, v);
  w.end_object();
}

void write_json(json::Writer& w, const SdlInfo& s) {
  JsonOut out(w);
  w.begin_object();
  fields(out, s);
  w.end_object();
}

void write_json(json::Writer& w, const Vfb& v) {
  w.begin_object();
  put_uint(w, "backend_domid", v.backend_domid);
  put_string(w, "backend_domname", v.backend_domname);
  put_int(w, "devid", v.devid, kDevidDefault);
  w.key("vnc");  // nested structs are always written
  write_json(w, v.vnc);
  w.key("sdl");
  write_json(w, v.sdl);
  put_string(w, "keymap", v.keymap);
  w.end_object();
}

}  // namespace libxl::config::devices
