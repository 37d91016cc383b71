// Finding and opening a console's pty: the console daemon writes the tty
// node a little after the domain appears, so it is read again until it
// names a pty that opens, or until the timeout.
#pragma once

#include <chrono>
#include <string>

#include "libxl/console/error.h"
#include "libxl/console/unique_fd.h"
#include "libxl/store/store.h"

namespace libxl::console {

struct TtyWait {
  std::chrono::milliseconds timeout{5000};   // xenconsole's five seconds
  std::chrono::milliseconds interval{50};    // between reads of the node
  int stop = -1;  // when readable, give up at once (Error::Kind::Stopped)
};

// The pty named at PATH, opened O_RDWR|O_NOCTTY. Error::Kind::NoTty after
// the timeout, naming PATH (and the pty, when it was named but would not
// open).
Result<UniqueFd> open_console_tty(store::Store& store, const std::string& path,
                                  const TtyWait& wait = {});

}  // namespace libxl::console
