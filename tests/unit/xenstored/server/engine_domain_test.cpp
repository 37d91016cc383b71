#include <doctest/doctest.h>

#include <cerrno>

#include "../test_client.h"

using namespace xenstored;
using namespace xenstored::testing;
using Ev = Client::Event;
using Events = std::vector<Ev>;

namespace {

// Stands in for the shared-ring transport: INTRODUCE gets a plain connection.
struct FakeChannels : DomainChannels {
  Engine& engine;
  std::vector<DomId> attached, detached;
  explicit FakeChannels(Engine& e) : engine(e) {}
  std::expected<Connection*, int> attach(DomId domid, std::uint64_t, std::uint32_t port) override {
    if (port == 999) return std::unexpected(EINVAL);
    attached.push_back(domid);
    return &engine.connect(domid, false);
  }
  void detach(DomId domid, Connection*) override { detached.push_back(domid); }
};

std::string introduce(Client& c, std::string domid, std::string mfn = "1234",
                      std::string port = "5") {
  return c.request(wire::Type::Introduce, z(domid) + z(mfn) + z(port)).error();
}

}  // namespace

TEST_CASE("domains: introduce and release fire the special watches") {
  Engine e;
  FakeChannels ch(e);
  e.set_domain_channels(&ch);
  Client dom0(e, 0, true);
  dom0.watch("@introduceDomain", "i");
  dom0.watch("@releaseDomain", "r");
  dom0.take_events();

  CHECK(introduce(dom0, "3") == "");
  CHECK(ch.attached == std::vector<DomId>{3});
  CHECK(dom0.take_events() == Events{{"@introduceDomain", "i"}});
  CHECK(dom0.request(wire::Type::IsDomainIntroduced, z("3")).payload == z("T"));
  CHECK(dom0.request(wire::Type::IsDomainIntroduced, z("4")).payload == z("F"));
  CHECK(introduce(dom0, "3") == "");  // same again: fine
  CHECK(introduce(dom0, "3", "99") == "EEXIST");
  CHECK(introduce(dom0, "0") == "EINVAL");
  CHECK(introduce(dom0, "x") == "EINVAL");
  CHECK(introduce(dom0, "8", "1", "999") == "EINVAL");  // the transport refused

  CHECK(dom0.request(wire::Type::Release, z("3")).error() == "");
  CHECK(ch.detached == std::vector<DomId>{3});
  CHECK(dom0.take_events() == Events{{"@releaseDomain", "r"}});
  CHECK(dom0.request(wire::Type::Release, z("3")).error() == "ENOENT");
  CHECK(dom0.request(wire::Type::Release, z("0")).error() == "EINVAL");
}

TEST_CASE("domains: without a ring transport INTRODUCE says ENOSYS") {
  Engine e;
  Client dom0(e, 0, true);
  CHECK(introduce(dom0, "3") == "ENOSYS");
}

TEST_CASE("domains: only dom0 manages domains") {
  Engine e;
  Client g(e, 5, false);
  CHECK(introduce(g, "3") == "EACCES");
  CHECK(g.request(wire::Type::Release, z("3")).error() == "EACCES");
  CHECK(g.request(wire::Type::SetTarget, z("3") + z("4")).error() == "EACCES");
  CHECK(g.request(wire::Type::Control, z("help")).error() == "EACCES");
  CHECK(g.request(wire::Type::SetQuota, z("nodes") + z("5")).error() == "EACCES");
  CHECK(g.request(wire::Type::GetDomainPath, z("7")).payload == z("/local/domain/7"));
}

TEST_CASE("domains: a released domain's nodes pass to dom0") {
  Engine e;
  FakeChannels ch(e);
  e.set_domain_channels(&ch);
  Client dom0(e, 0, true);
  introduce(dom0, "3");
  dom0.write("/local/domain/3/data", "x");
  dom0.set_perms("/local/domain/3/data", {"b3", "r7"});
  dom0.request(wire::Type::Release, z("3"));
  CHECK(dom0.get_perms("/local/domain/3/data") == "b0,r7,");
}

TEST_CASE("domains: SET_TARGET lets a device model act as its guest") {
  Engine e;
  FakeChannels ch(e);
  e.set_domain_channels(&ch);
  Client dom0(e, 0, true);
  introduce(dom0, "3");
  introduce(dom0, "4");
  dom0.write("/local/domain/3/dm", "x");
  dom0.set_perms("/local/domain/3/dm", {"n3"});
  CHECK(dom0.request(wire::Type::SetTarget, z("4") + z("3")).error() == "");
  CHECK(dom0.request(wire::Type::SetTarget, z("4") + z("9")).error() == "ENOENT");
  // The stub domain's connection is the one the fake transport made.
  Connection* stub = nullptr;
  for (std::uint64_t id = 1; id < 10; ++id)
    if (auto* c = e.connection(id); c && c->domid() == 4) stub = c;
  REQUIRE(stub != nullptr);
  Client s(e, *stub);
  CHECK(s.read("/local/domain/3/dm") == "x");
}

TEST_CASE("features and quotas by request") {
  Engine e;
  FakeChannels ch(e);
  e.set_domain_channels(&ch);
  Client dom0(e, 0, true);
  CHECK(dom0.request(wire::Type::GetFeature, "").payload == z("0"));
  CHECK(dom0.request(wire::Type::GetQuota, "").payload ==
        z("nodes watches transactions outstanding transaction-nodes memory node-size path-max "
          "permissions"));
  CHECK(dom0.request(wire::Type::GetQuota, z("nodes")).payload == z("1000"));
  CHECK(dom0.request(wire::Type::SetQuota, z("nodes") + z("50")).error() == "");
  CHECK(dom0.request(wire::Type::GetQuota, z("nodes")).payload == z("50"));
  CHECK(dom0.request(wire::Type::GetQuota, z("bogus")).error() == "EINVAL");
  introduce(dom0, "3");
  CHECK(dom0.request(wire::Type::SetQuota, z("3") + z("watches") + z("2")).error() == "");
  CHECK(dom0.request(wire::Type::GetQuota, z("3") + z("watches")).payload == z("2"));
  CHECK(dom0.request(wire::Type::GetQuota, z("watches")).payload == z("128"));
  CHECK(dom0.request(wire::Type::GetQuota, z("9") + z("watches")).error() == "ENOENT");
  CHECK(dom0.request(wire::Type::SetFeature, z("3") + z("1")).error() == "EINVAL");  // unsupported
}
