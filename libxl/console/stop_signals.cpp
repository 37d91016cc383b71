#include "libxl/console/stop_signals.h"

#include <pthread.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace libxl::console {

Result<StopSignals> StopSignals::open() {
  sigset_t stop, old;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  if (int rc = ::pthread_sigmask(SIG_BLOCK, &stop, &old); rc != 0)
    return std::unexpected(Error{Error::Kind::Io, rc, std::string("sigmask: ") + std::strerror(rc)});
  int fd = ::signalfd(-1, &stop, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd < 0) {
    int e = errno;
    ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
    return std::unexpected(Error{Error::Kind::Io, e, std::string("signalfd: ") + std::strerror(e)});
  }
  return StopSignals(UniqueFd(fd), old);
}

StopSignals::StopSignals(StopSignals&& o) noexcept
    : fd_(std::move(o.fd_)), old_(o.old_), restore_(std::exchange(o.restore_, false)) {}

StopSignals::~StopSignals() {
  if (restore_) ::pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

int StopSignals::take() {
  signalfd_siginfo si;
  if (::read(fd_.get(), &si, sizeof si) != ssize_t(sizeof si)) return 0;
  return int(si.ssi_signo);
}

}  // namespace libxl::console
