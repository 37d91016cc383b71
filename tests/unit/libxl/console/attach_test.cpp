// attach() end to end over the test doubles: the tty node of the right
// console, a real pty, pipes for xl's stdin and stdout.
#include <doctest/doctest.h>

#include <future>

#include "../../support/fake_xen.h"
#include "../../support/pty_pair.h"
#include "libxl/console/attach.h"

namespace {

using namespace std::chrono_literals;
using libxl::console::ConsoleType;
using libxl::console::End;

fake::Host host_with(libxl::DomId id, bool hvm) {
  fake::Host h;
  libxl::hypervisor::DomainInfo d;
  d.domid = id;
  d.hvm = hvm;
  h.xen->domains.push_back(d);
  return h;
}

// Attaches to DOMID's console (TYPE, NUM) while the guest writes HELLO,
// then hangs up; returns what xl's stdout got.
std::string attach_and_read(fake::Host& h, libxl::DomId domid, std::optional<ConsoleType> type,
                            int num, const std::string& node, const std::string& hello) {
  fake::PtyPair pty;
  (*h.store)[node] = pty.slave_path;
  auto ctx = *h.opener()();
  fake::Pipe in, out;
  libxl::console::AttachIo io{in.r.get(), out.w.get(), -1, {1s, 5ms}};
  auto f = std::async(std::launch::async,
                      [&] { return libxl::console::attach(*ctx, domid, type, num, io); });
  fake::write_str(pty.master.get(), hello);
  std::string got = fake::read_some(out.r.get(), hello.size());
  pty.master.reset();
  REQUIRE(f.wait_for(5s) == std::future_status::ready);
  auto end = f.get();
  REQUIRE(end);
  CHECK(*end == End::ConsoleClosed);
  return got;
}

}  // namespace

TEST_CASE("attach: a PV guest's console 0 by default") {
  auto h = host_with(3, false);
  CHECK(attach_and_read(h, 3, std::nullopt, 0, "/local/domain/3/console/tty", "hi\n") == "hi\n");
}

TEST_CASE("attach: an HVM guest's serial by default, -t pv -n 1 by choice") {
  auto h = host_with(4, true);
  CHECK(attach_and_read(h, 4, std::nullopt, 0, "/local/domain/4/serial/0/tty", "bios\n") ==
        "bios\n");
  CHECK(attach_and_read(h, 4, ConsoleType::Pv, 1, "/local/domain/4/device/console/1/tty",
                        "hvc1\n") == "hvc1\n");
  CHECK(attach_and_read(h, 4, ConsoleType::Serial, 1, "/local/domain/4/serial/1/tty", "s1\n") ==
        "s1\n");
}

TEST_CASE("attach: refusals") {
  auto h = host_with(3, false);
  h.xen->domains.push_back({});  // dom0
  auto ctx = *h.opener()();
  libxl::console::AttachIo io{0, 1, -1, {20ms, 5ms}};
  auto none = libxl::console::attach(*ctx, 77, std::nullopt, 0, io);
  REQUIRE(!none);
  CHECK(none.error().kind == libxl::console::Error::Kind::NoDomain);
  auto dom0 = libxl::console::attach(*ctx, 0, std::nullopt, 0, io);
  REQUIRE(!dom0);
  CHECK(dom0.error().kind == libxl::console::Error::Kind::Dom0);
  CHECK(dom0.error().message == "Can't specify Domain-0");
  auto notty = libxl::console::attach(*ctx, 3, ConsoleType::Serial, 0, io);
  REQUIRE(!notty);
  CHECK(notty.error().kind == libxl::console::Error::Kind::NoTty);
  CHECK(notty.error().message.find("/local/domain/3/serial/0/tty") != std::string::npos);
}
