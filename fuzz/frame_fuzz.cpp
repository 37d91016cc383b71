// libFuzzer target: framing. Arbitrary bytes go into one privileged dom0
// connection's input, in chunks, with process_input called after each.
//
// Input: byte 0 = chunk size (0: everything at once), byte 1 = budget per
// process_input call (0: unlimited), then the byte stream.
//
// Checked on every call:
//   * process_input returns false exactly when, walking the frames it was
//     allowed to handle (budget), it met a header announcing len > 4096;
//   * it consumed exactly the complete frames before that point (the input
//     keeps the unparsed tail byte for byte);
//   * every consumed frame got one reply, in order, echoing req_id/tx_id,
//     typed as the request or ERROR, and every output frame is well formed;
// and at the end CONTROL check (on a second connection) answers "OK".
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_common.h"
#include "xenstored/server/engine.h"

using namespace xenstored;
using fuzz::fail;

namespace {

struct Expect {
  bool ok;
  std::size_t consumed_bytes;
  std::size_t frames;
};

// What process_input(c, budget) must do with `in` on a privileged connection.
Expect predict(std::string_view in, std::size_t budget) {
  Expect e{true, 0, 0};
  while (budget > 0 && in.size() - e.consumed_bytes >= wire::kHeaderSize) {
    auto h = fuzz::header_at(in, e.consumed_bytes);
    if (h.len > wire::kPayloadMax) {
      e.ok = false;
      break;
    }
    if (in.size() - e.consumed_bytes - wire::kHeaderSize < h.len) break;
    e.consumed_bytes += wire::kHeaderSize + h.len;
    ++e.frames;
    --budget;
  }
  return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  std::size_t chunk = data[0] ? data[0] : size;
  std::size_t budget = data[1] ? data[1] : SIZE_MAX;
  std::string stream(reinterpret_cast<const char*>(data + 2), size - 2);
  fuzz::defang_stream(stream);

  Engine engine;
  Connection& c = engine.connect(0, true);
  fuzz::ReplyChecker replies;

  auto step = [&]() -> bool {
    std::string before = c.input();
    Expect e = predict(before, budget);
    for (std::size_t off = 0, i = 0; i < e.frames; ++i) {
      auto h = fuzz::header_at(before, off);
      replies.sent(h);
      off += wire::kHeaderSize + h.len;
    }
    bool ok = engine.process_input(c, budget);
    if (ok != e.ok)
      fail(ok ? "process_input accepted an oversize frame"
              : "process_input refused input with no oversize header");
    if (c.input() != std::string_view(before).substr(e.consumed_bytes))
      fail("process_input did not consume exactly the complete frames");
    replies.drain(c);
    if (!replies.outstanding.empty()) fail("a consumed request got no reply");
    return ok;
  };

  bool alive = true;
  for (std::size_t off = 0; alive && off < stream.size(); off += chunk) {
    c.input().append(stream, off, chunk);
    alive = step();
  }
  // Whatever the budget left behind.
  while (alive && fuzz::complete_frames(c.input()) > 0) alive = step();
  if (alive && predict(c.input(), SIZE_MAX).ok == false) alive = step();

  Connection& admin = engine.connect(0, true);
  std::string req = fuzz::frame(wire::Type::Control, 1, 0, fuzz::args({"check"}));
  fuzz::ReplyChecker check;
  check.sent(fuzz::header_at(req, 0));
  admin.input() = req;
  if (!engine.process_input(admin)) fail("CONTROL check frame refused");
  check.drain(admin);
  if (check.last_reply != std::string_view("OK", 3))
    fail("CONTROL check found problems", check.last_reply);
  return 0;
}
