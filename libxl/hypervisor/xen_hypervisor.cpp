// XenHypervisor: the seam over libxenctrl. One xc_interface per instance,
// opened with a logger that says nothing (the caller reports our Error), and
// closed by the destructor.
#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdarg>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "libxl/hypervisor/hypervisor.h"
#include "xensys/xenctrl.h"

namespace libxl::hypervisor {

std::string Error::message() const { return op + ": " + std::strerror(err); }

namespace {

// libxenctrl's messages would go to stderr; our callers say what failed.
void quiet_vmessage(xentoollog_logger*, xentoollog_level, int, const char*, const char*, va_list) {}
void quiet_progress(xentoollog_logger*, const char*, const char*, int, unsigned long, unsigned long) {}
void quiet_destroy(xentoollog_logger*) {}
xentoollog_logger quiet_logger = {quiet_vmessage, quiet_progress, quiet_destroy};

int g_verbosity = 0;

// At -v and above, libxenctrl's and the builder's own messages go to
// stderr, as xl's -v shows them; one logger for the process.
xentoollog_logger* logger() {
  if (g_verbosity <= 0) return &quiet_logger;
  static xentoollog_logger_stdiostream* l = xtl_createlogger_stdiostream(
      stderr, g_verbosity >= 2 ? XTL_DEBUG : XTL_DETAIL, 0);
  return l ? reinterpret_cast<xentoollog_logger*>(l) : &quiet_logger;
}

Error last_error(std::string op) {
  int e = errno;
  return Error{std::move(op), e ? e : EIO};
}

struct XcClose {
  void operator()(xc_interface* x) const { xc_interface_close(x); }
};
using XcHandle = std::unique_ptr<xc_interface, XcClose>;

// A NUL-terminated string out of a fixed buffer the hypervisor filled.
template <std::size_t N>
std::string from_buf(const char (&buf)[N]) {
  return std::string(buf, strnlen(buf, N));
}

std::string scheduler_name(int id) {
  switch (id) {
    case XEN_SCHEDULER_CREDIT: return "credit";
    case XEN_SCHEDULER_CREDIT2: return "credit2";
    case XEN_SCHEDULER_ARINC653: return "arinc653";
    case XEN_SCHEDULER_RTDS: return "rtds";
    case XEN_SCHEDULER_NULL: return "null";
    default: return "";
  }
}

DomainInfo to_domain_info(const xc_domaininfo_t& x) {
  DomainInfo d;
  d.domid = x.domain;
  std::memcpy(d.handle.data(), x.handle, d.handle.size());
  d.dying = x.flags & XEN_DOMINF_dying;
  d.hvm = x.flags & XEN_DOMINF_hvm_guest;
  d.shutdown = x.flags & XEN_DOMINF_shutdown;
  d.paused = x.flags & XEN_DOMINF_paused;
  d.blocked = x.flags & XEN_DOMINF_blocked;
  d.running = x.flags & XEN_DOMINF_running;
  d.debugged = x.flags & XEN_DOMINF_debugged;
  d.xenstore = x.flags & XEN_DOMINF_xs_domain;
  d.shutdown_reason =
      ShutdownReason((x.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask);
  d.crashed = d.shutdown && d.shutdown_reason == ShutdownReason::Crash;
  d.tot_pages = x.tot_pages;
  d.max_pages = x.max_pages;
  d.outstanding_pages = x.outstanding_pages;
  d.shr_pages = x.shr_pages;
  d.cpu_time_ns = x.cpu_time;
  d.nr_online_vcpus = x.nr_online_vcpus;
  d.max_vcpu_id = x.max_vcpu_id;
  d.ssidref = x.ssidref;
  d.cpupool = x.cpupool;
  return d;
}

class XenHypervisor final : public Hypervisor {
 public:
  explicit XenHypervisor(XcHandle xch) : xch_(std::move(xch)) {}

  Result<Version> version() override {
    xc_interface* x = xch_.get();
    Version v;
    errno = 0;
    int ver = xc_version(x, XENVER_version, nullptr);
    if (ver < 0) return std::unexpected(last_error("xc_version(XENVER_version)"));
    v.major = ver >> 16;
    v.minor = ver & 0xff;  // as libxl reads it

    // The informational strings: an empty string when one is refused, as
    // libxl does not fail the whole call for them either.
    xen_extraversion_t extra{};
    if (xc_version(x, XENVER_extraversion, &extra) == 0) v.extra = from_buf(extra);
    xen_compile_info_t ci{};
    if (xc_version(x, XENVER_compile_info, &ci) == 0) {
      v.compiler = from_buf(ci.compiler);
      v.compile_by = from_buf(ci.compile_by);
      v.compile_domain = from_buf(ci.compile_domain);
      v.compile_date = from_buf(ci.compile_date);
    }
    xen_capabilities_info_t caps{};
    if (xc_version(x, XENVER_capabilities, &caps) == 0) v.caps = from_buf(caps);
    xen_changeset_info_t cs{};
    if (xc_version(x, XENVER_changeset, &cs) == 0) v.changeset = from_buf(cs);
    xen_platform_parameters_t pp{};
    if (xc_version(x, XENVER_platform_parameters, &pp) == 0) v.virt_start = pp.virt_start;
    int ps = xc_version(x, XENVER_pagesize, nullptr);
    if (ps > 0) v.pagesize = static_cast<unsigned long>(ps);
    std::vector<char> cmdline(sizeof(xen_commandline_t) + 1, '\0');
    if (xc_version(x, XENVER_commandline, cmdline.data()) == 0) v.commandline = cmdline.data();

    // The build id: a length-prefixed buffer; its bytes in hex.
    constexpr std::size_t kIdMax = 1024;
    auto raw = std::make_unique<unsigned char[]>(sizeof(xen_build_id_t) + kIdMax);
    std::memset(raw.get(), 0, sizeof(xen_build_id_t) + kIdMax);
    auto* id = reinterpret_cast<xen_build_id_t*>(raw.get());
    id->len = kIdMax;
    int n = xc_version(x, XENVER_build_id, id);
    if (n > 0) {
      static constexpr char kHex[] = "0123456789abcdef";
      for (int i = 0; i < n && std::size_t(i) < kIdMax; ++i) {
        v.build_id += kHex[id->buf[i] >> 4];
        v.build_id += kHex[id->buf[i] & 15];
      }
    }
    return v;
  }

  Result<PhysInfo> physinfo() override {
    xc_physinfo_t x{};
    if (xc_physinfo(xch_.get(), &x) != 0) return std::unexpected(last_error("xc_physinfo"));
    PhysInfo p;
    p.threads_per_core = x.threads_per_core;
    p.cores_per_socket = x.cores_per_socket;
    p.nr_cpus = x.nr_cpus;
    p.max_cpu_id = x.max_cpu_id;
    p.nr_nodes = x.nr_nodes;
    p.max_node_id = x.max_node_id;
    p.cpu_khz = x.cpu_khz;
    p.cap_hvm = x.capabilities & XEN_SYSCTL_PHYSCAP_hvm;
    p.cap_pv = x.capabilities & XEN_SYSCTL_PHYSCAP_pv;
    p.cap_directio = x.capabilities & XEN_SYSCTL_PHYSCAP_directio;
    p.cap_hap = x.capabilities & XEN_SYSCTL_PHYSCAP_hap;
    p.cap_shadow = x.capabilities & XEN_SYSCTL_PHYSCAP_shadow;
    p.cap_iommu_hap_pt_share = x.capabilities & XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share;
    p.cap_vmtrace = x.capabilities & XEN_SYSCTL_PHYSCAP_vmtrace;
    p.cap_vpmu = x.capabilities & XEN_SYSCTL_PHYSCAP_vpmu;
    p.cap_gnttab_v1 = x.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v1;
    p.cap_gnttab_v2 = x.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v2;
    p.total_pages = x.total_pages;
    p.free_pages = x.free_pages;
    p.scrub_pages = x.scrub_pages;
    p.outstanding_pages = x.outstanding_pages;
    p.max_mfn = x.max_mfn;
    for (std::size_t i = 0; i < p.hw_cap.size(); ++i) p.hw_cap[i] = x.hw_cap[i];
    p.sharing_freed_pages = static_cast<std::uint64_t>(xc_sharing_freed_pages(xch_.get()));
    p.sharing_used_frames = static_cast<std::uint64_t>(xc_sharing_used_frames(xch_.get()));
    return p;
  }

  Result<std::string> scheduler() override {
    int id = 0;
    if (xc_sched_id(xch_.get(), &id) != 0) return std::unexpected(last_error("xc_sched_id"));
    return scheduler_name(id);
  }

  Result<unsigned> free_cpus() override {
    int max = xc_get_max_cpus(xch_.get());
    if (max <= 0) return std::unexpected(last_error("xc_get_max_cpus"));
    std::unique_ptr<std::uint8_t, decltype(&std::free)> map(xc_cpupool_freeinfo(xch_.get()),
                                                            &std::free);
    if (!map) return std::unexpected(last_error("xc_cpupool_freeinfo"));
    unsigned n = 0;
    for (int i = 0; i < (max + 7) / 8; ++i) n += unsigned(std::popcount(map.get()[i]));
    return n;
  }

  Result<std::vector<CpuTopology>> cpu_topology() override {
    unsigned n = 0;
    if (xc_cputopoinfo(xch_.get(), &n, nullptr) != 0)
      return std::unexpected(last_error("xc_cputopoinfo"));
    std::vector<xc_cputopo_t> raw(n);
    if (xc_cputopoinfo(xch_.get(), &n, raw.data()) != 0)
      return std::unexpected(last_error("xc_cputopoinfo"));
    std::vector<CpuTopology> out;
    for (unsigned i = 0; i < n && i < raw.size(); ++i)
      out.push_back(CpuTopology{raw[i].core, raw[i].socket, raw[i].node});
    return out;
  }

  Result<std::vector<NumaNode>> numa_info() override {
    unsigned n = 0;
    if (xc_numainfo(xch_.get(), &n, nullptr, nullptr) != 0)
      return std::unexpected(last_error("xc_numainfo"));
    std::vector<xc_meminfo_t> mem(n);
    std::vector<std::uint32_t> dist(std::size_t(n) * n);
    if (xc_numainfo(xch_.get(), &n, mem.data(), dist.data()) != 0)
      return std::unexpected(last_error("xc_numainfo"));
    std::vector<NumaNode> out(n);
    for (unsigned i = 0; i < n; ++i) {
      out[i].memsize = mem[i].memsize;
      out[i].memfree = mem[i].memfree;
      out[i].distances.assign(dist.begin() + std::ptrdiff_t(i) * n,
                              dist.begin() + std::ptrdiff_t(i + 1) * n);
    }
    return out;
  }

  Result<std::vector<std::uint32_t>> pci_nodes(const std::vector<PciDevice>& devs) override {
    std::vector<physdev_pci_device_t> raw(devs.size());
    for (std::size_t i = 0; i < devs.size(); ++i) {
      raw[i].seg = devs[i].seg;
      raw[i].bus = devs[i].bus;
      raw[i].devfn = devs[i].devfn;
    }
    std::vector<std::uint32_t> nodes(devs.size());
    if (xc_pcitopoinfo(xch_.get(), unsigned(raw.size()), raw.data(), nodes.data()) != 0)
      return std::unexpected(last_error("xc_pcitopoinfo"));
    return nodes;
  }

  Result<std::vector<DomainInfo>> domains() override {
    std::vector<DomainInfo> out;
    constexpr unsigned kBatch = 256;
    std::vector<xc_domaininfo_t> buf(kBatch);
    unsigned first = 0;
    for (;;) {
      int n = xc_domain_getinfolist(xch_.get(), first, kBatch, buf.data());
      if (n < 0) return std::unexpected(last_error("xc_domain_getinfolist"));
      for (int i = 0; i < n; ++i) out.push_back(to_domain_info(buf[std::size_t(i)]));
      if (unsigned(n) < kBatch) break;
      first = buf[kBatch - 1].domain + 1u;
    }
    return out;
  }

  Result<DomainInfo> domain(DomId domid) override {
    xc_domaininfo_t x{};
    int n = xc_domain_getinfolist(xch_.get(), domid, 1, &x);
    if (n < 0) return std::unexpected(last_error("xc_domain_getinfolist"));
    if (n == 0 || x.domain != domid) return std::unexpected(Error{"xc_domain_getinfolist", ESRCH});
    return to_domain_info(x);
  }

  Result<void> pause(DomId domid) override {
    if (xc_domain_pause(xch_.get(), domid) != 0) return std::unexpected(last_error("xc_domain_pause"));
    return {};
  }

  Result<void> unpause(DomId domid) override {
    if (xc_domain_unpause(xch_.get(), domid) != 0)
      return std::unexpected(last_error("xc_domain_unpause"));
    return {};
  }

  Result<DomId> create_domain(const CreateSpec& spec, DomId wanted) override {
    xen_domctl_createdomain c{};
    c.ssidref = spec.ssidref;
    std::memcpy(c.handle, spec.handle.data(), sizeof c.handle);
    if (spec.hvm) c.flags |= XEN_DOMCTL_CDF_hvm;
    if (spec.hap) c.flags |= XEN_DOMCTL_CDF_hap;
    if (spec.oos_off) c.flags |= XEN_DOMCTL_CDF_oos_off;
    if (spec.nested_virt) c.flags |= XEN_DOMCTL_CDF_nested_virt;
    if (spec.vpmu) c.flags |= XEN_DOMCTL_CDF_vpmu;
    if (spec.iommu) c.flags |= XEN_DOMCTL_CDF_iommu;
    c.max_vcpus = spec.max_vcpus;
    c.max_evtchn_port = spec.max_evtchn_port;
    c.max_grant_frames = spec.max_grant_frames;
    c.max_maptrack_frames = spec.max_maptrack_frames;
    c.grant_opts = XEN_DOMCTL_GRANT_version(spec.grant_version);
    c.vmtrace_size = spec.vmtrace_size;
    c.cpupool_id = spec.cpupool;
    c.arch.emulation_flags = spec.emulation_flags;
    std::uint32_t domid = wanted;
    if (xc_domain_create(xch_.get(), &domid, &c) != 0)
      return std::unexpected(last_error("xc_domain_create"));
    return domid;
  }

  Result<void> destroy_domain(DomId domid) override {
    // Xen answers EAGAIN while it is still tearing the domain down.
    for (;;) {
      if (xc_domain_destroy(xch_.get(), domid) == 0) return {};
      if (errno != EAGAIN) return std::unexpected(last_error("xc_domain_destroy"));
    }
  }

  Result<void> shutdown_domain(DomId domid, ShutdownReason reason) override {
    if (xc_domain_shutdown(xch_.get(), domid, int(reason)) != 0)
      return std::unexpected(last_error("xc_domain_shutdown"));
    return {};
  }

  Result<void> set_max_vcpus(DomId domid, std::uint32_t n) override {
    if (xc_domain_max_vcpus(xch_.get(), domid, n) != 0)
      return std::unexpected(last_error("xc_domain_max_vcpus"));
    return {};
  }

  Result<void> set_max_memory(DomId domid, std::uint64_t kb) override {
    if (xc_domain_setmaxmem(xch_.get(), domid, kb) != 0)
      return std::unexpected(last_error("xc_domain_setmaxmem"));
    return {};
  }

  Result<void> set_memmap_limit(DomId domid, std::uint64_t kb) override {
    if (xc_domain_set_memmap_limit(xch_.get(), domid, kb) != 0)
      return std::unexpected(last_error("xc_domain_set_memmap_limit"));
    return {};
  }

  Result<void> set_tsc_mode(DomId domid, int mode) override {
    if (xc_domain_set_tsc_info(xch_.get(), domid, std::uint32_t(mode), 0, 0, 0) != 0)
      return std::unexpected(last_error("xc_domain_set_tsc_info"));
    return {};
  }

  Result<void> set_shadow_allocation(DomId domid, std::uint64_t mb) override {
    // The paging pool (shadow or HAP): sized in bytes since Xen 4.17.
    if (xc_set_paging_mempool_size(xch_.get(), domid, mb << 20) != 0)
      return std::unexpected(last_error("xc_set_paging_mempool_size"));
    return {};
  }

  Result<void> apply_cpuid_policy(DomId domid, bool pae, bool itsc, bool nested) override {
    if (xc_cpuid_apply_policy(xch_.get(), domid, false, nullptr, 0, pae, itsc, nested, nullptr,
                              nullptr) != 0)
      return std::unexpected(last_error("xc_cpuid_apply_policy"));
    return {};
  }

  Result<void> set_memory_map(DomId domid, const std::vector<E820Entry>& map) override {
    std::vector<e820entry> raw(map.size());
    for (std::size_t i = 0; i < map.size(); ++i) raw[i] = {map[i].addr, map[i].size, map[i].type};
    if (xc_domain_set_memory_map(xch_.get(), domid, raw.data(), std::uint32_t(raw.size())) != 0)
      return std::unexpected(last_error("xc_domain_set_memory_map"));
    return {};
  }

  Result<std::uint32_t> alloc_unbound_evtchn(DomId domid, DomId remote) override {
    int port = xc_evtchn_alloc_unbound(xch_.get(), domid, remote);
    if (port < 0) return std::unexpected(last_error("xc_evtchn_alloc_unbound"));
    return std::uint32_t(port);
  }

  Result<BootResult> build(DomId domid, const BootImage& img) override;
  Result<void> save(DomId domid, int fd, const SaveRequest& req) override;
  Result<BootResult> restore(DomId domid, int fd, const RestoreRequest& req) override;
  Result<void> resume(DomId domid) override {
    if (xc_domain_resume(xch_.get(), domid, 1) != 0) return std::unexpected(last_error("xc_domain_resume"));
    return {};
  }

  Result<void> set_hvm_param(DomId domid, std::uint32_t param, std::uint64_t value) override {
    if (xc_hvm_param_set(xch_.get(), domid, param, value) != 0)
      return std::unexpected(last_error("xc_hvm_param_set"));
    return {};
  }

  Result<std::uint32_t> max_cpus() override {
    int n = xc_get_max_cpus(xch_.get());
    if (n <= 0) return std::unexpected(last_error("xc_get_max_cpus"));
    return std::uint32_t(n);
  }

  Result<VcpuInfo> vcpu_info(DomId domid, std::uint32_t vcpu) override {
    xc_vcpuinfo_t x{};
    if (xc_vcpu_getinfo(xch_.get(), domid, vcpu, &x) != 0)
      return std::unexpected(last_error("xc_vcpu_getinfo"));
    VcpuInfo v;
    v.vcpu = vcpu;
    v.online = x.online;
    v.blocked = x.blocked;
    v.running = x.running;
    v.cpu = x.cpu;
    v.cpu_time_ns = x.cpu_time;
    int size = xc_get_cpumap_size(xch_.get());
    if (size <= 0) return std::unexpected(last_error("xc_get_cpumap_size"));
    v.hard.assign(std::size_t(size), 0);
    v.soft.assign(std::size_t(size), 0);
    if (xc_vcpu_getaffinity(xch_.get(), domid, int(vcpu), v.hard.data(), v.soft.data(),
                            XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT) != 0)
      return std::unexpected(last_error("xc_vcpu_getaffinity"));
    return v;
  }

  Result<void> set_vcpu_affinity(DomId domid, std::uint32_t vcpu,
                                 const std::vector<std::uint8_t>* hard,
                                 const std::vector<std::uint8_t>* soft, bool force) override {
    int size = xc_get_cpumap_size(xch_.get());
    if (size <= 0) return std::unexpected(last_error("xc_get_cpumap_size"));
    // libxenctrl writes the effective maps back: give it copies of its width.
    auto sized = [&](const std::vector<std::uint8_t>* m) {
      std::vector<std::uint8_t> v(std::size_t(size), 0);
      if (m) std::copy_n(m->begin(), std::min(m->size(), v.size()), v.begin());
      return v;
    };
    auto h = sized(hard), s = sized(soft);
    std::uint32_t flags = (hard ? XEN_VCPUAFFINITY_HARD : 0) | (soft ? XEN_VCPUAFFINITY_SOFT : 0) |
                          (force ? XEN_VCPUAFFINITY_FORCE : 0);
    if (xc_vcpu_setaffinity(xch_.get(), domid, int(vcpu), h.data(), s.data(), flags) != 0)
      return std::unexpected(last_error("xc_vcpu_setaffinity"));
    return {};
  }

  Result<void> set_pod_target(DomId domid, std::uint64_t pages) override {
    if (xc_domain_set_pod_target(xch_.get(), domid, pages, nullptr, nullptr, nullptr) != 0)
      return std::unexpected(last_error("xc_domain_set_pod_target"));
    return {};
  }

  Result<std::vector<CpupoolInfo>> cpupools() override {
    std::vector<CpupoolInfo> out;
    for (std::uint32_t id = 0;;) {
      xc_cpupoolinfo_t* p = xc_cpupool_getinfo(xch_.get(), id);
      if (!p) {
        // ENOENT: no pool at or after ID, the end of the list.
        if (errno == ENOENT || !out.empty()) break;
        return std::unexpected(last_error("xc_cpupool_getinfo"));
      }
      out.push_back(CpupoolInfo{p->cpupool_id, scheduler_name(int(p->sched_id))});
      id = p->cpupool_id + 1;
      xc_cpupool_infofree(xch_.get(), p);
    }
    return out;
  }

  Result<SchedDomain> sched_domain_get(DomId domid, const std::string& sched) override {
    if (sched == "credit") {
      xen_domctl_sched_credit c{};
      if (xc_sched_credit_domain_get(xch_.get(), domid, &c) != 0)
        return std::unexpected(last_error("xc_sched_credit_domain_get"));
      return SchedDomain{c.weight, c.cap};
    }
    if (sched == "credit2") {
      xen_domctl_sched_credit2 c{};
      if (xc_sched_credit2_domain_get(xch_.get(), domid, &c) != 0)
        return std::unexpected(last_error("xc_sched_credit2_domain_get"));
      return SchedDomain{c.weight, c.cap};
    }
    return std::unexpected(Error{"sched_domain_get " + sched, EINVAL});
  }

  Result<void> sched_domain_set(DomId domid, const std::string& sched,
                                const SchedDomain& p) override {
    if (sched == "credit") {
      xen_domctl_sched_credit c{};
      c.weight = std::uint16_t(p.weight);
      c.cap = std::uint16_t(p.cap);
      if (xc_sched_credit_domain_set(xch_.get(), domid, &c) != 0)
        return std::unexpected(last_error("xc_sched_credit_domain_set"));
      return {};
    }
    if (sched == "credit2") {
      xen_domctl_sched_credit2 c{};
      c.weight = std::uint16_t(p.weight);
      c.cap = std::uint16_t(p.cap);
      if (xc_sched_credit2_domain_set(xch_.get(), domid, &c) != 0)
        return std::unexpected(last_error("xc_sched_credit2_domain_set"));
      return {};
    }
    return std::unexpected(Error{"sched_domain_set " + sched, EINVAL});
  }

  Result<CreditParams> sched_credit_params_get(std::uint32_t pool) override {
    xen_sysctl_credit_schedule c{};
    if (xc_sched_credit_params_get(xch_.get(), pool, &c) != 0)
      return std::unexpected(last_error("xc_sched_credit_params_get"));
    return CreditParams{c.tslice_ms, c.ratelimit_us, c.vcpu_migr_delay_us};
  }

  Result<void> sched_credit_params_set(std::uint32_t pool, const CreditParams& p) override {
    xen_sysctl_credit_schedule c{};
    c.tslice_ms = p.tslice_ms;
    c.ratelimit_us = p.ratelimit_us;
    c.vcpu_migr_delay_us = p.vcpu_migr_delay_us;
    if (xc_sched_credit_params_set(xch_.get(), pool, &c) != 0)
      return std::unexpected(last_error("xc_sched_credit_params_set"));
    return {};
  }

  Result<std::uint32_t> sched_credit2_ratelimit_get(std::uint32_t pool) override {
    xen_sysctl_credit2_schedule c{};
    if (xc_sched_credit2_params_get(xch_.get(), pool, &c) != 0)
      return std::unexpected(last_error("xc_sched_credit2_params_get"));
    return c.ratelimit_us;
  }

  Result<void> sched_credit2_ratelimit_set(std::uint32_t pool, std::uint32_t us) override {
    xen_sysctl_credit2_schedule c{};
    c.ratelimit_us = us;
    if (xc_sched_credit2_params_set(xch_.get(), pool, &c) != 0)
      return std::unexpected(last_error("xc_sched_credit2_params_set"));
    return {};
  }

  Result<void> send_debug_keys(const std::string& keys) override {
    if (xc_send_debug_keys(xch_.get(), keys.c_str()) < 0)
      return std::unexpected(last_error("xc_send_debug_keys"));
    return {};
  }

  Result<void> dump_core(DomId domid, const std::string& path) override {
    if (xc_domain_dumpcore(xch_.get(), domid, path.c_str()) != 0)
      return std::unexpected(last_error("xc_domain_dumpcore"));
    return {};
  }

  Result<void> set_handle(DomId domid, const std::array<std::uint8_t, 16>& handle) override {
    xen_domain_handle_t h;
    std::memcpy(h, handle.data(), sizeof h);
    if (xc_domain_sethandle(xch_.get(), domid, h) != 0)
      return std::unexpected(last_error("xc_domain_sethandle"));
    return {};
  }

  Result<std::string> read_console_ring(bool clear) override {
    // The ring is 16 KiB by default; read incrementally until Xen has no more.
    std::string out;
    std::vector<char> buf(16384);
    std::uint32_t index = 0;
    for (;;) {
      unsigned count = unsigned(buf.size());
      if (xc_readconsolering(xch_.get(), buf.data(), &count, clear, 1, &index) < 0)
        return std::unexpected(last_error("xc_readconsolering"));
      if (count == 0) break;
      out.append(buf.data(), count);
    }
    return out;
  }

 private:
  XcHandle xch_;
};

struct DomRelease {
  void operator()(xc_dom_image* d) const { xc_dom_release(d); }
};

// The builder's steps in libxenguest's order; each failure names its step.
Result<BootResult> XenHypervisor::build(DomId domid, const BootImage& img) {
  xc_interface* x = xch_.get();
  if (g_verbosity > 0) xc_dom_loginit(x);
  std::unique_ptr<xc_dom_image, DomRelease> dom(xc_dom_allocate(
      x, img.cmdline.c_str(), img.features.empty() ? nullptr : img.features.c_str()));
  if (!dom) return std::unexpected(last_error("xc_dom_allocate"));
  xc_dom_image* d = dom.get();
  d->container_type = img.hvm_container ? xc_dom_image::XC_DOM_HVM_CONTAINER
                                        : xc_dom_image::XC_DOM_PV_CONTAINER;
  auto step = [&img](int rc, const char* what) -> Result<void> {
    if (rc != 0) return std::unexpected(last_error(what));
    if (img.progress) img.progress(std::string("builder: ") + what + " done");
    return {};
  };
  if (auto r = step(xc_dom_kernel_file(d, img.kernel.c_str()), "loading the kernel"); !r)
    return std::unexpected(r.error());
  if (!img.ramdisk.empty()) {
    if (auto r = step(xc_dom_module_file(d, img.ramdisk.c_str(), nullptr), "loading the ramdisk");
        !r)
      return std::unexpected(r.error());
  }
  d->console_evtchn = img.console_port;
  d->console_domid = img.console_domid;
  d->xenstore_evtchn = img.store_port;
  d->xenstore_domid = img.store_domid;
  d->claim_enabled = img.claim;
  d->max_vcpus = img.max_vcpus;

  // The e820 table must outlive the build: the builder keeps the pointer.
  std::vector<e820entry> e820(img.e820.size());
  if (img.hvm_container) {
    d->target_pages = img.target_pages;
    d->mmio_size = img.mmio_size;
    d->mmio_start = (std::uint64_t{1} << 32) - img.mmio_size;
    std::uint64_t lowmem = img.mem_mb << 20, highmem = 0;
    if (lowmem > d->mmio_start) {
      highmem = (std::uint64_t{1} << 32) + (lowmem - d->mmio_start);
      lowmem = d->mmio_start;
    }
    d->lowmem_end = lowmem;
    d->highmem_end = highmem;
    d->device_model = false;
    for (std::size_t i = 0; i < img.e820.size(); ++i)
      e820[i] = {img.e820[i].addr, img.e820[i].size, img.e820[i].type};
    d->e820 = e820.data();
    d->e820_entries = unsigned(e820.size());
    for (std::size_t i = 0; i < img.acpi_modules.size() && i < MAX_ACPI_MODULES; ++i) {
      d->acpi_modules[i].data = const_cast<std::uint8_t*>(img.acpi_modules[i].data.data());
      d->acpi_modules[i].length = std::uint32_t(img.acpi_modules[i].data.size());
      d->acpi_modules[i].guest_addr_out = img.acpi_modules[i].guest_addr;
    }
  }

  if (auto r = step(xc_dom_boot_xen_init(d, x, domid), "xc_dom_boot_xen_init"); !r)
    return std::unexpected(r.error());
  if (auto r = step(xc_dom_parse_image(d), "parsing the kernel image"); !r)
    return std::unexpected(r.error());
  if (auto r = step(xc_dom_mem_init(d, unsigned(img.mem_mb)), "xc_dom_mem_init"); !r)
    return std::unexpected(r.error());
  if (auto r = step(xc_dom_boot_mem_init(d), "allocating the guest's memory"); !r)
    return std::unexpected(r.error());
  if (auto r = step(xc_dom_build_image(d), "building the boot image"); !r)
    return std::unexpected(r.error());
  if (auto r = step(xc_dom_boot_image(d), "xc_dom_boot_image"); !r)
    return std::unexpected(r.error());
  if (auto r = step(xc_dom_gnttab_init(d), "seeding the grant table"); !r)
    return std::unexpected(r.error());

  BootResult out;
  if (xc_dom_translated(d)) {
    out.console_gfn = d->console_pfn;
    out.store_gfn = d->xenstore_pfn;
  } else {
    out.console_gfn = xc_dom_p2m(d, d->console_pfn);
    out.store_gfn = xc_dom_p2m(d, d->xenstore_pfn);
  }
  return out;
}

Result<void> XenHypervisor::save(DomId domid, int fd, const SaveRequest& req) {
  save_callbacks cb{};
  cb.suspend = [](void* data) -> int {
    const auto* r = static_cast<const SaveRequest*>(data);
    return r->suspend && r->suspend() ? 1 : 0;
  };
  // Required for HVM containers; a PVH guest has no device model to tell.
  cb.switch_qemu_logdirty = [](std::uint32_t, unsigned, void*) -> int { return 0; };
  cb.data = const_cast<SaveRequest*>(&req);
  const std::uint32_t flags = (req.live ? XCFLAGS_LIVE : 0) | (req.debug ? XCFLAGS_DEBUG : 0);
  if (xc_domain_save(xch_.get(), fd, domid, flags, &cb, XC_STREAM_PLAIN, -1) != 0)
    return std::unexpected(last_error("xc_domain_save"));
  return {};
}

namespace {
struct RestoreState {
  xc_interface* xch;
  DomId domid;
  const RestoreRequest* req;
};
}  // namespace

Result<BootResult> XenHypervisor::restore(DomId domid, int fd, const RestoreRequest& req) {
  RestoreState st{xch_.get(), domid, &req};
  restore_callbacks cb{};
  // A stream without a CPUID policy gets the one a new domain would.
  cb.static_data_done = [](unsigned missing, void* data) -> int {
    auto* s = static_cast<RestoreState*>(data);
    if (!(missing & XGR_SDD_MISSING_CPUID)) return 0;
    return xc_cpuid_apply_policy(s->xch, s->domid, true, nullptr, 0, s->req->pae, s->req->itsc,
                                 s->req->nested, nullptr, nullptr);
  };
  cb.data = &st;
  unsigned long store_mfn = 0, console_mfn = 0;
  if (xc_domain_restore(xch_.get(), fd, domid, req.store_port, &store_mfn, req.store_domid,
                        req.console_port, &console_mfn, req.console_domid, XC_STREAM_PLAIN, &cb,
                        -1) != 0)
    return std::unexpected(last_error("xc_domain_restore"));
  return BootResult{store_mfn, console_mfn};
}

}  // namespace

void set_verbosity(int level) { g_verbosity = level; }

Result<std::unique_ptr<Hypervisor>> open_xen() {
  errno = 0;
  XcHandle xch(xc_interface_open(logger(), logger(), 0));
  if (!xch) return std::unexpected(last_error("xc_interface_open"));
  return std::make_unique<XenHypervisor>(std::move(xch));
}

}  // namespace libxl::hypervisor
