#include "libxl/config/devices/usbctrl.h"

#include <cstdlib>
#include <string>
#include <strings.h>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

std::string_view to_string(UsbctrlType t) {
  static constexpr std::string_view n[] = {"auto", "pv", "devicemodel", "qusb"};
  return n[int(t)];
}

std::expected<Usbctrl, SpecError> parse_usbctrl(std::string_view spec) {
  Usbctrl u;
  auto r = for_each_field(spec, {}, [&](const SpecField& f) -> std::expected<void, SpecError> {
    std::string v(f.value.value_or(""));
    if (f.is("type")) {
      bool found = false;
      for (auto t : {UsbctrlType::Auto, UsbctrlType::Pv, UsbctrlType::Devicemodel,
                     UsbctrlType::Qusb}) {
        if (strcasecmp(v.c_str(), std::string(to_string(t)).c_str()) == 0) {
          u.type = t;
          found = true;
        }
      }
      if (!found) return std::unexpected(SpecError{"Invalid usb controller type '" + v + "'", false});
    } else if (f.is("version")) {
      u.version = std::atoi(v.c_str());
    } else if (f.is("ports")) {
      u.ports = std::atoi(v.c_str());
    } else {
      return std::unexpected(
          SpecError{"Unknown string `" + std::string(f.text) + "' in usbctrl spec", false});
    }
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return u;
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
