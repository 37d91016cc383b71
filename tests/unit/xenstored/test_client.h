// Drives an Engine the way a client on a connection would: frames in, frames out.
#pragma once

#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xenstored/server/engine.h"

namespace xenstored::testing {

struct Reply {
  wire::Type type;
  std::uint32_t req_id;
  std::uint32_t tx_id;
  std::string payload;

  bool is_error() const { return type == wire::Type::Error; }
  // The error name ("ENOENT"), or "" for a success.
  std::string error() const {
    return is_error() ? std::string(payload.c_str()) : std::string();
  }
  std::string str() const { return payload; }
};

inline std::string frame(wire::Type t, std::string_view payload, std::uint32_t tx = 0,
                         std::uint32_t req = 0) {
  wire::Header h{std::uint32_t(t), req, tx, std::uint32_t(payload.size())};
  std::string out(sizeof h, '\0');
  std::memcpy(out.data(), &h, sizeof h);
  out.append(payload);
  return out;
}

inline std::string z(std::string_view s) {  // s plus its NUL
  std::string out(s);
  out.push_back('\0');
  return out;
}

class Client {
 public:
  Client(Engine& e, DomId domid, bool privileged)
      : engine_(e), conn_(&e.connect(domid, privileged)) {}
  explicit Client(Engine& e, Connection& c) : engine_(e), conn_(&c) {}

  Connection& conn() { return *conn_; }

  Reply request(wire::Type t, std::string_view payload, std::uint32_t tx = 0) {
    auto req = send(t, payload, tx);
    engine_.process_input(*conn_);
    return reply_for(req).value_or(Reply{wire::Type::Error, 0, 0, "NO REPLY"});
  }

  // Queues a request without running the engine; returns its req_id.
  std::uint32_t send(wire::Type t, std::string_view payload, std::uint32_t tx = 0) {
    auto req = ++req_id_;
    conn_->input() += frame(t, payload, tx, req);
    return req;
  }

  std::optional<Reply> reply_for(std::uint32_t req) {
    drain();
    for (auto it = replies_.begin(); it != replies_.end(); ++it) {
      if (it->req_id == req) {
        Reply r = *it;
        replies_.erase(it);
        return r;
      }
    }
    return std::nullopt;
  }

  // Parses everything the engine queued for this connection.
  void drain() {
    std::string& out = conn_->output();
    std::size_t off = conn_->output_sent();
    while (out.size() - off >= sizeof(wire::Header)) {
      wire::Header h;
      std::memcpy(&h, out.data() + off, sizeof h);
      Reply r{wire::Type(h.type), h.req_id, h.tx_id, out.substr(off + sizeof h, h.len)};
      off += sizeof h + h.len;
      if (r.type == wire::Type::WatchEvent) {
        auto nul = r.payload.find('\0');
        events_.push_back({r.payload.substr(0, nul),
                           r.payload.substr(nul + 1, r.payload.size() - nul - 2)});
      } else {
        replies_.push_back(std::move(r));
      }
    }
    conn_->consume_output(off - conn_->output_sent());
  }

  // Convenience wrappers returning "" on success or the error name.
  std::string write(std::string_view path, std::string_view value, std::uint32_t tx = 0) {
    std::string p = z(path);
    p.append(value);
    return request(wire::Type::Write, p, tx).error();
  }
  std::string read(std::string_view path, std::uint32_t tx = 0) {
    auto r = request(wire::Type::Read, z(path), tx);
    return r.is_error() ? "!" + r.error() : r.payload;
  }
  std::string mkdir(std::string_view path, std::uint32_t tx = 0) {
    return request(wire::Type::Mkdir, z(path), tx).error();
  }
  std::string rm(std::string_view path, std::uint32_t tx = 0) {
    return request(wire::Type::Rm, z(path), tx).error();
  }
  std::vector<std::string> dir(std::string_view path, std::uint32_t tx = 0) {
    auto r = request(wire::Type::Directory, z(path), tx);
    if (r.is_error()) return {"!" + r.error()};
    std::vector<std::string> out;
    for (std::size_t i = 0; i < r.payload.size();) {
      auto e = r.payload.find('\0', i);
      out.push_back(r.payload.substr(i, e - i));
      i = e + 1;
    }
    return out;
  }
  std::string set_perms(std::string_view path, std::vector<std::string> perms, std::uint32_t tx = 0) {
    std::string p = z(path);
    for (auto& s : perms) p += z(s);
    return request(wire::Type::SetPerms, p, tx).error();
  }
  std::string get_perms(std::string_view path) {
    auto r = request(wire::Type::GetPerms, z(path));
    if (r.is_error()) return "!" + r.error();
    std::string s = r.payload;
    for (auto& c : s)
      if (c == '\0') c = ',';
    return s;
  }
  std::string watch(std::string_view path, std::string_view token) {
    return request(wire::Type::Watch, z(path) + z(token)).error();
  }
  std::string unwatch(std::string_view path, std::string_view token) {
    return request(wire::Type::Unwatch, z(path) + z(token)).error();
  }
  std::uint32_t start() {
    auto r = request(wire::Type::TransactionStart, z(""));
    return r.is_error() ? 0 : std::uint32_t(std::stoul(r.payload));
  }
  std::string end(std::uint32_t tx, bool commit = true) {
    return request(wire::Type::TransactionEnd, z(commit ? "T" : "F"), tx).error();
  }
  std::string control(std::vector<std::string> args) {
    std::string p;
    for (auto& a : args) p += z(a);
    auto r = request(wire::Type::Control, p);
    return r.is_error() ? "!" + r.error() : std::string(r.payload.c_str());
  }

  struct Event {
    std::string path, token;
    bool operator==(const Event&) const = default;
  };
  std::vector<Event> take_events() {
    drain();
    std::vector<Event> out;
    out.swap(events_);
    return out;
  }

 private:
  Engine& engine_;
  Connection* conn_;
  std::uint32_t req_id_ = 0;
  std::deque<Reply> replies_;
  std::vector<Event> events_;
};

}  // namespace xenstored::testing
