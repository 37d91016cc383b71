// READ, WRITE, MKDIR, RM, DIRECTORY, DIRECTORY_PART, GET_PERMS, SET_PERMS.
#include <cerrno>

#include "engine_request.h"
#include "xenstored/store/path.h"

namespace xenstored {

std::expected<Engine::ReadableNode, int> Engine::readable(Request& r, std::string_view arg) {
  auto p = node_path(r.conn, arg);
  if (!p) return std::unexpected(p.error());
  auto v = r.store->get(*p);
  if (!v) return std::unexpected(missing_errno(r.conn, *r.store, *p));
  if (!can(r.conn, *v->perms, kAccessRead)) return std::unexpected(EACCES);
  return ReadableNode{std::move(*p), *v};
}

void Engine::op_read(Request& r) {
  std::string_view arg;
  if (!one_arg(r.payload, arg)) return r.error(EINVAL);
  auto n = readable(r, arg);
  if (!n) return r.error(n.error());
  r.reply(n->view.value);
}

void Engine::op_write(Request& r) {
  auto z = r.payload.find('\0');
  if (z == std::string_view::npos) return r.error(EINVAL);
  auto p = node_path(r.conn, r.payload.substr(0, z));
  if (!p) return r.error(p.error());
  auto value = r.payload.substr(z + 1);
  if (auto v = r.store->get(*p, false)) {
    if (!can(r.conn, *v->perms, kAccessWrite)) return r.error(EACCES);
    if (!r.conn.privileged()) {
      if (value.size() > quota(r.conn, QuotaKind::NodeSize)) return r.error(ENOSPC);
      const auto& owner = (*v->perms)[0].domid;
      Tree::Usage u = r.store->usage(owner);
      if (value.size() > v->value.size() &&
          u.bytes + value.size() - v->value.size() > quota(r.conn, QuotaKind::Memory))
        return r.error(ENOMEM);
    }
    PermList perms = *v->perms;
    r.store->set_value(*p, value);
    r.store->changed({std::move(*p), false, std::move(perms)});
    if (!r.conn.privileged()) check_soft_quota(r.conn.domid());
    return r.ok();
  }
  if (int err = create_node(r.conn, *r.store, *p, value)) return r.error(err);
  r.ok();
}

void Engine::op_mkdir(Request& r) {
  std::string_view arg;
  if (!one_arg(r.payload, arg)) return r.error(EINVAL);
  auto p = node_path(r.conn, arg);
  if (!p) return r.error(p.error());
  if (auto v = r.store->get(*p, false)) {
    // Nothing to create; C xenstored still asks for write access, so do we.
    if (!can(r.conn, *v->perms, kAccessWrite)) return r.error(EACCES);
    return r.ok();
  }
  if (int err = create_node(r.conn, *r.store, *p, {})) return r.error(err);
  r.ok();
}

void Engine::op_rm(Request& r) {
  std::string_view arg;
  if (!one_arg(r.payload, arg)) return r.error(EINVAL);
  auto p = node_path(r.conn, arg);
  if (!p) return r.error(p.error());
  if (*p == "/") return r.error(EINVAL);
  auto v = r.store->get(*p, false);
  if (!v) {
    // Removing what is not there is fine, as long as its parent is.
    auto parent = r.store->get(path::parent(*p), false);
    if (parent) return can(r.conn, *parent->perms, kAccessRead) ? r.ok() : r.error(EACCES);
    return r.error(missing_errno(r.conn, *r.store, *p));
  }
  if (!can(r.conn, *v->perms, kAccessWrite)) return r.error(EACCES);
  PermList perms = *v->perms;
  r.store->remove(*p);
  r.store->changed({std::move(*p), true, std::move(perms)});
  r.ok();
}

const std::string& Engine::children_of(Request& r, const std::string& path,
                                       std::uint32_t generation, std::string& scratch) {
  auto build = [&](std::string& into) {
    into.clear();
    r.store->for_each_child(path, [&](std::string_view name) {
      into.append(name);
      into.push_back('\0');
    });
  };
  // Inside a transaction the listing is private. Outside, the last one is
  // kept by generation: paging through N children with DIRECTORY_PART then
  // costs O(N) in all, not O(N) per part.
  if (r.transaction) {
    build(scratch);
    return scratch;
  }
  if (listing_cache_.path != path || listing_cache_.generation != generation) {
    listing_cache_.path = path;
    listing_cache_.generation = generation;
    build(listing_cache_.children);
  }
  return listing_cache_.children;
}

void Engine::op_directory(Request& r) {
  std::string_view arg;
  if (!one_arg(r.payload, arg)) return r.error(EINVAL);
  auto n = readable(r, arg);
  if (!n) return r.error(n.error());
  std::string scratch;
  const std::string& children = children_of(r, n->path, n->view.generation, scratch);
  // Clients then page through the listing with DIRECTORY_PART.
  if (children.size() > wire::kPayloadMax) return r.error(E2BIG);
  r.reply(children);
}

void Engine::op_directory_part(Request& r) {
  std::vector<std::string_view> args;
  if (!split_args(r.payload, args) || args.size() != 2) return r.error(EINVAL);
  std::size_t offset;
  if (!parse_number(args[1], offset)) return r.error(EINVAL);
  auto n = readable(r, args[0]);
  if (!n) return r.error(n.error());
  std::string scratch;
  const std::string& children = children_of(r, n->path, n->view.generation, scratch);

  std::string out = std::to_string(n->view.generation);
  out.push_back('\0');
  if (offset >= children.size()) {
    out.push_back('\0');  // past the end: an empty list
    return r.reply(out);
  }
  // As many whole names as fit, keeping a byte for the end-of-list marker.
  std::size_t room = wire::kPayloadMax - out.size() - 1;
  std::size_t len = children.size() - offset;
  if (len > room) {
    std::size_t last_nul = children.rfind('\0', offset + room - 1);
    len = last_nul == std::string::npos || last_nul < offset ? 0 : last_nul + 1 - offset;
  }
  out.append(children, offset, len);
  if (offset + len == children.size()) out.push_back('\0');  // the end of the list
  r.reply(out);
}

void Engine::op_get_perms(Request& r) {
  std::string_view arg;
  if (!one_arg(r.payload, arg)) return r.error(EINVAL);
  if (path::is_special(arg)) {
    PermList* sp = special_perms(arg);
    if (!sp) return r.error(ENOENT);
    if (!can(r.conn, *sp, kAccessRead)) return r.error(EACCES);
    return r.reply(format_perms(*sp));
  }
  auto n = readable(r, arg);
  if (!n) return r.error(n.error());
  r.reply(format_perms(*n->view.perms));
}

void Engine::op_set_perms(Request& r) {
  std::vector<std::string_view> args;
  if (!split_args(r.payload, args) || args.size() < 2) return r.error(EINVAL);
  PermList perms;
  for (std::size_t i = 1; i < args.size(); ++i) {
    auto e = parse_perm(args[i]);
    if (!e) return r.error(EINVAL);
    perms.push_back(*e);
  }
  if (!r.conn.privileged() && perms.size() > quota(r.conn, QuotaKind::Permissions))
    return r.error(ENOSPC);
  if (path::is_special(args[0])) {
    PermList* sp = special_perms(args[0]);
    if (!sp) return r.error(ENOENT);
    if (!r.conn.privileged()) return r.error(EACCES);
    *sp = perms;
    return r.ok();
  }
  auto p = node_path(r.conn, args[0]);
  if (!p) return r.error(p.error());
  auto v = r.store->get(*p, false);
  if (!v) return r.error(missing_errno(r.conn, *r.store, *p));
  if (!can(r.conn, *v->perms, kAccessWrite | kAccessOwner)) return r.error(EACCES);
  // An unprivileged owner may share its node, not give it away.
  if (!r.conn.privileged() && perms[0].domid != (*v->perms)[0].domid) return r.error(EPERM);
  PermList old = *v->perms;
  r.store->set_perms(*p, perms);
  // Watchers who could see the node before or can now both hear of it.
  r.store->changed({*p, false, std::move(old)});
  r.ok();
}

}  // namespace xenstored
