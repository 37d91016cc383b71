// `xl console` in one call: find the console's pty (the primary console's
// when no type is given), wait for it, and copy until the session ends.
// xl console and xl create -c both use it.
#pragma once

#include <optional>

#include "libxl/console/error.h"
#include "libxl/console/session.h"
#include "libxl/console/tty_path.h"
#include "libxl/console/tty_wait.h"
#include "libxl/context.h"

namespace libxl::console {

struct AttachIo {
  int in = 0;
  int out = 1;
  int stop = -1;  // e.g. StopSignals::fd(); -1 for none
  TtyWait wait{};
};

// TYPE nullopt: the primary console (NUM is then ignored, as libxl does).
// Interactive (input copied, input terminal raw) when both IN and OUT
// are terminals, as xenconsole decides.
Result<End> attach(Context& ctx, hypervisor::DomId domid, std::optional<ConsoleType> type,
                   int num, const AttachIo& io = {});

}  // namespace libxl::console
