// The library's context: owns the hypervisor and XenStore handles and
// answers what the commands ask, in the library's own types. An embedder
// opens one with Context::open(); the unit tests build one over test
// doubles of both seams.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "libxl/hypervisor/hypervisor.h"
#include "libxl/store/store.h"

namespace libxl {

namespace device {
class HotplugRunner;
}

// libxl's error codes (libxl_types.idl), which xl prints and returns.
enum class ErrorCode : int {
  Fail = -3,
  NoMem = -5,
  NoParavirt = -7,
  Inval = -6,
  GuestTimedOut = -8,
  DomainNotFound = -21,
};

struct Error {
  ErrorCode code = ErrorCode::Fail;
  std::string message;  // in words: which step failed and why
};
template <class T>
using Result = std::expected<T, Error>;

using hypervisor::DomId;

// One domain as `xl list` shows it.
struct DomainSummary {
  hypervisor::DomainInfo info;
  std::optional<std::string> name;  // /local/domain/<id>/name, if any
  std::uint64_t current_memkb() const;
  std::uint64_t outstanding_memkb() const;
};

class Context {
 public:
  Context(std::unique_ptr<hypervisor::Hypervisor> hv, std::unique_ptr<store::Store> store);
  ~Context();
  // On a Xen host: libxenctrl and the XenStore daemon.
  static Result<std::unique_ptr<Context>> open();

  hypervisor::Hypervisor& hypervisor() { return *hv_; }
  store::Store& store() { return *store_; }

  // Asked once per context; later calls return the same answer.
  Result<hypervisor::Version> version_info();
  Result<hypervisor::PhysInfo> physinfo();
  Result<std::string> scheduler();
  Result<unsigned> free_cpus();

  Result<std::vector<hypervisor::CpuTopology>> cpu_topology();
  Result<std::vector<hypervisor::NumaNode>> numa_info();
  // The host's PCI devices (SYSFS_DIR/bus/pci/devices, in directory order)
  // and the node of each (hypervisor::kInvalid when unknown).
  struct PciNode {
    hypervisor::PciDevice dev;
    std::uint32_t node = hypervisor::kInvalid;
  };
  Result<std::vector<PciNode>> pci_topology(const std::string& sysfs_dir = "/sys");

  // Every domain in domid order, with its name.
  Result<std::vector<DomainSummary>> list_domains();
  // One domain; ErrorCode::DomainNotFound when there is none.
  Result<DomainSummary> domain_info(DomId domid);

  // The name XenStore holds for DOMID (whether or not the domain exists).
  std::optional<std::string> domid_to_name(DomId domid);
  // The domain called NAME; ErrorCode::Inval when none is.
  Result<DomId> name_to_domid(const std::string& name);
  // A domid written in digits, or else a name.
  Result<DomId> domain_qualifier_to_domid(const std::string& qualifier);

  // Where per-domain files live (the stored configurations); Xen's
  // /var/lib/xen unless set.
  const std::string& lib_dir() const { return lib_dir_; }
  void set_lib_dir(std::string dir) { lib_dir_ = std::move(dir); }

  // Devices: where the hotplug scripts named without a path live (Xen's
  // /etc/xen/scripts unless set), what runs them (fork and exec unless
  // set), and how long each wait may take (Xen's libxl's limits).
  const std::string& script_dir() const { return script_dir_; }
  void set_script_dir(std::string dir) { script_dir_ = std::move(dir); }
  device::HotplugRunner& hotplug();
  void set_hotplug(std::unique_ptr<device::HotplugRunner> runner);
  struct DeviceTimeouts {
    std::chrono::milliseconds backend{10000};  // a new backend reaching InitWait
    std::chrono::milliseconds hotplug{40000};  // a script's run
    std::chrono::milliseconds closing{10000};  // a backend closing on removal
  };
  DeviceTimeouts device_timeouts;

 private:
  std::string lib_dir_ = "/var/lib/xen";
  std::string script_dir_ = "/etc/xen/scripts";
  std::unique_ptr<device::HotplugRunner> hotplug_;
  std::unique_ptr<hypervisor::Hypervisor> hv_;
  std::unique_ptr<store::Store> store_;
  std::optional<hypervisor::Version> version_;
};

}  // namespace libxl
