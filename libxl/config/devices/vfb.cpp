#include "libxl/config/devices/vfb.h"

#include "libxl/json/writer.h"

namespace libxl::config::devices {

// Not written yet: fails so that callers report it instead of guessing.
std::expected<Vfb, SpecError> parse_vfb(std::string_view) {
  return std::unexpected(SpecError{"parsing vfb specs is not implemented yet", false});
}

void write_json(json::Writer& w, const VncInfo& v) {
  w.begin_object();
  put_defbool(w, "enable", v.enable);
  put_string(w, "listen", v.listen);
  put_string(w, "passwd", v.passwd);
  put_int(w, "display", v.display);
  put_defbool(w, "findunused", v.findunused);
  w.end_object();
}

void write_json(json::Writer& w, const SdlInfo& s) {
  w.begin_object();
  put_defbool(w, "enable", s.enable);
  put_defbool(w, "opengl", s.opengl);
  put_string(w, "display", s.display);
  put_string(w, "xauthority", s.xauthority);
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
