// The library's seam over XenStore: what the domain logic reads and writes,
// with errors as values. XenStoreClient (libxenstore) implements it on a Xen
// host; the unit tests use a test double.
#pragma once

#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace libxl::store {

struct Error {
  std::string op;
  int err = 0;
  std::string message() const;  // "op: strerror(err)"
};
template <class T>
using Result = std::expected<T, Error>;

class Store {
 public:
  virtual ~Store() = default;
  // The value at PATH; nullopt when there is no such node (or it may not
  // be read), as libxl treats both.
  virtual std::optional<std::string> read(const std::string& path) = 0;
  // The children of PATH.
  virtual Result<std::vector<std::string>> directory(const std::string& path) = 0;
};

// A connection to the XenStore daemon (its socket, or the kernel's device,
// as libxenstore chooses; XENSTORED_PATH overrides).
Result<std::unique_ptr<Store>> open_xenstore();

}  // namespace libxl::store
