// Test doubles of the library's two seams: a hypervisor and a XenStore
// holding fixed values the tests set, so that commands run through the real
// libxl::Context without Xen.
#pragma once

#include <cerrno>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "libxl/context.h"
#include "libxl/hypervisor/hypervisor.h"
#include "libxl/store/store.h"

namespace fake {

struct XenState {
  libxl::hypervisor::Version version;
  libxl::hypervisor::PhysInfo physinfo;
  std::string scheduler = "credit2";
  unsigned free_cpus = 0;
  std::vector<libxl::hypervisor::DomainInfo> domains;
  std::vector<libxl::hypervisor::CpuTopology> cpus;
  std::vector<libxl::hypervisor::NumaNode> nodes;
  std::uint32_t pci_node = libxl::hypervisor::kInvalid;  // of every device
  // Calls that fail (errno EACCES), by name: "version", "physinfo", ...
  std::vector<std::string> failing;
  bool fails(const std::string& op) const {
    for (const auto& f : failing) {
      if (f == op) return true;
    }
    return false;
  }
};

class Hypervisor final : public libxl::hypervisor::Hypervisor {
 public:
  explicit Hypervisor(std::shared_ptr<XenState> s) : s_(std::move(s)) {}
  template <class T>
  libxl::hypervisor::Result<T> guard(const std::string& op, T v) {
    if (s_->fails(op)) return std::unexpected(libxl::hypervisor::Error{op, EACCES});
    return v;
  }
  libxl::hypervisor::Result<libxl::hypervisor::Version> version() override {
    return guard("version", s_->version);
  }
  libxl::hypervisor::Result<libxl::hypervisor::PhysInfo> physinfo() override {
    return guard("physinfo", s_->physinfo);
  }
  libxl::hypervisor::Result<std::string> scheduler() override {
    return guard("scheduler", s_->scheduler);
  }
  libxl::hypervisor::Result<unsigned> free_cpus() override {
    return guard("free_cpus", s_->free_cpus);
  }
  libxl::hypervisor::Result<std::vector<libxl::hypervisor::CpuTopology>> cpu_topology() override {
    return guard("cpu_topology", s_->cpus);
  }
  libxl::hypervisor::Result<std::vector<libxl::hypervisor::NumaNode>> numa_info() override {
    return guard("numa_info", s_->nodes);
  }
  libxl::hypervisor::Result<std::vector<std::uint32_t>> pci_nodes(
      const std::vector<libxl::hypervisor::PciDevice>& devs) override {
    return guard("pci_nodes", std::vector<std::uint32_t>(devs.size(), s_->pci_node));
  }
  libxl::hypervisor::Result<std::vector<libxl::hypervisor::DomainInfo>> domains() override {
    return guard("domains", s_->domains);
  }
  libxl::hypervisor::Result<libxl::hypervisor::DomainInfo> domain(libxl::DomId d) override {
    if (s_->fails("domains")) return std::unexpected(libxl::hypervisor::Error{"domain", EACCES});
    for (const auto& i : s_->domains) {
      if (i.domid == d) return i;
    }
    return std::unexpected(libxl::hypervisor::Error{"domain", ESRCH});
  }
  libxl::hypervisor::Result<void> pause(libxl::DomId) override { return {}; }
  libxl::hypervisor::Result<void> unpause(libxl::DomId) override { return {}; }

 private:
  std::shared_ptr<XenState> s_;
};

class Store final : public libxl::store::Store {
 public:
  explicit Store(std::shared_ptr<std::map<std::string, std::string>> nodes)
      : nodes_(std::move(nodes)) {}
  std::optional<std::string> read(const std::string& path) override {
    auto it = nodes_->find(path);
    if (it == nodes_->end()) return std::nullopt;
    return it->second;
  }
  libxl::store::Result<std::vector<std::string>> directory(const std::string& path) override {
    std::vector<std::string> out;
    const std::string prefix = path + "/";
    for (const auto& [k, v] : *nodes_) {
      if (k.starts_with(prefix) && k.find('/', prefix.size()) == std::string::npos)
        out.push_back(k.substr(prefix.size()));
    }
    return out;
  }

 private:
  std::shared_ptr<std::map<std::string, std::string>> nodes_;
};

// A host and its store; opener() hands xl a fresh context over them.
struct Host {
  std::shared_ptr<XenState> xen = std::make_shared<XenState>();
  std::shared_ptr<std::map<std::string, std::string>> store =
      std::make_shared<std::map<std::string, std::string>>();
  bool unavailable = false;  // opening fails, as on a host without Xen

  auto opener() {
    return [this]() -> libxl::Result<std::unique_ptr<libxl::Context>> {
      if (unavailable)
        return std::unexpected(libxl::Error{libxl::ErrorCode::Fail,
                                            "cannot open libxc handle: No such file or directory"});
      return std::make_unique<libxl::Context>(std::make_unique<Hypervisor>(xen),
                                              std::make_unique<Store>(store));
    };
  }
};

}  // namespace fake
