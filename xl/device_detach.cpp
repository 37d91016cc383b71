// block-detach and network-detach: find the device as xl does (a vdev or
// number; a devid or MAC), then take it away from the running domain.
#include <cstdlib>
#include <ostream>

#include "commands.h"
#include "libxl/device/disk.h"
#include "libxl/device/nic.h"
#include "libxl/device/vdev.h"
#include "libxl/domain/devices.h"

namespace xl {

int cmd_block_detach(const Globals& g, Io& io, const std::vector<std::string>& args) {
  auto cmd = open_domain_command(g, io, args, "f", {{"force", 'f', false}}, 2);
  if (!cmd) return cmd.error();
  auto& [p, ctx, domid] = *cmd;
  const bool force = p.opts.find('f') != std::string::npos;
  const std::string& which = p.operands[1];
  auto devid = libxl::device::vdev_to_devid(which);
  bool connected = false;
  if (devid) {
    if (auto disks = libxl::device::list_disks(*ctx, domid))
      for (const auto& d : *disks) connected = connected || d.devid == *devid;
  }
  if (!connected) {
    io.err << "Error: Device " << which << " not connected.\n";
    return 1;
  }
  if (auto r = libxl::domain::detach_disk(*ctx, domid, *devid, force); !r) {
    io.err << "libxl: error: " << r.error().message << "\n";
    io.err << "libxl_device_disk_" << (force ? "destroy" : "safe_remove") << " failed.\n";
    return 1;
  }
  return 0;
}

int cmd_network_detach(const Globals& g, Io& io, const std::vector<std::string>& args) {
  auto cmd = open_domain_command(g, io, args, "", {}, 2);
  if (!cmd) return cmd.error();
  auto& [p, ctx, domid] = *cmd;
  const std::string& which = p.operands[1];
  auto nics = libxl::device::list_nics(*ctx, domid);
  std::optional<int> devid;
  if (nics) {
    // A MAC when it has a colon, else a number (atoi, as xl).
    const bool by_mac = which.find(':') != std::string::npos;
    for (const auto& n : *nics) {
      if (by_mac ? n.mac == which : n.devid == std::atoi(which.c_str())) devid = n.devid;
    }
  }
  if (!devid) {
    io.err << "Unknown device " << which << ".\n";
    return 1;
  }
  if (auto r = libxl::domain::detach_nic(*ctx, domid, *devid, false); !r) {
    io.err << "libxl: error: " << r.error().message << "\n";
    io.err << "libxl_device_nic_del failed.\n";
    return 1;
  }
  return 0;
}

}  // namespace xl
