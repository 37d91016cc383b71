#include "libxl/console/primary.h"

#include <cerrno>
#include <cstdlib>

namespace libxl::console {

Result<ConsoleTarget> primary_console(Context& ctx, hypervisor::DomId domid) {
  // A stub domain runs the device model, and the guest's serial with it.
  const std::string dom = "/local/domain/" + std::to_string(domid);
  if (auto stub = ctx.store().read(dom + "/image/device-model-domid")) {
    auto stubid = static_cast<hypervisor::DomId>(std::atoi(stub->c_str()));
    if (stubid != 0) return ConsoleTarget{stubid, kStubdomSerialConsole, ConsoleType::Pv};
  }
  auto info = ctx.hypervisor().domain(domid);
  if (!info) {
    return std::unexpected(Error{Error::Kind::NoDomain, info.error().err,
                                 "unable to get domain type for domid=" + std::to_string(domid)});
  }
  if (!info->hvm) return ConsoleTarget{domid, 0, ConsoleType::Pv};
  // Xen says only "HVM container"; libxl's own note tells PVH from HVM,
  // and without it libxl assumes HVM.
  auto kind = ctx.store().read("/libxl/" + std::to_string(domid) + "/type");
  if (kind && *kind == "pvh") return ConsoleTarget{domid, 0, ConsoleType::Pv};
  return ConsoleTarget{domid, 0, ConsoleType::Serial};
}

}  // namespace libxl::console
