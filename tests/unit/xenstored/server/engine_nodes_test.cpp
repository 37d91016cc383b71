#include <doctest/doctest.h>

#include "../test_client.h"

using namespace xenstored;
using namespace xenstored::testing;

TEST_CASE("engine: write creates parents, read and directory see them") {
  Engine e;
  Client c(e, 0, true);
  CHECK(c.write("/a/b/c", "v") == "");
  CHECK(c.read("/a/b/c") == "v");
  CHECK(c.read("/a/b") == "");
  CHECK(c.dir("/a") == std::vector<std::string>{"b"});
  CHECK(c.dir("/") == std::vector<std::string>{"tool", "a"});
  CHECK(c.read("/a/x") == "!ENOENT");
  CHECK(c.dir("/nope") == std::vector<std::string>{"!ENOENT"});
  // Values are binary: NULs and all.
  CHECK(c.write("/bin", std::string("a\0b\xff", 4)) == "");
  CHECK(c.read("/bin") == std::string("a\0b\xff", 4));
}

TEST_CASE("engine: mkdir keeps an existing value, rm removes subtrees") {
  Engine e;
  Client c(e, 0, true);
  c.write("/a/b", "keep");
  CHECK(c.mkdir("/a/b") == "");
  CHECK(c.read("/a/b") == "keep");
  CHECK(c.mkdir("/m/n") == "");
  CHECK(c.read("/m/n") == "");
  CHECK(c.rm("/a") == "");
  CHECK(c.read("/a/b") == "!ENOENT");
  CHECK(c.rm("/a") == "");         // gone already, parent exists: fine
  CHECK(c.rm("/a/b") == "ENOENT");  // parent gone too
  CHECK(c.rm("/") == "EINVAL");
}

TEST_CASE("engine: malformed arguments are EINVAL, not a crash") {
  Engine e;
  Client c(e, 0, true);
  CHECK(c.request(wire::Type::Read, "/tool").error() == "EINVAL");  // no NUL
  CHECK(c.request(wire::Type::Read, "").error() == "EINVAL");
  CHECK(c.request(wire::Type::Read, std::string("/a\0/b\0", 6)).error() == "EINVAL");
  CHECK(c.request(wire::Type::Write, "/nonul").error() == "EINVAL");
  CHECK(c.request(wire::Type::Rm, "").error() == "EINVAL");
  CHECK(c.request(wire::Type::Directory, "").error() == "EINVAL");
  CHECK(c.request(wire::Type::GetPerms, "x").error() == "EINVAL");
  CHECK(c.request(wire::Type::SetPerms, z("/tool")).error() == "EINVAL");
  CHECK(c.request(wire::Type::SetPerms, z("/tool") + z("q1")).error() == "EINVAL");
  CHECK(c.request(wire::Type::Read, z("/bad//path")).error() == "EINVAL");
  // Types a client may not send get ENOSYS, as from both of Xen's daemons.
  CHECK(c.request(wire::Type(20), "").error() == "ENOSYS");    // RESTRICT, removed
  CHECK(c.request(wire::Type(999), "").error() == "ENOSYS");
  CHECK(c.request(wire::Type::WatchEvent, "").error() == "ENOSYS");
  CHECK(c.read("/tool") == "");  // and the connection works on
}

TEST_CASE("engine: unprivileged domains see only what permissions allow") {
  Engine e;
  Client dom0(e, 0, true);
  Client g(e, 5, false);
  dom0.write("/secret/x", "s");
  CHECK(g.read("/secret/x") == "!EACCES");
  CHECK(g.read("/secret/missing") == "!EACCES");  // not ENOENT: no probing under unreadable nodes
  CHECK(g.write("/secret/y", "v") == "EACCES");
  CHECK(dom0.set_perms("/secret/x", {"n0", "r5"}) == "");
  CHECK(g.read("/secret/x") == "s");
  CHECK(g.write("/secret/x", "t") == "EACCES");
  CHECK(g.get_perms("/secret/x") == "n0,r5,");

  // The guest's home, as a toolstack would set it up.
  dom0.mkdir("/local/domain/5");
  dom0.set_perms("/local/domain/5", {"n5"});
  CHECK(g.write("data/k", "v") == "");  // relative to its home
  CHECK(g.read("/local/domain/5/data/k") == "v");
  CHECK(g.get_perms("data/k") == "n5,");  // it owns what it creates
  CHECK(g.set_perms("data/k", {"n5", "r7"}) == "");
  CHECK(g.set_perms("data/k", {"n7"}) == "EPERM");  // may share, not give away
  CHECK(g.set_perms("data/k", {"n5", "r1", "r2", "r3", "r4", "r6"}) == "ENOSPC");
  CHECK(g.set_perms("/secret/x", {"b5"}) == "EACCES");
  CHECK(dom0.read("/local/domain/5/data/k") == "v");  // dom0 sees everything
}

