// The daemon's core: connections, domains, the store, transactions, watches
// and quotas, with one entry point per request. No I/O happens here: the
// engine reads a connection's input buffer and appends to output buffers,
// and the event loop and transports move the bytes. That is what lets the
// unit tests and the fuzzer drive it directly.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "xenstored/protocol/wire.h"
#include "xenstored/server/connection.h"
#include "xenstored/server/quota.h"
#include "xenstored/server/watch_registry.h"
#include "xenstored/store/transaction.h"
#include "xenstored/store/tree.h"

namespace xenstored {

// Attaches a guest's ring to the daemon on INTRODUCE. The shared-ring
// transport implements it; without one, INTRODUCE fails with ENOSYS.
class DomainChannels {
 public:
  virtual ~DomainChannels() = default;
  virtual std::expected<Connection*, int> attach(DomId domid, std::uint64_t mfn,
                                                 std::uint32_t port) = 0;
  virtual void detach(DomId domid, Connection* conn) = 0;
};

struct EngineConfig {
  Quotas quotas;
  bool keep_orphans = false;       // -K: leave a released domain's nodes with it
  std::uint32_t server_features = 0;
  // Unread output above which an unprivileged connection loses watch events
  // (a guest that never reads cannot make the daemon grow without bound).
  std::size_t max_unprivileged_output = 256 * 1024;
  // Unread output above which any connection is closed.
  std::size_t max_output = 64 * 1024 * 1024;
  // A transaction's first use of a node that another open transaction of
  // the same domain already uses waits for that one to end, at most this
  // long; then it goes ahead and the commit decides as always. Zero: never.
  std::chrono::microseconds transaction_wait{std::chrono::milliseconds(5)};
};

class Engine {
 public:
  using Log = std::function<void(std::string_view)>;

