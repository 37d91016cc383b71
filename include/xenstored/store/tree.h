// The committed store: a tree of nodes packed for memory (28 bytes per node
// plus its name and value in a BlobArena), children kept in insertion order,
// and a hash index from (parent, name) to child.
//
// Every change stamps the node (and, for a child added or removed, its
// parent) with a fresh generation; transactions compare generations to find
// conflicts and DIRECTORY_PART hands them out as its gencnt.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "xenstored/store/blob_arena.h"
#include "xenstored/store/perm_table.h"
#include "xenstored/store/permissions.h"

namespace xenstored {

class Tree {
 public:
  using Id = std::uint32_t;
  static constexpr Id kNone = UINT32_MAX;

  struct Usage {
    std::size_t nodes = 0;
    std::size_t bytes = 0;
  };

  explicit Tree(const PermList& root_perms);
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;

  Id root() const { return 0; }
  Id lookup(std::string_view abs_path) const;
  Id child(Id parent, std::string_view name) const;

  std::string_view name(Id id) const;
  std::string_view value(Id id) const;
  const PermList& perms(Id id) const { return perm_table_.get(node(id).perms); }
  std::uint32_t generation(Id id) const { return node(id).generation; }
  Id parent(Id id) const { return node(id).parent; }
  Id first_child(Id id) const { return node(id).first_child; }
  Id next_sibling(Id id) const;  // kNone after the last child
  std::string path(Id id) const;

  Id create(Id parent, std::string_view name, std::string_view value, const PermList& perms);
  void set_value(Id id, std::string_view value);
  void set_perms(Id id, const PermList& perms);
  // Removes `id` and its subtree (not the root); calls on_removed(Id) for
  // each node before it goes, children first.
  template <class F>
  void remove(Id id, F&& on_removed);
  void remove(Id id) {
    remove(id, [](Id) {});
  }

  std::size_t size() const { return live_nodes_; }
  Usage usage(DomId owner) const;
  const std::unordered_map<DomId, Usage>& usage_by_owner() const { return usage_; }
  std::size_t distinct_perm_lists() const { return perm_table_.distinct(); }
  std::size_t memory_reserved() const;

  // Accounted size of one node, as charged to its owner.
  static std::size_t node_cost(std::size_t name_len, std::size_t value_len, std::size_t nperms);

 private:
  struct Node {
    Id parent;
    Id first_child;
    Id next;  // siblings form a circular list: first_child's prev is the last child
    Id prev;
    PermTable::Id perms;
    BlobArena::Handle blob;  // u16 name length, u16 value length, name, value
    std::uint32_t generation;
  };
  static_assert(sizeof(Node) == 28);
  static constexpr unsigned kPageBits = 12;
  static constexpr Id kFreeMark = UINT32_MAX - 1;

  Node& node(Id id) { return pages_[id >> kPageBits][id & ((1u << kPageBits) - 1)]; }
  const Node& node(Id id) const { return pages_[id >> kPageBits][id & ((1u << kPageBits) - 1)]; }
  Id allocate_node();
  std::uint32_t next_generation();
  BlobArena::Handle make_blob(std::string_view name, std::string_view value);
  std::size_t blob_size(const Node& n) const;
  void charge(const Node& n, long sign);
  void destroy_one(Id id);

  // Hash index over (parent, name).
  static std::uint64_t hash(Id parent, std::string_view name);
  void index_insert(Id id);
  void index_erase(Id id);
  void index_grow();

  std::vector<std::unique_ptr<Node[]>> pages_;
  std::vector<Id> free_ids_;
  Id next_unused_ = 0;
  std::size_t live_nodes_ = 0;
  std::uint64_t generation_ = 0;
  BlobArena blobs_;
  PermTable perm_table_;
  std::vector<Id> index_;  // open addressing, linear probing, kNone = empty
  std::size_t index_mask_ = 0;
  std::unordered_map<DomId, Usage> usage_;
};

template <class F>
void Tree::remove(Id id, F&& on_removed) {
  // Iterative post-order walk: deep trees must not exhaust the stack.
  Id top = id;
  Id cur = id;
  Id par = node(id).parent;
  // Unlink from the parent first so the walk below never leaves the subtree.
  {
    Node& p = node(par);
    Node& n = node(id);
    if (n.next == id) {
      p.first_child = kNone;
    } else {
      node(n.prev).next = n.next;
      node(n.next).prev = n.prev;
      if (p.first_child == id) p.first_child = n.next;
    }
    n.next = n.prev = id;
    p.generation = next_generation();
  }
  while (true) {
    while (node(cur).first_child != kNone) cur = node(cur).first_child;
    // cur is a leaf: remove it and continue with its parent or sibling.
    Id up = node(cur).parent;
    on_removed(cur);
    if (cur == top) {
      destroy_one(cur);
      return;
    }
    Node& pn = node(up);
    Node& n = node(cur);
    if (n.next == cur) {
      pn.first_child = kNone;
    } else {
      node(n.prev).next = n.next;
      node(n.next).prev = n.prev;
      pn.first_child = n.next;
    }
    destroy_one(cur);
    cur = up;
  }
}

}  // namespace xenstored
