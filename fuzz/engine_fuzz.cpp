// libFuzzer target: the whole request engine, driven over three connections.
//
//   conn 0: dom0, privileged (the toolstack)
//   conn 1: domain 5, unprivileged (a guest)
//   conn 2: domain 7, unprivileged (another guest)
//
// plus a privileged "checker" connection the fuzzer never writes to, which
// sets the store up and asks CONTROL check at the end. Domains 5 and 7 are
// INTRODUCEd through a fake DomainChannels that hands back connections 1 and
// 2, so RELEASE, SET_TARGET and the domain quotas are reachable.
//
// The input is a list of records; each starts with one control byte c:
//   c & 3 == 0..2   a frame for conn (c & 3) follows: a 16-byte header and
//                   `len` payload bytes (only the header if len > 4096, which
//                   kills the connection when processed). Then:
//                     bit 2: hold (do not process yet)
//                     bits 3-4: budget for process_input (0 = unlimited)
//                     bit 5: drain the connection's output first
//                     bit 6: deliver the header alone and process, then the rest
//   c & 3 == 3      an engine event, (c >> 2) & 7:
//                     0 drain all, 1/2/3 reconnect conn 1/2/0, 4 domain_shutdown(5),
//                     5 domain_gone(5), 6 domain_gone(7), 7 process all
//
// Checked after every input (fuzz_common.h has the per-frame checks):
//   * every output frame has len <= 4096 and a valid header; every request
//     gets exactly one reply, in order, echoing req_id and tx_id, typed as
//     the request or ERROR (with a known errno name); WATCH_EVENTs are
//     req_id 0 / tx_id 0 with a path\0token\0 payload;
//   * once everything is processed, the only unanswered requests are those
//     still sitting (complete) in a connection's input;
//   * CONTROL check on the checker connection answers "OK";
//   * the engine's watch count equals the watches the connections hold;
//   * if conn 0 (the only fuzzed privileged client) was sent nothing: nodes
//     the guests cannot write (/, /tool, /local, /local/domain, /committed,
//     /shared ...) keep their value, permissions and children, and the value
//     of /committed (readable only by dom0) never reaches a guest.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_common.h"
#include "xenstored/server/engine.h"

using namespace xenstored;
using fuzz::fail;
using fuzz::frame;

namespace {

constexpr std::string_view kSecret = "s3cr3t-committed-value";
constexpr DomId kGuestA = 5;
constexpr DomId kGuestB = 7;
constexpr std::size_t kMaxExtraConns = 8;

struct Client {
  std::uint64_t id = 0;  // 0: not connected
  DomId domid = 0;
  bool privileged = false;
  fuzz::ReplyChecker checker;
  bool attached = false;  // handed out by FakeChannels::attach
};

struct Harness;

class FakeChannels final : public DomainChannels {
 public:
  explicit FakeChannels(Harness& h) : h_(h) {}
  std::expected<Connection*, int> attach(DomId domid, std::uint64_t, std::uint32_t) override;
  void detach(DomId, Connection*) override {}

 private:
  Harness& h_;
};

struct Harness {
  EngineConfig cfg = [] {
    EngineConfig c;
    // Small limits so the fuzzer reaches them.
    c.quotas[QuotaKind::Nodes] = 64;
    c.quotas[QuotaKind::Watches] = 8;
    c.quotas[QuotaKind::Transactions] = 4;
    c.quotas[QuotaKind::Outstanding] = 8;
    c.quotas[QuotaKind::TransactionNodes] = 64;
    c.quotas[QuotaKind::Memory] = 32 * 1024;
    c.max_unprivileged_output = 8 * 1024;
    return c;
  }();
  Engine engine{cfg};
  FakeChannels channels{*this};
  Client clients[3];
  std::vector<Client> extras;  // guest connections made by INTRODUCE of other domains
  Client check;                // privileged, never fuzzed
  bool dom0_fuzzed = false;
  bool secret_in_input = false;

  Harness() {
    engine.set_domain_channels(&channels);
    clients[0].domid = 0;
    clients[0].privileged = true;
    clients[1].domid = kGuestA;
    clients[2].domid = kGuestB;
    check.domid = 0;
    check.privileged = true;
    check.id = engine.connect(0, true).id();
    for (auto& c : clients) c.id = engine.connect(c.domid, c.privileged).id();
  }

  Connection* conn(Client& c) { return c.id ? engine.connection(c.id) : nullptr; }

  std::string_view forbidden_for(const Client& c) const {
    // Once dom0 has been fuzzed it may have shared /committed legitimately.
    return c.privileged || secret_in_input || dom0_fuzzed ? std::string_view() : kSecret;
  }

