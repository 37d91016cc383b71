// Which console `xl console DOMAIN` (no -t) attaches to: a stub domain's
// serial console when the domain has a device-model stub domain, else
// serial 0 for an HVM guest and PV console 0 for PV and PVH guests.
#pragma once

#include "libxl/console/error.h"
#include "libxl/console/tty_path.h"
#include "libxl/context.h"

namespace libxl::console {

struct ConsoleTarget {
  hypervisor::DomId domid = 0;
  int num = 0;
  ConsoleType type = ConsoleType::Pv;
};

// The console number of a stub domain's serial console (libxl's
// STUBDOM_CONSOLE_SERIAL).
inline constexpr int kStubdomSerialConsole = 3;

// Error::Kind::NoDomain when the hypervisor does not know DOMID.
Result<ConsoleTarget> primary_console(Context& ctx, hypervisor::DomId domid);

}  // namespace libxl::console
