#include "libxl/console/session.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace libxl::console {

namespace {

Error io_error(const std::string& what, int e) {
  return Error{Error::Kind::Io, e, what + ": " + std::strerror(e)};
}

// Every byte, across short writes and interruptions.
bool write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        pollfd pf{fd, POLLOUT, 0};
        ::poll(&pf, 1, -1);
        continue;
      }
      return false;
    }
    p += w;
    n -= std::size_t(w);
  }
  return true;
}

}  // namespace

Result<End> Session::run() {
  enum { kPty, kIn, kStop };
  pollfd pf[3] = {{fds_.pty, POLLIN, 0},
                  {fds_.interactive ? fds_.in : -1, POLLIN, 0},
                  {fds_.stop, POLLIN, 0}};
  char buf[4096];
  for (;;) {
    if (::poll(pf, 3, -1) < 0) {
      if (errno == EINTR) continue;
      return std::unexpected(io_error("poll", errno));
    }
    // The guest's output first, so that what it wrote before going away
    // or before a signal is out; one chunk a turn, so that a chatty guest
    // cannot starve the keyboard or the signals.
    if (pf[kPty].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) {
      ssize_t n = ::read(fds_.pty, buf, sizeof buf);
      // A pty whose other side closed reads EIO (or 0): the domain is gone.
      if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) return End::ConsoleClosed;
      if (n > 0 && !write_all(fds_.out, buf, std::size_t(n)))
        return std::unexpected(io_error("write() failed", errno));
    }
    if (pf[kStop].revents) return End::Stopped;
    if (pf[kIn].revents) {
      ssize_t n = ::read(fds_.in, buf, sizeof buf);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) return End::InputClosed;
      // What came before the escape still goes to the guest.
      const char* esc = static_cast<const char*>(std::memchr(buf, kEscape, std::size_t(n)));
      std::size_t len = esc ? std::size_t(esc - buf) : std::size_t(n);
      if (!write_all(fds_.pty, buf, len)) return End::ConsoleClosed;
      if (esc) return End::Detached;
    }
  }
}

}  // namespace libxl::console
