// Writing a group of nodes in one transaction, stopping at the first
// failure, with errors in the library's own type: what every layout
// (domain, console, devices) needs. Internal to the library.
#pragma once

#include <functional>
#include <optional>
#include <algorithm>
#include <cerrno>
#include <string>

#include "libxl/context.h"
#include "libxl/store/store.h"

namespace libxl::store {

inline libxl::Error store_error(const Error& e) {
  return libxl::Error{libxl::ErrorCode::Fail, "XenStore: " + e.message()}; }

// Writes in order, stopping at the first failure.
class Writer {
 public:
  Writer(store::Store& xs, Tx tx) : xs_(xs), tx_(tx) {}
  Writer& mknod(const std::string& path, const Perms& perms) {
    if (ok_) ok_ = xs_.write(tx_, path, "");
    if (ok_) ok_ = xs_.set_perms(tx_, path, perms);
    return *this;
  }
  Writer& write(const std::string& path, const std::string& value) {
    if (ok_) ok_ = xs_.write(tx_, path, value);
    return *this;
  }
  Writer& write(const std::string& path, const std::string& value, const Perms& perms) {
    return write(path, value).perms(path, perms);
  }
  Writer& perms(const std::string& path, const Perms& perms) {
    if (ok_) ok_ = xs_.set_perms(tx_, path, perms);
    return *this;
  }
  Writer& remove(const std::string& path) {
    if (ok_) ok_ = xs_.remove(tx_, path);
    return *this;
  }
  // PATH, then its parents while they are left empty, never climbing to
  // KEEP_DEPTH slashes or fewer: the tree as Xen's libxl's path cleanup
  // leaves it (no empty .../backend/vbd/<domid>, .../device/vif, ...).
  Writer& remove_with_empty_parents(const std::string& path, std::size_t keep_depth) {
    remove(path);
    std::string up = path;
    for (;;) {
      auto slash = up.rfind('/');
      if (slash == std::string::npos || slash == 0) break;
      up.resize(slash);
      if (static_cast<std::size_t>(std::count(up.begin(), up.end(), '/')) <= keep_depth) break;
      auto left = xs_.directory(tx_, up);
      if (!left || !left->empty()) break;
      remove(up);
    }
    return *this;
  }
  libxl::Result<void> done() const {
    if (!ok_) return std::unexpected(store_error(ok_.error()));
    return {};
  }

 private:
  store::Store& xs_;
  Tx tx_;
  store::Result<void> ok_;
};

inline libxl::Result<void> in_transaction(Store& xs, const std::function<libxl::Result<void>(Tx)>& fn) {
  std::optional<libxl::Error> mine;
  auto r = store::transact(xs, [&](Tx tx) -> store::Result<void> {
    mine.reset();
    if (auto e = fn(tx); !e) {
      mine = e.error();
      return std::unexpected(Error{"aborted", ECANCELED});
    }
    return {};
  });
  if (mine) return std::unexpected(*mine);
  if (!r) return std::unexpected(store_error(r.error()));
  return {};
}


}  // namespace libxl::store
