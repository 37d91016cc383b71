#include "libxl/console/tty_wait.h"

#include <fcntl.h>
#include <poll.h>

#include <cerrno>
#include <cstring>

namespace libxl::console {

Result<UniqueFd> open_console_tty(store::Store& store, const std::string& path,
                                  const TtyWait& wait) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + wait.timeout;
  std::string named;    // the last pty the node named, if any
  int last_err = ENOENT;
  for (;;) {
    auto tty = store.read(path);
    // The daemon may write an empty value first and the pty later.
    if (tty && !tty->empty()) {
      named = *tty;
      int fd = ::open(named.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
      if (fd >= 0) return UniqueFd(fd);
      last_err = errno;
    }
    if (Clock::now() >= deadline) break;
    // A pause that a signal (through the stop descriptor) cuts short.
    pollfd pf{wait.stop, POLLIN, 0};
    if (::poll(&pf, 1, int(wait.interval.count())) > 0)
      return std::unexpected(Error{Error::Kind::Stopped, EINTR, "stopped while waiting for " + path});
  }
  std::string what = "Could not read tty from store at " + path;
  if (!named.empty()) what += " (it names `" + named + "', which would not open)";
  return std::unexpected(Error{Error::Kind::NoTty, last_err,
                               what + ": " + std::strerror(last_err)});
}

}  // namespace libxl::console