  explicit Engine(EngineConfig cfg = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  Connection& connect(DomId domid, bool privileged);
  void disconnect(Connection& c);
  // The peer starts over on the same connection (a ring's reconnect): its
  // watches, transactions and buffered bytes go.
  void reset_connection(Connection& c);
  Connection* connection(std::uint64_t id);

  // Handles every complete request in c.input(), at most `budget` of them.
  // Returns false when the connection broke the protocol and must be closed.
  bool process_input(Connection& c, std::size_t budget = SIZE_MAX);
  // One request; the payload is exactly h.len bytes.
  void handle(Connection& c, const wire::Header& h, std::string_view payload);
  // True if c.input() holds a complete request it may process now.
  bool has_ready_request(const Connection& c) const;

  // Connections that got output since the last call.
  std::vector<std::uint64_t> take_dirty();

  using Clock = std::chrono::steady_clock;
  // Connections whose waiting request may run now (the transaction it
  // waited for ended, or it waited long enough).
  std::vector<std::uint64_t> take_woken(Clock::time_point now = Clock::now());
  std::optional<Clock::time_point> next_wait_deadline() const;

  void set_domain_channels(DomainChannels* ch) { channels_ = ch; }
  void set_log(Log log) { log_ = std::move(log); }
  // Request tracing (-T, CONTROL log/logfile): every request, to a file.
  bool set_trace_file(const std::string& file);
  // Reopens the trace file by its name (SIGHUP, after log rotation).
  void reopen_trace_file();
  void set_tracing(bool on) { tracing_ = on && trace_file_; }

  // A domain died or was destroyed (noticed by the hypervisor side).
  void domain_gone(DomId domid);
  // A domain shut down: @releaseDomain once, until RESUME.
  void domain_shutdown(DomId domid);

  Tree& tree() { return tree_; }
  const EngineConfig& config() const { return cfg_; }
  EngineConfig& config() { return cfg_; }
  std::size_t connection_count() const { return conns_.size(); }
  std::size_t watch_count() const { return watches_.size(); }
  std::size_t transaction_count() const;

 private:
  struct Domain {
    DomId id;
    bool introduced = false;
    bool shutdown_reported = false;
    std::uint64_t mfn = 0;
    std::uint32_t port = 0;
    std::uint32_t features = 0;
    Connection* conn = nullptr;
    std::optional<Quotas> quotas;  // overrides set by SET_QUOTA
    bool over_soft_quota = false;  // warned already
  };
  struct Request;
  friend struct Request;

  // Request handlers, one per message type (engine_*.cpp).
  void op_read(Request& r);
  void op_write(Request& r);
  void op_mkdir(Request& r);
  void op_rm(Request& r);
  void op_directory(Request& r);
  void op_directory_part(Request& r);
  void op_get_perms(Request& r);
  void op_set_perms(Request& r);
  void op_watch(Request& r);
  void op_unwatch(Request& r);
  void op_reset_watches(Request& r);
  void op_transaction_start(Request& r);
  void op_transaction_end(Request& r);
  void op_introduce(Request& r);
  void op_release(Request& r);
  void op_resume(Request& r);
  void op_get_domain_path(Request& r);
  void op_is_domain_introduced(Request& r);
  void op_set_target(Request& r);
  void op_get_feature(Request& r);
  void op_set_feature(Request& r);
  void op_get_quota(Request& r);
  void op_set_quota(Request& r);
  void op_control(Request& r);

  // Shared steps.
  const Quotas& quotas_for(DomId domid) const;
  std::size_t quota(const Connection& c, QuotaKind k) const;
  bool can(const Connection& c, const PermList& perms, std::uint8_t need) const;
  int missing_errno(const Connection& c, NodeStore& s, std::string_view path);
  // The node `arg` names, if the caller may read it; else the errno to answer.
  struct ReadableNode {
    std::string path;
    NodeView view;
  };
  std::expected<ReadableNode, int> readable(Request& r, std::string_view arg);
  void send_watch_event(Connection& c, std::string_view path, std::string_view token);
  std::expected<std::string, int> node_path(const Connection& c, std::string_view in) const;
  int create_node(Connection& c, NodeStore& s, const std::string& path, std::string_view value);
  void fire(const ChangeEvent& ev);
  void fire_special(std::string_view name);
  void mark_dirty(Connection& c);
  void check_soft_quota(DomId domid);
  void drop_watches(Connection& c);
  bool must_wait(Connection& c, const wire::Header& h, std::string_view payload);
  void end_transaction(Connection& c, std::uint32_t id);  // forget, then destroy
  void drop_transactions(Connection& c);
  Domain* domain(DomId id);
  Domain& ensure_domain(DomId id);
  void release_domain(Domain& d);
  std::string control_quota(const std::vector<std::string_view>& args, bool soft, int& err);
  std::string memreport(bool to_file) const;
  PermList* special_perms(std::string_view name);
  const std::string& children_of(Request& r, const std::string& path, std::uint32_t generation,
                                 std::string& scratch);

  EngineConfig cfg_;
  Tree tree_;
  LiveStore live_;
  WatchRegistry watches_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Connection>> conns_;
  std::map<DomId, Domain> domains_;
  std::vector<std::uint64_t> dirty_;
  // Nodes used by open transactions, for contention management.
  struct TxUse {
    Transaction* tx;
    const Connection* conn;
  };
  std::unordered_map<std::string, std::vector<TxUse>> in_use_;
  std::vector<std::uint64_t> waiting_;  // in arrival order
  bool wake_all_ = false;
  std::uint64_t next_conn_id_ = 1;
  // @introduceDomain and @releaseDomain carry permissions like nodes do.
  std::map<std::string, PermList, std::less<>> special_perms_{
      {"@introduceDomain", {{0, kAccessNone}}}, {"@releaseDomain", {{0, kAccessNone}}}};
  DomainChannels* channels_ = nullptr;
  Log log_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> trace_file_{nullptr, &std::fclose};
  std::string trace_path_;
  bool tracing_ = false;
  void trace(std::string_view line);
  std::string check_store() const;
  // The last big listing, so DIRECTORY_PART is not quadratic in the children.
  struct ListingCache {
    std::string path;
    std::uint32_t generation = 0;
    std::string children;
  } listing_cache_;
};

}  // namespace xenstored
