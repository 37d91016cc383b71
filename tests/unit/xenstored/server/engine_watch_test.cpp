#include <doctest/doctest.h>

#include "../test_client.h"

using namespace xenstored;
using namespace xenstored::testing;
using Ev = Client::Event;
using Events = std::vector<Ev>;

TEST_CASE("watch: fires once on registration, then for the node and its subtree") {
  Engine e;
  Client w(e, 0, true);
  Client c(e, 0, true);
  CHECK(w.watch("/a", "tok") == "");
  CHECK(w.take_events() == Events{{"/a", "tok"}});
  c.write("/a", "1");
  c.write("/a/b/c", "2");
  c.write("/ab", "3");  // not below /a
  c.write("/", "");
  CHECK(w.take_events() == Events{{"/a", "tok"}, {"/a/b/c", "tok"}});
  CHECK(w.watch("/a", "tok") == "EEXIST");
  CHECK(w.watch("/a", "tok2") == "");
  w.take_events();
  c.rm("/a/b");
  CHECK(w.take_events() == Events{{"/a/b", "tok"}, {"/a/b", "tok2"}});
  CHECK(w.unwatch("/a", "tok") == "");
  CHECK(w.unwatch("/a", "tok") == "ENOENT");
  c.write("/a", "x");
  CHECK(w.take_events() == Events{{"/a", "tok2"}});
}

TEST_CASE("watch: removing an ancestor fires watches below with their own path") {
  Engine e;
  Client w(e, 0, true);
  Client c(e, 0, true);
  c.write("/vm/1/device/vif", "");
  w.watch("/vm/1/device/vif", "t");
  w.watch("/vm", "top");
  w.take_events();
  c.rm("/vm/1");
  CHECK(w.take_events() == Events{{"/vm/1", "top"}, {"/vm/1/device/vif", "t"}});
}

TEST_CASE("watch: relative watches get relative event paths") {
  Engine e;
  Client dom0(e, 0, true);
  Client g(e, 5, false);
  dom0.mkdir("/local/domain/5");
  dom0.set_perms("/local/domain/5", {"n5"});
  CHECK(g.watch("device", "d") == "");
  CHECK(g.take_events() == Events{{"device", "d"}});
  dom0.write("/local/domain/5/device/vbd/51712/state", "1");
  CHECK(g.take_events() == Events{{"device/vbd/51712/state", "d"}});
}

TEST_CASE("watch: events respect read permission") {
  Engine e;
  Client dom0(e, 0, true);
  Client g(e, 5, false);
  CHECK(g.watch("/private", "p") == "");
  g.take_events();
  dom0.write("/private/x", "secret");
  CHECK(g.take_events().empty());
  dom0.write("/private/y", "");
  dom0.set_perms("/private/y", {"n0", "r5"});
  g.take_events();
  dom0.write("/private/y", "ok");
  CHECK(g.take_events() == Events{{"/private/y", "p"}});
}

TEST_CASE("watch: an optional depth limits how far below the path events fire") {
  Engine e;
  Client w(e, 0, true);
  Client c(e, 0, true);
  CHECK(w.request(wire::Type::Watch, z("/d") + z("t") + z("1")).error() == "");
  w.take_events();
  c.write("/d", "");
  c.write("/d/a", "");
  c.write("/d/a/b", "");
  CHECK(w.take_events() == Events{{"/d", "t"}, {"/d/a", "t"}});
  CHECK(w.request(wire::Type::Watch, z("/d") + z("u") + z("x")).error() == "EINVAL");
}

TEST_CASE("watch: quota, reset and disconnect") {
  Engine e;
  Client g(e, 5, false);
  for (int i = 0; i < 128; ++i) REQUIRE(g.watch("/w" + std::to_string(i), "t") == "");
  CHECK(g.watch("/w-over", "t") == "E2BIG");
  CHECK(e.watch_count() == 128);
  CHECK(g.request(wire::Type::ResetWatches, "").error() == "");
  CHECK(e.watch_count() == 0);
  Client h(e, 0, true);
  h.watch("/x", "t");
  e.disconnect(h.conn());
  CHECK(e.watch_count() == 0);
  Client c(e, 0, true);
  CHECK(c.write("/x", "1") == "");  // no dangling watcher to deliver to
}

