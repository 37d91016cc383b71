// Running xl commands over the test doubles (fake_xen.h), and a small host
// for the control commands' tests: 4 CPUs, dom0 and one PV guest.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "fake_xen.h"
#include "xl/cli.h"

namespace xltest {

struct Out {
  int rc;
  std::string out, err;
};

inline Out run_xl(fake::Host& host, std::vector<std::string> argv) {
  std::ostringstream out, err;
  int rc = xl::run(argv, xl::Io{out, err}, "/nonexistent/xl.conf", host.opener());
  return {rc, out.str(), err.str()};
}

inline libxl::hypervisor::VcpuInfo vcpu(std::uint32_t id, bool online, std::uint32_t cpu,
                                        std::uint64_t ns, std::uint8_t hard, std::uint8_t soft) {
  libxl::hypervisor::VcpuInfo v;
  v.vcpu = id;
  v.online = online;
  v.cpu = cpu;
  v.cpu_time_ns = ns;
  v.hard = {hard};
  v.soft = {soft};
  return v;
}

// dom0 "Domain-0" (2 vCPUs, 1 GiB) and guest 3 "guest" (PV, 2 vCPUs, one
// online, 512 MiB with a 1 GiB static-max).
inline fake::Host small_host() {
  fake::Host h;
  h.xen->version.major = 4;
  h.xen->version.minor = 17;
  h.xen->version.extra = ".3";
  h.xen->physinfo.nr_cpus = 4;
  h.xen->physinfo.max_cpu_id = 3;
  h.xen->physinfo.total_pages = 1048576;  // 4 GiB
  h.xen->physinfo.free_pages = 524288;
  h.xen->physinfo.cpu_khz = 2400000;
  h.xen->max_cpus = 4;
  libxl::hypervisor::DomainInfo d0;
  d0.domid = 0;
  d0.running = true;
  d0.tot_pages = 262144;
  d0.max_pages = 262144;
  d0.nr_online_vcpus = 2;
  d0.max_vcpu_id = 1;
  d0.cpu_time_ns = 12345678901ull;
  libxl::hypervisor::DomainInfo g;
  g.domid = 3;
  g.blocked = true;
  g.tot_pages = 131072;
  g.max_pages = 131328;
  g.nr_online_vcpus = 1;
  g.max_vcpu_id = 1;
  g.cpu_time_ns = 2500000000ull;
  g.handle = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0,
              0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef};
  h.xen->domains = {d0, g};
  h.xen->vcpus[0] = {vcpu(0, true, 0, 7000000000ull, 0xff, 0xff),
                     vcpu(1, true, 1, 5345678901ull, 0xff, 0xff)};
  h.xen->vcpus[0][0].running = true;
  h.xen->vcpus[3] = {vcpu(0, true, 2, 2500000000ull, 0x03, 0x0f), vcpu(1, false, 0, 0, 0x05, 0x0f)};
  h.xen->vcpus[3][0].blocked = true;
  auto& s = *h.store;
  s["/local/domain/0/name"] = "Domain-0";
  s["/local/domain/0/vm"] = "/vm/00000000-0000-0000-0000-000000000000";
  s["/local/domain/3/name"] = "guest";
  s["/local/domain/3/vm"] = "/vm/12345678-9abc-def0-0123-456789abcdef";
  s["/local/domain/3/memory/target"] = "524288";
  s["/local/domain/3/memory/static-max"] = "1048576";
  s["/vm/12345678-9abc-def0-0123-456789abcdef/name"] = "guest";
  s["/vm/12345678-9abc-def0-0123-456789abcdef/start_time"] = "1700000000.25";
  s["/libxl/3/type"] = "pv";
  return h;
}

}  // namespace xltest
