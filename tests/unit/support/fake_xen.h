// Test doubles of the library's two seams: a hypervisor and a XenStore
// holding fixed values the tests set, so that commands run through the real
// libxl::Context without Xen.
#pragma once

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "libxl/context.h"
#include "libxl/device/hotplug.h"
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
  // The domain-changing calls made, in order ("create_domain 1", "build 1", ...).
  std::vector<std::string> calls;
  libxl::DomId next_domid = 1;
  std::vector<libxl::hypervisor::CreateSpec> created;
  std::vector<libxl::hypervisor::BootImage> built;
  std::vector<std::string> restored_from;  // the fake stream lines restore read
  std::uint32_t next_port = 10;
  // vCPUs per domain; the host's cpumap width; the pools and scheduler
  // values; what the host-wide calls were given.
  std::map<libxl::DomId, std::vector<libxl::hypervisor::VcpuInfo>> vcpus;
  std::uint32_t max_cpus = 8;
  std::vector<libxl::hypervisor::CpupoolInfo> cpupools{{0, "credit2"}};
  std::map<libxl::DomId, libxl::hypervisor::SchedDomain> sched;  // absent: weight 256, cap 0
  std::map<std::uint32_t, libxl::hypervisor::CreditParams> credit;
  std::map<std::uint32_t, std::uint32_t> credit2_ratelimit;
  std::string debug_keys, console_ring;
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
  libxl::hypervisor::Result<void> pause(libxl::DomId d) override {
    return set_paused(d, true, "pause");
  }
  libxl::hypervisor::Result<void> unpause(libxl::DomId d) override {
    return set_paused(d, false, "unpause");
  }

  libxl::hypervisor::Result<libxl::DomId> create_domain(const libxl::hypervisor::CreateSpec& spec,
                                                        libxl::DomId wanted) override {
    if (s_->fails("create_domain"))
      return std::unexpected(libxl::hypervisor::Error{"xc_domain_create", ENOMEM});
    libxl::hypervisor::DomainInfo d;
    d.domid = wanted ? wanted : s_->next_domid++;
    d.handle = spec.handle;
    d.paused = true;
    d.hvm = spec.hvm;
    s_->domains.push_back(d);
    s_->created.push_back(spec);
    s_->calls.push_back("create_domain " + std::to_string(d.domid));
    return d.domid;
  }
  libxl::hypervisor::Result<void> destroy_domain(libxl::DomId d) override {
    s_->calls.push_back("destroy_domain " + std::to_string(d));
    if (s_->fails("destroy_domain"))
      return std::unexpected(libxl::hypervisor::Error{"xc_domain_destroy", EACCES});
    for (auto it = s_->domains.begin(); it != s_->domains.end(); ++it) {
      if (it->domid == d) {
        s_->domains.erase(it);
        return {};
      }
    }
    return std::unexpected(libxl::hypervisor::Error{"xc_domain_destroy", ESRCH});
  }
  libxl::hypervisor::Result<void> shutdown_domain(libxl::DomId d,
                                                  libxl::hypervisor::ShutdownReason r) override {
    s_->calls.push_back("shutdown_domain " + std::to_string(d) + " " +
                        std::to_string(int(r)));
    for (auto& i : s_->domains) {
      if (i.domid == d) {
        i.shutdown = true;
        i.shutdown_reason = r;
        return {};
      }
    }
    return std::unexpected(libxl::hypervisor::Error{"xc_domain_shutdown", ESRCH});
  }
  libxl::hypervisor::Result<void> set_max_vcpus(libxl::DomId d, std::uint32_t n) override {
    return record("set_max_vcpus", d, std::to_string(n));
  }
  libxl::hypervisor::Result<void> set_max_memory(libxl::DomId d, std::uint64_t kb) override {
    return record("set_max_memory", d, std::to_string(kb));
  }
  libxl::hypervisor::Result<void> set_memmap_limit(libxl::DomId d, std::uint64_t kb) override {
    return record("set_memmap_limit", d, std::to_string(kb));
  }
  libxl::hypervisor::Result<void> set_tsc_mode(libxl::DomId d, int mode) override {
    return record("set_tsc_mode", d, std::to_string(mode));
  }
  libxl::hypervisor::Result<void> set_shadow_allocation(libxl::DomId d, std::uint64_t mb) override {
    return record("set_shadow_allocation", d, std::to_string(mb));
  }
  libxl::hypervisor::Result<void> apply_cpuid_policy(libxl::DomId d, bool, bool, bool) override {
    return record("apply_cpuid_policy", d, "");
  }
  libxl::hypervisor::Result<void> set_memory_map(
      libxl::DomId d, const std::vector<libxl::hypervisor::E820Entry>& m) override {
    return record("set_memory_map", d, std::to_string(m.size()));
  }
  libxl::hypervisor::Result<std::uint32_t> alloc_unbound_evtchn(libxl::DomId d,
                                                                libxl::DomId remote) override {
    if (auto r = record("alloc_unbound_evtchn", d, std::to_string(remote)); !r)
      return std::unexpected(r.error());
    return s_->next_port++;
  }
  libxl::hypervisor::Result<libxl::hypervisor::BootResult> build(
      libxl::DomId d, const libxl::hypervisor::BootImage& img) override {
    if (auto r = record("build", d, img.kernel); !r) return std::unexpected(r.error());
    s_->built.push_back(img);
    return libxl::hypervisor::BootResult{0x1234, 0x1235};
  }
  // A stand-in for libxenguest's stream: a line naming the domain and its
  // memory, after the suspend the real one asks for.
  libxl::hypervisor::Result<void> save(libxl::DomId d, int fd,
                                       const libxl::hypervisor::SaveRequest& req) override {
    if (auto r = record("save", d, req.live ? "live" : ""); !r) return r;
    if (!req.suspend || !req.suspend())
      return std::unexpected(libxl::hypervisor::Error{"xc_domain_save", EINVAL});
    std::string body = "fake-libxc-stream " + std::to_string(d) + "\n";
    if (::write(fd, body.data(), body.size()) != ssize_t(body.size()))
      return std::unexpected(libxl::hypervisor::Error{"xc_domain_save", errno});
    return {};
  }
  libxl::hypervisor::Result<libxl::hypervisor::BootResult> restore(
      libxl::DomId d, int fd, const libxl::hypervisor::RestoreRequest&) override {
    if (auto r = record("restore", d, ""); !r) return std::unexpected(r.error());
    // Byte by byte up to the newline, as libxenguest reads no further than its END.
    std::string line;
    char c;
    while (::read(fd, &c, 1) == 1 && c != '\n') line += c;
    if (!line.starts_with("fake-libxc-stream "))
      return std::unexpected(libxl::hypervisor::Error{"xc_domain_restore", EINVAL});
    s_->restored_from.push_back(line);
    return libxl::hypervisor::BootResult{0x2234, 0x2235};
  }
  libxl::hypervisor::Result<void> resume(libxl::DomId d) override {
    if (auto r = record("resume", d, ""); !r) return r;
    for (auto& i : s_->domains)
      if (i.domid == d) i.shutdown = false;
    return {};
  }
  libxl::hypervisor::Result<void> set_hvm_param(libxl::DomId d, std::uint32_t p,
                                                std::uint64_t v) override {
    return record("set_hvm_param", d, std::to_string(p) + "=" + std::to_string(v));
  }

  libxl::hypervisor::Result<std::uint32_t> max_cpus() override {
    return guard("max_cpus", s_->max_cpus);
  }
  libxl::hypervisor::Result<libxl::hypervisor::VcpuInfo> vcpu_info(libxl::DomId d,
                                                                   std::uint32_t v) override {
    if (s_->fails("vcpu_info"))
      return std::unexpected(libxl::hypervisor::Error{"xc_vcpu_getinfo", EACCES});
    auto it = s_->vcpus.find(d);
    if (it == s_->vcpus.end() || v >= it->second.size())
      return std::unexpected(libxl::hypervisor::Error{"xc_vcpu_getinfo", ESRCH});
    return it->second[v];
  }
  libxl::hypervisor::Result<void> set_vcpu_affinity(libxl::DomId d, std::uint32_t v,
                                                    const std::vector<std::uint8_t>* hard,
                                                    const std::vector<std::uint8_t>* soft,
                                                    bool force) override {
    if (auto r = record("set_vcpu_affinity", d,
                        std::to_string(v) + (hard ? " hard" : "") + (soft ? " soft" : "") +
                            (force ? " force" : ""));
        !r)
      return r;
    auto it = s_->vcpus.find(d);
    if (it == s_->vcpus.end() || v >= it->second.size())
      return std::unexpected(libxl::hypervisor::Error{"xc_vcpu_setaffinity", EINVAL});
    if (hard) it->second[v].hard = *hard;
    if (soft) it->second[v].soft = *soft;
    return {};
  }
  libxl::hypervisor::Result<void> set_pod_target(libxl::DomId d, std::uint64_t pages) override {
    return record("set_pod_target", d, std::to_string(pages));
  }
  libxl::hypervisor::Result<std::vector<libxl::hypervisor::CpupoolInfo>> cpupools() override {
    return guard("cpupools", s_->cpupools);
  }
  libxl::hypervisor::Result<libxl::hypervisor::SchedDomain> sched_domain_get(
      libxl::DomId d, const std::string& sched) override {
    if (s_->fails("sched_domain_get"))
      return std::unexpected(libxl::hypervisor::Error{"xc_sched_" + sched + "_domain_get", EINVAL});
    auto it = s_->sched.find(d);
    return it == s_->sched.end() ? libxl::hypervisor::SchedDomain{256, 0} : it->second;
  }
  libxl::hypervisor::Result<void> sched_domain_set(libxl::DomId d, const std::string& sched,
                                                   const libxl::hypervisor::SchedDomain& p) override {
    if (auto r = record("sched_domain_set", d,
                        sched + " " + std::to_string(p.weight) + " " + std::to_string(p.cap));
        !r)
      return r;
    s_->sched[d] = p;
    return {};
  }
  libxl::hypervisor::Result<libxl::hypervisor::CreditParams> sched_credit_params_get(
      std::uint32_t pool) override {
    if (s_->fails("sched_credit_params_get"))
      return std::unexpected(libxl::hypervisor::Error{"xc_sched_credit_params_get", EINVAL});
    auto it = s_->credit.find(pool);
    return it == s_->credit.end() ? libxl::hypervisor::CreditParams{30, 1000, 0} : it->second;
  }
  libxl::hypervisor::Result<void> sched_credit_params_set(
      std::uint32_t pool, const libxl::hypervisor::CreditParams& p) override {
    if (auto r = record("sched_credit_params_set", pool,
                        std::to_string(p.tslice_ms) + " " + std::to_string(p.ratelimit_us) + " " +
                            std::to_string(p.vcpu_migr_delay_us));
        !r)
      return r;
    s_->credit[pool] = p;
    return {};
  }
  libxl::hypervisor::Result<std::uint32_t> sched_credit2_ratelimit_get(std::uint32_t pool) override {
    auto it = s_->credit2_ratelimit.find(pool);
    return guard("sched_credit2_ratelimit_get",
                 it == s_->credit2_ratelimit.end() ? std::uint32_t{1000} : it->second);
  }
  libxl::hypervisor::Result<void> sched_credit2_ratelimit_set(std::uint32_t pool,
                                                              std::uint32_t us) override {
    if (auto r = record("sched_credit2_ratelimit_set", pool, std::to_string(us)); !r) return r;
    s_->credit2_ratelimit[pool] = us;
    return {};
  }
  libxl::hypervisor::Result<void> send_debug_keys(const std::string& keys) override {
    if (s_->fails("send_debug_keys"))
      return std::unexpected(libxl::hypervisor::Error{"xc_send_debug_keys", EPERM});
    s_->debug_keys += keys;
    return {};
  }
  libxl::hypervisor::Result<void> dump_core(libxl::DomId domid, const std::string& path) override {
    return record("dump_core", domid, path);
  }
  libxl::hypervisor::Result<void> set_handle(libxl::DomId domid, const std::array<std::uint8_t, 16>& h) override {
    if (auto r = record("set_handle", domid, ""); !r) return r;
    for (auto& d : s_->domains)
      if (d.domid == domid) d.handle = h;
    return {};
  }
  libxl::hypervisor::Result<std::string> read_console_ring(bool clear) override {
    auto r = guard("read_console_ring", s_->console_ring);
    if (r && clear) s_->console_ring.clear();
    return r;
  }

 private:
  libxl::hypervisor::Result<void> record(const std::string& op, libxl::DomId d,
                                         const std::string& arg) {
    s_->calls.push_back(op + " " + std::to_string(d) + (arg.empty() ? "" : " " + arg));
    if (s_->fails(op)) return std::unexpected(libxl::hypervisor::Error{op, EINVAL});
    return {};
  }
  libxl::hypervisor::Result<void> set_paused(libxl::DomId d, bool p, const std::string& op) {
    s_->calls.push_back(op + " " + std::to_string(d));
    for (auto& i : s_->domains) {
      if (i.domid == d) {
        i.paused = p;
        return {};
      }
    }
    return std::unexpected(libxl::hypervisor::Error{op, ESRCH});
  }
  std::shared_ptr<XenState> s_;
};

