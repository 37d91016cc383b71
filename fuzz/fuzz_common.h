// Helpers shared by the libFuzzer targets: building frames, keeping the
// fuzzer away from the CONTROL commands that touch the file system, and
// checking what the engine wrote to a connection's output.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>

#include "invariant.h"
#include "xenstored/protocol/wire.h"
#include "xenstored/server/connection.h"

namespace fuzz {

namespace wire = xenstored::wire;


inline std::string frame(wire::Type type, std::uint32_t req_id, std::uint32_t tx_id,
                         std::string_view payload) {
  wire::Header h{static_cast<std::uint32_t>(type), req_id, tx_id,
                 static_cast<std::uint32_t>(payload.size())};
  std::string out(reinterpret_cast<const char*>(&h), sizeof h);
  out.append(payload);
  return out;
}

// Strings each followed by its NUL, as most requests carry their arguments.
inline std::string args(std::initializer_list<std::string_view> a) {
  std::string out;
  for (auto s : a) {
    out.append(s);
    out.push_back('\0');
  }
  return out;
}

inline wire::Header header_at(std::string_view bytes, std::size_t off) {
  wire::Header h;
  std::memcpy(&h, bytes.data() + off, sizeof h);
  return h;
}

// CONTROL logfile/memreport <file> open files named by the request; a fuzzer
// must not scribble over the file system, so turn them into an unknown
// command (EINVAL) in place. The frame keeps its size and framing.
inline void defang(const wire::Header& h, char* payload) {
  if (h.type != static_cast<std::uint32_t>(wire::Type::Control)) return;
  std::string_view p(payload, h.len);
  auto z = p.find('\0');
  std::string_view cmd = p.substr(0, z);
  bool rest = z != std::string_view::npos && z + 1 < p.size();
  if (cmd == "logfile" || (cmd == "memreport" && rest)) payload[0] = 'X';
}

// Walks a byte stream the way Engine::process_input frames it and defangs
// every complete frame. Returns the number of complete frames; *oversize is
// set if the walk stopped at a header announcing more than kPayloadMax.
inline std::size_t defang_stream(std::string& bytes, bool* oversize = nullptr) {
  std::size_t off = 0, n = 0;
  if (oversize) *oversize = false;
  while (bytes.size() - off >= wire::kHeaderSize) {
    auto h = header_at(bytes, off);
    if (h.len > wire::kPayloadMax) {
      if (oversize) *oversize = true;
      break;
    }
    if (bytes.size() - off - wire::kHeaderSize < h.len) break;
    defang(h, bytes.data() + off + wire::kHeaderSize);
    off += wire::kHeaderSize + h.len;
    ++n;
  }
  return n;
}

// Number of complete frames at the start of `bytes` (stopping at an oversize header).
inline std::size_t complete_frames(std::string_view bytes) {
  std::size_t off = 0, n = 0;
  while (bytes.size() - off >= wire::kHeaderSize) {
    auto h = header_at(bytes, off);
    if (h.len > wire::kPayloadMax || bytes.size() - off - wire::kHeaderSize < h.len) break;
    off += wire::kHeaderSize + h.len;
    ++n;
  }
  return n;
}

inline bool known_error(std::string_view payload) {
  if (payload.empty() || payload.back() != '\0') return false;
  auto name = payload.substr(0, payload.size() - 1);
  return wire::error_from_name(name).has_value();
}

inline bool two_strings(std::string_view p) {
  if (p.empty() || p.back() != '\0') return false;
  auto z = p.find('\0');
  return z + 1 < p.size() && p.find('\0', z + 1) == p.size() - 1;
}

// What a client sees on one connection: it remembers the requests it sent
// and checks every frame the engine wrote back.
struct ReplyChecker {
  std::deque<wire::Header> outstanding;  // requests sent, not yet answered, in order
  std::size_t replies = 0;
  std::size_t events = 0;
  std::string last_reply;  // payload of the most recent reply

  void sent(const wire::Header& h) { outstanding.push_back(h); }

  // Parses and consumes everything pending in c's output.
  void drain(xenstored::Connection& c, std::string_view forbidden = {}) {
    std::string_view out(c.output());
    out.remove_prefix(c.output_sent());
    std::size_t off = 0;
    while (off < out.size()) {
      if (out.size() - off < wire::kHeaderSize) fail("output ends inside a header");
      auto h = header_at(out, off);
      if (h.len > wire::kPayloadMax)
        fail("output frame longer than XENSTORE_PAYLOAD_MAX",
             std::string(wire::type_name(wire::Type(h.type))) + " len " + std::to_string(h.len));
      if (out.size() - off - wire::kHeaderSize < h.len) fail("output ends inside a payload");
      std::string_view payload = out.substr(off + wire::kHeaderSize, h.len);
      if (!forbidden.empty() && payload.find(forbidden) != std::string_view::npos)
        fail("protected value leaked to an unprivileged connection", payload);
      check(h, payload);
      off += wire::kHeaderSize + h.len;
    }
    c.consume_output(c.output().size() - c.output_sent());
  }

  void check(const wire::Header& h, std::string_view payload) {
    if (h.type == static_cast<std::uint32_t>(wire::Type::WatchEvent)) {
      ++events;
      if (h.req_id != 0 || h.tx_id != 0) fail("watch event with a req_id or tx_id");
      if (!two_strings(payload)) fail("watch event payload is not path\\0token\\0", payload);
      return;
    }
    ++replies;
    if (outstanding.empty()) fail("reply with no request outstanding", payload);
    wire::Header req = outstanding.front();
    outstanding.pop_front();
    if (h.req_id != req.req_id || h.tx_id != req.tx_id)
      fail("reply does not echo the request's req_id/tx_id");
    if (h.type == static_cast<std::uint32_t>(wire::Type::Error)) {
      if (!known_error(payload)) fail("ERROR payload is not a known errno name", payload);
    } else if (h.type != req.type) {
      fail("reply type differs from the request's");
    }
    last_reply.assign(payload);
  }
};

}  // namespace fuzz
