// One client of the daemon: a dom0 process on the Unix socket or a guest on
// its ring. The engine sees only this; how bytes move is the transport's job.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xenstored/protocol/wire.h"
#include "xenstored/store/permissions.h"
#include "xenstored/store/transaction.h"

namespace xenstored {

class Connection;

struct Watch {
  Connection* conn;
  std::string path;   // absolute, or a special "@..." name
  std::string token;
  std::size_t strip;  // bytes to strip from event paths of a relative watch (0: absolute)
  std::optional<std::size_t> depth;  // levels below path that fire; none = any
};

class Connection {
 public:
  Connection(std::uint64_t id, DomId domid, bool privileged)
      : id_(id), domid_(domid), privileged_(privileged) {}

  std::uint64_t id() const { return id_; }
  DomId domid() const { return domid_; }
  bool privileged() const { return privileged_; }
  std::optional<DomId> target() const { return target_; }
  void set_target(std::optional<DomId> t) { target_ = t; }

  // Output, appended by the engine and drained by the transport.
  void send(wire::Type type, std::uint32_t req_id, std::uint32_t tx_id, std::string_view payload);
  void send_error(std::uint32_t req_id, std::uint32_t tx_id, int err);
  std::string& output() { return out_; }
  std::size_t& output_sent() { return out_sent_; }
  std::size_t pending_output() const { return out_.size() - out_sent_; }
  void consume_output(std::size_t n);

  // Input bytes not yet parsed into requests.
  std::string& input() { return in_; }

  std::vector<std::unique_ptr<Watch>>& watches() { return watches_; }
  std::map<std::uint32_t, std::unique_ptr<Transaction>>& transactions() { return transactions_; }
  std::uint32_t next_transaction_id();

  // Messages queued since the output was last empty (the outstanding quota).
  std::size_t queued_messages() const { return queued_messages_; }
  bool closing() const { return closing_; }
  void close() { closing_ = true; }

  std::uint64_t requests = 0;
  bool in_dirty_list = false;  // owned by the engine

  // Contention management (owned by the engine): the request at the head of
  // the input waits for another transaction, until `wait_deadline` at most.
  bool waiting = false;
  bool wait_expired = false;
  std::optional<std::chrono::steady_clock::time_point> wait_deadline;

 private:
  std::uint64_t id_;
  DomId domid_;
  bool privileged_;
  std::optional<DomId> target_;
  std::string out_;
  std::size_t out_sent_ = 0;
  std::size_t queued_messages_ = 0;
  std::string in_;
  std::vector<std::unique_ptr<Watch>> watches_;
  std::map<std::uint32_t, std::unique_ptr<Transaction>> transactions_;
  std::uint32_t last_tx_id_ = 0;
  bool closing_ = false;
};

}  // namespace xenstored
