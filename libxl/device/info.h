// Reading back what devices a domain has, from libxl's record of them
// (/libxl/<domid>/device/<kind>) and their frontends. Internal.
#pragma once

#include <string>
#include <vector>

#include "libxl/context.h"
#include "libxl/device/device.h"

namespace libxl::device {

// DOMID's devices of KIND, in device-number order.
std::vector<int> devids(Context& ctx, Kind kind, DomId domid);

// The domain serving a device (0 unless its record names another).
DomId backend_domid_of(Context& ctx, Kind kind, DomId domid, int devid);

struct FrontendView {
  Context* ctx = nullptr;
  std::string frontend, backend;
  DomId backend_id = 0;
  int state = 0;
  // The frontend's KEY as a number; -1 when absent or not a number.
  int number(const std::string& key) const;
};
FrontendView frontend_view(Context& ctx, const Ref& d);

}  // namespace libxl::device
