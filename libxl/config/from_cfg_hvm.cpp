// The per-type part of parse_config_data: HVM firmware and platform
// features, or a PV/PVH kernel; later the device model settings and the
// HVM display, serial and USB options.

#include "from_cfg_internal.h"
#include "libxl/host/random.h"

namespace libxl::config::detail {

namespace {

constexpr std::string_view kFirmwareDir = "/usr/lib/xen-4.17/boot";  // Debian's XENFIRMWAREDIR
constexpr std::uint64_t kMmioStart = 0xF0000000ull;                  // HVM_BELOW_4G_MMIO_START
constexpr std::uint64_t kMmioLength = (1ull << 32) - kMmioStart;
constexpr int kViridianWidth = 64;  // LIBXL_BUILDINFO_HVM_VIRIDIAN_ENABLE_DISABLE_WIDTH

constexpr std::string_view kViridianNames[] = {
    "base", "freq", "time_ref_count", "reference_tsc", "hcall_remote_tlb_flush",
    "apic_assist", "crash_ctl", "synic", "stimer", "hcall_ipi",
    "ex_processor_masks", "no_vp_limit", "cpu_hotplug",
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string_view basename(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  auto slash = path.rfind('/');
  return slash == std::string_view::npos || path.size() == 1 ? path : path.substr(slash + 1);
}

Status parse_viridian(Parser& p) {
  auto& h = p.d.b_info.hvm;
  const Value* v = p.value("viridian");
  if (!v) return {};
  if (v->kind != Value::Kind::List) {  // the boolean form
    p.defbool("viridian", h.viridian, true);
    return {};
  }
  if (!v->items.empty()) {
    h.viridian_enable.assign(kViridianWidth, false);
    h.viridian_disable.assign(kViridianWidth, false);
  }
  for (const auto& item : v->items) {
    if (item.kind != Value::Kind::Atom) break;
    std::string_view s = item.atom;
    if (s == "all") {
      h.viridian_enable.assign(kViridianWidth, true);
    } else if (s == "defaults") {
      h.viridian = true;
    } else {
      bool disable = !s.empty() && s[0] == '!';
      if (disable) s.remove_prefix(1);
      int bit = -1;
      for (std::size_t i = 0; i < std::size(kViridianNames); ++i)
        if (iequals(kViridianNames[i], s)) bit = int(i);
      if (bit < 0)
        return std::unexpected(p.fail(
            "viridian", "xl: unknown viridian enlightenment '" + std::string(s) + "'",
            kExitErrorFail));
      (disable ? h.viridian_disable : h.viridian_enable)[std::size_t(bit)] = true;
      (disable ? h.viridian_enable : h.viridian_disable)[std::size_t(bit)] = false;
    }
  }
  return {};
}

Status parse_hvm(Parser& p) {
  auto& b = p.d.b_info;
  auto& h = b.hvm;
  // hvmloader is the default firmware; naming it as the kernel is a mistake.
  if (b.kernel && basename(*b.kernel) == "hvmloader") {
    p.warn("WARNING: you seem to be using \"kernel\" directive to override HVM guest firmware. "
           "Ignore that. Use \"firmware_override\" instead if you really want a non-default "
           "firmware");
    b.kernel.reset();
  }
  p.replace_string("firmware_override", h.firmware);
  p.replace_string("bios_path_override", h.system_firmware);
  if (auto s = p.str("bios")) {
    auto v = enum_from_string<BiosType>(
        *s, {BiosType::Unknown, BiosType::Rombios, BiosType::Seabios, BiosType::Ovmf});
    if (!v) return std::unexpected(p.fail("bios", "ERROR: invalid value \"" + *s + "\" for \"bios\""));
    h.bios = *v;
  } else if (h.system_firmware) {
    p.warn("WARNING: bios_path_override given without specific bios name");
  }
  p.defbool("pae", h.pae);
  p.defbool("acpi_s3", h.acpi_s3);
  p.defbool("acpi_s4", h.acpi_s4);
  p.defbool("acpi_laptop_slate", h.acpi_laptop_slate);
  p.defbool("nx", h.nx);
  p.defbool("hpet", h.hpet);
  p.defbool("vpt_align", h.vpt_align);
  p.defbool("apic", b.apic);
  if (auto r = parse_viridian(p); !r) return r;

  if (auto l = p.lng("mmio_hole")) {
    h.mmio_hole_memkb = std::uint64_t(*l) * 1024;
    std::uint64_t size = h.mmio_hole_memkb * 1024;
    if (size < kMmioLength || size > kMmioStart)
      return std::unexpected(p.fail(
          "mmio_hole", "ERROR: invalid value " + std::to_string(*l) + " for \"mmio_hole\""));
  }
  if (p.defbool("altp2mhvm", h.altp2m))
    p.warn("WARNING: Specifying \"altp2mhvm\" is deprecated. Please use \"altp2m\" instead.");
  p.replace_string("smbios_firmware", h.smbios_firmware);
  p.replace_string("acpi_firmware", h.acpi_firmware);

  if (auto s = p.str("ms_vm_genid")) {
    if (*s == "generate") {
      if (!host::random_bytes(h.ms_vm_genid))
        return std::unexpected(p.fail("ms_vm_genid", "ERROR: no random bytes for \"ms_vm_genid\""));
    } else if (*s != "none") {
      return std::unexpected(
          p.fail("ms_vm_genid", "ERROR: \"ms_vm_genid\" option must be \"generate\" or \"none\""));
    }
  }
  if (auto l = p.lng("rdm_mem_boundary")) h.rdm_mem_boundary_memkb = std::uint64_t(*l) * 1024;

  if (const Value* v = p.value("mca_caps")) {
    if (v->kind == Value::Kind::List) {
      for (const auto& it : v->items) {
        if (it.kind != Value::Kind::Atom) break;
        if (it.atom != "lmce")
          return std::unexpected(p.fail(
              "mca_caps", "ERROR: unrecognized MCA capability '" + it.atom + "'.", kExitErrorFail));
        h.mca_caps |= 1;  // XEN_HVM_MCA_CAP_LMCE
      }
    } else {
      return std::unexpected(p.fail("mca_caps", "ERROR: unable to parse mca_caps.", kExitErrorFail));
    }
  }

  // firmware= is a bios name, "uefi"/"bios" (or a prefix), or a path.
  if (auto s = p.str("firmware")) {
    auto v = enum_from_string<BiosType>(
        *s, {BiosType::Unknown, BiosType::Rombios, BiosType::Seabios, BiosType::Ovmf});
    if (v) h.bios = *v;
    else if (prefix_of(*s, "uefi")) h.bios = BiosType::Ovmf;
    else if (!prefix_of(*s, "bios")) h.firmware = *s;
  }
  return {};
}

}  // namespace

Status parse_hvm_firmware(Parser& p) {
  auto& b = p.d.b_info;
  if (b.type == DomainType::Hvm) return parse_hvm(p);
  // PV and PVH: firmware= names a pvgrub image instead of a kernel.
  if (auto s = p.str("firmware")) {
    if (b.kernel)
      return std::unexpected(p.fail("firmware", "ERROR: both kernel and firmware specified"));
    if (!prefix_of(*s, "pvgrub32") && !prefix_of(*s, "pvgrub64"))
      return std::unexpected(
          p.fail("firmware", "ERROR: only pvgrub{32|64} supported as firmware options"));
    b.kernel = std::string(kFirmwareDir) + "/" + *s + ".bin";
  }
  if (!b.bootloader && !b.kernel)
    return std::unexpected(DomainConfigError{"Neither kernel nor bootloader specified", 1});
  return {};
}

}  // namespace libxl::config::detail
