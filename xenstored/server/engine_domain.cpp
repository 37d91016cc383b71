// INTRODUCE, RELEASE, RESUME, GET_DOMAIN_PATH, IS_DOMAIN_INTRODUCED,
// SET_TARGET, GET/SET_FEATURE, GET/SET_QUOTA, and domain lifecycle.
#include <cerrno>

#include "engine_request.h"
#include "xenstored/store/path.h"

namespace xenstored {

namespace {

bool parse_domid(std::string_view s, DomId& out) {
  return parse_number(s, out) && out < kDomidFirstReserved;
}

}  // namespace

PermList* Engine::special_perms(std::string_view name) {
  auto it = special_perms_.find(name);
  return it == special_perms_.end() ? nullptr : &it->second;
}

void Engine::fire_special(std::string_view name) {
  const PermList* perms = special_perms(name);
  watches_.match(name, false, [&](Watch& w, std::string_view epath) {
    Connection& c = *w.conn;
    if (!c.privileged() && (!perms || !can(c, *perms, kAccessRead))) return;
    send_watch_event(c, epath, w.token);
  });
}

void Engine::op_introduce(Request& r) {
  if (!r.conn.privileged()) return r.error(EACCES);
  std::vector<std::string_view> args;
  if (!split_args(r.payload, args) || args.size() < 3) return r.error(EINVAL);
  DomId domid;
  std::int64_t mfn;
  std::uint32_t port;
  if (!parse_domid(args[0], domid) || domid == 0 || !parse_number(args[1], mfn) ||
      !parse_number(args[2], port))
    return r.error(EINVAL);
  if (Domain* d = domain(domid); d && d->introduced) {
    // Introducing again (after a resume) is fine if nothing changed.
    if (d->mfn == std::uint64_t(mfn) && d->port == port) return r.ok();
    return r.error(EEXIST);
  }
  if (!channels_) return r.error(ENOSYS);
  auto conn = channels_->attach(domid, std::uint64_t(mfn), port);
  if (!conn) return r.error(conn.error());
  Domain& d = ensure_domain(domid);
  d.introduced = true;
  d.shutdown_reported = false;
  d.mfn = std::uint64_t(mfn);
  d.port = port;
  d.conn = *conn;
  r.ok();
  fire_special("@introduceDomain");
}

void Engine::release_domain(Domain& d) {
  DomId id = d.id;
  Connection* c = d.conn;
  d.conn = nullptr;
  // Even when its connection already failed, the domain's page and event
  // channel are still held: give them back.
  if (channels_) channels_->detach(id, c);
  if (c && connection(c->id())) disconnect(*c);
  // Connections acting for the domain (device models) lose their target.
  for (auto& [cid, c] : conns_)
    if (c->target() == id) c->set_target(std::nullopt);
  if (!cfg_.keep_orphans && id != 0) {
    // What the domain owned passes to dom0, so a later domain reusing the id
    // inherits nothing.
    std::vector<Tree::Id> owned;
    std::vector<Tree::Id> stack{tree_.root()};
    while (!stack.empty()) {
      Tree::Id n = stack.back();
      stack.pop_back();
      if (tree_.perms(n)[0].domid == id) owned.push_back(n);
      for (Tree::Id ch = tree_.first_child(n); ch != Tree::kNone; ch = tree_.next_sibling(ch))
        stack.push_back(ch);
    }
    for (Tree::Id n : owned) {
      PermList p = tree_.perms(n);
      p[0].domid = 0;
      tree_.set_perms(n, p);
    }
  }
  domains_.erase(id);
}

void Engine::op_release(Request& r) {
  if (!r.conn.privileged()) return r.error(EACCES);
  std::string_view arg;
  DomId domid;
  if (!one_arg(r.payload, arg) || !parse_domid(arg, domid)) return r.error(EINVAL);
  if (domid == 0) return r.error(EINVAL);  // dom0 hosts the daemon; never release it
  Domain* d = domain(domid);
  if (!d || !d->introduced) return r.error(ENOENT);
  release_domain(*d);
  r.ok();
  fire_special("@releaseDomain");
}

void Engine::domain_gone(DomId domid) {
  Domain* d = domain(domid);
  if (!d || domid == 0) return;
  release_domain(*d);
  fire_special("@releaseDomain");
}

void Engine::domain_shutdown(DomId domid) {
  Domain* d = domain(domid);
  if (!d || d->shutdown_reported) return;
  d->shutdown_reported = true;
  fire_special("@releaseDomain");
}

void Engine::op_resume(Request& r) {
  if (!r.conn.privileged()) return r.error(EACCES);
  std::string_view arg;
  DomId domid;
  if (!one_arg(r.payload, arg) || !parse_domid(arg, domid)) return r.error(EINVAL);
  Domain* d = domain(domid);
  if (!d || !d->introduced) return r.error(ENOENT);
  d->shutdown_reported = false;
  r.ok();
}

void Engine::op_get_domain_path(Request& r) {
  std::string_view arg;
  DomId domid;
  if (!one_arg(r.payload, arg) || !parse_number(arg, domid) || domid > 0xffff)
    return r.error(EINVAL);
  r.reply_string(path::domain_path(domid));
}

void Engine::op_is_domain_introduced(Request& r) {
  if (!r.conn.privileged()) return r.error(EACCES);
  std::string_view arg;
  DomId domid;
  if (!one_arg(r.payload, arg) || !parse_number(arg, domid)) return r.error(EINVAL);
  Domain* d = domain(domid);
  r.reply_string(d && d->introduced ? "T" : "F");
}

void Engine::op_set_target(Request& r) {
  if (!r.conn.privileged()) return r.error(EACCES);
  std::vector<std::string_view> args;
  DomId domid, target;
  if (!split_args(r.payload, args) || args.size() != 2 || !parse_domid(args[0], domid) ||
      !parse_domid(args[1], target))
    return r.error(EINVAL);
  Domain* d = domain(domid);
  Domain* t = domain(target);
  if (!d || !d->introduced || !t || !t->introduced) return r.error(ENOENT);
  if (d->conn) d->conn->set_target(target);
  r.ok();
}

void Engine::op_get_feature(Request& r) {
  std::vector<std::string_view> args;
  if (!split_args(r.payload, args) || args.size() > 1) return r.error(EINVAL);
  if (args.empty() || args[0].empty()) return r.reply_string(std::to_string(cfg_.server_features));
  if (!r.conn.privileged()) return r.error(EACCES);
  DomId domid;
  if (!parse_domid(args[0], domid)) return r.error(EINVAL);
  Domain* d = domain(domid);
  if (!d || !d->introduced) return r.error(ENOENT);
  r.reply_string(std::to_string(d->features));
}

void Engine::op_set_feature(Request& r) {
  if (!r.conn.privileged()) return r.error(EACCES);
  std::vector<std::string_view> args;
  DomId domid;
  std::uint32_t features;
  if (!split_args(r.payload, args) || args.size() != 2 || !parse_domid(args[0], domid) ||
      !parse_number(args[1], features))
    return r.error(EINVAL);
  if ((features & ~cfg_.server_features) != 0) return r.error(EINVAL);
  Domain* d = domain(domid);
  if (!d || !d->introduced) return r.error(ENOENT);
  d->features = features;
  r.ok();
}

void Engine::op_get_quota(Request& r) {
  if (!r.conn.privileged()) return r.error(EACCES);
  std::vector<std::string_view> args;
  if (!split_args(r.payload, args) || args.size() > 2) return r.error(EINVAL);
  if (args.empty()) {
    std::string names;
    for (std::size_t i = 0; i < std::size_t(QuotaKind::Count_); ++i) {
      if (i) names.push_back(' ');
      names.append(quota_info(QuotaKind(i)).name);
    }
    return r.reply_string(names);
  }
  const Quotas* q = &cfg_.quotas;
  if (args.size() == 2) {
    DomId domid;
    if (!parse_domid(args[0], domid)) return r.error(EINVAL);
    Domain* d = domain(domid);
    if (!d || !d->introduced) return r.error(ENOENT);
    q = &quotas_for(domid);
  }
  auto kind = quota_by_name(args.back());
  if (!kind) return r.error(EINVAL);
  r.reply_string(std::to_string((*q)[*kind]));
}

void Engine::op_set_quota(Request& r) {
  if (!r.conn.privileged()) return r.error(EACCES);
  std::vector<std::string_view> args;
  if (!split_args(r.payload, args) || args.size() < 2 || args.size() > 3) return r.error(EINVAL);
  std::size_t value;
  if (!parse_number(args.back(), value)) return r.error(EINVAL);
  auto kind = quota_by_name(args[args.size() - 2]);
  if (!kind) return r.error(EINVAL);
  if (args.size() == 3) {
    DomId domid;
    if (!parse_domid(args[0], domid)) return r.error(EINVAL);
    Domain* d = domain(domid);
    if (!d || !d->introduced) return r.error(ENOENT);
    if (!d->quotas) d->quotas = cfg_.quotas;
    (*d->quotas)[*kind] = value;
  } else {
    cfg_.quotas[*kind] = value;
  }
  r.ok();
}

}  // namespace xenstored
