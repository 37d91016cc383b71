#include "libxl/context.h"

#include "libxl/device/hotplug.h"

#include <dirent.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace libxl {

namespace {

Error from(const hypervisor::Error& e) {
  return Error{e.err == ESRCH ? ErrorCode::DomainNotFound : ErrorCode::Fail, e.message()};
}

constexpr std::uint64_t kPageKb = 4;  // libxl counts in 4 KiB pages

}  // namespace

std::uint64_t DomainSummary::current_memkb() const { return info.tot_pages * kPageKb; }
std::uint64_t DomainSummary::outstanding_memkb() const {
  return info.outstanding_pages * kPageKb;
}

Context::~Context() = default;

device::HotplugRunner& Context::hotplug() {
  if (!hotplug_) hotplug_ = device::exec_hotplug_runner();
  return *hotplug_;
}

void Context::set_hotplug(std::unique_ptr<device::HotplugRunner> runner) { hotplug_ = std::move(runner); }

Context::Context(std::unique_ptr<hypervisor::Hypervisor> hv, std::unique_ptr<store::Store> store)
    : hv_(std::move(hv)), store_(std::move(store)) {}

Result<std::unique_ptr<Context>> Context::open() {
  auto hv = hypervisor::open_xen();
  if (!hv) return std::unexpected(Error{ErrorCode::Fail, "cannot open libxc handle: " + std::string(std::strerror(hv.error().err))});
  auto xs = store::open_xenstore();
  if (!xs) return std::unexpected(Error{ErrorCode::Fail, "cannot connect to xenstore: " + std::string(std::strerror(xs.error().err))});
  return std::make_unique<Context>(std::move(*hv), std::move(*xs));
}

Result<hypervisor::Version> Context::version_info() {
  if (!version_) {
    auto v = hv_->version();
    if (!v) return std::unexpected(from(v.error()));
    version_ = std::move(*v);
  }
  return *version_;
}

Result<hypervisor::PhysInfo> Context::physinfo() {
  auto p = hv_->physinfo();
  if (!p) return std::unexpected(from(p.error()));
  return *p;
}

Result<std::string> Context::scheduler() {
  auto s = hv_->scheduler();
  if (!s) return std::unexpected(from(s.error()));
  return *s;
}

Result<unsigned> Context::free_cpus() {
  auto n = hv_->free_cpus();
  if (!n) return std::unexpected(from(n.error()));
  return *n;
}

Result<std::vector<hypervisor::CpuTopology>> Context::cpu_topology() {
  auto t = hv_->cpu_topology();
  if (!t) return std::unexpected(from(t.error()));
  return std::move(*t);
}

Result<std::vector<hypervisor::NumaNode>> Context::numa_info() {
  auto n = hv_->numa_info();
  if (!n) return std::unexpected(from(n.error()));
  return std::move(*n);
}

Result<std::vector<Context::PciNode>> Context::pci_topology(const std::string& sysfs_dir) {
  const std::string dir = sysfs_dir + "/bus/pci/devices";
  std::unique_ptr<DIR, int (*)(DIR*)> d(opendir(dir.c_str()), &closedir);
  if (!d) return std::unexpected(Error{ErrorCode::Fail, dir + ": " + std::strerror(errno)});
  std::vector<PciNode> out;
  std::vector<hypervisor::PciDevice> devs;
  while (dirent* e = readdir(d.get())) {
    unsigned seg, bus, dev, fn;
    if (std::sscanf(e->d_name, "%x:%x:%x.%u", &seg, &bus, &dev, &fn) != 4) continue;
    hypervisor::PciDevice p{static_cast<std::uint16_t>(seg), static_cast<std::uint8_t>(bus),
                            static_cast<std::uint8_t>(((dev & 0x1f) << 3) | (fn & 7))};
    devs.push_back(p);
  }
  auto nodes = hv_->pci_nodes(devs);
  if (!nodes) return std::unexpected(from(nodes.error()));
  for (std::size_t i = 0; i < devs.size() && i < nodes->size(); ++i) {
    std::uint32_t n = (*nodes)[i];
    if (n == hypervisor::kInvalid - 1) n = hypervisor::kInvalid;  // a device Xen does not know
    out.push_back(PciNode{devs[i], n});
  }
  return out;
}

std::optional<std::string> Context::domid_to_name(DomId domid) {
  // libxl formats the id as a signed int in the path.
  return store_->read("/local/domain/" + std::to_string(static_cast<std::int32_t>(domid)) + "/name");
}

Result<std::vector<DomainSummary>> Context::list_domains() {
  auto ds = hv_->domains();
  if (!ds) return std::unexpected(from(ds.error()));
  std::vector<DomainSummary> out;
  out.reserve(ds->size());
  for (auto& d : *ds) out.push_back(DomainSummary{d, domid_to_name(d.domid)});
  return out;
}

Result<DomainSummary> Context::domain_info(DomId domid) {
  auto d = hv_->domain(domid);
  if (!d) return std::unexpected(from(d.error()));
  return DomainSummary{*d, domid_to_name(domid)};
}

Result<DomId> Context::name_to_domid(const std::string& name) {
  auto ds = hv_->domains();
  if (!ds) return std::unexpected(from(ds.error()));
  for (const auto& d : *ds) {
    if (domid_to_name(d.domid) == name) return d.domid;
  }
  return std::unexpected(Error{ErrorCode::Inval, "no domain called " + name});
}

Result<DomId> Context::domain_qualifier_to_domid(const std::string& q) {
  bool digits = true;
  for (char c : q) digits = digits && c >= '0' && c <= '9';
  if (digits) return static_cast<DomId>(std::strtoul(q.c_str(), nullptr, 10));
  return name_to_domid(q);
}

}  // namespace libxl
