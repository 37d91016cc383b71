// Per-domain files libxl keeps beside XenStore, named as Xen's libxl names
// them (<lib_dir>/userdata-d.<domid>.<uuid>.<id>) so that either toolstack
// finds the other's: "libxl-json" holds the domain's configuration.
#pragma once

#include <optional>
#include <string>

#include "libxl/context.h"

namespace libxl::domain {

std::string userdata_path(const Context& ctx, DomId domid, const std::string& uuid,
                          const std::string& id);
// Written whole or not at all (a temporary file renamed into place).
Result<void> store_userdata(const Context& ctx, DomId domid, const std::string& uuid,
                            const std::string& id, const std::string& data);
// The domain's configuration as libxl keeps it: JSON with a trailing NUL
// byte, as libxl stores C strings.
Result<void> store_config_json(const Context& ctx, DomId domid, const std::string& uuid,
                               const std::string& json);
std::optional<std::string> read_config_json(const Context& ctx, DomId domid, const std::string& uuid);
std::optional<std::string> read_userdata(const Context& ctx, DomId domid, const std::string& uuid,
                                         const std::string& id);
// Every userdata file of DOMID (any uuid, any id), but its lock.
void remove_userdata(const Context& ctx, DomId domid);

// One domain's lock, as libxl takes it (an flock on
// userdata-d.<domid>.<uuid>.domain-userdata-lock): whoever changes the
// domain's life or its stored files holds it, so that two xl invocations,
// or xl and a monitor, do not interleave. Released by the destructor.
class DomainLock {
 public:
  static Result<DomainLock> acquire(const Context& ctx, DomId domid, const std::string& uuid);
  DomainLock(DomainLock&& o) noexcept : fd_(o.fd_), path_(std::move(o.path_)) { o.fd_ = -1; }
  DomainLock& operator=(DomainLock&&) = delete;
  ~DomainLock();
  // For a domain being destroyed: the lock file goes too, while held.
  void remove_file();

 private:
  DomainLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_;
  std::string path_;
};

}  // namespace libxl::domain
