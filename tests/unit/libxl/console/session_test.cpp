// The copy loop over a real pty pair: the master plays the guest's side,
// pipes play xl's stdin, stdout and the signal descriptor.
#include <doctest/doctest.h>

#include <csignal>
#include <future>

#include "../../support/pty_pair.h"
#include "libxl/console/raw_terminal.h"
#include "libxl/console/session.h"

namespace {

using libxl::console::End;
using libxl::console::Session;

struct Rig {
  fake::PtyPair pty;
  libxl::console::UniqueFd slave = pty.open_slave();
  fake::Pipe in, out, stop;
  Rig() {
    REQUIRE(slave);
    libxl::console::make_raw(slave.get());
  }
  std::future<libxl::console::Result<End>> start(bool interactive) {
    libxl::console::SessionFds fds{slave.get(), in.r.get(), out.w.get(), stop.r.get(), interactive};
    return std::async(std::launch::async, [fds] { return Session(fds).run(); });
  }
};

End finish(std::future<libxl::console::Result<End>>& f) {
  REQUIRE(f.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  auto r = f.get();
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("console session: the guest's output is copied; its pty closing ends it") {
  Rig rig;
  auto f = rig.start(false);
  fake::write_str(rig.pty.master.get(), "login: \r\n");
  CHECK(fake::read_some(rig.out.r.get(), 9) == "login: \r\n");
  fake::write_str(rig.pty.master.get(), std::string(10000, 'x'));
  CHECK(fake::read_some(rig.out.r.get(), 10000) == std::string(10000, 'x'));
  rig.pty.master.reset();  // the daemon let go: the domain is gone
  CHECK(finish(f) == End::ConsoleClosed);
}

TEST_CASE("console session: keys go to the guest; Ctrl-] detaches") {
  Rig rig;
  auto f = rig.start(true);
  fake::write_str(rig.in.w.get(), "root\r");
  CHECK(fake::read_some(rig.pty.master.get(), 5) == "root\r");
  fake::write_str(rig.in.w.get(), "ls\x1dnot this");
  CHECK(finish(f) == End::Detached);
  // What came before the escape still reached the guest, nothing after it.
  CHECK(fake::read_some(rig.pty.master.get(), 100) == "ls");
}

TEST_CASE("console session: without a terminal the input is never read") {
  Rig rig;
  auto f = rig.start(false);
  rig.in.w.reset();  // as </dev/null: at its end from the start
  fake::write_str(rig.pty.master.get(), "boot\n");
  CHECK(fake::read_some(rig.out.r.get(), 5) == "boot\n");
  CHECK(f.wait_for(std::chrono::milliseconds(100)) == std::future_status::timeout);
  fake::write_str(rig.stop.w.get(), "s");  // a signal arrived
  CHECK(finish(f) == End::Stopped);
}

TEST_CASE("console session: the end of interactive input ends it") {
  Rig rig;
  auto f = rig.start(true);
  rig.in.w.reset();
  CHECK(finish(f) == End::InputClosed);
}

TEST_CASE("console session: output written before a hang-up is not lost") {
  Rig rig;
  fake::write_str(rig.pty.master.get(), "last words\n");
  auto f = rig.start(false);
  CHECK(fake::read_some(rig.out.r.get(), 11) == "last words\n");
  rig.pty.master.reset();
  CHECK(finish(f) == End::ConsoleClosed);
}

TEST_CASE("console session: an output that fails is an error") {
  Rig rig;
  rig.out.r.reset();
  std::signal(SIGPIPE, SIG_IGN);  // EPIPE instead of death, for this process
  auto f = rig.start(false);
  fake::write_str(rig.pty.master.get(), "x");
  REQUIRE(f.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  auto r = f.get();
  std::signal(SIGPIPE, SIG_DFL);
  REQUIRE(!r);
  CHECK(r.error().kind == libxl::console::Error::Kind::Io);
  CHECK(r.error().message == "write() failed: Broken pipe");
}
