#include "libxl/config/devices/usbdev.h"

#include <cstdlib>
#include <string>
#include <strings.h>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

std::expected<Usbdev, SpecError> parse_usbdev(std::string_view spec) {
  Usbdev u;
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
      if (strcasecmp(v, "hostdev") != 0)
        // xl names the wrong variable here (getopt's optarg, unset): "(null)".
        return std::unexpected(SpecError{"Invalid usb device type: (null)", false});
      u.type = UsbdevType::Hostdev;
    } else if (const char* v = value("hostbus")) {
      u.hostbus = std::uint8_t(std::strtoul(v, nullptr, 0));
    } else if (const char* v = value("hostaddr")) {
      u.hostaddr = std::uint8_t(std::strtoul(v, nullptr, 0));
    } else if (const char* v = value("controller")) {
      u.ctrl = std::atoi(v);
    } else if (const char* v = value("port")) {
      u.port = std::atoi(v);
    } else {
      return std::unexpected(SpecError{"Unknown string `" + part + "' in usbdev spec", false});
    }
  }
  return u;
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
