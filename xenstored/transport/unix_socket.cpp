#include "xenstored/transport/unix_socket.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

namespace xenstored {

ssize_t UnixSocketTransport::read(char* buf, std::size_t len) {
  ssize_t n;
  do n = ::recv(fd_.get(), buf, len, 0);
  while (n < 0 && errno == EINTR);
  return n;
}

ssize_t UnixSocketTransport::write(const char* buf, std::size_t len) {
  ssize_t n;
  do n = ::send(fd_.get(), buf, len, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n;
}

std::expected<UnixListener, std::string> UnixListener::listen(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return std::unexpected("socket path too long: " + path);
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) return std::unexpected(std::string("socket: ") + std::strerror(errno));
  ::unlink(path.c_str());
  mode_t old = ::umask(077);  // dom0's socket is for root only
  int rc = ::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::umask(old);
  if (rc != 0) return std::unexpected("bind " + path + ": " + std::strerror(errno));
  if (::listen(fd.get(), 128) != 0)
    return std::unexpected("listen " + path + ": " + std::strerror(errno));
  return UnixListener(std::move(fd), path);
}

UnixListener::~UnixListener() {
  if (fd_) ::unlink(path_.c_str());
}

std::unique_ptr<UnixSocketTransport> UnixListener::accept() {
  int c;
  do c = ::accept4(fd_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  while (c < 0 && errno == EINTR);
  if (c < 0) return nullptr;
  return std::make_unique<UnixSocketTransport>(UniqueFd(c));
}

}  // namespace xenstored
