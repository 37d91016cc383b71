#include "xenstored/server/engine.h"

#include <cerrno>
#include <cstring>

#include "engine_request.h"
#include "xenstored/store/path.h"

namespace xenstored {

namespace {

const PermList kRootPerms{{0, kAccessNone}};

bool uses_transaction(wire::Type t) {
  switch (t) {
    case wire::Type::Watch:
    case wire::Type::Unwatch:
    case wire::Type::ResetWatches:
      return false;  // the tx_id of these is ignored
    default:
      return true;
  }
}

}  // namespace

Engine::Engine(EngineConfig cfg)
    : cfg_(std::move(cfg)), tree_(kRootPerms), live_(tree_, [this](const ChangeEvent& ev) { fire(ev); }) {
  // What C xenstored has before any toolstack runs.
  tree_.create(tree_.create(tree_.root(), "tool", "", kRootPerms), "xenstored", "", kRootPerms);
  Domain& dom0 = ensure_domain(0);
  dom0.introduced = true;
}

Engine::~Engine() {
  while (!conns_.empty()) disconnect(*conns_.begin()->second);
}

Connection& Engine::connect(DomId domid, bool privileged) {
  auto id = next_conn_id_++;
  auto [it, _] = conns_.emplace(id, std::make_unique<Connection>(id, domid, privileged));
  return *it->second;
}

Connection* Engine::connection(std::uint64_t id) {
  auto it = conns_.find(id);
  return it == conns_.end() ? nullptr : it->second.get();
}

void Engine::drop_watches(Connection& c) {
  for (auto& w : c.watches()) watches_.remove(w.get());
  c.watches().clear();
}

void Engine::reset_connection(Connection& c) {
  drop_watches(c);
  drop_transactions(c);
  c.input().clear();
  c.consume_output(c.pending_output());
}

void Engine::disconnect(Connection& c) {
  drop_watches(c);
  drop_transactions(c);
  for (auto& [id, d] : domains_)
    if (d.conn == &c) d.conn = nullptr;
  conns_.erase(c.id());  // c is gone after this
}

std::size_t Engine::transaction_count() const {
  std::size_t n = 0;
  for (const auto& [id, c] : conns_) n += c->transactions().size();
  return n;
}

std::vector<std::uint64_t> Engine::take_dirty() {
  std::vector<std::uint64_t> out;
  out.swap(dirty_);
  for (auto id : out)
    if (auto* c = connection(id)) c->in_dirty_list = false;
  return out;
}

void Engine::mark_dirty(Connection& c) {
  if (c.pending_output() > cfg_.max_output) c.close();
  if (c.in_dirty_list) return;
  c.in_dirty_list = true;
  dirty_.push_back(c.id());
}

bool Engine::has_ready_request(const Connection& c) const {
  const std::string& in = const_cast<Connection&>(c).input();
  if (in.size() < wire::kHeaderSize || c.closing() || c.waiting) return false;
  wire::Header h;
  std::memcpy(&h, in.data(), sizeof h);
  if (h.len > wire::kPayloadMax) return true;  // processing it closes the connection
  if (in.size() - wire::kHeaderSize < h.len) return false;
  return c.privileged() || c.queued_messages() < quota(c, QuotaKind::Outstanding);
}

bool Engine::process_input(Connection& c, std::size_t budget) {
  std::string& in = c.input();
  std::size_t off = 0;
  bool ok = true;
  while (budget > 0 && !c.closing() && !c.waiting) {
    if (in.size() - off < wire::kHeaderSize) break;
    wire::Header h;
    std::memcpy(&h, in.data() + off, sizeof h);
    if (h.len > wire::kPayloadMax) {  // the protocol says: kill the connection
      ok = false;
      break;
    }
    if (in.size() - off - wire::kHeaderSize < h.len) break;
    if (!c.privileged() && c.queued_messages() >= quota(c, QuotaKind::Outstanding)) break;
    std::string_view payload(in.data() + off + wire::kHeaderSize, h.len);
    if (must_wait(c, h, payload)) break;
    c.wait_deadline.reset();
    c.wait_expired = false;
    handle(c, h, payload);
    off += wire::kHeaderSize + h.len;
    --budget;
  }
  if (off) in.erase(0, off);
  return ok;
}

void Engine::handle(Connection& c, const wire::Header& h, std::string_view payload) {
  ++c.requests;
  if (tracing_) {
    std::string line = "IN  conn " + std::to_string(c.id()) + " dom " + std::to_string(c.domid()) +
                       " " + std::string(wire::type_name(wire::Type(h.type))) + " req " +
                       std::to_string(h.req_id) + " tx " + std::to_string(h.tx_id) + " (";
    for (char ch : payload.substr(0, 256)) line.push_back(ch ? ch : ' ');
    trace(line + ")");
  }
  Request r{c, h, payload};
  auto type = wire::Type(h.type);
  r.store = &live_;
  if (h.tx_id != 0 && uses_transaction(type)) {
    auto it = c.transactions().find(h.tx_id);
    if (it == c.transactions().end()) {
      r.error(ENOENT);
      mark_dirty(c);
      return;
    }
    r.transaction = it->second.get();
    r.store = r.transaction;
    if (!c.privileged() &&
        r.transaction->nodes_accessed() >= quota(c, QuotaKind::TransactionNodes)) {
      r.error(ENOSPC);
      mark_dirty(c);
      return;
    }
  }
  switch (type) {
    case wire::Type::Read: op_read(r); break;
    case wire::Type::Write: op_write(r); break;
    case wire::Type::Mkdir: op_mkdir(r); break;
    case wire::Type::Rm: op_rm(r); break;
    case wire::Type::Directory: op_directory(r); break;
    case wire::Type::DirectoryPart: op_directory_part(r); break;
    case wire::Type::GetPerms: op_get_perms(r); break;
    case wire::Type::SetPerms: op_set_perms(r); break;
    case wire::Type::Watch: op_watch(r); break;
    case wire::Type::Unwatch: op_unwatch(r); break;
    case wire::Type::ResetWatches: op_reset_watches(r); break;
    case wire::Type::TransactionStart: op_transaction_start(r); break;
    case wire::Type::TransactionEnd: op_transaction_end(r); break;
    case wire::Type::Introduce: op_introduce(r); break;
    case wire::Type::Release: op_release(r); break;
    case wire::Type::Resume: op_resume(r); break;
    case wire::Type::GetDomainPath: op_get_domain_path(r); break;
    case wire::Type::IsDomainIntroduced: op_is_domain_introduced(r); break;
    case wire::Type::SetTarget: op_set_target(r); break;
    case wire::Type::GetFeature: op_get_feature(r); break;
    case wire::Type::SetFeature: op_set_feature(r); break;
    case wire::Type::GetQuota: op_get_quota(r); break;
    case wire::Type::SetQuota: op_set_quota(r); break;
    case wire::Type::Control: op_control(r); break;
    default: r.error(ENOSYS); break;  // WATCH_EVENT, ERROR, RESTRICT, unknown: as Xen's daemons
  }
  mark_dirty(c);
}

const Quotas& Engine::quotas_for(DomId domid) const {
  auto it = domains_.find(domid);
  if (it != domains_.end() && it->second.quotas) return *it->second.quotas;
  return cfg_.quotas;
}

std::size_t Engine::quota(const Connection& c, QuotaKind k) const {
  return quotas_for(c.domid())[k];
}

bool Engine::can(const Connection& c, const PermList& perms, std::uint8_t need) const {
  if (c.privileged()) return true;
  return (access_for(perms, c.domid(), c.target()) & need) == need;
}

std::expected<std::string, int> Engine::node_path(const Connection& c, std::string_view in) const {
  return path::canonicalize(in, c.domid(),
                            c.privileged() ? path::kNoLimit : quota(c, QuotaKind::PathMax));
}

int Engine::missing_errno(const Connection& c, NodeStore& s, std::string_view p) {
  // Say EACCES rather than reveal, through ENOENT, what lies under an unreadable node.
  for (auto a = path::parent(p); !a.empty(); a = path::parent(a)) {
    if (auto v = s.get(a, false)) return can(c, *v->perms, kAccessRead) ? ENOENT : EACCES;
  }
  return ENOENT;
}

int Engine::create_node(Connection& c, NodeStore& s, const std::string& p, std::string_view value) {
  std::vector<std::string_view> missing{p};
  std::optional<NodeView> anc;
  for (auto a = path::parent(p); !a.empty(); a = path::parent(a)) {
    if ((anc = s.get(a, false))) break;
    missing.push_back(a);
  }
  if (!anc) return ENOENT;  // unreachable: the root always exists
  if (!can(c, *anc->perms, kAccessWrite)) return EACCES;
  PermList perms = *anc->perms;
  if (!c.privileged()) {
    perms[0].domid = c.domid();  // domains own what they create
    if (value.size() > quota(c, QuotaKind::NodeSize)) return ENOSPC;
    Tree::Usage u = s.usage(c.domid());
    if (u.nodes + missing.size() > quota(c, QuotaKind::Nodes)) return ENOSPC;
    std::size_t cost = 0;
    for (auto m : missing) cost += Tree::node_cost(path::basename(m).size(), 0, perms.size());
    if (u.bytes + cost + value.size() > quota(c, QuotaKind::Memory)) return ENOMEM;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it)
    s.create(*it, it + 1 == missing.rend() ? value : std::string_view(), perms);
  s.changed({p, false, perms});
  if (!c.privileged()) check_soft_quota(c.domid());
  return 0;
}

void Engine::check_soft_quota(DomId domid) {
  Domain* d = domain(domid);
  if (!d) return;
  bool over = tree_.usage(domid).bytes > quotas_for(domid).memory_soft;
  if (over && !d->over_soft_quota && log_)
    log_("domain " + std::to_string(domid) + " uses " + std::to_string(tree_.usage(domid).bytes) +
         " bytes of store memory, above the soft quota of " +
         std::to_string(quotas_for(domid).memory_soft));
  d->over_soft_quota = over;
}

void Engine::fire(const ChangeEvent& ev) {
  watches_.match(ev.path, ev.recursive_removal, [&](Watch& w, std::string_view epath) {
    Connection& c = *w.conn;
    if (!c.privileged()) {
      if (!ev.perms.empty() && !can(c, ev.perms, kAccessRead)) return;
      if (c.pending_output() > cfg_.max_unprivileged_output) return;  // it stopped reading
    }
    if (w.strip && epath.size() > w.strip) epath.remove_prefix(w.strip);
    send_watch_event(c, epath, w.token);
  });
}

void Engine::send_watch_event(Connection& c, std::string_view path, std::string_view token) {
  std::string payload;
  payload.reserve(path.size() + token.size() + 2);
  payload.append(path);
  payload.push_back('\0');
  payload.append(token);
  payload.push_back('\0');
  c.send(wire::Type::WatchEvent, 0, 0, payload);
  mark_dirty(c);
}

bool Engine::must_wait(Connection& c, const wire::Header& h, std::string_view payload) {
  if (cfg_.transaction_wait.count() == 0 || h.tx_id == 0 || c.wait_expired) return false;
  switch (wire::Type(h.type)) {
    case wire::Type::Read:
    case wire::Type::Write:
    case wire::Type::Mkdir:
    case wire::Type::Rm:
    case wire::Type::Directory:
    case wire::Type::DirectoryPart:
    case wire::Type::GetPerms:
    case wire::Type::SetPerms:
      break;
    default:
      return false;
  }
  auto tx = c.transactions().find(h.tx_id);
  if (tx == c.transactions().end()) return false;
  auto z = payload.find('\0');
  if (z == std::string_view::npos) return false;
  auto p = node_path(c, payload.substr(0, z));
  if (!p || tx->second->has_observed(*p)) return false;
  auto it = in_use_.find(*p);
  if (it == in_use_.end()) return false;
  // Only behind another connection's transaction (waiting behind our own
  // would wait for ourselves), and only of the same domain: a guest can
  // delay itself, never anyone else.
  bool contended = false;
  for (const TxUse& u : it->second)
    if (u.conn != &c && u.conn->domid() == c.domid()) contended = true;
  if (!contended) return false;
  c.waiting = true;
  if (!c.wait_deadline) c.wait_deadline = Clock::now() + cfg_.transaction_wait;
  waiting_.push_back(c.id());
  return true;
}

std::vector<std::uint64_t> Engine::take_woken(Clock::time_point now) {
  std::vector<std::uint64_t> woken;
  std::vector<std::uint64_t> still;
  for (auto id : waiting_) {
    Connection* c = connection(id);
    if (!c || !c->waiting) continue;
    bool expired = *c->wait_deadline <= now;
    if (wake_all_ || expired) {
      c->wait_expired = expired;  // past its deadline it goes ahead regardless
      c->waiting = false;
      woken.push_back(id);
    } else {
      still.push_back(id);
    }
  }
  waiting_.swap(still);
  wake_all_ = false;
  return woken;
}

std::optional<Engine::Clock::time_point> Engine::next_wait_deadline() const {
  std::optional<Clock::time_point> next;
  for (auto id : waiting_) {
    auto it = conns_.find(id);
    if (it == conns_.end() || !it->second->waiting) continue;
    if (!next || *it->second->wait_deadline < *next) next = *it->second->wait_deadline;
  }
  return next;
}

void Engine::end_transaction(Connection& c, std::uint32_t id) {
  auto it = c.transactions().find(id);
  if (it == c.transactions().end()) return;
  Transaction* tx = it->second.get();
  tx->for_each_observed([&](const std::string& p) {
    auto u = in_use_.find(p);
    if (u == in_use_.end()) return;
    std::erase_if(u->second, [&](const TxUse& x) { return x.tx == tx; });
    if (u->second.empty()) in_use_.erase(u);
  });
  c.transactions().erase(it);
  if (!waiting_.empty()) wake_all_ = true;
}

void Engine::drop_transactions(Connection& c) {
  while (!c.transactions().empty()) end_transaction(c, c.transactions().begin()->first);
}

Engine::Domain* Engine::domain(DomId id) {
  auto it = domains_.find(id);
  return it == domains_.end() ? nullptr : &it->second;
}

Engine::Domain& Engine::ensure_domain(DomId id) {
  auto [it, inserted] = domains_.try_emplace(id);
  if (inserted) it->second.id = id;
  return it->second;
}

}  // namespace xenstored
