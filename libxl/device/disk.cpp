#include "libxl/device/disk.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "generic.h"
#include "info.h"
#include "libxl/device/vdev.h"

namespace libxl::device {

using config::devices::Disk;
using config::devices::DiskBackend;
using config::devices::DiskFormat;

Result<int> disk_setdefault(Disk& disk) {
  const std::string vdev = disk.vdev.value_or("");
  auto devid = vdev_to_devid(vdev);
  if (!devid)
    return std::unexpected(Error{ErrorCode::Inval, "Invalid or unsupported virtual disk identifier " + vdev});
  if (disk.format == DiskFormat::Unknown) disk.format = DiskFormat::Raw;
  const std::string target = disk.pdev_path.value_or("");
  auto refuse = [&](const std::string& why) {
    return std::unexpected(Error{ErrorCode::Fail, "disk " + vdev + ": " + why});
  };
  if (disk.backend == DiskBackend::Qdisk || disk.format != DiskFormat::Raw ||
      (disk.format == DiskFormat::Raw && disk.is_cdrom && target.empty()))
    return refuse(std::string("format ") + std::string(to_string(disk.format)) +
                  (disk.is_cdrom && target.empty() ? " (an empty cdrom)" : "") +
                  " needs QEMU's qdisk backend, which comes with HVM support: not available yet");
  if (disk.backend == DiskBackend::Tap) return refuse("the tap backend (tapdisk2) is not supported");
  if (disk.backend == DiskBackend::Standalone) return refuse("the standalone backend is not supported");
  if (target.empty()) return refuse("no target (file or block device) given");
  // The phy backend serves a block device, or a file through a loop device
  // the hotplug script sets up; a custom script= may name anything.
  if (!disk.script) {
    struct stat st {};
    if (::stat(target.c_str(), &st) != 0)
      return std::unexpected(Error{ErrorCode::Fail, "Disk vdev=" + vdev + " failed to stat: " + target + ": " +
                                                        std::strerror(errno)});
    if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
      return refuse("\"" + target + "\" is neither a regular file nor a block device");
  }
  disk.backend = DiskBackend::Phy;
  return *devid;
}

Addition disk_addition(Context& ctx, DomId domid, const Disk& disk, int devid) {
  Ref d{Kind::Vbd, domid, devid, disk.backend_domid};
  std::string script = disk.script.value_or("block");
  if (script.find('/') == std::string::npos) script = ctx.script_dir() + "/" + script;
  const std::string type = disk.is_cdrom ? "cdrom" : "disk";
  Nodes n;
  n.back = {{"frontend", frontend_path(d)},
            {"params", disk.pdev_path.value_or("")},
            {"script", script},
            {"frontend-id", std::to_string(domid)},
            {"online", "1"},
            {"removable", std::to_string(disk.removable)},
            {"bootable", "1"},
            {"state", "1"},
            {"dev", disk.vdev.value_or("")},
            {"type", "phy"},
            {"mode", disk.readwrite ? "w" : "r"},
            {"device-type", type}};
  if (disk.direct_io_safe) n.back.emplace_back("direct-io-safe", "1");
  n.back.emplace_back("discard-enable", disk.discard_enable.value_or(true) ? "1" : "0");
  n.back.emplace_back("specification", "xen");
  n.front = {{"backend", backend_path(d)},
             {"backend-id", std::to_string(disk.backend_domid)},
             {"state", "1"},
             {"virtual-device", std::to_string(devid)},
             {"device-type", type},
             {"trusted", disk.trusted.value_or(true) ? "1" : "0"}};
  return Addition{d, n, "add", "remove"};
}

Result<void> add_disk(Context& ctx, DomId domid, const Disk& disk, int devid) {
  return add_devices(ctx, {disk_addition(ctx, domid, disk, devid)});
}

Result<void> remove_disk(Context& ctx, DomId domid, int devid, bool force) {
  Ref d{Kind::Vbd, domid, devid, backend_domid_of(ctx, Kind::Vbd, domid, devid)};
  return remove_device(ctx, d, force, "remove");
}

Result<std::vector<DiskInfo>> list_disks(Context& ctx, DomId domid) {
  std::vector<DiskInfo> out;
  for (int devid : devids(ctx, Kind::Vbd, domid)) {
    FrontendView v = frontend_view(ctx, Ref{Kind::Vbd, domid, devid, 0});
    DiskInfo i;
    i.devid = devid;
    i.backend_id = v.backend_id;
    i.frontend_id = domid;
    i.state = v.state;
    i.evtch = v.number("event-channel");
    i.rref = v.number("ring-ref");
    i.backend = v.backend;
    out.push_back(i);
  }
  return out;
}

}  // namespace libxl::device