  void drain(Client& c) {
    if (Connection* k = conn(c)) c.checker.drain(*k, forbidden_for(c));
  }
  void drain_all() {
    drain(check);
    for (auto& c : clients) drain(c);
    for (auto& c : extras) drain(c);
  }

  void forget(Client& c) {
    c.id = 0;
    c.attached = false;
    c.checker = {};
  }
  void close(Client& c) {
    if (Connection* k = conn(c)) {
      c.checker.drain(*k, forbidden_for(c));
      engine.disconnect(*k);
    }
    forget(c);
  }
  // Notice connections the engine closed (RELEASE) or wants closed.
  void reap(Client& c) {
    if (!c.id) return;
    Connection* k = conn(c);
    if (!k) return forget(c);
    if (k->closing()) close(c);
  }
  void reap_all() {
    for (auto& c : clients) reap(c);
    for (auto& c : extras) reap(c);
  }

  Connection& ensure(Client& c) {
    if (Connection* k = conn(c)) return *k;
    Connection& k = engine.connect(c.domid, c.privileged);
    c.id = k.id();
    c.checker = {};
    return k;
  }

  // Processes c's input like the event loop does; false if it got closed.
  bool process(Client& c, std::size_t budget) {
    Connection* k = conn(c);
    if (!k) return false;
    bool ok = engine.process_input(*k, budget);
    if (!ok) {
      // Replies to the frames before the bad header still count.
      if (conn(c)) close(c);
      else forget(c);
    }
    reap_all();
    return ok;
  }

  // Sends one complete, well-formed frame from the checker and returns the reply payload.
  std::string ask(wire::Type type, std::string_view payload) {
    Connection& k = *conn(check);
    auto f = frame(type, 0x7e57, 0, payload);
    check.checker.sent(fuzz::header_at(f, 0));
    k.input().append(f);
    if (!engine.process_input(k)) fail("checker connection closed");
    reap_all();
    drain_all();
    return check.checker.last_reply;
  }

  void setup() {
    auto want_ok = [&](wire::Type t, std::string_view p) {
      auto r = ask(t, p);
      if (r != std::string_view("OK", 3)) fail("setup request failed", r);
    };
    using fuzz::args;
    want_ok(wire::Type::Write, args({"/committed"}) + std::string(kSecret));
    want_ok(wire::Type::Write, args({"/shared"}) + "shared-value");
    want_ok(wire::Type::SetPerms, args({"/shared", "n0", "r5", "r7"}));
    want_ok(wire::Type::Mkdir, args({"/local/domain/5"}));
    want_ok(wire::Type::SetPerms, args({"/local/domain/5", "n5"}));
    want_ok(wire::Type::Mkdir, args({"/local/domain/7"}));
    want_ok(wire::Type::SetPerms, args({"/local/domain/7", "n7", "r5"}));
    want_ok(wire::Type::Introduce, args({"5", "1234", "5"}));
    want_ok(wire::Type::Introduce, args({"7", "5678", "7"}));
  }

  // A node guests cannot touch, as it was after setup.
  struct Snapshot {
    std::string path;
    std::string value;
    PermList perms;
    std::vector<std::string> children;
  };
  std::vector<Snapshot> protected_nodes;

  Snapshot snap(const std::string& p) {
    Tree& t = engine.tree();
    Snapshot s{p, {}, {}, {}};
    Tree::Id id = t.lookup(p);
    if (id == Tree::kNone) {
      s.value = "<absent>";
      return s;
    }
    s.value.assign(t.value(id));
    s.perms = t.perms(id);
    for (Tree::Id c = t.first_child(id); c != Tree::kNone; c = t.next_sibling(c))
      s.children.emplace_back(t.name(c));
    return s;
  }
  void take_snapshots() {
    for (const char* p : {"/", "/tool", "/tool/xenstored", "/local", "/local/domain", "/committed",
                          "/shared"})
      protected_nodes.push_back(snap(p));
  }
  void compare_snapshots() {
    for (const auto& before : protected_nodes) {
      Snapshot now = snap(before.path);
      if (now.value != before.value) fail("guest changed a protected node's value", before.path);
      if (now.perms != before.perms) fail("guest changed a protected node's perms", before.path);
      if (now.children != before.children)
        fail("guest changed a protected node's children", before.path);
    }
  }

