// A real pseudo-terminal for the console tests: the master stands for the
// console daemon's side (the guest), the slave is what xl console opens.
#pragma once

#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "libxl/console/unique_fd.h"

namespace fake {

struct PtyPair {
  libxl::console::UniqueFd master;
  std::string slave_path;

  PtyPair() {
    master.reset(posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
    REQUIRE(master);
    REQUIRE(grantpt(master.get()) == 0);
    REQUIRE(unlockpt(master.get()) == 0);
    slave_path = ptsname(master.get());
  }
  libxl::console::UniqueFd open_slave() const {
    return libxl::console::UniqueFd(::open(slave_path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
  }
};

struct Pipe {
  libxl::console::UniqueFd r, w;
  Pipe() {
    int fds[2];
    REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
    r.reset(fds[0]);
    w.reset(fds[1]);
  }
};

inline void write_str(int fd, const std::string& s) {
  REQUIRE(::write(fd, s.data(), s.size()) == ssize_t(s.size()));
}

// Reads from FD until WANT bytes came or two seconds passed.
inline std::string read_some(int fd, std::size_t want) {
  std::string got;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (got.size() < want && std::chrono::steady_clock::now() < deadline) {
    pollfd pf{fd, POLLIN, 0};
    if (::poll(&pf, 1, 100) <= 0) continue;
    char buf[256];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, std::size_t(n));
  }
  return got;
}

}  // namespace fake
