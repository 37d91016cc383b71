#include "libxl/domain/init_dom0.h"

#include "libxl/config/domain_config.h"
#include "libxl/domain/userdata.h"

namespace libxl::domain {

Result<void> init_dom0(Context& ctx) {
  auto& xs = ctx.store();
  auto r = store::transact(xs, [&](store::Tx tx) -> store::Result<void> {
    if (auto w = xs.write(tx, "/local/domain/0/domid", "0"); !w) return w;
    if (auto w = xs.write(tx, "/local/domain/0/name", "Domain-0"); !w) return w;
    // The default cpupool's name, which the tools show for pool 0.
    return xs.write(tx, "/local/pool/0/name", "Pool-0");
  });
  if (!r) return std::unexpected(Error{ErrorCode::Fail, "XenStore: " + r.error().message()});

  auto info = ctx.hypervisor().domain(0);
  if (!info) return std::unexpected(Error{ErrorCode::Fail, "domain 0: " + info.error().message()});
  // dom0 was built by Xen, not from a configuration: the record says only
  // that it is PV, as Xen's tools write it.
  config::DomainConfig stub;
  stub.c_info.type = config::DomainType::Pv;
  stub.b_info.type = config::DomainType::Pv;
  return store_config_json(ctx, 0, config::devices::format_uuid(info->handle),
                           config::domain_config_to_json(stub));
}

}  // namespace libxl::domain