// What the fake store keeps besides the values: permissions, the domains
// introduced, the watches set, and the store calls that fail.
struct StoreExtras {
  std::map<std::string, libxl::store::Perms> perms;
  std::vector<std::pair<libxl::DomId, std::uint64_t>> introduced;
  std::vector<libxl::DomId> resumed;
  std::vector<std::pair<std::string, std::string>> watches;
  std::vector<std::string> failing;  // "write", "introduce", "commit", ...
  // Watch events read_watch hands out, oldest first; when none is left it
  // fails (a test double cannot block).
  std::vector<std::pair<std::string, std::string>> pending_events;
  // Runs after every change that lands (a write outside a transaction, a
  // commit): a stand-in for dom0's kernel reacting to the store, such as
  // linux_backends() below.
  std::function<void(std::map<std::string, std::string>&)> after_change;
  // The daemon has died: from now on every call fails and reads find nothing.
  bool gone = false;
  bool fails(const std::string& op) const {
    if (gone) return true;
    for (const auto& f : failing) {
      if (f == op) return true;
    }
    return false;
  }
};

// Transactions work on a copy that commit puts in place (no conflicts).
class Store : public libxl::store::Store {
 public:
  using Nodes = std::map<std::string, std::string>;
  explicit Store(std::shared_ptr<Nodes> nodes,
                 std::shared_ptr<StoreExtras> extras = std::make_shared<StoreExtras>())
      : nodes_(std::move(nodes)), x_(std::move(extras)) {}
  std::optional<std::string> read(libxl::store::Tx tx, const std::string& path) override {
    if (x_->gone) return std::nullopt;
    const Nodes& n = view(tx);
    auto it = n.find(path);
    if (it == n.end()) return std::nullopt;
    return it->second;
  }
  libxl::store::Result<std::vector<std::string>> directory(libxl::store::Tx tx,
                                                           const std::string& path) override {
    if (x_->gone) return std::unexpected(libxl::store::Error{"xs_directory " + path, ECONNRESET});
    std::vector<std::string> out;
    const std::string prefix = path + "/";
    for (const auto& [k, v] : view(tx)) {
      if (k.starts_with(prefix) && k.find('/', prefix.size()) == std::string::npos)
        out.push_back(k.substr(prefix.size()));
    }
    if (out.empty() && !view(tx).contains(path))
      return std::unexpected(libxl::store::Error{"xs_directory " + path, ENOENT});
    return out;
  }
  libxl::store::Result<void> write(libxl::store::Tx tx, const std::string& path,
                                   const std::string& value) override {
    if (x_->fails("write")) return fail("xs_write " + path);
    Nodes& n = view(tx);
    make_parents(n, path);
    n[path] = value;
    if (!tx && x_->after_change) x_->after_change(*nodes_);
    return {};
  }
  libxl::store::Result<void> mkdir(libxl::store::Tx tx, const std::string& path) override {
    if (x_->fails("mkdir")) return fail("xs_mkdir " + path);
    Nodes& n = view(tx);
    make_parents(n, path);
    n.emplace(path, "");
    return {};
  }
  libxl::store::Result<void> remove(libxl::store::Tx tx, const std::string& path) override {
    if (x_->fails("remove")) return fail("xs_rm " + path);
    Nodes& n = view(tx);
    std::erase_if(n, [&](const auto& kv) {
      return kv.first == path || kv.first.starts_with(path + "/");
    });
    std::erase_if(x_->perms, [&](const auto& kv) {
      return kv.first == path || kv.first.starts_with(path + "/");
    });
    return {};
  }
  libxl::store::Result<void> set_perms(libxl::store::Tx, const std::string& path,
                                       const libxl::store::Perms& p) override {
    if (x_->fails("set_perms")) return fail("xs_set_permissions " + path);
    x_->perms[path] = p;
    return {};
  }
  libxl::store::Result<libxl::store::Tx> begin() override {
    if (x_->fails("begin"))
      return std::unexpected(libxl::store::Error{"xs_transaction_start", x_->gone ? ECONNRESET : EIO});
    txs_[++last_tx_] = *nodes_;
    return last_tx_;
  }
  libxl::store::Result<bool> commit(libxl::store::Tx tx) override {
    if (x_->fails("commit")) {
      txs_.erase(tx);
      return std::unexpected(libxl::store::Error{"xs_transaction_end", x_->gone ? ECONNRESET : EIO});
    }
    *nodes_ = std::move(txs_.at(tx));
    txs_.erase(tx);
    if (x_->after_change) x_->after_change(*nodes_);
    return true;
  }
  void abort(libxl::store::Tx tx) override { txs_.erase(tx); }
  libxl::store::Result<void> introduce(libxl::DomId d, std::uint64_t gfn, std::uint32_t) override {
    if (x_->fails("introduce")) return fail("xs_introduce_domain");
    x_->introduced.emplace_back(d, gfn);
    return {};
  }
  libxl::store::Result<void> resume_domain(libxl::DomId d) override {
    if (x_->fails("resume")) return fail("xs_resume_domain");
    x_->resumed.push_back(d);
    return {};
  }
  libxl::store::Result<void> watch(const std::string& path, const std::string& token) override {
    x_->watches.emplace_back(path, token);
    return {};
  }
  libxl::store::Result<void> unwatch(const std::string& path, const std::string& token) override {
    std::erase(x_->watches, std::pair<std::string, std::string>(path, token));
    return {};
  }
  int watch_fd() override { return -1; }
  libxl::store::Result<std::pair<std::string, std::string>> read_watch() override {
    if (x_->pending_events.empty())
      return std::unexpected(libxl::store::Error{"xs_read_watch", EAGAIN});
    auto e = x_->pending_events.front();
    x_->pending_events.erase(x_->pending_events.begin());
    return e;
  }

