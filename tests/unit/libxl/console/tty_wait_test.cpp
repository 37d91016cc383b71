// Waiting for the console daemon to publish the pty: a node that appears
// (or gets its value) late, a node that never does, a pty that will not
// open.
#include <doctest/doctest.h>

#include <cerrno>

#include "../../support/fake_xen.h"
#include "../../support/pty_pair.h"
#include "libxl/console/tty_wait.h"

namespace {

using namespace std::chrono_literals;

// A store whose node is missing for the first reads, then empty (as
// libxl writes it before the daemon), then names the pty.
class LateStore final : public fake::Store {
 public:
  LateStore(std::string path, std::string value)
      : fake::Store(std::make_shared<Nodes>()), path_(std::move(path)), value_(std::move(value)) {}
  using fake::Store::read;
  std::optional<std::string> read(libxl::store::Tx, const std::string& path) override {
    if (path != path_) return std::nullopt;
    ++reads;
    if (reads <= 2) return std::nullopt;
    if (reads <= 4) return std::string();
    return value_;
  }
  int reads = 0;

 private:
  std::string path_, value_;
};

}  // namespace

TEST_CASE("console tty: read again until the daemon names the pty") {
  fake::PtyPair pty;
  LateStore store("/local/domain/3/console/tty", pty.slave_path);
  auto fd = libxl::console::open_console_tty(store, "/local/domain/3/console/tty", {2s, 1ms});
  REQUIRE(fd);
  CHECK(fd->get() >= 0);
  CHECK(store.reads == 5);
}

TEST_CASE("console tty: the timeout names the path") {
  auto nodes = std::make_shared<std::map<std::string, std::string>>();
  fake::Store store(nodes);
  auto start = std::chrono::steady_clock::now();
  auto fd = libxl::console::open_console_tty(store, "/local/domain/3/console/tty", {150ms, 10ms});
  CHECK(std::chrono::steady_clock::now() - start >= 150ms);
  REQUIRE(!fd);
  CHECK(fd.error().kind == libxl::console::Error::Kind::NoTty);
  CHECK(fd.error().err == ENOENT);
  CHECK(fd.error().message ==
        "Could not read tty from store at /local/domain/3/console/tty: No such file or directory");
}

TEST_CASE("console tty: a signal ends the wait at once") {
  auto nodes = std::make_shared<std::map<std::string, std::string>>();
  fake::Store store(nodes);
  fake::Pipe stop;
  fake::write_str(stop.w.get(), "s");
  auto start = std::chrono::steady_clock::now();
  auto fd = libxl::console::open_console_tty(store, "/local/domain/3/console/tty",
                                             {5s, 50ms, stop.r.get()});
  CHECK(std::chrono::steady_clock::now() - start < 1s);
  REQUIRE(!fd);
  CHECK(fd.error().kind == libxl::console::Error::Kind::Stopped);
}

TEST_CASE("console tty: a pty that will not open") {
  auto nodes = std::make_shared<std::map<std::string, std::string>>();
  (*nodes)["/local/domain/3/serial/0/tty"] = "/nonexistent/pts/9";
  fake::Store store(nodes);
  auto fd = libxl::console::open_console_tty(store, "/local/domain/3/serial/0/tty", {30ms, 10ms});
  REQUIRE(!fd);
  CHECK(fd.error().err == ENOENT);
  CHECK(fd.error().message ==
        "Could not read tty from store at /local/domain/3/serial/0/tty (it names "
        "`/nonexistent/pts/9', which would not open): No such file or directory");
}
