// The one seam between the library and the hypervisor: what the domain
// logic asks of Xen, in the library's own types, with errors as values.
// XenHypervisor (libxenctrl and friends) implements it on a Xen host; the
// unit tests use a test double. Only libxl/hypervisor (and libxl/store, for
// libxenstore) include Xen's headers.
#pragma once

#include <array>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace libxl::hypervisor {

// Which hypervisor call failed, and the errno it left.
struct Error {
  std::string op;
  int err = 0;
  std::string message() const;  // "op: strerror(err)"
};
template <class T>
using Result = std::expected<T, Error>;

using DomId = std::uint32_t;

struct Version {
  int major = 0;
  int minor = 0;
  std::string extra;          // ".7+13-g2445b30a44"
  std::string changeset;
  std::string caps;           // "xen-3.0-x86_64 hvm-3.0-x86_32 ..."
  std::string commandline;
  std::string compiler, compile_by, compile_domain, compile_date;
  std::string build_id;       // hex
  std::uint64_t virt_start = 0;
  unsigned long pagesize = 4096;
};

struct PhysInfo {
  std::uint32_t threads_per_core = 0, cores_per_socket = 0;
  std::uint32_t nr_cpus = 0, max_cpu_id = 0, nr_nodes = 0, max_node_id = 0;
  std::uint32_t cpu_khz = 0;
  bool cap_hvm = false, cap_pv = false, cap_directio = false, cap_hap = false, cap_shadow = false;
  bool cap_iommu_hap_pt_share = false, cap_vmtrace = false, cap_vpmu = false;
  bool cap_gnttab_v1 = false, cap_gnttab_v2 = false;
  std::uint64_t total_pages = 0, free_pages = 0, scrub_pages = 0, outstanding_pages = 0;
  std::uint64_t max_mfn = 0;
  // What the memory-sharing counters return, as libxl keeps them (a
  // negative error comes out as a huge number, as in libxl).
  std::uint64_t sharing_freed_pages = 0, sharing_used_frames = 0;
  std::array<std::uint32_t, 8> hw_cap{};
};

// Xen's marker for an unknown id, size or distance in the topology answers.
inline constexpr std::uint32_t kInvalid = ~std::uint32_t{0};

struct CpuTopology {
  std::uint32_t core = kInvalid, socket = kInvalid, node = kInvalid;
};

struct NumaNode {
  std::uint64_t memsize = kInvalid, memfree = kInvalid;  // bytes
  std::vector<std::uint32_t> distances;                  // to each node
};

struct PciDevice {
  std::uint16_t seg = 0;
  std::uint8_t bus = 0, devfn = 0;
};

enum class ShutdownReason : int { PowerOff = 0, Reboot = 1, Suspend = 2, Crash = 3, Watchdog = 4, SoftReset = 5 };

struct DomainInfo {
  DomId domid = 0;
  std::array<std::uint8_t, 16> handle{};  // the domain's UUID
  bool dying = false, crashed = false, shutdown = false, paused = false;
  bool blocked = false, running = false, hvm = false, debugged = false, xenstore = false;
  ShutdownReason shutdown_reason = ShutdownReason::PowerOff;  // valid when shutdown
  std::uint64_t tot_pages = 0, max_pages = 0, outstanding_pages = 0, shr_pages = 0;
  std::uint64_t cpu_time_ns = 0;
  std::uint32_t nr_online_vcpus = 0, max_vcpu_id = 0;
  std::uint32_t ssidref = 0, cpupool = 0;
};

// What xc_domain_create needs: the domain's fixed shape and limits.
struct CreateSpec {
  std::array<std::uint8_t, 16> handle{};  // the UUID
  bool hvm = false;                       // HVM container (HVM and PVH)
  bool hap = false, oos_off = false, nested_virt = false, vpmu = false, iommu = false;
  std::uint32_t ssidref = 0, cpupool = 0;
  std::uint32_t max_vcpus = 1, max_evtchn_port = 1023;
  std::int32_t max_grant_frames = -1, max_maptrack_frames = -1;  // -1: Xen's default
  std::uint32_t grant_version = 1;
  std::uint32_t emulation_flags = 0;  // XEN_X86_EMU_*
  std::uint32_t vmtrace_size = 0;
};

// An x86 e820 entry, for the PVH memory map.
struct E820Entry {
  std::uint64_t addr = 0, size = 0;
  std::uint32_t type = 0;  // 1 RAM, 2 reserved, 3 ACPI, ...
};

