// Mirrors libxl_device_pci (Xen 4.17's libxl_types.idl) and parses the pci
// entries of xl.cfg(5): "[DDDD:]BB:DD.F[@VSLOT][,KEY=VALUE...]".
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "libxl/config/devices/common.h"
#include "libxl/config/devices/rdm.h"

namespace libxl::config::devices {

struct Pci {
  std::uint8_t func = 0;
  std::uint8_t dev = 0;
  std::uint8_t bus = 0;
  int domain = 0;
  std::uint32_t vdevfn = 0;
  std::uint32_t vfunc_mask = 0;
  bool msitranslate = false;
  bool power_mgmt = false;
  bool permissive = false;
  bool seize = false;
  RdmPolicy rdm_policy = RdmPolicy::Invalid;
  OptString name;
};

// `defaults` carries xl's global pci_* settings (pci_permissive, ...), which
// per-device options override.
std::expected<Pci, SpecError> parse_pci(std::string_view spec, const Pci& defaults = {});

void write_json(json::Writer& w, const Pci& p);

}  // namespace libxl::config::devices
