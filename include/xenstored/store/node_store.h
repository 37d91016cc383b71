// One interface over the two places a request can read and write nodes:
// the committed tree (LiveStore) and a transaction's private overlay
// (Transaction). Request handling is written once against it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "xenstored/store/permissions.h"
#include "xenstored/store/tree.h"

namespace xenstored {

struct NodeView {
  std::string_view value;
  const PermList* perms;
  std::uint32_t generation;
};

// A change to report to watchers once it is committed.
struct ChangeEvent {
  std::string path;
  bool recursive_removal;
  PermList perms;  // as they were at the change, to decide who may see it
};

class NodeStore {
 public:
  virtual ~NodeStore() = default;
  // Views stay valid until the next change made through this store.
  // `read` says the caller depends on the node's content (value, children);
  // otherwise only on its existence and permissions (a permission check
  // before a write). Transactions use the difference to conflict less.
  virtual std::optional<NodeView> get(std::string_view path, bool read = true) = 0;
  virtual void for_each_child(std::string_view path,
                              const std::function<void(std::string_view)>& fn) = 0;
  // Parent exists, path does not.
  virtual void create(std::string_view path, std::string_view value, const PermList& perms) = 0;
  virtual void set_value(std::string_view path, std::string_view value) = 0;
  virtual void set_perms(std::string_view path, const PermList& perms) = 0;
  virtual void remove(std::string_view path) = 0;  // with its subtree; path exists
  virtual void changed(ChangeEvent ev) = 0;
  // Nodes and bytes owned by a domain as this store sees them.
  virtual Tree::Usage usage(DomId owner) = 0;
};

}  // namespace xenstored
