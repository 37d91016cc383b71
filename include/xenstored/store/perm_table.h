// Interned permission lists: thousands of nodes share a handful of distinct
// lists, so each node holds a 32-bit id instead of its own vector.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "xenstored/store/permissions.h"

namespace xenstored {

class PermTable {
 public:
  using Id = std::uint32_t;

  Id intern(const PermList& perms);  // takes a reference
  void retain(Id id) { ++refs_[id]; }
  void release(Id id);
  const PermList& get(Id id) const { return lists_[id]; }
  std::size_t distinct() const { return index_.size(); }

 private:
  static std::string key(const PermList& perms);

  std::vector<PermList> lists_;
  std::vector<std::uint32_t> refs_;
  std::vector<Id> free_;
  std::unordered_map<std::string, Id> index_;
};

}  // namespace xenstored
