// All watches of all connections, indexed by watched path so that an event
// costs one lookup per component of its path, not one per watch.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "xenstored/server/connection.h"

namespace xenstored {

class WatchRegistry {
 public:
  void add(Watch* w);
  void remove(Watch* w);
  std::size_t size() const { return count_; }

  // Calls deliver(watch, event_path) for every watch an event on `path` fires:
  // watches on path or any ancestor get `path`; for a recursive removal,
  // watches below path get their own path.
  void match(std::string_view path, bool recursive_removal,
             const std::function<void(Watch&, std::string_view)>& deliver) const;

 private:
  std::map<std::string, std::vector<Watch*>, std::less<>> by_path_;
  std::size_t count_ = 0;
};

}  // namespace xenstored