 private:
  libxl::store::Result<void> fail(const std::string& op) const {
    return std::unexpected(libxl::store::Error{op, x_->gone ? ECONNRESET : EIO});
  }
  Nodes& view(libxl::store::Tx tx) { return tx ? txs_.at(tx) : *nodes_; }
  static void make_parents(Nodes& n, const std::string& path) {
    for (auto p = path.find('/', 1); p != std::string::npos; p = path.find('/', p + 1))
      n.emplace(path.substr(0, p), "");
  }
  std::shared_ptr<Nodes> nodes_;
  std::shared_ptr<StoreExtras> x_;
  std::map<libxl::store::Tx, Nodes> txs_;
  libxl::store::Tx last_tx_ = 0;
};

// Linux's blkback and netback as the store sees them: a new backend
// (online, Initialising, with its frontend) goes to InitWait at once; one
// asked to close (online 0, Closing) or whose frontend is gone goes to Closed.
inline void linux_backends(std::map<std::string, std::string>& n) {
  std::vector<std::string> dirs;
  for (const auto& [k, v] : n) {
    if (!k.starts_with("/local/domain/0/backend/") || !k.ends_with("/state")) continue;
    dirs.push_back(k.substr(0, k.size() - 6));
  }
  for (const auto& d : dirs) {
    auto get = [&](const std::string& key) {
      auto it = n.find(d + "/" + key);
      return it == n.end() ? std::string("<none>") : it->second;
    };
    const std::string state = get("state"), fe = get("frontend");
    const bool fe_there = n.contains(fe);
    if (state == "1" && get("online") == "1" && fe_there) n[d + "/state"] = "2";
    else if ((state == "5" && get("online") == "0") || (!fe_there && state != "6")) n[d + "/state"] = "6";
  }
}

