// The library's seam over XenStore: what the domain logic reads and writes,
// with errors as values. XenStoreClient (libxenstore) implements it on a Xen
// host; the unit tests use a test double.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace libxl::store {

struct Error {
  std::string op;
  int err = 0;
  std::string message() const;  // "op: strerror(err)"
};
template <class T>
using Result = std::expected<T, Error>;

using DomId = std::uint32_t;

// One entry of a node's permission list: the first names the owner and what
// every other domain may do; the rest grant DOMID its access.
struct Perm {
  DomId domid = 0;
  char access = 'n';  // 'n' none, 'r' read, 'w' write, 'b' both
  bool operator==(const Perm&) const = default;
};
using Perms = std::vector<Perm>;

// A transaction id; kNoTx outside one.
using Tx = std::uint32_t;
inline constexpr Tx kNoTx = 0;

class Store {
 public:
  virtual ~Store() = default;
  // The value at PATH; nullopt when there is no such node (or it may not
  // be read), as libxl treats both.
  virtual std::optional<std::string> read(Tx tx, const std::string& path) = 0;
  std::optional<std::string> read(const std::string& path) { return read(kNoTx, path); }
  // The children of PATH.
  virtual Result<std::vector<std::string>> directory(Tx tx, const std::string& path) = 0;
  Result<std::vector<std::string>> directory(const std::string& path) {
    return directory(kNoTx, path);
  }

  virtual Result<void> write(Tx tx, const std::string& path, const std::string& value) = 0;
  virtual Result<void> mkdir(Tx tx, const std::string& path) = 0;
  // Removes PATH and everything under it; no error when it is not there.
  virtual Result<void> remove(Tx tx, const std::string& path) = 0;
  virtual Result<void> set_perms(Tx tx, const std::string& path, const Perms& perms) = 0;

  virtual Result<Tx> begin() = 0;
  // False when another writer got in first (EAGAIN): the caller retries.
  virtual Result<bool> commit(Tx tx) = 0;
  virtual void abort(Tx tx) = 0;

  // Tells xenstored that DOMID's store ring is at GFN, signalled on PORT.
  virtual Result<void> introduce(DomId domid, std::uint64_t gfn, std::uint32_t port) = 0;
  // Tells xenstored that DOMID, suspended, runs again: its next shutdown
  // fires @releaseDomain as the first did.
  virtual Result<void> resume_domain(DomId domid) = 0;

  // Watches: fire once at once, then on every change under PATH.
  virtual Result<void> watch(const std::string& path, const std::string& token) = 0;
  virtual Result<void> unwatch(const std::string& path, const std::string& token) = 0;
  // An fd that polls readable when a watch event is waiting (-1: none).
  virtual int watch_fd() = 0;
  // The next event as (path, token); blocks until there is one.
  virtual Result<std::pair<std::string, std::string>> read_watch() = 0;
};

// Runs FN in a transaction, again from the start while commits conflict;
// FN's error aborts it.
Result<void> transact(Store& s, const std::function<Result<void>(Tx)>& fn);

// A connection to the XenStore daemon (its socket, or the kernel's device,
// as libxenstore chooses; XENSTORED_PATH overrides).
Result<std::unique_ptr<Store>> open_xenstore();

}  // namespace libxl::store
