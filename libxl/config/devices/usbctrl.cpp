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
    if (const char* v = value("type")) {
      bool found = false;
      for (auto t : {UsbctrlType::Auto, UsbctrlType::Pv, UsbctrlType::Devicemodel,
                     UsbctrlType::Qusb}) {
        if (strcasecmp(v, std::string(to_string(t)).c_str()) == 0) {
          u.type = t;
          found = true;
        }
      }
      if (!found)
        return std::unexpected(
            SpecError{"Invalid usb controller type '" + std::string(v) + "'", false});
    } else if (const char* v = value("version")) {
      u.version = std::atoi(v);
    } else if (const char* v = value("ports")) {
      u.ports = std::atoi(v);
    } else {
      return std::unexpected(SpecError{"Unknown string `" + part + "' in usbctrl spec", false});
    }
  }
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