// What the domain builder (libxenguest's xc_dom_*) loads into a new domain.
struct BootImage {
  bool hvm_container = false;  // PVH
  std::string kernel, ramdisk, cmdline, features;
  std::uint64_t mem_mb = 0;        // the memory the builder populates
  std::uint64_t target_pages = 0;  // PVH: pages populated at boot
  std::uint32_t max_vcpus = 1;
  std::uint32_t console_port = 0, store_port = 0;
  DomId console_domid = 0, store_domid = 0;
  bool claim = false;
  // PVH: the MMIO hole below 4 GiB and the memory map the guest is given.
  std::uint64_t mmio_size = 0;
  std::vector<E820Entry> e820;
  // PVH: ACPI blobs the builder copies to the guest addresses given; the
  // first is the RSDP, whose address the guest's start info carries.
  struct AcpiModule {
    std::vector<std::uint8_t> data;
    std::uint64_t guest_addr = 0;
  };
  std::vector<AcpiModule> acpi_modules;
  // Hears each of the builder's steps as it starts (xl -v); may be empty.
  std::function<void(const std::string&)> progress;
};

// Where the builder put the pages the toolstack must tell others about.
struct BootResult {
  std::uint64_t store_gfn = 0, console_gfn = 0;  // frame numbers as xenstored/xenconsoled map them
};

// What libxenguest's save needs from its caller: SUSPEND stops the guest
// (returns true once Xen reports it shut down for a suspend).
struct SaveRequest {
  bool live = false;   // copy memory while the guest runs, then the rest
  bool debug = false;  // libxenguest's verify mode
  std::function<bool()> suspend;
};

// Where a restored domain finds its store and console, as for a build; and
// how to make its CPUID policy should the stream carry none (a stream of
// Xen before 4.14).
struct RestoreRequest {
  std::uint32_t store_port = 0, console_port = 0;
  DomId store_domid = 0, console_domid = 0;
  bool pae = true, itsc = false, nested = false;
};

// One vCPU as Xen reports it, with its affinities (one bit per CPU).
struct VcpuInfo {
  std::uint32_t vcpu = 0;
  bool online = false, blocked = false, running = false;
  std::uint32_t cpu = 0;
  std::uint64_t cpu_time_ns = 0;
  std::vector<std::uint8_t> hard, soft;
};

// A cpupool: its id and the name of its scheduler ("credit", ...).
struct CpupoolInfo {
  std::uint32_t id = 0;
  std::string sched;
};

// A domain's credit or credit2 parameters.
struct SchedDomain {
  int weight = 0, cap = 0;
};

// The credit scheduler's per-pool parameters.
struct CreditParams {
  std::uint32_t tslice_ms = 0, ratelimit_us = 0, vcpu_migr_delay_us = 0;
};

class Hypervisor {
 public:
  virtual ~Hypervisor() = default;
  virtual Result<Version> version() = 0;
  virtual Result<PhysInfo> physinfo() = 0;
  // The name of the scheduler of the default cpupool ("credit2", ...);
  // empty for an id this toolstack has no name for.
  virtual Result<std::string> scheduler() = 0;
  // How many CPUs are in no cpupool.
  virtual Result<unsigned> free_cpus() = 0;
  // Per CPU, by CPU number.
  virtual Result<std::vector<CpuTopology>> cpu_topology() = 0;
  // Per node, by node number.
  virtual Result<std::vector<NumaNode>> numa_info() = 0;
  // The node of each device (kInvalid, or kInvalid - 1 when Xen does not
  // know the device).
  virtual Result<std::vector<std::uint32_t>> pci_nodes(const std::vector<PciDevice>& devs) = 0;
  // Every domain, in domid order.
  virtual Result<std::vector<DomainInfo>> domains() = 0;
  // One domain; ESRCH when there is none with that id.
  virtual Result<DomainInfo> domain(DomId domid) = 0;
  virtual Result<void> pause(DomId domid) = 0;
  virtual Result<void> unpause(DomId domid) = 0;

  // Domain life. create_domain asks for WANTED (0: Xen picks) and returns
  // the domid Xen gave.
  virtual Result<DomId> create_domain(const CreateSpec& spec, DomId wanted) = 0;
  virtual Result<void> destroy_domain(DomId domid) = 0;
  virtual Result<void> shutdown_domain(DomId domid, ShutdownReason reason) = 0;

