#include "libxl/console/tty_path.h"

namespace libxl::console {

std::optional<ConsoleType> console_type_from_string(std::string_view s) {
  if (s == "pv") return ConsoleType::Pv;
  if (s == "serial") return ConsoleType::Serial;
  if (s == "vuart") return ConsoleType::Vuart;
  return std::nullopt;
}

std::string_view to_string(ConsoleType t) {
  switch (t) {
    case ConsoleType::Pv: return "pv";
    case ConsoleType::Serial: return "serial";
    case ConsoleType::Vuart: return "vuart";
  }
  return "pv";
}

std::string tty_path(hypervisor::DomId domid, int num, ConsoleType type) {
  const std::string dom = "/local/domain/" + std::to_string(domid);
  switch (type) {
    case ConsoleType::Serial: return dom + "/serial/" + std::to_string(num) + "/tty";
    case ConsoleType::Vuart: return dom + "/vuart/0/tty";
    case ConsoleType::Pv: break;
  }
  // Console 0 predates the device directory and keeps its old place.
  if (num == 0) return dom + "/console/tty";
  return dom + "/device/console/" + std::to_string(num) + "/tty";
}

}  // namespace libxl::console
