#include "libxl/config/devices/usbdev.h"

#include "libxl/json/writer.h"

namespace libxl::config::devices {

// Not written yet: fails so that callers report it instead of guessing.
std::expected<Usbdev, SpecError> parse_usbdev(std::string_view) {
  return std::unexpected(SpecError{"parsing usbdev specs is not implemented yet", false});
}

void write_json(json::Writer& w, const Usbdev& u) {
  w.begin_object();
  put_int(w, "ctrl", u.ctrl, kDevidDefault);
  put_int(w, "port", u.port);
  if (u.type == UsbdevType::Hostdev) {
    w.key("type.hostdev").begin_object();
    put_uint(w, "hostbus", u.hostbus);
    put_uint(w, "hostaddr", u.hostaddr);
    w.end_object();
  }
  w.end_object();
}

}  // namespace libxl::config::devices
