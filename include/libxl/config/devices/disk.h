// Mirrors libxl_device_disk (Xen 4.17's libxl_types.idl, as Debian builds it
// with the virtio fields) and parses xl's disk spec, xl-disk-configuration(5).
#pragma once

#include <cstdint>
#include <expected>
#include <span>
#include <string>
#include <string_view>

#include "libxl/config/devices/common.h"

namespace libxl::config::devices {

enum class DiskBackend { Unknown, Phy, Tap, Qdisk, Standalone };
enum class DiskFormat { Unknown, Qcow, Qcow2, Vhd, Raw, Empty, Qed };
enum class DiskSpecification { Unknown, Xen, Virtio };
enum class DiskTransport { Unknown, Mmio };

std::string_view to_string(DiskBackend b);
std::string_view to_string(DiskFormat f);
std::string_view to_string(DiskSpecification s);
std::string_view to_string(DiskTransport t);

struct Disk {
  std::uint32_t backend_domid = 0;
  OptString backend_domname;
  OptString pdev_path;
  OptString vdev;
  DiskBackend backend = DiskBackend::Unknown;
  DiskFormat format = DiskFormat::Unknown;
  OptString script;
  int removable = 0;
  int readwrite = 0;
  int is_cdrom = 0;
  bool direct_io_safe = false;
  Defbool discard_enable;
  DiskSpecification specification = DiskSpecification::Unknown;
  DiskTransport transport = DiskTransport::Unknown;
  std::uint32_t irq = 0;
  std::uint64_t base = 0;
  Defbool colo_enable;
  Defbool colo_restore_enable;
  OptString colo_host;
  int colo_port = 0;
  OptString colo_export;
  OptString active_disk;
  OptString hidden_disk;
  Defbool trusted;
};

// One disk from its spec components (a config-file entry is one component; the
// block-attach arguments are several). Messages follow xl's wording, e.g.
// "no vdev specified in `foo'".
std::expected<Disk, SpecError> parse_disk(std::span<const std::string_view> components);
std::expected<Disk, SpecError> parse_disk(std::string_view spec);

void write_json(json::Writer& w, const Disk& d);

}  // namespace libxl::config::devices
