#include <doctest/doctest.h>

#include "../test_client.h"

using namespace xenstored;
using namespace xenstored::testing;

TEST_CASE("frames: a payload over 4096 bytes breaks the connection, others go on") {
  Engine e;
  Client good(e, 0, true);
  good.write("/kept", "yes");
  Connection& bad = e.connect(0, true);
  wire::Header h{std::uint32_t(wire::Type::Read), 1, 0, 4097};
  bad.input().assign(reinterpret_cast<char*>(&h), sizeof h);
  CHECK_FALSE(e.process_input(bad));
  e.disconnect(bad);
  CHECK(good.read("/kept") == "yes");
}

TEST_CASE("frames: partial frames wait for the rest; pipelined ones are answered in order") {
  Engine e;
  Connection& c = e.connect(0, true);
  std::string all;
  for (std::uint32_t i = 1; i <= 50; ++i) all += frame(wire::Type::Read, z("/tool"), 0, i);
  // Deliver it in awkward pieces.
  for (std::size_t i = 0; i < all.size(); i += 7) {
    c.input().append(all, i, 7);
    CHECK(e.process_input(c));
  }
  Client cl(e, c);
  cl.drain();
  std::uint32_t expect = 1;
  std::string& out = c.output();
  std::size_t off = c.output_sent();
  while (off < out.size()) {
    wire::Header r;
    std::memcpy(&r, out.data() + off, sizeof r);
    CHECK(r.req_id == expect++);
    off += sizeof r + r.len;
  }
}

TEST_CASE("frames: replies carry the request's ids and the error names of xs_wire.h") {
  Engine e;
  Client c(e, 0, true);
  Connection& conn = c.conn();
  conn.input() = frame(wire::Type::Read, z("/missing"), 0, 77);
  e.process_input(conn);
  wire::Header h;
  std::memcpy(&h, conn.output().data(), sizeof h);
  CHECK(h.type == std::uint32_t(wire::Type::Error));
  CHECK(h.req_id == 77);
  CHECK(conn.output().substr(sizeof h) == z("ENOENT"));
}

TEST_CASE("frames: an unprivileged connection with 20 unread replies is not served more") {
  Engine e;
  Connection& g = e.connect(5, false);
  for (std::uint32_t i = 0; i < 30; ++i) g.input() += frame(wire::Type::Read, z("/tool"), 0, i);
  e.process_input(g);
  CHECK(g.queued_messages() == 20);
  CHECK(g.input().size() == 10 * (sizeof(wire::Header) + 6));
  g.consume_output(g.pending_output());  // the guest reads its replies
  e.process_input(g);
  CHECK(g.input().empty());
}
