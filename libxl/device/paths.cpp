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

}  // namespace libxl::device