// Runs no script: records each call, and answers as the test says
// (`failing` script+action pairs exit 1 after writing hotplug-error).
class Hotplug : public libxl::device::HotplugRunner {
 public:
  struct State {
    std::vector<libxl::device::HotplugCall> calls;
    std::vector<std::string> failing;  // "block add", "vif-bridge online", ...
    std::shared_ptr<std::map<std::string, std::string>> store;
  };
  explicit Hotplug(std::shared_ptr<State> s) : s_(std::move(s)) {}
  libxl::Result<libxl::device::HotplugOutcome> run(const libxl::device::HotplugCall& call,
                                                   std::chrono::milliseconds) override {
    s_->calls.push_back(call);
    const std::string name = call.script.substr(call.script.rfind('/') + 1) + " " + call.args.at(0);
    std::string xbpath;
    for (const auto& [k, v] : call.env)
      if (k == "XENBUS_PATH") xbpath = "/local/domain/0/" + v;
    libxl::device::HotplugOutcome out;
    if (std::find(s_->failing.begin(), s_->failing.end(), name) != s_->failing.end()) {
      (*s_->store)[xbpath + "/hotplug-status"] = "error";
      (*s_->store)[xbpath + "/hotplug-error"] = "refused by the test";
      out.exit_status = 1;
    } else if (call.args[0] == "add" || call.args[0] == "online") {
      (*s_->store)[xbpath + "/hotplug-status"] = "connected";
    }
    return out;
  }