TEST_CASE("engine: nodes created by a domain inherit the parent's other entries") {
  Engine e;
  Client dom0(e, 0, true);
  Client g(e, 5, false);
  dom0.mkdir("/shared");
  dom0.set_perms("/shared", {"n0", "b5", "r9"});
  CHECK(g.write("/shared/n", "v") == "");
  CHECK(dom0.get_perms("/shared/n") == "n5,b5,r9,");
}

TEST_CASE("engine: DIRECTORY of a big node is E2BIG and DIRECTORY_PART pages through it") {
  Engine e;
  Client c(e, 0, true);
  std::vector<std::string> names;
  for (int i = 0; i < 2000; ++i) {
    names.push_back("child-with-a-long-name-" + std::to_string(i));
    c.write("/big/" + names.back(), "");
  }
  CHECK(c.request(wire::Type::Directory, z("/big")).error() == "E2BIG");
  std::vector<std::string> got;
  std::string gen;
  std::size_t offset = 0;
  for (int parts = 0; parts < 100; ++parts) {
    auto r = c.request(wire::Type::DirectoryPart, z("/big") + z(std::to_string(offset)));
    REQUIRE(!r.is_error());
    CHECK(r.payload.size() <= wire::kPayloadMax);
    auto g = r.payload.substr(0, r.payload.find('\0'));
    if (gen.empty()) gen = g;
    CHECK(g == gen);
    std::string body = r.payload.substr(g.size() + 1);
    bool last = body.size() >= 2 && body.ends_with(std::string("\0\0", 2));
    if (body == std::string(1, '\0')) break;
    std::size_t used = last ? body.size() - 1 : body.size();
    for (std::size_t i = 0; i < used;) {
      auto end = body.find('\0', i);
      got.push_back(body.substr(i, end - i));
      i = end + 1;
    }
    offset += used;
    if (last) break;
  }
  CHECK(got == names);
  // Past the end: an empty list.
  auto r = c.request(wire::Type::DirectoryPart, z("/big") + z("999999"));
  CHECK(r.payload == gen + std::string("\0\0", 2));
  // A change gives a new generation, so a client can tell its pages are stale.
  c.write("/big/new", "");
  auto r2 = c.request(wire::Type::DirectoryPart, z("/big") + z("0"));
  CHECK(r2.payload.substr(0, r2.payload.find('\0')) != gen);
}

TEST_CASE("engine: domain quotas bound nodes, value size and path length") {
  Engine e;
  Client dom0(e, 0, true);
  Client g(e, 5, false);
  dom0.mkdir("/local/domain/5");
  dom0.set_perms("/local/domain/5", {"n5"});
  int created = 0;
  std::string err;
  for (int i = 0; i < 1100 && err.empty(); ++i) {
    err = g.write("n" + std::to_string(i), "v");
    if (err.empty()) ++created;
  }
  CHECK(err == "ENOSPC");
  CHECK(created == 999);  // its home counts as one of its 1000
  CHECK(g.write("n0", std::string(2049, 'x')) == "ENOSPC");
  CHECK(g.write("n0", std::string(2048, 'x')) == "");
  CHECK(g.write(std::string(2049, 'p'), "") == "EINVAL");
  // dom0 is not limited.
  CHECK(dom0.write("/big", std::string(4000, 'x')) == "");
}
