#include "libxl/config/devices/usbctrl.h"

#include "libxl/json/writer.h"

namespace libxl::config::devices {

// Not written yet: fails so that callers report it instead of guessing.
std::expected<Usbctrl, SpecError> parse_usbctrl(std::string_view) {
  return std::unexpected(SpecError{"parsing usbctrl specs is not implemented yet", false});
}

std::string_view to_string(UsbctrlType t) {
  static constexpr std::string_view n[] = {"auto", "pv", "devicemodel", "qusb"};
  return n[int(t)];
}

void write_json(json::Writer& w, const Usbctrl& u) {
  w.begin_object();
  if (u.type != UsbctrlType::Auto) w.member("type", to_string(u.type));
  put_int(w, "devid", u.devid, kDevidDefault);
  put_int(w, "version", u.version);
  put_int(w, "ports", u.ports);
  put_uint(w, "backend_domid", u.backend_domid);
  put_string(w, "backend_domname", u.backend_domname);
  w.end_object();
}

}  // namespace libxl::config::devices