 private:
  std::shared_ptr<State> s_;
};

// A host and its store; opener() hands xl a fresh context over them.
struct Host {
  std::shared_ptr<XenState> xen = std::make_shared<XenState>();
  std::shared_ptr<std::map<std::string, std::string>> store =
      std::make_shared<std::map<std::string, std::string>>();
  std::shared_ptr<StoreExtras> store_extras = std::make_shared<StoreExtras>();
  bool unavailable = false;  // opening fails, as on a host without Xen
  std::shared_ptr<Hotplug::State> hotplug = std::make_shared<Hotplug::State>();

  auto opener() {
    return [this]() -> libxl::Result<std::unique_ptr<libxl::Context>> {
      if (unavailable)
        return std::unexpected(libxl::Error{libxl::ErrorCode::Fail,
                                            "cannot open libxc handle: No such file or directory"});
      auto ctx = std::make_unique<libxl::Context>(std::make_unique<Hypervisor>(xen),
                                                  std::make_unique<Store>(store, store_extras));
      hotplug->store = store;
      ctx->set_hotplug(std::make_unique<Hotplug>(hotplug));
      ctx->device_timeouts = {std::chrono::milliseconds(200), std::chrono::milliseconds(200),
                              std::chrono::milliseconds(200)};
      return ctx;
    };
  }
};

}  // namespace fake
