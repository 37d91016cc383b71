// Domain events over the test doubles: device backend states as an
// embedder sees them, beside the shutdowns and deaths.
#include <doctest/doctest.h>

#include "../../support/host_fixture.h"
#include "libxl/domain/events.h"

namespace {

using libxl::device::XenbusState;
using libxl::domain::DomainEvent;

struct Host : fake::GuestHost {
  Host() {
    node("/local/domain/0/backend/vbd/5/51712/state") = "2";
    node("/local/domain/0/backend/vif/5/0/state") = "4";
  }
  // A node and its parents, as xenstored keeps them.
  std::string& node(const std::string& p) {
    for (auto slash = p.find('/', 1); slash != std::string::npos; slash = p.find('/', slash + 1))
      host.store->emplace(p.substr(0, slash), "");
    return (*host.store)[p];
  }
  // The token the events registered for dom0's backends.
  std::string token() const {
    for (const auto& [path, tok] : host.store_extras->watches)
      if (path == "/local/domain/0/backend") return tok;
    return "";
  }
  void fire(const std::string& path) { host.store_extras->pending_events.push_back({path, token()}); }
  void remove(const std::string& dir) {
    std::erase_if(*host.store, [&](const auto& kv) { return kv.first == dir || kv.first.starts_with(dir + "/"); });
  }
};

std::string said(const DomainEvent& e) {
  switch (e.kind) {
    case DomainEvent::Kind::Shutdown: return std::to_string(e.domid) + " shutdown";
    case DomainEvent::Kind::Death: return std::to_string(e.domid) + " death";
    case DomainEvent::Kind::DeviceState: break;
  }
  return std::string(libxl::device::to_string(e.device.kind)) + " " + std::to_string(e.domid) + "/" +
         std::to_string(e.device.devid) + " " + std::to_string(int(e.state));
}

std::vector<std::string> take(libxl::domain::DomainEvents& ev) {
  auto got = ev.take();
  REQUIRE(got.has_value());
  std::vector<std::string> out;
  for (const auto& e : *got) out.push_back(said(e));
  return out;
}

}  // namespace

TEST_CASE("events: device states only when asked for") {
  Host h;
  auto ev = libxl::domain::DomainEvents::open(*h.ctx);
  REQUIRE(ev.has_value());
  CHECK(h.token().empty());
}

TEST_CASE("events: a backend's state changes, once each, and its removal") {
  Host h;
  auto ev = libxl::domain::DomainEvents::open(*h.ctx, {.device_states = true});
  REQUIRE(ev.has_value());
  REQUIRE_FALSE(h.token().empty());

  // xenstored fires a new watch once at once: the states then are the baseline.
  h.fire("/local/domain/0/backend");
  CHECK(take(*ev).empty());

  h.node("/local/domain/0/backend/vbd/5/51712/state") = "4";
  h.fire("/local/domain/0/backend/vbd/5/51712/state");
  CHECK(take(*ev) == std::vector<std::string>{"vbd 5/51712 4"});
  // Another node of the same backend: nothing new.
  h.node("/local/domain/0/backend/vbd/5/51712/hotplug-status") = "connected";
  h.fire("/local/domain/0/backend/vbd/5/51712/hotplug-status");
  CHECK(take(*ev).empty());

  // A new device, seen from its first node on.
  h.node("/local/domain/0/backend/vbd/5/51728/frontend") = "/local/domain/5/device/vbd/51728";
  h.fire("/local/domain/0/backend/vbd/5/51728/frontend");
  CHECK(take(*ev).empty());  // no state yet
  h.node("/local/domain/0/backend/vbd/5/51728/state") = "1";
  h.fire("/local/domain/0/backend/vbd/5/51728/state");
  CHECK(take(*ev) == std::vector<std::string>{"vbd 5/51728 1"});

  // The guest's whole backend directory goes at once (a destroy).
  h.remove("/local/domain/0/backend/vbd/5");
  h.remove("/local/domain/0/backend/vif/5");
  h.fire("/local/domain/0/backend/vbd/5");
  CHECK(take(*ev) == std::vector<std::string>{"vbd 5/51712 0", "vbd 5/51728 0"});
  h.fire("/local/domain/0/backend/vif");
  CHECK(take(*ev) == std::vector<std::string>{"vif 5/0 0"});

  // Domain events go on as before, on their own watch.
  h.host.xen->domains.pop_back();
  h.host.store_extras->pending_events.push_back({"@releaseDomain", "other"});
  CHECK(take(*ev) == std::vector<std::string>{"5 death"});
}

TEST_CASE("events: paths outside the backends, and backends of unknown kinds, make no event") {
  Host h;
  auto ev = libxl::domain::DomainEvents::open(*h.ctx, {.device_states = true});
  REQUIRE(ev.has_value());
  h.node("/local/domain/0/backend/qdisk/5/768/state") = "4";
  h.fire("/local/domain/0/backend/qdisk/5/768/state");
  CHECK(take(*ev).empty());
  h.fire("/local/domain/0/backendx/vbd/5/51712/state");
  CHECK(take(*ev).empty());
}
