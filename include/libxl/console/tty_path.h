// Where a domain's console pty is published in XenStore, by console type
// and number, as libxl 4.17 and xenconsole look for it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "libxl/hypervisor/hypervisor.h"

namespace libxl::console {

enum class ConsoleType { Pv, Serial, Vuart };

// "pv", "serial" or "vuart" (xl console -t); nullopt for anything else.
std::optional<ConsoleType> console_type_from_string(std::string_view s);
std::string_view to_string(ConsoleType t);

// The tty node: <dom>/console/tty for PV console 0,
// <dom>/device/console/<num>/tty for the others, <dom>/serial/<num>/tty,
// <dom>/vuart/0/tty (there is only one vuart).
std::string tty_path(hypervisor::DomId domid, int num, ConsoleType type);

}  // namespace libxl::console