  void feed(Client& c, std::string f, std::uint8_t ctl, bool complete) {
    if (c.privileged) dom0_fuzzed = true;
    Connection* k = &ensure(c);
    if (ctl & 0x20) drain(c);
    bool oversize = false;
    std::size_t whole = 0;
    if (complete) {
      whole = fuzz::defang_stream(f, &oversize);  // 1 frame, or 0 if oversize
      if (whole) c.checker.sent(fuzz::header_at(f, 0));
    }
    std::size_t budget = (ctl >> 3) & 3;
    if (!budget) budget = SIZE_MAX;
    if ((ctl & 0x40) && f.size() > wire::kHeaderSize) {
      k->input().append(f, 0, wire::kHeaderSize);
      if (!process(c, budget)) return;
      if (!(k = conn(c))) return;
      k->input().append(f, wire::kHeaderSize);
    } else {
      k->input().append(f);
    }
    if (!(ctl & 0x04)) process(c, budget);
  }

  void event(unsigned op) {
    switch (op) {
      case 0: drain_all(); break;
      case 1: close(clients[1]); ensure(clients[1]); break;
      case 2: close(clients[2]); ensure(clients[2]); break;
      case 3: close(clients[0]); ensure(clients[0]); break;
      case 4: engine.domain_shutdown(kGuestA); break;
      case 5: engine.domain_gone(kGuestA); break;
      case 6: engine.domain_gone(kGuestB); break;
      case 7:
        for (auto& c : clients) process(c, SIZE_MAX);
        break;
    }
    reap_all();
  }

  // Runs every connection until no request can make progress.
  void settle() {
    for (int round = 0; round < 1000; ++round) {
      bool progress = false;
      drain_all();
      for (auto* group : {&clients[0], &clients[1], &clients[2]}) {
        Connection* k = conn(*group);
        if (!k) continue;
        std::size_t before = k->input().size();
        if (!process(*group, SIZE_MAX)) {
          progress = true;
          continue;
        }
        if ((k = conn(*group)) && k->input().size() != before) progress = true;
      }
      if (!progress) break;
    }
    drain_all();
    for (auto& c : clients) {
      Connection* k = conn(c);
      if (!k) continue;
      std::size_t waiting = fuzz::complete_frames(k->input());
      if (c.checker.outstanding.size() != waiting)
        fail("requests were lost: outstanding != complete frames left in input",
             std::to_string(c.checker.outstanding.size()) + " vs " + std::to_string(waiting));
    }
  }

  void final_checks() {
    auto r = ask(wire::Type::Control, fuzz::args({"check"}));
    if (r != std::string_view("OK", 3)) fail("CONTROL check found problems", r);

    std::size_t watches = 0;
    for (auto* c : {&check, &clients[0], &clients[1], &clients[2]})
      if (Connection* k = conn(*c)) watches += k->watches().size();
    for (auto& c : extras)
      if (Connection* k = conn(c)) watches += k->watches().size();
    if (watches != engine.watch_count()) fail("watch registry disagrees with the connections");

    if (!dom0_fuzzed) compare_snapshots();
  }
};

std::expected<Connection*, int> FakeChannels::attach(DomId domid, std::uint64_t, std::uint32_t) {
  for (auto& c : h_.clients) {
    if (c.privileged || c.domid != domid || c.attached) continue;
    c.attached = true;
    return &h_.ensure(c);
  }
  // Forget extras the engine has closed, then add one (bounded).
  std::erase_if(h_.extras, [&](Client& c) { return !h_.conn(c); });
  if (h_.extras.size() >= kMaxExtraConns) return std::unexpected(ENOMEM);
  Client& c = h_.extras.emplace_back();
  c.domid = domid;
  c.attached = true;
  c.id = h_.engine.connect(domid, false).id();
  return h_.engine.connection(c.id);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Harness h;
  h.secret_in_input =
      std::string_view(reinterpret_cast<const char*>(data), size).find(kSecret) !=
      std::string_view::npos;
  h.setup();
  h.take_snapshots();

  std::size_t i = 0;
  while (i < size) {
    std::uint8_t ctl = data[i++];
    if ((ctl & 3) == 3) {
      h.event((ctl >> 2) & 7);
      continue;
    }
    Client& c = h.clients[ctl & 3];
    std::size_t left = size - i;
    if (left < wire::kHeaderSize) {  // a truncated header: it just sits in the input
      h.feed(c, std::string(reinterpret_cast<const char*>(data + i), left), ctl, false);
      break;
    }
    wire::Header hd;
    std::memcpy(&hd, data + i, sizeof hd);
    std::size_t n = wire::kHeaderSize;
    bool complete = true;
    if (hd.len <= wire::kPayloadMax) {
      if (left - wire::kHeaderSize >= hd.len) {
        n += hd.len;
      } else {
        n = left;  // the input ends inside the payload
        complete = false;
      }
    }
    h.feed(c, std::string(reinterpret_cast<const char*>(data + i), n), ctl, complete);
    i += n;
  }

  h.settle();
  h.final_checks();
  return 0;
}
