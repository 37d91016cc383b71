// The monitor's on_* actions and shutdown requests over the test doubles:
// what happens to a guest that shut down, by reason and configured action.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "../../support/host_fixture.h"
#include "libxl/domain/control.h"
#include "libxl/domain/monitor.h"

namespace {

using libxl::config::ActionOnShutdown;
using libxl::hypervisor::ShutdownReason;

struct Host : fake::GuestHost {
  libxl::hypervisor::DomainInfo* guest() {
    for (auto& d : host.xen->domains) {
      if (d.domid == 5) return &d;
    }
    return nullptr;
  }
  void shut_down(ShutdownReason r) {
    guest()->shutdown = true;
    guest()->shutdown_reason = r;
  }
};

libxl::config::DomainConfig cfg() {
  libxl::config::DomainConfig c;
  c.c_info.name = "guest";
  c.on_poweroff = ActionOnShutdown::Destroy;
  c.on_reboot = ActionOnShutdown::Restart;
  c.on_crash = ActionOnShutdown::Preserve;
  return c;
}

}  // namespace

TEST_CASE("action_for: each shutdown reason takes its own on_* setting") {
  auto c = cfg();
  c.on_watchdog = ActionOnShutdown::RestartRename;
  CHECK(libxl::domain::action_for(c, ShutdownReason::PowerOff) == ActionOnShutdown::Destroy);
  CHECK(libxl::domain::action_for(c, ShutdownReason::Reboot) == ActionOnShutdown::Restart);
  CHECK(libxl::domain::action_for(c, ShutdownReason::Crash) == ActionOnShutdown::Preserve);
  CHECK(libxl::domain::action_for(c, ShutdownReason::Watchdog) == ActionOnShutdown::RestartRename);
  // A suspend belongs to whoever is saving the guest: the monitor keeps it.
  CHECK(libxl::domain::action_for(c, ShutdownReason::Suspend) == ActionOnShutdown::Preserve);
}

TEST_CASE("monitor: a powered-off guest with on_poweroff=destroy is destroyed, and it says so") {
  Host h;
  h.shut_down(ShutdownReason::PowerOff);
  std::ostringstream log;
  auto r = libxl::domain::monitor(*h.ctx, 5, cfg(), log);
  REQUIRE(r.has_value());
  CHECK(h.guest() == nullptr);
  CHECK(log.str().find("Domain 5 has shut down, reason code 0 0x0") != std::string::npos);
  CHECK(log.str().find("Action for shutdown reason code 0 is destroy") != std::string::npos);
  CHECK(log.str().find("Done. Exiting now") != std::string::npos);
}

TEST_CASE("monitor: on_crash=preserve leaves the crashed guest alone") {
  Host h;
  h.shut_down(ShutdownReason::Crash);
  std::ostringstream log;
  REQUIRE(libxl::domain::monitor(*h.ctx, 5, cfg(), log).has_value());
  REQUIRE(h.guest() != nullptr);
  CHECK(h.guest()->shutdown);
  CHECK(std::find(h.host.xen->calls.begin(), h.host.xen->calls.end(), "destroy_domain 5") ==
        h.host.xen->calls.end());
}

TEST_CASE("monitor: a guest destroyed by someone else ends the watch") {
  Host h;
  h.host.xen->domains.pop_back();
  std::ostringstream log;
  REQUIRE(libxl::domain::monitor(*h.ctx, 5, cfg(), log).has_value());
  CHECK(log.str().find("Domain 5 has been destroyed.") != std::string::npos);
}

TEST_CASE("shutdown requests: PV guests through control/shutdown; PVH needs the driver or -F") {
  Host h;
  REQUIRE(libxl::domain::request(*h.ctx, 5, libxl::domain::Request::Reboot, false).has_value());
  CHECK((*h.host.store)["/local/domain/5/control/shutdown"] == "reboot");

  h.guest()->hvm = true;  // a PVH guest whose kernel has not announced the driver
  auto r = libxl::domain::request(*h.ctx, 5, libxl::domain::Request::PowerOff, false);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == libxl::ErrorCode::NoParavirt);
  REQUIRE(libxl::domain::request(*h.ctx, 5, libxl::domain::Request::PowerOff, true).has_value());
  CHECK(h.host.xen->calls.back() == "shutdown_domain 5 0");
  (*h.host.store)["/local/domain/5/control/feature-poweroff"] = "1";
  h.guest()->shutdown = false;
  REQUIRE(libxl::domain::request(*h.ctx, 5, libxl::domain::Request::PowerOff, false).has_value());
  CHECK((*h.host.store)["/local/domain/5/control/shutdown"] == "poweroff");

  auto none = libxl::domain::request(*h.ctx, 77, libxl::domain::Request::PowerOff, false);
  REQUIRE_FALSE(none.has_value());
  CHECK(none.error().code == libxl::ErrorCode::DomainNotFound);
}

