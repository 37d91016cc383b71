#include "xenstored/store/tree.h"

#include <cstring>
#include <new>

namespace xenstored {

namespace {

std::uint16_t load16(const char* p) {
  std::uint16_t v;
  std::memcpy(&v, p, 2);
  return v;
}

}  // namespace

Tree::Tree(const PermList& root_perms) {
  index_.assign(1024, kNone);
  index_mask_ = index_.size() - 1;
  Id r = allocate_node();
  Node& n = node(r);
  n.parent = kNone;
  n.first_child = kNone;
  n.next = n.prev = r;
  n.perms = perm_table_.intern(root_perms);
  n.blob = make_blob("", "");
  n.generation = next_generation();
  charge(n, +1);
}

std::uint32_t Tree::next_generation() {
  // Generations only need to differ from the one a transaction recorded; 0
  // is kept for "absent", so skip it on wrap-around.
  ++generation_;
  auto g = std::uint32_t(generation_);
  if (g == 0) g = std::uint32_t(++generation_);
  return g;
}

Tree::Id Tree::allocate_node() {
  Id id;
  if (!free_ids_.empty()) {
    id = free_ids_.back();
    free_ids_.pop_back();
  } else {
    if (next_unused_ >= kFreeMark - 1) throw std::bad_alloc();
    id = next_unused_++;
    if ((id >> kPageBits) >= pages_.size())
      pages_.emplace_back(new Node[std::size_t(1) << kPageBits]);
  }
  ++live_nodes_;
  return id;
}

BlobArena::Handle Tree::make_blob(std::string_view name, std::string_view value) {
  auto h = blobs_.allocate(4 + name.size() + value.size());
  char* p = blobs_.data(h);
  auto nl = std::uint16_t(name.size()), vl = std::uint16_t(value.size());
  std::memcpy(p, &nl, 2);
  std::memcpy(p + 2, &vl, 2);
  if (!name.empty()) std::memcpy(p + 4, name.data(), name.size());
  if (!value.empty()) std::memcpy(p + 4 + name.size(), value.data(), value.size());
  return h;
}

std::size_t Tree::blob_size(const Node& n) const {
  const char* p = blobs_.data(n.blob);
  return 4 + load16(p) + load16(p + 2);
}

std::string_view Tree::name(Id id) const {
  const char* p = blobs_.data(node(id).blob);
  return {p + 4, load16(p)};
}

std::string_view Tree::value(Id id) const {
  const char* p = blobs_.data(node(id).blob);
  return {p + 4 + load16(p), load16(p + 2)};
}

Tree::Id Tree::next_sibling(Id id) const {
  const Node& n = node(id);
  if (n.parent == kNone) return kNone;
  Id nx = n.next;
  return nx == node(n.parent).first_child ? kNone : nx;
}

std::string Tree::path(Id id) const {
  if (id == root()) return "/";
  std::vector<std::string_view> parts;
  for (Id c = id; c != root(); c = node(c).parent) parts.push_back(name(c));
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    out.push_back('/');
    out.append(*it);
  }
  return out;
}

std::size_t Tree::node_cost(std::size_t name_len, std::size_t value_len, std::size_t nperms) {
  return sizeof(Node) + 4 + name_len + value_len + nperms * sizeof(PermEntry);
}

void Tree::charge(const Node& n, long sign) {
  const PermList& perms = perm_table_.get(n.perms);
  if (perms.empty()) return;
  Usage& u = usage_[perms[0].domid];
  const char* p = blobs_.data(n.blob);
  std::size_t cost = node_cost(load16(p), load16(p + 2), perms.size());
  u.nodes += std::size_t(sign);
  u.bytes += std::size_t(sign) * cost;
}

Tree::Usage Tree::usage(DomId owner) const {
  auto it = usage_.find(owner);
  return it == usage_.end() ? Usage{} : it->second;
}

std::size_t Tree::memory_reserved() const {
  return pages_.size() * (sizeof(Node) << kPageBits) + blobs_.bytes_reserved() +
         index_.size() * sizeof(Id);
}

