#include "watch_connection.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "xenstored/protocol/wire.h"

namespace libxl::store {

namespace {

using xenstored::wire::Header;
using xenstored::wire::kPayloadMax;
constexpr auto kWatch = std::uint32_t(xenstored::wire::Type::Watch);
constexpr auto kUnwatch = std::uint32_t(xenstored::wire::Type::Unwatch);
constexpr auto kWatchEvent = std::uint32_t(xenstored::wire::Type::WatchEvent);
constexpr auto kError = std::uint32_t(xenstored::wire::Type::Error);

int errno_named(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, int>, 16> kNames{{
      {"EINVAL", EINVAL}, {"EACCES", EACCES}, {"EEXIST", EEXIST}, {"EISDIR", EISDIR},
      {"ENOENT", ENOENT}, {"ENOMEM", ENOMEM}, {"ENOSPC", ENOSPC}, {"EIO", EIO},
      {"ENOTEMPTY", ENOTEMPTY}, {"ENOSYS", ENOSYS}, {"EROFS", EROFS}, {"EBUSY", EBUSY},
      {"EAGAIN", EAGAIN}, {"EISCONN", EISCONN}, {"E2BIG", E2BIG}, {"EPERM", EPERM}}};
  for (const auto& [n, e] : kNames)
    if (n == name) return e;
  return EINVAL;
}

bool write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= std::size_t(w);
  }
  return true;
}

bool read_all(int fd, char* p, std::size_t n) {
  while (n > 0) {
    ssize_t r = ::read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) errno = ECONNRESET;
    if (r <= 0) return false;
    p += r;
    n -= std::size_t(r);
  }
  return true;
}

int connect_socket() {
  std::string path;
  if (const char* p = std::getenv("XENSTORED_PATH")) path = p;
  else if (const char* d = std::getenv("XENSTORED_RUNDIR")) path = std::string(d) + "/socket";
  else path = "/run/xenstored/socket";
  sockaddr_un a{};
  if (path.size() >= sizeof a.sun_path) return -1;
  a.sun_family = AF_UNIX;
  std::memcpy(a.sun_path, path.c_str(), path.size() + 1);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    int e = errno;
    ::close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

}  // namespace

Result<WatchConnection> WatchConnection::open() {
  int conn = connect_socket();
  if (conn < 0) conn = ::open("/dev/xen/xenbus", O_RDWR | O_CLOEXEC);
  if (conn < 0) return std::unexpected(Error{"connecting to xenstored", errno});
  int ep = ::epoll_create1(EPOLL_CLOEXEC);
  int ev = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  WatchConnection c(conn, ep, ev);  // owns all three from here
  if (ep < 0 || ev < 0) return std::unexpected(Error{"epoll/eventfd", errno});
  for (int fd : {conn, ev}) {
    epoll_event e{};
    e.events = EPOLLIN;
    e.data.fd = fd;
    if (::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) != 0) return std::unexpected(Error{"epoll_ctl", errno});
  }
  return c;
}

WatchConnection::WatchConnection(WatchConnection&& o) noexcept
    : conn_(o.conn_), epoll_(o.epoll_), event_(o.event_), next_id_(o.next_id_), queued_(std::move(o.queued_)) {
  o.conn_ = o.epoll_ = o.event_ = -1;
}

WatchConnection::~WatchConnection() {
  for (int fd : {conn_, epoll_, event_})
    if (fd >= 0) ::close(fd);
}

Result<WatchConnection::Message> WatchConnection::receive() {
  Header h{};
  if (!read_all(conn_, reinterpret_cast<char*>(&h), sizeof h)) return std::unexpected(Error{"reading from xenstored", errno});
  if (h.len > kPayloadMax) return std::unexpected(Error{"reading from xenstored", EPROTO});
  Message m{h.type, h.req_id, std::string(h.len, '\0')};
  if (!read_all(conn_, m.payload.data(), h.len)) return std::unexpected(Error{"reading from xenstored", errno});
  return m;
}

void WatchConnection::queue(const std::string& payload) {
  // path NUL token NUL
  auto nul = payload.find('\0');
  if (nul == std::string::npos) return;
  std::string path = payload.substr(0, nul), token = payload.substr(nul + 1);
  if (auto end = token.find('\0'); end != std::string::npos) token.resize(end);
  queued_.emplace_back(std::move(path), std::move(token));
  const std::uint64_t one = 1;
  (void)!::write(event_, &one, sizeof one);
}

Result<void> WatchConnection::request(std::uint32_t type, const std::string& payload, const char* op) {
  Header h{type, next_id_++, 0, std::uint32_t(payload.size())};
  std::string msg(reinterpret_cast<const char*>(&h), sizeof h);
  msg += payload;
  // One write: /dev/xen/xenbus takes a message whole.
  if (!write_all(conn_, msg.data(), msg.size())) return std::unexpected(Error{op, errno});
  for (;;) {
    auto m = receive();
    if (!m) return std::unexpected(Error{op, m.error().err});
    if (m->type == kWatchEvent) {
      queue(m->payload);
      continue;
    }
    if (m->req_id != h.req_id) continue;  // not ours (cannot happen: one request at a time)
    if (m->type == kError) {
      std::string name = m->payload.substr(0, m->payload.find('\0'));
      return std::unexpected(Error{op, errno_named(name)});
    }
    return {};
  }
}

Result<void> WatchConnection::watch(const std::string& path, const std::string& token) {
  return request(kWatch, path + '\0' + token + '\0', ("xs_watch " + path).c_str());
}

Result<void> WatchConnection::unwatch(const std::string& path, const std::string& token) {
  return request(kUnwatch, path + '\0' + token + '\0', ("xs_unwatch " + path).c_str());
}

Result<std::pair<std::string, std::string>> WatchConnection::read_event() {
  while (queued_.empty()) {
    auto m = receive();
    if (!m) return std::unexpected(Error{"xs_read_watch", m.error().err});
    if (m->type == kWatchEvent) queue(m->payload);
  }
  auto e = std::move(queued_.front());
  queued_.pop_front();
  if (queued_.empty()) {
    std::uint64_t n;
    (void)!::read(event_, &n, sizeof n);  // drained: fd() readable only by the connection now
  }
  return e;
}

}  // namespace libxl::store
