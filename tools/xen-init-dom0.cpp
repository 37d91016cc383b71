// xen-init-dom0: dom0's XenStore nodes and stored configuration at boot,
// run once after xenstored starts (as Xen's helper of the same name).
#include <iostream>

#include "libxl/context.h"
#include "libxl/domain/init_dom0.h"

int main(int argc, char**) {
  if (argc > 1) {
    std::cerr << "usage: xen-init-dom0\n";
    return 2;
  }
  auto ctx = libxl::Context::open();
  if (!ctx) {
    std::cerr << "xen-init-dom0: " << ctx.error().message << "\n";
    return 1;
  }
  if (auto r = libxl::domain::init_dom0(**ctx); !r) {
    std::cerr << "xen-init-dom0: " << r.error().message << "\n";
    return 1;
  }
  return 0;
}
