#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "../test_client.h"

using namespace xenstored;
using namespace xenstored::testing;

TEST_CASE("control: help, quota, quota-soft, memreport, check") {
  Engine e;
  Client c(e, 0, true);
  CHECK(c.control({"help"}).find("quota\t[set <name> <val>|<domid>]") != std::string::npos);
  auto q = c.control({"quota"});
  CHECK(q.starts_with("Quota settings:\n"));
  CHECK(q.find("nodes            :     1000 Nodes per domain\n") != std::string::npos);
  CHECK(q.find("permissions      :        5 Max. number of permissions per node\n") !=
        std::string::npos);
  CHECK(c.control({"quota", "set", "nodes", "77"}) == "OK");
  CHECK(c.control({"quota"}).find("nodes            :       77") != std::string::npos);
  CHECK(c.control({"quota", "set", "nonsense", "1"}) == "!EINVAL");
  CHECK(c.control({"quota-soft"}).find("memory           :  2097152") != std::string::npos);
  CHECK(c.control({"quota", "0"}).starts_with("Domain 0:\nnodes           :        3\n"));
  CHECK(c.control({"quota", "42"}) == "!ENOENT");
  CHECK(c.control({"memreport"}).find("nodes") != std::string::npos);
  CHECK(c.control({"check"}) == "OK");
  CHECK(c.control({"no-such-command"}) == "!EINVAL");
  CHECK(c.control({"log", "on"}) == "!EINVAL");  // no log file yet
}

TEST_CASE("control: logfile traces requests") {
  Engine e;
  Client c(e, 0, true);
  std::string file = "/tmp/xenstored-trace-test-" + std::to_string(::getpid());
  CHECK(c.control({"logfile", file}) == "OK");
  c.write("/traced", "v");
  CHECK(c.control({"log", "off"}) == "OK");
  c.write("/untraced", "v");
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(ss.str().find("WRITE") != std::string::npos);
  CHECK(ss.str().find("/traced") != std::string::npos);
  CHECK(ss.str().find("/untraced") == std::string::npos);
  // Rotated away: reopening starts a fresh file under the same name.
  std::string rotated = file + ".1";
  std::rename(file.c_str(), rotated.c_str());
  e.reopen_trace_file();
  CHECK(c.control({"log", "on"}) == "OK");
  c.write("/after-rotation", "v");
  std::ifstream fresh(file);
  std::stringstream ss2;
  ss2 << fresh.rdbuf();
  CHECK(ss2.str().find("/after-rotation") != std::string::npos);
  std::remove(file.c_str());
  std::remove(rotated.c_str());
}

TEST_CASE("control: going over the soft memory quota is logged once") {
  Engine e;
  std::vector<std::string> logged;
  e.set_log([&](std::string_view m) { logged.emplace_back(m); });
  e.config().quotas.memory_soft = 600;
  Client dom0(e, 0, true);
  // The domain must be known to the engine: introduce it through a fake transport.
  struct Ch : DomainChannels {
    Engine& e;
    explicit Ch(Engine& en) : e(en) {}
    std::expected<Connection*, int> attach(DomId d, std::uint64_t, std::uint32_t) override {
      return &e.connect(d, false);
    }
    void detach(DomId, Connection*) override {}
  } ch(e);
  e.set_domain_channels(&ch);
  dom0.request(wire::Type::Introduce, z("5") + z("1") + z("1"));
  Client g(e, 5, false);
  dom0.mkdir("/local/domain/5");
  dom0.set_perms("/local/domain/5", {"n5"});
  for (int i = 0; i < 10; ++i) CHECK(g.write("k" + std::to_string(i), std::string(100, 'x')) == "");
  REQUIRE(logged.size() == 1);
  CHECK(logged[0].find("domain 5") != std::string::npos);
}

TEST_CASE("control: memreport stays within one reply however many owners there are") {
  Engine e;
  Client c(e, 0, true);
  for (int i = 1; i <= 300; ++i) {
    c.write("/n" + std::to_string(i), "");
    c.set_perms("/n" + std::to_string(i), {"n" + std::to_string(i)});
  }
  auto r = c.control({"memreport"});
  CHECK(r.size() <= wire::kPayloadMax);
  CHECK(r.find("more domains: use memreport <file>") != std::string::npos);
}
