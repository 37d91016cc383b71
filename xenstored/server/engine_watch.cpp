// WATCH, UNWATCH, RESET_WATCHES, TRANSACTION_START, TRANSACTION_END.
#include <algorithm>
#include <cerrno>

#include "engine_request.h"
#include "xenstored/store/path.h"

namespace xenstored {

void Engine::op_watch(Request& r) {
  std::vector<std::string_view> args;
  if (!split_args(r.payload, args) || args.size() < 2 || args.size() > 3) return r.error(EINVAL);
  std::optional<std::size_t> depth;
  if (args.size() == 3 && !args[2].empty()) {
    std::size_t d;
    if (!parse_number(args[2], d)) return r.error(EINVAL);
    depth = d;
  }
  auto p = path::canonicalize_watch(args[0], r.conn.domid(),
                                    r.conn.privileged() ? path::kNoLimit
                                                        : quota(r.conn, QuotaKind::PathMax));
  if (!p) return r.error(p.error());
  auto& ws = r.conn.watches();
  for (const auto& w : ws)
    if (w->path == *p && w->token == args[1]) return r.error(EEXIST);
  if (!r.conn.privileged() && ws.size() >= quota(r.conn, QuotaKind::Watches))
    return r.error(E2BIG);
  bool relative = !args[0].empty() && args[0].front() != '/' && args[0].front() != '@';
  std::size_t strip = relative ? path::domain_path(r.conn.domid()).size() + 1 : 0;
  ws.push_back(std::make_unique<Watch>(
      Watch{&r.conn, std::move(*p), std::string(args[1]), strip, depth}));
  watches_.add(ws.back().get());
  r.ok();
  // Registration fires once at once, with the path as the client gave it.
  send_watch_event(r.conn, args[0], args[1]);
}

void Engine::op_unwatch(Request& r) {
  std::vector<std::string_view> args;
  if (!split_args(r.payload, args) || args.size() < 2 || args.size() > 3) return r.error(EINVAL);
  auto p = path::canonicalize_watch(args[0], r.conn.domid());
  if (!p) return r.error(p.error());
  auto& ws = r.conn.watches();
  auto it = std::find_if(ws.begin(), ws.end(),
                         [&](const auto& w) { return w->path == *p && w->token == args[1]; });
  if (it == ws.end()) return r.error(ENOENT);
  watches_.remove(it->get());
  ws.erase(it);
  r.ok();
}

void Engine::op_reset_watches(Request& r) {
  drop_watches(r.conn);
  drop_transactions(r.conn);
  r.ok();
}

void Engine::op_transaction_start(Request& r) {
  if (r.transaction) return r.error(EBUSY);  // no nesting
  if (!r.conn.privileged() &&
      r.conn.transactions().size() >= quota(r.conn, QuotaKind::Transactions))
    return r.error(ENOSPC);
  auto id = r.conn.next_transaction_id();
  auto tx = std::make_unique<Transaction>(tree_, id);
  if (cfg_.transaction_wait.count() != 0) {
    tx->set_on_observe([this, t = tx.get(), c = &r.conn](const std::string& p) {
      in_use_[p].push_back({t, c});
    });
  }
  r.conn.transactions().emplace(id, std::move(tx));
  r.reply_string(std::to_string(id));
}

void Engine::op_transaction_end(Request& r) {
  std::string_view arg;
  if (!one_arg(r.payload, arg) || (arg != "T" && arg != "F")) return r.error(EINVAL);
  if (!r.transaction) return r.error(ENOENT);
  Transaction* tx = r.transaction;
  bool commit = arg == "T";
  if (commit && tx->conflicts()) {
    end_transaction(r.conn, tx->id());
    return r.error(EAGAIN);
  }
  if (commit) tx->apply();
  std::vector<ChangeEvent> events = commit ? std::move(tx->events()) : std::vector<ChangeEvent>{};
  end_transaction(r.conn, tx->id());
  for (const auto& ev : events) fire(ev);
  r.ok();
}

}  // namespace xenstored
