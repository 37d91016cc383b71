#include "xenstored/store/transaction.h"

#include "xenstored/store/path.h"

namespace xenstored {

namespace {

std::string child_path(std::string_view parent, std::string_view name) {
  std::string p(parent);
  if (p != "/") p.push_back('/');
  p.append(name);
  return p;
}

}  // namespace

const Transaction::Observation& Transaction::observe(std::string_view path, bool read) {
  auto it = observed_.find(std::string(path));
  if (it != observed_.end() && (!read || it->second.read)) return it->second;
  Tree::Id id = tree_.lookup(path);
  bool exists = id != Tree::kNone;
  if (it == observed_.end()) {
    Observation o{exists, exists ? tree_.perms(id) : PermList{}, false, 0, {}};
    it = observed_.emplace(std::string(path), std::move(o)).first;
    if (on_observe_) on_observe_(it->first);
  }
  if (read) {
    // First read of a node only checked so far: its content counts from now.
    it->second.read = true;
    it->second.generation = exists ? tree_.generation(id) : 0;
    if (exists) it->second.value.assign(tree_.value(id));
  }
  return it->second;
}

const Transaction::Entry* Transaction::governing(std::string_view path) const {
  // Walk up from the parent; the first ancestor with an entry decides.
  for (std::string_view p = path::parent(path); !p.empty(); p = path::parent(p)) {
    if (auto it = overlay_.find(p); it != overlay_.end()) return &it->second;
  }
  return nullptr;
}

std::optional<NodeView> Transaction::get(std::string_view path, bool read) {
  auto it = overlay_.find(path);
  if (it != overlay_.end()) {
    const Entry& e = it->second;
    if (!e.exists) return std::nullopt;
    if (e.replaced) return NodeView{*e.value, &*e.perms, 0};
  } else if (const Entry* g = governing(path); g && (!g->exists || g->replaced)) {
    return std::nullopt;
  }
  // A committed node, seen as it was when first observed, with whatever
  // value or permissions this transaction gave it since.
  const Observation& o = observe(path, read);
  if (!o.existed) return std::nullopt;
  const Entry* e = it != overlay_.end() ? &it->second : nullptr;
  std::string_view value;
  if (e && e->value) {
    value = *e->value;
  } else if (o.read) {
    value = o.value;
  } else if (Tree::Id id = tree_.lookup(path); id != Tree::kNone) {
    value = tree_.value(id);
  }
  const PermList* perms = e && e->perms ? &*e->perms : &o.perms;
  return NodeView{value, perms, o.generation};
}

void Transaction::for_each_child(std::string_view path,
                                 const std::function<void(std::string_view)>& fn) {
  auto self = overlay_.find(path);
  bool live_visible = self == overlay_.end() || !self->second.replaced;
  Tree::Id id = live_visible ? tree_.lookup(path) : Tree::kNone;
  if (id != Tree::kNone) {
    observe(path, true);  // a listing depends on the children
    for (Tree::Id c = tree_.first_child(id); c != Tree::kNone; c = tree_.next_sibling(c)) {
      auto name = tree_.name(c);
      auto it = overlay_.find(child_path(path, name));
      if (it == overlay_.end() || it->second.exists) fn(name);
    }
  }
  // Children that exist only in the overlay.
  std::string prefix = path == "/" ? "/" : std::string(path) + "/";
  for (auto it = overlay_.lower_bound(prefix); it != overlay_.end(); ++it) {
    std::string_view p = it->first;
    if (!p.starts_with(prefix)) break;
    auto name = p.substr(prefix.size());
    if (name.empty() || name.find('/') != std::string_view::npos || !it->second.exists) continue;
    if (id != Tree::kNone && tree_.child(id, name) != Tree::kNone) continue;  // listed above
    fn(name);
  }
}

Transaction::Entry& Transaction::touch(std::string_view path) {
  if (auto it = overlay_.find(path); it != overlay_.end()) return it->second;
  Entry e;
  const Entry* g = governing(path);
  if (!g || (g->exists && !g->replaced)) {
    observe(path, false);
    e.exists = tree_.lookup(path) != Tree::kNone;
  }
  return overlay_.emplace(std::string(path), std::move(e)).first->second;
}

void Transaction::account(const PermList& perms, std::size_t name_len, std::size_t value_len,
                          long sign) {
  if (perms.empty()) return;
  node_delta_[perms[0].domid] += sign;
  byte_delta_[perms[0].domid] += sign * long(Tree::node_cost(name_len, value_len, perms.size()));
}

void Transaction::account_subtree(std::string path, long sign) {
  auto v = get(path, false);
  if (!v) return;
  account(*v->perms, path::basename(path).size(), v->value.size(), sign);
  std::vector<std::string> kids;
  for_each_child(path, [&](std::string_view n) { kids.push_back(child_path(path, n)); });
  for (auto& k : kids) account_subtree(std::move(k), sign);
}

Tree::Usage Transaction::usage(DomId owner) {
  Tree::Usage u = tree_.usage(owner);
  if (auto it = node_delta_.find(owner); it != node_delta_.end()) u.nodes += std::size_t(it->second);
  if (auto it = byte_delta_.find(owner); it != byte_delta_.end()) u.bytes += std::size_t(it->second);
  return u;
}

void Transaction::create(std::string_view path, std::string_view value, const PermList& perms) {
  Entry& e = touch(path);
  e.exists = true;
  e.replaced = true;
  e.value.emplace(value);
  e.perms = perms;
  account(perms, path::basename(path).size(), value.size(), +1);
}

void Transaction::set_value(std::string_view path, std::string_view value) {
  auto v = get(path, false);
  if (!v) return;
  std::size_t name_len = path::basename(path).size();
  PermList perms = *v->perms;
  account(perms, name_len, v->value.size(), -1);
  touch(path).value.emplace(value);
  account(perms, name_len, value.size(), +1);
}

void Transaction::set_perms(std::string_view path, const PermList& perms) {
  auto v = get(path, false);
  if (!v) return;
  std::size_t name_len = path::basename(path).size();
  account(*v->perms, name_len, v->value.size(), -1);
  account(perms, name_len, v->value.size(), +1);
  touch(path).perms = perms;
}

void Transaction::remove(std::string_view path) {
  account_subtree(std::string(path), -1);
  std::string prefix = std::string(path) + "/";
  overlay_.erase(overlay_.lower_bound(prefix), overlay_.lower_bound(std::string(path) + "0"));
  Entry& e = touch(path);
  e.exists = false;
  e.replaced = true;
  e.value.reset();
  e.perms.reset();
}

bool Transaction::conflicts() const {
  for (const auto& [p, o] : observed_) {
    Tree::Id id = tree_.lookup(p);
    bool exists = id != Tree::kNone;
    if (exists != o.existed) return true;
    if (exists && tree_.perms(id) != o.perms) return true;
    if (o.read && (exists ? tree_.generation(id) : 0) != o.generation) return true;
  }
  return false;
}

void Transaction::apply() {
  // Sorted order visits every parent before its children.
  for (auto& [p, e] : overlay_) {
    Tree::Id id = tree_.lookup(p);
    if (!e.exists || e.replaced) {
      if (id != Tree::kNone && id != tree_.root()) tree_.remove(id);
      if (!e.exists) continue;
      Tree::Id par = tree_.lookup(path::parent(p));
      if (par != Tree::kNone) tree_.create(par, path::basename(p), *e.value, *e.perms);
      continue;
    }
    if (id == Tree::kNone) continue;  // conflicts() rules this out
    if (e.value && tree_.value(id) != *e.value) tree_.set_value(id, *e.value);
    if (e.perms && tree_.perms(id) != *e.perms) tree_.set_perms(id, *e.perms);
  }
}

std::optional<NodeView> LiveStore::get(std::string_view path, bool) {
  Tree::Id id = tree_.lookup(path);
  if (id == Tree::kNone) return std::nullopt;
  return NodeView{tree_.value(id), &tree_.perms(id), tree_.generation(id)};
}

void LiveStore::for_each_child(std::string_view path,
                               const std::function<void(std::string_view)>& fn) {
  Tree::Id id = tree_.lookup(path);
  if (id == Tree::kNone) return;
  for (Tree::Id c = tree_.first_child(id); c != Tree::kNone; c = tree_.next_sibling(c))
    fn(tree_.name(c));
}

void LiveStore::create(std::string_view path, std::string_view value, const PermList& perms) {
  tree_.create(tree_.lookup(path::parent(path)), path::basename(path), value, perms);
}

void LiveStore::set_value(std::string_view path, std::string_view value) {
  tree_.set_value(tree_.lookup(path), value);
}

void LiveStore::set_perms(std::string_view path, const PermList& perms) {
  tree_.set_perms(tree_.lookup(path), perms);
}

void LiveStore::remove(std::string_view path) { tree_.remove(tree_.lookup(path)); }

}  // namespace xenstored
