#include "libxl/domain/rename.h"

#include <optional>

#include "libxl/config/devices/common.h"

namespace libxl::domain {

Result<void> rename(Context& ctx, DomId domid, const std::string& new_name) {
  auto info = ctx.hypervisor().domain(domid);
  if (!info)
    return std::unexpected(Error{info.error().err == ESRCH ? ErrorCode::DomainNotFound : ErrorCode::Fail,
                                 info.error().message()});
  const std::string uuid = config::devices::format_uuid(info->handle);
  const std::string d = std::to_string(domid);
  std::optional<Error> err;
  auto r = store::transact(ctx.store(), [&](store::Tx tx) -> store::Result<void> {
    // Non-empty names are unique.
    if (!new_name.empty()) {
      auto other = ctx.name_to_domid(new_name);
      if (other && *other != domid) {
        err = Error{ErrorCode::Inval,
                    "Domain " + d + ":Domain with name \"" + new_name + "\" already exists."};
        return std::unexpected(store::Error{"rename", 0});
      }
    }
    const std::string dom = "/local/domain/" + d;
    if (auto w = ctx.store().write(tx, dom + "/name", new_name); !w) return w;
    return ctx.store().write(tx, "/vm/" + uuid + "/name", new_name);
  });
  if (err) return std::unexpected(*err);
  if (!r) return std::unexpected(Error{ErrorCode::Fail, r.error().message()});
  return {};
}

}  // namespace libxl::domain
