#include "libxl/config/devices/usbdev.h"

#include <cstdlib>
#include <string>
#include <strings.h>

#include "libxl/json/writer.h"

namespace libxl::config::devices {

std::expected<Usbdev, SpecError> parse_usbdev(std::string_view spec) {
  Usbdev u;
  auto r = for_each_field(spec, {}, [&](const SpecField& f) -> std::expected<void, SpecError> {
    std::string v(f.value.value_or(""));
    if (f.is("type")) {
      if (strcasecmp(v.c_str(), "hostdev") != 0)
        // xl names the wrong variable here (getopt's optarg, unset): "(null)".
        return std::unexpected(SpecError{"Invalid usb device type: (null)", false});
      u.type = UsbdevType::Hostdev;
    } else if (f.is("hostbus")) {
      u.hostbus = std::uint8_t(std::strtoul(v.c_str(), nullptr, 0));
    } else if (f.is("hostaddr")) {
      u.hostaddr = std::uint8_t(std::strtoul(v.c_str(), nullptr, 0));
    } else if (f.is("controller")) {
      u.ctrl = std::atoi(v.c_str());
    } else if (f.is("port")) {
      u.port = std::atoi(v.c_str());
    } else {
      return std::unexpected(
          SpecError{"Unknown string `" + std::string(f.text) + "' in usbdev spec", false});
    }
    return {};
  });
  if (!r) return std::unexpected(r.error());
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
