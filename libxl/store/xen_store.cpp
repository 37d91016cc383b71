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

Error failed(std::string op, const std::string& path = {}) {
  int e = errno;
  return Error{path.empty() ? std::move(op) : op + " " + path, e ? e : EIO};
}

unsigned perm_bits(char access) {
  switch (access) {
    case 'r': return XS_PERM_READ;
    case 'w': return XS_PERM_WRITE;
    case 'b': return XS_PERM_READ | XS_PERM_WRITE;
    default: return XS_PERM_NONE;
  }
}

class XenStoreClient final : public Store {
 public:
  explicit XenStoreClient(std::unique_ptr<xs_handle, XsClose> h) : h_(std::move(h)) {}

  std::optional<std::string> read(Tx tx, const std::string& path) override {
    unsigned len = 0;
    std::unique_ptr<void, FreeC> v(xs_read(h_.get(), tx, path.c_str(), &len));
    if (!v) return std::nullopt;
    return std::string(static_cast<const char*>(v.get()), len);
  }

  Result<std::vector<std::string>> directory(Tx tx, const std::string& path) override {
    unsigned n = 0;
    errno = 0;
    std::unique_ptr<char*, FreeC> names(xs_directory(h_.get(), tx, path.c_str(), &n));
    if (!names) return std::unexpected(failed("xs_directory", path));
    return std::vector<std::string>(names.get(), names.get() + n);
  }

  Result<void> write(Tx tx, const std::string& path, const std::string& value) override {
    if (!xs_write(h_.get(), tx, path.c_str(), value.data(), unsigned(value.size())))
      return std::unexpected(failed("xs_write", path));
    return {};
  }

  Result<void> mkdir(Tx tx, const std::string& path) override {
    if (!xs_mkdir(h_.get(), tx, path.c_str())) return std::unexpected(failed("xs_mkdir", path));
    return {};
  }

  Result<void> remove(Tx tx, const std::string& path) override {
    errno = 0;
    if (!xs_rm(h_.get(), tx, path.c_str()) && errno != ENOENT)
      return std::unexpected(failed("xs_rm", path));
    return {};
  }

  Result<void> set_perms(Tx tx, const std::string& path, const Perms& perms) override {
    std::vector<xs_permissions> raw(perms.size());
    for (std::size_t i = 0; i < perms.size(); ++i) {
      raw[i].id = perms[i].domid;
      raw[i].perms = perm_bits(perms[i].access);
    }
    if (!xs_set_permissions(h_.get(), tx, path.c_str(), raw.data(), unsigned(raw.size())))
      return std::unexpected(failed("xs_set_permissions", path));
    return {};
  }

  Result<Tx> begin() override {
    errno = 0;
    xs_transaction_t t = xs_transaction_start(h_.get());
    if (t == XBT_NULL) return std::unexpected(failed("xs_transaction_start"));
    return Tx(t);
  }

  Result<bool> commit(Tx tx) override {
    errno = 0;
    if (xs_transaction_end(h_.get(), tx, false)) return true;
    if (errno == EAGAIN) return false;
    return std::unexpected(failed("xs_transaction_end"));
  }

  void abort(Tx tx) override { xs_transaction_end(h_.get(), tx, true); }

  Result<void> introduce(DomId domid, std::uint64_t gfn, std::uint32_t port) override {
    if (!xs_introduce_domain(h_.get(), domid, gfn, port))
      return std::unexpected(failed("xs_introduce_domain"));
    return {};
  }

  Result<void> watch(const std::string& path, const std::string& token) override {
    if (!xs_watch(h_.get(), path.c_str(), token.c_str()))
      return std::unexpected(failed("xs_watch", path));
    return {};
  }

  Result<void> unwatch(const std::string& path, const std::string& token) override {
    if (!xs_unwatch(h_.get(), path.c_str(), token.c_str()))
      return std::unexpected(failed("xs_unwatch", path));
    return {};
  }

  int watch_fd() override { return xs_fileno(h_.get()); }

  Result<std::pair<std::string, std::string>> read_watch() override {
    unsigned n = 0;
    errno = 0;
    std::unique_ptr<char*, FreeC> ev(xs_read_watch(h_.get(), &n));
    if (!ev || n < 2) return std::unexpected(failed("xs_read_watch"));
    return std::pair<std::string, std::string>(ev.get()[XS_WATCH_PATH], ev.get()[XS_WATCH_TOKEN]);
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
