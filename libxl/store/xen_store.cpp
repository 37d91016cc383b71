// XenStoreClient: the store seam over libxenstore, one xs_handle per
// instance, closed by the destructor.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "libxl/store/store.h"
#include "watch_connection.h"
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
  Result<void> resume_domain(DomId domid) override {
    if (!xs_resume_domain(h_.get(), domid)) return std::unexpected(failed("xs_resume_domain"));
    return {};
  }

  // Watches go over a connection of their own (see watch_connection.h).
  Result<void> watch(const std::string& path, const std::string& token) override {
    if (auto r = watches(); !r) return std::unexpected(r.error());
    return watches_->watch(path, token);
  }

  Result<void> unwatch(const std::string& path, const std::string& token) override {
    if (!watches_) return std::unexpected(Error{"xs_unwatch " + path, ENOENT});
    return watches_->unwatch(path, token);
  }

  int watch_fd() override { return watches() ? watches_->fd() : -1; }

  Result<std::pair<std::string, std::string>> read_watch() override {
    if (auto r = watches(); !r) return std::unexpected(r.error());
    return watches_->read_event();
  }

 private:
  Result<void> watches() {
    if (watches_) return {};
    auto c = WatchConnection::open();
    if (!c) return std::unexpected(c.error());
    watches_.emplace(std::move(*c));
    return {};
  }
  std::unique_ptr<xs_handle, XsClose> h_;
  std::optional<WatchConnection> watches_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_xenstore() {
  errno = 0;
  std::unique_ptr<xs_handle, XsClose> h(xs_open(0));
  if (!h) return std::unexpected(Error{"xs_open", errno ? errno : EIO});
  return std::make_unique<XenStoreClient>(std::move(h));
}

}  // namespace libxl::store
