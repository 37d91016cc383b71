#include "libxl/host/random.h"

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>

namespace libxl::host {

namespace {

#ifndef GRND_INSECURE
constexpr unsigned GRND_INSECURE = 0x0004;  // Linux 5.6
#endif

bool read_urandom(std::span<std::uint8_t> out) {
  int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::read(fd, out.data() + got, out.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += std::size_t(n);
  }
  ::close(fd);
  return got == out.size();
}

}  // namespace

bool random_bytes(std::span<std::uint8_t> out) {
  std::size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::getrandom(out.data() + got, out.size() - got, GRND_INSECURE);
    if (n < 0 && errno == EINTR) continue;
    // Older kernels refuse the flag (EINVAL) or lack the call (ENOSYS);
    // /dev/urandom never blocks either.
    if (n < 0) return read_urandom(out.subspan(got));
    got += std::size_t(n);
  }
  return true;
}

std::optional<std::array<std::uint8_t, 16>> random_uuid() {
  std::array<std::uint8_t, 16> u{};
  if (!random_bytes(u)) return std::nullopt;
  u[6] = std::uint8_t((u[6] & 0x0f) | 0x40);  // version 4
  u[8] = std::uint8_t((u[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return u;
}

}  // namespace libxl::host
