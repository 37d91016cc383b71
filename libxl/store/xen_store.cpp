// XenStoreClient: the store seam over libxenstore, one xs_handle per
// instance, closed by the destructor.
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "libxl/store/store.h"
#include "xensys/xenstore.h"

namespace libxl::store {

std::string Error::message() const { return op + ": " + std::strerror(err); }

namespace {

struct XsClose {
  void operator()(xs_handle* h) const { xs_close(h); }
};
struct FreeC {
  void operator()(void* p) const { std::free(p); }
};

class XenStoreClient final : public Store {
 public:
  explicit XenStoreClient(std::unique_ptr<xs_handle, XsClose> h) : h_(std::move(h)) {}

  std::optional<std::string> read(const std::string& path) override {
    unsigned len = 0;
    std::unique_ptr<void, FreeC> v(xs_read(h_.get(), XBT_NULL, path.c_str(), &len));
    if (!v) return std::nullopt;
    return std::string(static_cast<const char*>(v.get()), len);
  }

  Result<std::vector<std::string>> directory(const std::string& path) override {
    unsigned n = 0;
    errno = 0;
    std::unique_ptr<char*, FreeC> names(xs_directory(h_.get(), XBT_NULL, path.c_str(), &n));
    if (!names) return std::unexpected(Error{"xs_directory " + path, errno ? errno : EIO});
    return std::vector<std::string>(names.get(), names.get() + n);
  }

 private:
  std::unique_ptr<xs_handle, XsClose> h_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_xenstore() {
  errno = 0;
  std::unique_ptr<xs_handle, XsClose> h(xs_open(0));
  if (!h) return std::unexpected(Error{"xs_open", errno ? errno : EIO});
  return std::make_unique<XenStoreClient>(std::move(h));
}

}  // namespace libxl::store
