// libxl's string tables for the domain configuration's enums: the lower-case
// IDL names, which is what the JSON carries.
#include <string_view>

#include "libxl/config/domain_config.h"

namespace libxl::config {

std::string_view to_string(DomainType v) {
  switch (v) {
    case DomainType::Hvm: return "hvm";
    case DomainType::Pv: return "pv";
    case DomainType::Pvh: return "pvh";
    case DomainType::Invalid: break;
  }
  return "invalid";
}

std::string_view to_string(ActionOnShutdown v) {
  switch (v) {
    case ActionOnShutdown::Destroy: return "destroy";
    case ActionOnShutdown::Restart: return "restart";
    case ActionOnShutdown::RestartRename: return "restart_rename";
    case ActionOnShutdown::Preserve: return "preserve";
    case ActionOnShutdown::CoredumpDestroy: return "coredump_destroy";
    case ActionOnShutdown::CoredumpRestart: return "coredump_restart";
    case ActionOnShutdown::SoftReset: return "soft_reset";
  }
  return "destroy";
}

std::string_view to_string(Passthrough v) {
  switch (v) {
    case Passthrough::Default: return "default";
    case Passthrough::Disabled: return "disabled";
    case Passthrough::Enabled: return "enabled";
    case Passthrough::SyncPt: return "sync_pt";
    case Passthrough::SharePt: return "share_pt";
  }
  return "default";
}

std::string_view to_string(TscMode v) {
  switch (v) {
    case TscMode::Default: return "default";
    case TscMode::AlwaysEmulate: return "always_emulate";
    case TscMode::Native: return "native";
    case TscMode::NativeParavirt: return "native_paravirt";
  }
  return "default";
}

std::string_view to_string(TimerMode v) {
  switch (v) {
    case TimerMode::Unknown: return "unknown";
    case TimerMode::DelayForMissedTicks: return "delay_for_missed_ticks";
    case TimerMode::NoDelayForMissedTicks: return "no_delay_for_missed_ticks";
    case TimerMode::NoMissedTicksPending: return "no_missed_ticks_pending";
    case TimerMode::OneMissedTickPending: return "one_missed_tick_pending";
  }
  return "unknown";
}

std::string_view to_string(BiosType v) {
  switch (v) {
    case BiosType::Unknown: return "unknown";
    case BiosType::Rombios: return "rombios";
    case BiosType::Seabios: return "seabios";
    case BiosType::Ovmf: return "ovmf";
  }
  return "unknown";
}

std::string_view to_string(Scheduler v) {
  switch (v) {
    case Scheduler::Unknown: return "unknown";
    case Scheduler::Sedf: return "sedf";
    case Scheduler::Credit: return "credit";
    case Scheduler::Credit2: return "credit2";
    case Scheduler::Arinc653: return "arinc653";
    case Scheduler::Rtds: return "rtds";
    case Scheduler::Null: return "null";
  }
  return "unknown";
}

std::string_view to_string(DeviceModelVersion v) {
  switch (v) {
    case DeviceModelVersion::Unknown: return "unknown";
    case DeviceModelVersion::QemuXenTraditional: return "qemu_xen_traditional";
    case DeviceModelVersion::QemuXen: return "qemu_xen";
  }
  return "unknown";
}

std::string_view to_string(VgaInterfaceType v) {
  switch (v) {
    case VgaInterfaceType::Unknown: return "unknown";
    case VgaInterfaceType::Cirrus: return "cirrus";
    case VgaInterfaceType::Std: return "std";
    case VgaInterfaceType::None: return "none";
    case VgaInterfaceType::Qxl: return "qxl";
  }
  return "unknown";
}

std::string_view to_string(VendorDevice v) {
  return v == VendorDevice::Xenserver ? "xenserver" : "none";
}

std::string_view to_string(HdType v) { return v == HdType::Ahci ? "ahci" : "ide"; }

std::string_view to_string(GfxPassthruKind v) {
  return v == GfxPassthruKind::Igd ? "igd" : "default";
}

std::string_view to_string(TeeType v) { return v == TeeType::Optee ? "optee" : "none"; }

std::string_view to_string(AltP2mMode v) {
  switch (v) {
    case AltP2mMode::Disabled: return "disabled";
    case AltP2mMode::Mixed: return "mixed";
    case AltP2mMode::External: return "external";
    case AltP2mMode::Limited: return "limited";
  }
  return "disabled";
}

std::string_view to_string(GicVersion v) {
  switch (v) {
    case GicVersion::Default: return "default";
    case GicVersion::V2: return "v2";
    case GicVersion::V3: return "v3";
  }
  return "default";
}

std::string_view to_string(VuartType v) {
  return v == VuartType::SbsaUart ? "sbsa_uart" : "unknown";
}

}  // namespace libxl::config
