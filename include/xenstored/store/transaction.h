// A transaction: reads fall through to the committed tree, writes go to a
// private overlay, and every node it depends on is remembered: a node whose
// content it read by its generation, a node it only checked (a parent it
// creates under, a node it overwrites) by its existence and permissions.
// Commit succeeds only if all of those still hold, which makes the commit
// equivalent to running the whole transaction at that instant; EAGAIN thus
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

  // Called with each node the transaction depends on, the first time.
  void set_on_observe(std::function<void(const std::string&)> fn) { on_observe_ = std::move(fn); }
  bool has_observed(const std::string& path) const { return observed_.contains(path); }
  template <class F>
  void for_each_observed(F&& fn) const {
    for (const auto& [p, o] : observed_) fn(p);
  }

  std::optional<NodeView> get(std::string_view path, bool read = true) override;
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
    bool replaced = false;  // created (or re-created) here: committed children hidden
    std::optional<std::string> value;  // unset: the committed one
    std::optional<PermList> perms;
  };
  struct Observation {
    bool existed;
    PermList perms;
    bool read;                  // content depended on too:
    std::uint32_t generation;   // as it was then (0: absent)
    std::string value;          // and what was read, so reads repeat
  };

  const Observation& observe(std::string_view path, bool read);
  // The overlay entry of the nearest ancestor-or-self that has one, or null.
  const Entry* governing(std::string_view path) const;
  Entry& touch(std::string_view path);  // materialise path in the overlay
  void account(const PermList& perms, std::size_t name_len, std::size_t value_len, long sign);
  void account_subtree(std::string path, long sign);

  Tree& tree_;
  std::uint32_t id_;
  std::map<std::string, Entry, std::less<>> overlay_;
  std::unordered_map<std::string, Observation> observed_;
  std::unordered_map<DomId, long> node_delta_;
  std::unordered_map<DomId, long> byte_delta_;
  std::vector<ChangeEvent> events_;
  std::function<void(const std::string&)> on_observe_;
};

// The committed tree seen through NodeStore; changes are reported at once.
class LiveStore final : public NodeStore {
 public:
  using Notify = std::function<void(const ChangeEvent&)>;
  LiveStore(Tree& tree, Notify notify) : tree_(tree), notify_(std::move(notify)) {}

  std::optional<NodeView> get(std::string_view path, bool read = true) override;
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
