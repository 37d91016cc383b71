// The event loop serving a ring connection, as it does for a guest: no fd,
// driven by kicks (the event channel), requests and replies larger than the
// 1 KiB rings crossing in pieces.
#include <doctest/doctest.h>

#include <cstring>
#include <memory>
#include <string>

#include "xenstored/protocol/wire.h"
#include "xenstored/server/engine.h"
#include "xenstored/server/event_loop.h"
#include "xenstored/xen/ring_transport.h"

using namespace xenstored;

namespace {

struct Guest {
  std::shared_ptr<xenstore_domain_interface> page = std::make_shared<xenstore_domain_interface>();
  std::string unsent;
  std::string received;

  void queue(wire::Type t, std::string payload) {
    wire::Header h{std::uint32_t(t), 7, 0, std::uint32_t(payload.size())};
    unsent.append(reinterpret_cast<const char*>(&h), sizeof h);
    unsent += payload;
  }
  // Moves what fits into the request ring, takes what the response ring has.
  void pump() {
    std::size_t n = 0;
    while (n < unsent.size() && page->req_prod - page->req_cons < XENSTORE_RING_SIZE)
      page->req[MASK_XENSTORE_IDX(page->req_prod++)] = unsent[n++];
    unsent.erase(0, n);
    while (page->rsp_cons != page->rsp_prod) received.push_back(page->rsp[MASK_XENSTORE_IDX(page->rsp_cons++)]);
  }
  // The first whole reply received: its type and payload.
  bool reply(wire::Type& t, std::string& payload) {
    if (received.size() < sizeof(wire::Header)) return false;
    wire::Header h;
    std::memcpy(&h, received.data(), sizeof h);
    if (received.size() < sizeof h + h.len) return false;
    t = wire::Type(h.type);
    payload = received.substr(sizeof h, h.len);
    received.erase(0, sizeof h + h.len);
    return true;
  }
};

// Pumps and kicks until a reply is there (as the guest and the event channel would).
bool exchange(EventLoop& loop, std::uint64_t id, Guest& g, wire::Type& t, std::string& payload) {
  for (int i = 0; i < 64; ++i) {
    g.pump();
    loop.kick(id);
    loop.run_once(0);
    g.pump();
    if (g.reply(t, payload)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("ring connection: big requests and replies cross the 1 KiB rings in pieces") {
  Engine engine;
  EventLoop loop(engine);
  Guest g;
  Connection& c = loop.add_connection(std::make_unique<RingTransport>(g.page, [] {}), 0, true);
  const std::uint64_t id = c.id();

  std::string value(3000, 'v');
  for (std::size_t i = 0; i < value.size(); ++i) value[i] = char('a' + i % 23);
  g.queue(wire::Type::Write, std::string("/big") + '\0' + value);
  wire::Type t;
  std::string payload;
  REQUIRE(exchange(loop, id, g, t, payload));
  CHECK(t == wire::Type::Write);
  CHECK(payload == std::string("OK") + '\0');

  g.queue(wire::Type::Read, std::string("/big") + '\0');
  REQUIRE(exchange(loop, id, g, t, payload));
  CHECK(t == wire::Type::Read);
  CHECK(payload == value);
}

TEST_CASE("ring connection: several requests in one fill are all answered, in order") {
  Engine engine;
  EventLoop loop(engine);
  Guest g;
  Connection& c = loop.add_connection(std::make_unique<RingTransport>(g.page, [] {}), 0, true);
  for (int i = 0; i < 20; ++i)
    g.queue(wire::Type::Write, "/n" + std::to_string(i) + '\0' + std::to_string(i * i));
  g.queue(wire::Type::Read, std::string("/n19") + '\0');
  int writes = 0;
  wire::Type t;
  std::string payload;
  while (exchange(loop, c.id(), g, t, payload) && t == wire::Type::Write) ++writes;
  CHECK(writes == 20);
  CHECK(t == wire::Type::Read);
  CHECK(payload == "361");
}

TEST_CASE("ring connection: corrupt indices close it") {
  Engine engine;
  EventLoop loop(engine);
  Guest g;
  Connection& c = loop.add_connection(std::make_unique<RingTransport>(g.page, [] {}), 5, false);
  const std::uint64_t id = c.id();
  g.page->req_prod = 0x10000;
  loop.kick(id);
  CHECK(engine.connection(id) == nullptr);
  CHECK(g.page->error == XENSTORE_ERROR_RINGIDX);
}
