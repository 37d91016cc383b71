// Running the daemon from parsed options: socket, fork, pid file, loop.
#pragma once

#include "xenstored/server/options.h"

namespace xenstored {

// Returns the process exit status.
int run_daemon(const Options& opts);

}  // namespace xenstored
