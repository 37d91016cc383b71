// A transaction: reads fall through to the committed tree, writes go to a
// private overlay, and every node touched remembers the generation it had.
// Commit succeeds only if none of those nodes changed meanwhile, so EAGAIN
// means a real conflict, never an unrelated write elsewhere in the store.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "xenstored/store/node_store.h"
#include "xenstored/store/tree.h"

namespace xenstored {

class Transaction final : public NodeStore {
 public:
  Transaction(Tree& tree, std::uint32_t id) : tree_(tree), id_(id) {}

  std::uint32_t id() const { return id_; }

  std::optional<NodeView> get(std::string_view path) override;
  void for_each_child(std::string_view path,
                      const std::function<void(std::string_view)>& fn) override;
  void create(std::string_view path, std::string_view value, const PermList& perms) override;
  void set_value(std::string_view path, std::string_view value) override;
  void set_perms(std::string_view path, const PermList& perms) override;
  void remove(std::string_view path) override;
  void changed(ChangeEvent ev) override { events_.push_back(std::move(ev)); }
  Tree::Usage usage(DomId owner) override;

  // Number of distinct nodes read or written (the transaction-nodes quota).
  std::size_t nodes_accessed() const { return observed_.size(); }
  // True if a node this transaction depended on changed since.
  bool conflicts() const;
  // Writes the overlay into the tree; the caller checked conflicts().
  void apply();
  std::vector<ChangeEvent>& events() { return events_; }

 private:
  struct Entry {
    bool exists = false;
    bool replaced = false;  // committed children are hidden (created or re-created here)
    std::string value;
    PermList perms;
  };

  void observe(std::string_view path);
  // The overlay entry of the nearest ancestor-or-self that has one, or null.
  const Entry* governing(std::string_view path) const;
  Entry& touch(std::string_view path);  // materialise path in the overlay
  void account(const PermList& perms, std::size_t name_len, std::size_t value_len, long sign);
  void account_subtree(std::string path, long sign);

  Tree& tree_;
  std::uint32_t id_;
  std::map<std::string, Entry, std::less<>> overlay_;
  std::unordered_map<std::string, std::uint32_t> observed_;  // path -> generation, 0 = absent
  std::unordered_map<DomId, long> node_delta_;
  std::unordered_map<DomId, long> byte_delta_;
  std::vector<ChangeEvent> events_;
};

// The committed tree seen through NodeStore; changes are reported at once.
class LiveStore final : public NodeStore {
 public:
  using Notify = std::function<void(const ChangeEvent&)>;
  LiveStore(Tree& tree, Notify notify) : tree_(tree), notify_(std::move(notify)) {}

  std::optional<NodeView> get(std::string_view path) override;
  void for_each_child(std::string_view path,
                      const std::function<void(std::string_view)>& fn) override;
  void create(std::string_view path, std::string_view value, const PermList& perms) override;
  void set_value(std::string_view path, std::string_view value) override;
  void set_perms(std::string_view path, const PermList& perms) override;
  void remove(std::string_view path) override;
  void changed(ChangeEvent ev) override { notify_(ev); }
  Tree::Usage usage(DomId owner) override { return tree_.usage(owner); }

 private:
  Tree& tree_;
  Notify notify_;
};

}  // namespace xenstored