  // Before the build: limits and policies of the empty domain. The vCPUs
  // themselves come into being with set_max_vcpus (the count must match
  // CreateSpec::max_vcpus).
  virtual Result<void> set_max_vcpus(DomId domid, std::uint32_t n) = 0;
  virtual Result<void> set_max_memory(DomId domid, std::uint64_t kb) = 0;
  virtual Result<void> set_memmap_limit(DomId domid, std::uint64_t kb) = 0;  // PV
  virtual Result<void> set_tsc_mode(DomId domid, int mode) = 0;
  virtual Result<void> set_shadow_allocation(DomId domid, std::uint64_t mb) = 0;  // HVM/PVH
  virtual Result<void> apply_cpuid_policy(DomId domid, bool pae, bool itsc, bool nested) = 0;
  virtual Result<void> set_memory_map(DomId domid, const std::vector<E820Entry>& map) = 0;
  // An unbound event channel in DOMID that REMOTE may bind.
  virtual Result<std::uint32_t> alloc_unbound_evtchn(DomId domid, DomId remote) = 0;
  // Loads the kernel and ramdisk and sets the domain up to boot them.
  virtual Result<BootResult> build(DomId domid, const BootImage& image) = 0;
  // Save and restore: libxenguest's own stream (its "libxc" stream) of the
  // domain's memory and vCPU state, to and from FD. save leaves the domain
  // suspended; restore leaves it paused and says where its store and
  // console pages are. resume lets a suspended domain carry on (its
  // suspend returns as cancelled).
  virtual Result<void> save(DomId domid, int fd, const SaveRequest& req) = 0;
  virtual Result<BootResult> restore(DomId domid, int fd, const RestoreRequest& req) = 0;
  virtual Result<void> resume(DomId domid) = 0;
  // PVH: the parameters the guest reads (HVM_PARAM_*).
  virtual Result<void> set_hvm_param(DomId domid, std::uint32_t param, std::uint64_t value) = 0;

  // vCPUs (xl vcpu-list, vcpu-pin). max_cpus is libxenctrl's cpumap width.
  virtual Result<std::uint32_t> max_cpus() = 0;
  virtual Result<VcpuInfo> vcpu_info(DomId domid, std::uint32_t vcpu) = 0;
  // Null leaves that affinity alone; FORCE undoes a kernel's override.
  virtual Result<void> set_vcpu_affinity(DomId domid, std::uint32_t vcpu,
                                         const std::vector<std::uint8_t>* hard,
                                         const std::vector<std::uint8_t>* soft, bool force) = 0;
  // Memory: the populate-on-demand target of an HVM container, in pages.
  virtual Result<void> set_pod_target(DomId domid, std::uint64_t pages) = 0;
  // Schedulers: the pools, a domain's weight and cap under SCHED ("credit"
  // or "credit2"), and the pools' own parameters.
  virtual Result<std::vector<CpupoolInfo>> cpupools() = 0;
  virtual Result<SchedDomain> sched_domain_get(DomId domid, const std::string& sched) = 0;
  virtual Result<void> sched_domain_set(DomId domid, const std::string& sched,
                                        const SchedDomain& p) = 0;
  virtual Result<CreditParams> sched_credit_params_get(std::uint32_t pool) = 0;
  virtual Result<void> sched_credit_params_set(std::uint32_t pool, const CreditParams& p) = 0;
  virtual Result<std::uint32_t> sched_credit2_ratelimit_get(std::uint32_t pool) = 0;
  virtual Result<void> sched_credit2_ratelimit_set(std::uint32_t pool, std::uint32_t us) = 0;
  // The host: debug keys, and the hypervisor's console ring (all of it,
  // cleared afterwards when CLEAR).
  virtual Result<void> send_debug_keys(const std::string& keys) = 0;
  virtual Result<std::string> read_console_ring(bool clear) = 0;
  // A domain's memory and vCPU state in an ELF core file at PATH (what
  // on_crash="coredump-*" keeps); and a new UUID for it (a preserved one).
  virtual Result<void> dump_core(DomId domid, const std::string& path) = 0;
  virtual Result<void> set_handle(DomId domid, const std::array<std::uint8_t, 16>& handle) = 0;
};

// The real one: fails with the reason when this is not a Xen dom0 (no
// privcmd, not enough privilege).
Result<std::unique_ptr<Hypervisor>> open_xen();

// How much of libxenctrl's own logging reaches stderr: 0 none (our errors
// say what failed), 1 details, 2 and more everything (xl -v, -vv).
void set_verbosity(int level);

}  // namespace libxl::hypervisor
