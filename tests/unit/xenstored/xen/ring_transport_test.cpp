// The shared-ring transport against a page in ordinary memory playing the
// peer's part: wrap-around, partial messages, full rings, corrupt indices
// from a malicious guest, and the reconnect handshake.
#include "xenstored/xen/ring_transport.h"

#include <doctest/doctest.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>

using xenstored::RingTransport;

namespace {

struct Peer {
  std::shared_ptr<xenstore_domain_interface> page = std::make_shared<xenstore_domain_interface>();
  int notifications = 0;
  RingTransport ring{page, [this] { ++notifications; }};

  // The guest writes a request into its ring.
  std::size_t send(const std::string& s) {
    std::size_t n = 0;
    while (n < s.size() && page->req_prod - page->req_cons < XENSTORE_RING_SIZE) {
      page->req[MASK_XENSTORE_IDX(page->req_prod)] = s[n++];
      ++page->req_prod;
    }
    return n;
  }
  // The guest takes everything from the response ring.
  std::string receive() {
    std::string out;
    while (page->rsp_cons != page->rsp_prod) out.push_back(page->rsp[MASK_XENSTORE_IDX(page->rsp_cons++)]);
    return out;
  }
  std::string read_all() {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ring.read(buf, sizeof buf)) > 0) out.append(buf, std::size_t(n));
    return out;
  }
};

}  // namespace

TEST_CASE("ring: the page advertises reconnection and error reporting") {
  Peer p;
  CHECK(p.page->server_features ==
        (XENSTORE_SERVER_FEATURE_RECONNECTION | XENSTORE_SERVER_FEATURE_ERROR));
}

TEST_CASE("ring: an empty ring reads EAGAIN and does not notify") {
  Peer p;
  char buf[16];
  errno = 0;
  CHECK(p.ring.read(buf, sizeof buf) == -1);
  CHECK(errno == EAGAIN);
  CHECK(p.notifications == 0);
}

TEST_CASE("ring: requests come through whole and across the wrap") {
  Peer p;
  // Start near the index wrap-around of both the ring and the 32-bit counter.
  p.page->req_cons = p.page->req_prod = 0xfffffff0u;
  std::string msg(700, 'a');
  for (std::size_t i = 0; i < msg.size(); ++i) msg[i] = char('a' + i % 26);
  REQUIRE(p.send(msg) == msg.size());
  CHECK(p.read_all() == msg);
  CHECK(p.page->req_cons == p.page->req_prod);
  CHECK(p.notifications >= 1);
  // A message bigger than the ring arrives in pieces as the guest refills it.
  std::string big(3000, 'x');
  std::string got;
  std::size_t sent = 0;
  while (got.size() < big.size()) {
    sent += p.send(big.substr(sent));
    got += p.read_all();
  }
  CHECK(got == big);
}

TEST_CASE("ring: a read takes only what fits in the caller's buffer") {
  Peer p;
  p.send("hello world");
  char buf[5];
  CHECK(p.ring.read(buf, sizeof buf) == 5);
  CHECK(std::string(buf, 5) == "hello");
  CHECK(p.read_all() == " world");
}

TEST_CASE("ring: replies fill the response ring, then EAGAIN until the guest reads") {
  Peer p;
  p.page->rsp_cons = p.page->rsp_prod = 1000;  // wraps inside the page
  std::string reply(1500, 'r');
  ssize_t n = p.ring.write(reply.data(), reply.size());
  CHECK(n == XENSTORE_RING_SIZE);
  errno = 0;
  CHECK(p.ring.write(reply.data() + n, reply.size() - std::size_t(n)) == -1);
  CHECK(errno == EAGAIN);
  std::string got = p.receive();
  CHECK(p.ring.write(reply.data() + n, reply.size() - std::size_t(n)) == ssize_t(reply.size()) - n);
  got += p.receive();
  CHECK(got == reply);
}

TEST_CASE("ring: corrupt indices from the guest fail the connection and say why") {
  Peer p;
  p.page->req_cons = 0;
  p.page->req_prod = XENSTORE_RING_SIZE + 1;  // claims more than the ring holds
  char buf[64];
  errno = 0;
  CHECK(p.ring.read(buf, sizeof buf) == -1);
  CHECK(errno == EPROTO);
  CHECK(p.page->error == XENSTORE_ERROR_RINGIDX);

  Peer q;
  q.page->rsp_cons = 5000;  // the guest "consumed" replies we never wrote
  q.page->rsp_prod = 0;
  errno = 0;
  CHECK(q.ring.write("x", 1) == -1);
  CHECK(errno == EPROTO);
  CHECK(q.page->error == XENSTORE_ERROR_RINGIDX);
}

TEST_CASE("ring: reconnect empties both rings and reports connected") {
  Peer p;
  p.send("half a request");
  p.ring.write("stale", 5);
  CHECK_FALSE(p.ring.reconnect_requested());
  p.page->connection = XENSTORE_RECONNECT;
  CHECK(p.ring.reconnect_requested());
  p.ring.reset();
  CHECK(p.page->connection == XENSTORE_CONNECTED);
  CHECK(p.page->req_cons == 0);
  CHECK(p.page->req_prod == 0);
  CHECK(p.page->rsp_cons == 0);
  CHECK(p.page->rsp_prod == 0);
  CHECK(p.page->error == XENSTORE_ERROR_NONE);
  char buf[8];
  CHECK(p.ring.read(buf, sizeof buf) == -1);
}
