#include "libxl/domain/userdata.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace libxl::domain {

std::string userdata_path(const Context& ctx, DomId domid, const std::string& uuid,
                          const std::string& id) {
  return ctx.lib_dir() + "/userdata-d." + std::to_string(domid) + "." + uuid + "." + id;
}

Result<void> store_userdata(const Context& ctx, DomId domid, const std::string& uuid,
                            const std::string& id, const std::string& data) {
  const std::string path = userdata_path(ctx, domid, uuid, id);
  const std::string tmp = ctx.lib_dir() + "/userdata-n." + std::to_string(domid) + "." + uuid + "." + id;
  auto fail = [&](const std::string& what) {
    int e = errno;
    ::unlink(tmp.c_str());
    return std::unexpected(Error{ErrorCode::Fail, what + " " + tmp + ": " + std::strerror(e)});
  };
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail("cannot create");
  std::size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = errno;
      ::close(fd);
      errno = e;
      return fail("cannot write");
    }
    off += std::size_t(n);
  }
  if (::close(fd) != 0) return fail("cannot write");
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("cannot rename");
  return {};
}

std::optional<std::string> read_userdata(const Context& ctx, DomId domid, const std::string& uuid,
                                         const std::string& id) {
  std::ifstream in(userdata_path(ctx, domid, uuid, id), std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Result<void> store_config_json(const Context& ctx, DomId domid, const std::string& uuid,
                               const std::string& json) {
  return store_userdata(ctx, domid, uuid, "libxl-json", json + '\0');
}

std::optional<std::string> read_config_json(const Context& ctx, DomId domid, const std::string& uuid) {
  auto s = read_userdata(ctx, domid, uuid, "libxl-json");
  if (s) {
    while (!s->empty() && s->back() == '\0') s->pop_back();
  }
  return s;
}

void remove_userdata(const Context& ctx, DomId domid) {
  struct CloseDir {
    void operator()(DIR* d) const { ::closedir(d); }
  };
  std::unique_ptr<DIR, CloseDir> d(::opendir(ctx.lib_dir().c_str()));
  if (!d) return;
  const std::string prefix = "userdata-d." + std::to_string(domid) + ".";
  while (dirent* e = ::readdir(d.get())) {
    std::string n = e->d_name;
    // The lock file stays: whoever holds it removes it.
    if (n.starts_with(prefix) && !n.ends_with(".domain-userdata-lock"))
      ::unlink((ctx.lib_dir() + "/" + n).c_str());
  }
}

Result<DomainLock> DomainLock::acquire(const Context& ctx, DomId domid, const std::string& uuid) {
  std::string path = userdata_path(ctx, domid, uuid, "domain-userdata-lock");
  for (;;) {
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
      return std::unexpected(Error{ErrorCode::Fail, "cannot open lock " + path + ": " + std::strerror(errno)});
    while (::flock(fd, LOCK_EX) != 0) {
      if (errno != EINTR) {
        int e = errno;
        ::close(fd);
        return std::unexpected(Error{ErrorCode::Fail, "cannot lock " + path + ": " + std::strerror(e)});
      }
    }
    // A destroyer may have removed the file while we waited: lock the new one.
    struct stat held {}, now {};
    if (::fstat(fd, &held) == 0 && ::stat(path.c_str(), &now) == 0 && held.st_ino == now.st_ino)
      return DomainLock(fd, std::move(path));
    ::close(fd);
  }
}

DomainLock::~DomainLock() {
  if (fd_ >= 0) ::close(fd_);
}

void DomainLock::remove_file() { ::unlink(path_.c_str()); }

}  // namespace libxl::domain