TEST_CASE("wait_for_shutdown: reports each domain once, as each goes down") {
  Host h;
  auto events = libxl::domain::DomainEvents::open(*h.ctx);
  REQUIRE(events.has_value());
  h.shut_down(ShutdownReason::PowerOff);
  h.host.store_extras->pending_events.push_back({"@releaseDomain", "x"});
  std::vector<std::string> seen;
  auto r = libxl::domain::wait_for_shutdown(*h.ctx, *events, {5}, [&](const libxl::domain::DomainEvent& e) {
    seen.push_back(std::to_string(e.domid) + (e.kind == libxl::domain::DomainEvent::Kind::Shutdown ? " down" : " dead"));
  });
  REQUIRE(r.has_value());
  CHECK(seen == std::vector<std::string>{"5 down"});
}

TEST_CASE("monitor: coredump-destroy dumps the core to <lib>/dump/<name>, then destroys") {
  Host h;
  const std::string dir = "/tmp/libxl-monitor-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  h.ctx->set_lib_dir(dir);
  auto c = cfg();
  c.on_crash = ActionOnShutdown::CoredumpDestroy;
  h.shut_down(ShutdownReason::Crash);
  std::ostringstream log;
  REQUIRE(libxl::domain::monitor(*h.ctx, 5, c, log).has_value());
  CHECK(log.str().find("dumping core to " + dir + "/dump/guest\n") != std::string::npos);
  CHECK(std::find(h.host.xen->calls.begin(), h.host.xen->calls.end(), "dump_core 5 " + dir + "/dump/guest") !=
        h.host.xen->calls.end());
  CHECK(h.guest() == nullptr);
  std::filesystem::remove_all(dir);
}

TEST_CASE("monitor: rename-restart keeps the dead domain under NAME-<time> with a new UUID") {
  Host h;
  auto& s = *h.host.store;
  s["/local/domain/5/vm"] = "/vm/0000000a-0000-0000-0000-000000000000";
  s["/vm/0000000a-0000-0000-0000-000000000000"] = "";
  s["/vm/0000000a-0000-0000-0000-000000000000/name"] = "guest";
  s["/vm/0000000a-0000-0000-0000-000000000000/image"] = "";
  s["/vm/0000000a-0000-0000-0000-000000000000/image/kernel"] = "/boot/vmlinuz";
  auto c = cfg();
  c.on_crash = ActionOnShutdown::RestartRename;
  h.shut_down(ShutdownReason::Crash);
  std::ostringstream log;
  // The new domain cannot be built here (no kernel): the preserving is what counts.
  auto r = libxl::domain::monitor(*h.ctx, 5, c, log);
  CHECK_FALSE(r.has_value());
  REQUIRE(h.guest() != nullptr);
  const std::string name = s["/local/domain/5/name"];
  CHECK(name.starts_with("guest-"));
  CHECK(name.ends_with("Z"));
  CHECK(log.str().find("Preserving domain 5 guest with suffix-") != std::string::npos);
  CHECK(std::find(h.host.xen->calls.begin(), h.host.xen->calls.end(), "set_handle 5") != h.host.xen->calls.end());
  const std::string vm = s["/local/domain/5/vm"];
  CHECK(vm != "/vm/0000000a-0000-0000-0000-000000000000");
  CHECK(s[vm + "/image/kernel"] == "/boot/vmlinuz");
  CHECK(s[vm + "/name"] == name);
  CHECK(h.host.store->count("/vm/0000000a-0000-0000-0000-000000000000/name") == 0);
}
