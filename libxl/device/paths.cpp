#include "libxl/device/device.h"

namespace libxl::device {

std::string_view to_string(Kind k) {
  switch (k) {
    case Kind::Vbd: return "vbd";
    case Kind::Vif: return "vif";
    case Kind::Console: return "console";
  }
  return "?";
}

std::string frontend_path(const Ref& d) {
  return "/local/domain/" + std::to_string(d.domid) + "/device/" + std::string(to_string(d.kind)) + "/" +
         std::to_string(d.devid);
}

std::string backend_path(const Ref& d) {
  return "/local/domain/" + std::to_string(d.backend_domid) + "/backend/" + std::string(to_string(d.kind)) +
         "/" + std::to_string(d.domid) + "/" + std::to_string(d.devid);
}

std::string libxl_path(const Ref& d) {
  return "/libxl/" + std::to_string(d.domid) + "/device/" + std::string(to_string(d.kind)) + "/" +
         std::to_string(d.devid);
}

Result<DomId> backend_domain(Context& ctx, const std::optional<std::string>& name, DomId backend_domid) {
  if (!name || name->empty()) return backend_domid;
  auto id = ctx.name_to_domid(*name);
  if (!id) return std::unexpected(Error{ErrorCode::Inval, "backend domain " + *name + " does not exist"});
  return *id;
}

}  // namespace libxl::device