Tree::Id Tree::lookup(std::string_view abs_path) const {
  Id cur = root();
  std::size_t i = 1;
  while (i < abs_path.size() && cur != kNone) {
    std::size_t j = abs_path.find('/', i);
    if (j == std::string_view::npos) j = abs_path.size();
    cur = child(cur, abs_path.substr(i, j - i));
    i = j + 1;
  }
  return cur;
}

std::uint64_t Tree::hash(Id parent, std::string_view name) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ (std::uint64_t(parent) * 0xff51afd7ed558ccdull);
  for (unsigned char c : name) h = (h ^ c) * 0x100000001b3ull;
  h ^= h >> 29;
  h *= 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 32);
}

Tree::Id Tree::child(Id parent, std::string_view name) const {
  for (std::size_t i = hash(parent, name) & index_mask_;; i = (i + 1) & index_mask_) {
    Id c = index_[i];
    if (c == kNone) return kNone;
    if (node(c).parent == parent && this->name(c) == name) return c;
  }
}

void Tree::index_insert(Id id) {
  if ((live_nodes_ + 1) * 4 > index_.size() * 3) index_grow();
  for (std::size_t i = hash(node(id).parent, name(id)) & index_mask_;; i = (i + 1) & index_mask_) {
    if (index_[i] == kNone) {
      index_[i] = id;
      return;
    }
  }
}

void Tree::index_erase(Id id) {
  std::size_t i = hash(node(id).parent, name(id)) & index_mask_;
  while (index_[i] != id) i = (i + 1) & index_mask_;
  // Backward-shift deletion keeps probe chains intact without tombstones.
  std::size_t j = i;
  while (true) {
    j = (j + 1) & index_mask_;
    Id c = index_[j];
    if (c == kNone) break;
    std::size_t home = hash(node(c).parent, name(c)) & index_mask_;
    // c may fill the hole if the hole lies on its probe path (home .. j).
    if (((j - home) & index_mask_) >= ((j - i) & index_mask_)) {
      index_[i] = c;
      i = j;
    }
  }
  index_[i] = kNone;
}

void Tree::index_grow() {
  std::vector<Id> old(index_.size() * 2, kNone);
  old.swap(index_);
  index_mask_ = index_.size() - 1;
  for (Id c : old) {
    if (c == kNone) continue;
    for (std::size_t i = hash(node(c).parent, name(c)) & index_mask_;; i = (i + 1) & index_mask_) {
      if (index_[i] == kNone) {
        index_[i] = c;
        break;
      }
    }
  }
}

Tree::Id Tree::create(Id parent, std::string_view name, std::string_view value,
                      const PermList& perms) {
  Id id = allocate_node();
  Node& n = node(id);
  n.parent = parent;
  n.first_child = kNone;
  n.perms = perm_table_.intern(perms);
  n.blob = make_blob(name, value);
  n.generation = next_generation();
  Node& p = node(parent);
  if (p.first_child == kNone) {
    p.first_child = id;
    n.next = n.prev = id;
  } else {
    Id first = p.first_child;
    Id last = node(first).prev;
    n.prev = last;
    n.next = first;
    node(last).next = id;
    node(first).prev = id;
  }
  p.generation = next_generation();
  index_insert(id);
  charge(n, +1);
  return id;
}

void Tree::set_value(Id id, std::string_view value) {
  Node& n = node(id);
  charge(n, -1);
  auto old = n.blob;
  std::size_t old_size = blob_size(n);
  n.blob = make_blob(name(id), value);  // the old block stays valid until released
  blobs_.release(old, old_size);
  n.generation = next_generation();
  charge(n, +1);
}

void Tree::set_perms(Id id, const PermList& perms) {
  Node& n = node(id);
  charge(n, -1);
  auto fresh = perm_table_.intern(perms);
  perm_table_.release(n.perms);
  n.perms = fresh;
  n.generation = next_generation();
  charge(n, +1);
}

void Tree::destroy_one(Id id) {
  Node& n = node(id);
  charge(n, -1);
  index_erase(id);
  blobs_.release(n.blob, blob_size(n));
  perm_table_.release(n.perms);
  n.parent = kFreeMark;
  n.first_child = kNone;
  free_ids_.push_back(id);
  --live_nodes_;
}

}  // namespace xenstored
