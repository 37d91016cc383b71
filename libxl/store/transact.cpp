#include "libxl/store/store.h"

namespace libxl::store {

Result<void> transact(Store& s, const std::function<Result<void>(Tx)>& fn) {
  for (;;) {
    auto tx = s.begin();
    if (!tx) return std::unexpected(tx.error());
    if (auto r = fn(*tx); !r) {
      s.abort(*tx);
      return r;
    }
    auto done = s.commit(*tx);
    if (!done) return std::unexpected(done.error());
    if (*done) return {};
  }
}

}  // namespace libxl::store
