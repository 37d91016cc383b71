#include "xenstored/server/watch_registry.h"

#include <algorithm>

#include "xenstored/store/path.h"

namespace xenstored {

void WatchRegistry::add(Watch* w) {
  by_path_[w->path].push_back(w);
  ++count_;
}

void WatchRegistry::remove(Watch* w) {
  auto it = by_path_.find(w->path);
  if (it == by_path_.end()) return;
  auto& v = it->second;
  auto pos = std::find(v.begin(), v.end(), w);
  if (pos == v.end()) return;
  v.erase(pos);
  --count_;
  if (v.empty()) by_path_.erase(it);
}

void WatchRegistry::match(std::string_view path, bool recursive_removal,
                          const std::function<void(Watch&, std::string_view)>& deliver) const {
  if (by_path_.empty()) return;
  auto fire_exact = [&](std::string_view wpath) {
    auto it = by_path_.find(wpath);
    if (it == by_path_.end()) return;
    for (Watch* w : it->second) {
      if (w->depth && path::depth_below(path, w->path) > *w->depth) continue;
      deliver(*w, path);
    }
  };
  if (path::is_special(path)) {
    fire_exact(path);
    return;
  }
  fire_exact("/");
  for (std::size_t i = 1; i < path.size(); ++i)
    if (path[i] == '/') fire_exact(path.substr(0, i));
  if (path.size() > 1) fire_exact(path);

  if (recursive_removal) {
    std::string prefix = path == "/" ? "/" : std::string(path) + "/";
    for (auto it = by_path_.lower_bound(prefix); it != by_path_.end(); ++it) {
      if (!std::string_view(it->first).starts_with(prefix)) break;
      if (it->first == "/") continue;
      for (Watch* w : it->second) deliver(*w, w->path);
    }
  }
}

}  // namespace xenstored
