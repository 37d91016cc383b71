// Internal to the engine: one request being handled, with its arguments.
#pragma once

#include <charconv>
#include <string_view>
#include <vector>

#include "xenstored/server/engine.h"

namespace xenstored {

struct Engine::Request {
  Connection& conn;
  const wire::Header& header;
  std::string_view payload;
  NodeStore* store = nullptr;        // live store or the request's transaction
  Transaction* transaction = nullptr;

  void reply(std::string_view payload_out) {
    conn.send(wire::Type(header.type), header.req_id, header.tx_id, payload_out);
  }
  void reply_string(std::string_view s) {  // s followed by its NUL
    std::string out(s);
    out.push_back('\0');
    reply(out);
  }
  void ok() { reply(std::string_view("OK", 3)); }
  void error(int err) { conn.send_error(header.req_id, header.tx_id, err); }
};

// The payload as NUL-terminated strings. False unless the payload is exactly
// such strings (an unterminated tail is malformed).
inline bool split_args(std::string_view payload, std::vector<std::string_view>& out) {
  out.clear();
  std::size_t i = 0;
  while (i < payload.size()) {
    std::size_t z = payload.find('\0', i);
    if (z == std::string_view::npos) return false;
    out.push_back(payload.substr(i, z - i));
    i = z + 1;
  }
  return true;
}

// Exactly one NUL-terminated string.
inline bool one_arg(std::string_view payload, std::string_view& out) {
  if (payload.empty() || payload.back() != '\0') return false;
  out = payload.substr(0, payload.size() - 1);
  return out.find('\0') == std::string_view::npos;
}

template <class T>
bool parse_number(std::string_view s, T& out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

inline constexpr DomId kDomidFirstReserved = 0x7FF0;

}  // namespace xenstored
