#include "xenstored/store/perm_table.h"

#include <cstring>

namespace xenstored {

std::string PermTable::key(const PermList& perms) {
  std::string k(perms.size() * 5, '\0');
  char* p = k.data();
  for (const auto& e : perms) {
    std::memcpy(p, &e.domid, 4);
    p[4] = char(e.access);
    p += 5;
  }
  return k;
}

PermTable::Id PermTable::intern(const PermList& perms) {
  auto k = key(perms);
  if (auto it = index_.find(k); it != index_.end()) {
    ++refs_[it->second];
    return it->second;
  }
  Id id;
  if (!free_.empty()) {
    id = free_.back();
    free_.pop_back();
    lists_[id] = perms;
    refs_[id] = 1;
  } else {
    id = Id(lists_.size());
    lists_.push_back(perms);
    refs_.push_back(1);
  }
  index_.emplace(std::move(k), id);
  return id;
}

void PermTable::release(Id id) {
  if (--refs_[id] != 0) return;
  index_.erase(key(lists_[id]));
  lists_[id].clear();
  lists_[id].shrink_to_fit();
  free_.push_back(id);
}

}  // namespace xenstored