TEST_CASE("transaction: private until commit, then visible with its events") {
  Engine e;
  Client c(e, 0, true);
  Client other(e, 0, true);
  other.watch("/t", "w");
  other.take_events();
  auto tx = c.start();
  REQUIRE(tx != 0);
  CHECK(c.write("/t/a", "1", tx) == "");
  CHECK(c.read("/t/a", tx) == "1");
  CHECK(other.read("/t/a") == "!ENOENT");
  CHECK(c.dir("/t", tx) == std::vector<std::string>{"a"});
  CHECK(other.take_events().empty());
  CHECK(c.end(tx) == "");
  CHECK(other.read("/t/a") == "1");
  CHECK(other.take_events() == Events{{"/t/a", "w"}});
  CHECK(c.end(tx) == "ENOENT");  // gone after END
}

TEST_CASE("transaction: abort discards everything") {
  Engine e;
  Client c(e, 0, true);
  c.write("/k", "old");
  auto tx = c.start();
  c.write("/k", "new", tx);
  c.rm("/tool", tx);
  CHECK(c.end(tx, false) == "");
  CHECK(c.read("/k") == "old");
  CHECK(c.read("/tool") == "");
}

TEST_CASE("transaction: EAGAIN only when a node it used changed") {
  Engine e;
  Client c(e, 0, true);
  Client other(e, 0, true);
  c.write("/x", "1");
  c.write("/y", "1");

  auto t1 = c.start();
  CHECK(c.read("/x", t1) == "1");
  c.write("/x2", "v", t1);
  other.write("/y", "2");      // unrelated
  other.write("/zzz", "new");  // unrelated
  CHECK(c.end(t1) == "");
  CHECK(c.read("/x2") == "v");

  auto t2 = c.start();
  CHECK(c.read("/x", t2) == "1");
  c.write("/out", "v", t2);
  other.write("/x", "2");  // the node it read
  CHECK(c.end(t2) == "EAGAIN");
  CHECK(c.read("/out") == "!ENOENT");

  auto t3 = c.start();
  CHECK(c.read("/absent", t3) == "!ENOENT");
  other.write("/absent", "now here");  // what it saw missing appeared
  c.write("/out", "v", t3);
  CHECK(c.end(t3) == "EAGAIN");

  // Creating beside a sibling someone else created, or overwriting a node
  // without reading it, serialises fine: no conflict.
  c.mkdir("/dir");
  auto t5 = c.start();
  c.write("/dir/mine", "m", t5);
  other.write("/dir/theirs", "t");
  c.write("/y", "blind", t5);
  other.write("/y", "3");
  CHECK(c.end(t5) == "");
  CHECK(c.read("/y") == "blind");
  CHECK(c.dir("/dir") == std::vector<std::string>{"theirs", "mine"});

  // ... but not if the node it checked lost its permissions meanwhile.
  auto t6 = c.start();
  c.write("/dir/more", "m", t6);
  other.set_perms("/dir", {"n0", "r5"});
  CHECK(c.end(t6) == "EAGAIN");

  auto t4 = c.start();
  c.dir("/", t4);
  other.write("/newchild", "");  // the listing it read changed
  c.write("/out", "v", t4);
  CHECK(c.end(t4) == "EAGAIN");
}

TEST_CASE("transaction: reads repeat, whatever happens outside") {
  Engine e;
  Client c(e, 0, true);
  Client other(e, 0, true);
  c.write("/n", "a");
  auto tx = c.start();
  CHECK(c.read("/n", tx) == "a");
  CHECK(c.read("/gone", tx) == "!ENOENT");
  other.write("/n", "b");
  other.write("/gone", "here");
  CHECK(c.read("/n", tx) == "a");
  CHECK(c.read("/gone", tx) == "!ENOENT");
  CHECK(c.write("/n", "c", tx) == "");
  CHECK(c.read("/n", tx) == "c");
  CHECK(c.end(tx) == "EAGAIN");
  CHECK(c.read("/n") == "b");
}

TEST_CASE("transaction: remove and re-create inside one transaction") {
  Engine e;
  Client c(e, 0, true);
  c.write("/r/a/deep", "1");
  c.write("/r/b", "2");
  auto tx = c.start();
  CHECK(c.rm("/r", tx) == "");
  CHECK(c.read("/r/a/deep", tx) == "!ENOENT");
  CHECK(c.write("/r/c", "3", tx) == "");
  CHECK(c.dir("/r", tx) == std::vector<std::string>{"c"});
  CHECK(c.end(tx) == "");
  CHECK(c.dir("/r") == std::vector<std::string>{"c"});
  CHECK(c.read("/r/a/deep") == "!ENOENT");
  CHECK(c.control({"check"}) == "OK");
}

