// The watch connection against a scripted daemon on a Unix socket: events
// that arrive before a WATCH's reply are kept, fd() stays readable while
// any is queued, errors come back as errno values.
#include <doctest/doctest.h>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "../../../../libxl/store/watch_connection.h"

namespace {

struct Header {
  std::uint32_t type, req_id, tx_id, len;
};

std::string frame(std::uint32_t type, std::uint32_t req, const std::string& payload) {
  Header h{type, req, 0, std::uint32_t(payload.size())};
  return std::string(reinterpret_cast<const char*>(&h), sizeof h) + payload;
}

// Accepts one client; for each request runs SCRIPT(type, req_id, payload)
// and sends what it returns.
template <typename Script>
struct Daemon {
  std::string path;
  int listener = -1;
  std::thread t;
  explicit Daemon(Script script) {
    path = "/tmp/libxl-watch-" + std::to_string(::getpid()) + ".sock";
    ::unlink(path.c_str());
    listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::strcpy(a.sun_path, path.c_str());
    REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(listener, 1) == 0);
    ::setenv("XENSTORED_PATH", path.c_str(), 1);
    t = std::thread([this, script] {
      int c = ::accept(listener, nullptr, nullptr);
      Header h{};
      while (::read(c, &h, sizeof h) == sizeof h) {
        std::string p(h.len, '\0');
        if (h.len && ::read(c, p.data(), h.len) != ssize_t(h.len)) break;
        std::string out = script(h.type, h.req_id, p);
        if (::write(c, out.data(), out.size()) != ssize_t(out.size())) break;
      }
      ::close(c);
    });
  }
  ~Daemon() {
    t.join();
    ::close(listener);
    ::unlink(path.c_str());
    ::unsetenv("XENSTORED_PATH");
  }
};

bool readable(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) == 1;
}

}  // namespace

TEST_CASE("watch connection: events before the reply are queued, errors are errno values") {
  auto script = [](std::uint32_t type, std::uint32_t req, const std::string& p) -> std::string {
    if (type == 4) {  // WATCH: the event first, as a busy daemon may send it, then the reply
      std::string path = p.substr(0, p.find('\0'));
      return frame(15, 0, path + '\0' + "early" + '\0') + frame(4, req, std::string("OK") + '\0');
    }
    if (type == 5 && p.starts_with("/missing")) return frame(16, req, std::string("ENOENT") + '\0');
    return frame(type, req, std::string("OK") + '\0');
  };
  std::optional<libxl::store::WatchConnection> c;
  {
    Daemon d(script);
    auto opened = libxl::store::WatchConnection::open();
    REQUIRE(opened.has_value());
    c.emplace(std::move(*opened));
    REQUIRE(c->watch("/a", "t1").has_value());
    REQUIRE(c->watch("/b", "t2").has_value());
    CHECK(readable(c->fd()));  // two events queued, the socket itself is quiet
    auto e1 = c->read_event();
    REQUIRE(e1.has_value());
    CHECK(*e1 == std::pair<std::string, std::string>{"/a", "early"});
    CHECK(readable(c->fd()));
    auto e2 = c->read_event();
    REQUIRE(e2.has_value());
    CHECK(e2->first == "/b");
    CHECK_FALSE(readable(c->fd()));
    auto bad = c->unwatch("/missing", "t3");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().err == ENOENT);
    CHECK(c->unwatch("/a", "t1").has_value());
    c.reset();  // closes the connection, which ends the daemon's loop
  }
}

TEST_CASE("watch connection: no daemon and no xenbus device is an error, not a crash") {
  ::setenv("XENSTORED_PATH", "/nonexistent/socket", 1);
  auto c = libxl::store::WatchConnection::open();
  ::unsetenv("XENSTORED_PATH");
  if (::access("/dev/xen/xenbus", F_OK) != 0) CHECK_FALSE(c.has_value());
}