TEST_CASE("transaction: many concurrent increments, none lost") {
  EngineConfig cfg;
  cfg.transaction_wait = {};  // optimistic only: interleave freely
  Engine e(cfg);
  Client a(e, 0, true), b(e, 0, true);
  a.write("/counter", "0");
  int commits = 0;
  for (int round = 0; round < 200; ++round) {
    // Interleave two transactions so that one of them must retry.
    auto ta = a.start();
    auto tb = b.start();
    int va = std::stoi(a.read("/counter", ta));
    int vb = std::stoi(b.read("/counter", tb));
    a.write("/counter", std::to_string(va + 1), ta);
    b.write("/counter", std::to_string(vb + 1), tb);
    if (a.end(ta) == "") ++commits;
    if (b.end(tb) == "") ++commits;
  }
  CHECK(commits == 200);
  CHECK(a.read("/counter") == "200");
}

TEST_CASE("transaction: limits and misuse") {
  Engine e;
  Client g(e, 5, false);
  std::vector<std::uint32_t> txs;
  for (int i = 0; i < 10; ++i) txs.push_back(g.start());
  CHECK(g.request(wire::Type::TransactionStart, z("")).error() == "ENOSPC");
  CHECK(g.request(wire::Type::TransactionStart, z(""), txs[0]).error() == "EBUSY");
  CHECK(g.request(wire::Type::Read, z("/tool"), 12345).error() == "ENOENT");
  CHECK(g.request(wire::Type::TransactionEnd, z("X"), txs[0]).error() == "EINVAL");
  for (auto t : txs) CHECK(g.end(t, false) == "");
  CHECK(e.transaction_count() == 0);
}

TEST_CASE("transaction: a transaction waits for another one using the same node") {
  Engine e;
  Client a(e, 0, true), b(e, 0, true);
  a.write("/counter", "0");
  auto ta = a.start();
  auto tb = b.start();
  CHECK(a.read("/counter", ta) == "0");
  auto req = b.send(wire::Type::Read, z("/counter"), tb);
  e.process_input(b.conn());
  CHECK_FALSE(b.reply_for(req).has_value());  // waiting for ta
  CHECK(e.next_wait_deadline().has_value());
  CHECK(a.write("/counter", "1", ta) == "");
  CHECK(a.end(ta) == "");
  auto woken = e.take_woken();
  CHECK(woken == std::vector<std::uint64_t>{b.conn().id()});
  e.process_input(b.conn());
  REQUIRE(b.reply_for(req).has_value());
  CHECK(b.write("/counter", "2", tb) == "");
  CHECK(b.end(tb) == "");  // no conflict: it read after ta committed
  CHECK(a.read("/counter") == "2");
}

TEST_CASE("transaction: waiting is bounded and never across domains") {
  Engine e;
  Client a(e, 0, true), b(e, 0, true);
  auto ta = a.start();
  a.read("/tool", ta);
  auto tb = b.start();
  auto req = b.send(wire::Type::Read, z("/tool"), tb);
  e.process_input(b.conn());
  CHECK_FALSE(b.reply_for(req).has_value());
  // ta never ends: past the deadline b goes ahead anyway.
  CHECK(e.take_woken(Engine::Clock::now()).empty());
  auto later = *e.next_wait_deadline() + std::chrono::milliseconds(1);
  CHECK(e.take_woken(later) == std::vector<std::uint64_t>{b.conn().id()});
  e.process_input(b.conn());
  CHECK(b.reply_for(req).has_value());

  CHECK(a.end(ta) == "");
  CHECK(b.end(tb) == "");

  // A guest's transaction never holds up dom0's.
  Client g(e, 5, false);
  auto tg = g.start();
  g.read("/tool", tg);  // EACCES, but the node is observed all the same
  auto tb2 = b.start();
  CHECK(b.read("/tool", tb2) == "");
  // Nor one of the same connection (that would wait for itself).
  auto tb3 = b.start();
  CHECK(b.read("/tool", tb3) == "");
}

TEST_CASE("watch: an event that would exceed the payload limit is not sent") {
  Engine e;
  Client dom0(e, 0, true);
  Client g(e, 5, false);
  dom0.mkdir("/local/domain/5");
  dom0.set_perms("/local/domain/5", {"n5"});
  std::string token(3500, 't');
  CHECK(g.watch("/local/domain/5", token) == "");
  g.take_events();
  std::string deep = "/local/domain/5/" + std::string(1200, 'd');
  CHECK(g.write(deep, "v") == "");
  CHECK(g.take_events().empty());  // 4700 bytes: clients would drop the connection
  CHECK(g.write("/local/domain/5/x", "v") == "");
  CHECK(g.take_events().size() == 1);
}
