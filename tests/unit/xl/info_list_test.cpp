// xl info, list, domid and domname through the real library context over
// the test doubles of the hypervisor and XenStore (tests/unit/support).
// Every expected text is built from the format strings of Xen 4.17's
// tools/xl/xl_info.c (output_nodeinfo, output_physinfo, output_xeninfo,
// list_domains, main_list, main_domid, main_domname) and the usage texts
// of tools/xl/xl_cmdtable.c, as `xl help CMD` of Debian's 4.17.7 xl prints
// them; each test says which.
#include <doctest/doctest.h>

#include <sys/utsname.h>

#include <sstream>

#include "../support/xl_run.h"
#include "xl/cli.h"

namespace {

using xltest::Out;
using xltest::run_xl;

libxl::hypervisor::DomainInfo dom(libxl::DomId id, std::uint64_t pages, std::uint32_t vcpus) {
  libxl::hypervisor::DomainInfo d;
  d.domid = id;
  d.tot_pages = pages;
  d.nr_online_vcpus = vcpus;
  return d;
}

// A host like the lab's: 2 CPUs, 3 GB, Xen 4.17.3, dom0 and two guests.
fake::Host lab_host() {
  fake::Host h;
  auto& v = h.xen->version;
  v.major = 4;
  v.minor = 17;
  v.extra = ".3";
  v.caps = "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64";
  v.changeset = "";
  v.commandline = "console=com1 dom0_mem=1024M";
  v.compiler = "x86_64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0";
  v.compile_by = "pkg-xen-devel";
  v.compile_domain = "lists.alioth.debian.org";
  v.compile_date = "Mon Jan  1 00:00:00 UTC 2024";
  v.build_id = "0011aabb";
  v.virt_start = 0xffff800000000000ull;
  v.pagesize = 4096;
  auto& p = h.xen->physinfo;
  p.nr_cpus = 2;
  p.max_cpu_id = 1;
  p.nr_nodes = 1;
  p.cores_per_socket = 1;
  p.threads_per_core = 1;
  p.cpu_khz = 2394054;
  p.hw_cap = {0x078bfbff, 0x80002001, 0x2e100800, 0x00000009, 0, 0, 0, 0x00000100};
  p.cap_pv = p.cap_hvm = p.cap_hap = p.cap_shadow = p.cap_gnttab_v1 = p.cap_gnttab_v2 = true;
  p.total_pages = 786300;    // 3071.48 MB
  p.free_pages = 500000;
  p.outstanding_pages = 1000;  // free_memory: (500000 - 1000) / 256 = 1949
  p.sharing_freed_pages = 0;
  p.sharing_used_frames = 512;  // 2 MB
  h.xen->free_cpus = 0;
  h.xen->scheduler = "credit2";

  auto d0 = dom(0, 262144, 2);  // 1024 MB
  d0.running = true;
  d0.cpu_time_ns = 12345678901ull;
  auto g = dom(3, 32768, 1);  // 128 MB + 1 MB outstanding
  g.outstanding_pages = 256;
  g.paused = g.blocked = g.shutdown = g.dying = true;
  g.shutdown_reason = libxl::hypervisor::ShutdownReason::Crash;
  g.handle = {0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab,
              0xcd, 0xef};
  auto nameless = dom(7, 2560, 4);  // 10 MB, no name in XenStore
  nameless.cpu_time_ns = 3599950000000ull;
  h.xen->domains = {d0, g, nameless};
  (*h.store)["/local/domain/0/name"] = "Domain-0";
  (*h.store)["/local/domain/3/name"] = "guest-with-a-rather-long-name-of-40-chars";
  // A stale name of a domain that is gone: domname still finds it (libxl
  // only reads XenStore), domid does not (it walks the domains).
  (*h.store)["/local/domain/9/name"] = "ghost";
  return h;
}

std::string node_lines() {
  struct utsname u;
  REQUIRE(uname(&u) == 0);
  return std::string("host                   : ") + u.nodename + "\n" +
         "release                : " + u.release + "\n" + "version                : " + u.version +
         "\n" + "machine                : " + u.machine + "\n";
}

// output_physinfo's lines for lab_host(), then output_xeninfo's, then
// print_info's last line.
const char* const kPhysLines =
    "nr_cpus                : 2\n"
    "max_cpu_id             : 1\n"
    "nr_nodes               : 1\n"
    "cores_per_socket       : 1\n"
    "threads_per_core       : 1\n"
    "cpu_mhz                : 2394.054\n"
    "hw_caps                : 078bfbff:80002001:2e100800:00000009:00000000:00000000:00000000:00000100\n"
    "virt_caps              : pv hvm hap shadow gnttab-v1 gnttab-v2\n"
    "total_memory           : 3071\n"
    "free_memory            : 1949\n"
    "sharing_freed_memory   : 0\n"
    "sharing_used_memory    : 2\n"
    "outstanding_claims     : 3\n"
    "free_cpus              : 0\n";
const char* const kXenLines =
    "xen_major              : 4\n"
    "xen_minor              : 17\n"
    "xen_extra              : .3\n"
    "xen_version            : 4.17.3\n"
    "xen_caps               : xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64\n"
    "xen_scheduler          : credit2\n"
    "xen_pagesize           : 4096\n"
    "platform_params        : virt_start=0xffff800000000000\n"
    "xen_changeset          : \n"
    "xen_commandline        : console=com1 dom0_mem=1024M\n"
    "cc_compiler            : x86_64-linux-gnu-gcc (Debian 12.2.0-14) 12.2.0\n"
    "cc_compile_by          : pkg-xen-devel\n"
    "cc_compile_domain      : lists.alioth.debian.org\n"
    "cc_compile_date        : Mon Jan  1 00:00:00 UTC 2024\n"
    "build_id               : 0011aabb\n"
    "xend_config_format     : 4\n";

// list_domains' header and "%-40s %5d %5lu %5d     %c%c%c%c%c%c  %8.1f"
// rows; the name of a domain without one is glibc's "(null)".
const char* const kListHeader = "Name                                        ID   Mem VCPUs\tState\tTime(s)\n";
const char* const kDom0Row = "Domain-0                                     0  1024     2     r-----      12.3\n";
const char* const kGuestRow = "guest-with-a-rather-long-name-of-40-chars     3   129     1     -bpscd       0.0\n";
// 3599.95 s: xl narrows the nanoseconds to a float (3599949938688) before
// dividing, so it prints 3599.9 where a double would round up to 3600.0.
const char* const kNamelessRow = "(null)                                       7    10     4     ------    3599.9\n";

}  // namespace

TEST_CASE("xl info prints node, physical and Xen information as xl 4.17") {
  auto h = lab_host();
  auto r = run_xl(h, {"info"});
  CHECK(r.rc == 0);
  CHECK(r.err == "");
  CHECK(r.out == node_lines() + kPhysLines + kXenLines);
}

TEST_CASE("xl info NAME prints the values of the lines whose label starts with NAME") {
  auto h = lab_host();
  CHECK(run_xl(h, {"info", "xen_major"}).out == "4\n");
  // maybe_printf compares a prefix: free_memory and free_cpus.
  CHECK(run_xl(h, {"info", "free"}).out == "1949\n0\n");
  CHECK(run_xl(h, {"info", "platform_params"}).out == "virt_start=0xffff800000000000\n");
  CHECK(run_xl(h, {"info", "nothing"}).out == "");
  CHECK(run_xl(h, {"info", "nothing"}).rc == 0);
}

TEST_CASE("xl info: the directio and other capabilities, in xl's order") {
  auto h = lab_host();
  auto& p = h.xen->physinfo;
  p.cap_directio = p.cap_iommu_hap_pt_share = p.cap_vmtrace = p.cap_vpmu = true;
  // With a NAME, maybe_printf prints what follows ": ", which here eats
  // the first capability's leading space.
  CHECK(run_xl(h, {"info", "virt_caps"}).out ==
        "pv hvm hvm_directio pv_directio hap shadow iommu_hap_pt_share vmtrace vpmu gnttab-v1 "
        "gnttab-v2\n");
}

TEST_CASE("xl info: failures of the hypervisor calls are xl's messages, status 0") {
  auto h = lab_host();
  h.xen->failing = {"physinfo"};
  auto r = run_xl(h, {"info"});
  CHECK(r.rc == 0);
  CHECK(r.err == "libxl_physinfo failed.\n");
  CHECK(r.out == node_lines() + kXenLines);

  h.xen->failing = {"scheduler"};
  r = run_xl(h, {"info"});
  CHECK(r.err == "get_scheduler sysctl failed.\n");
  CHECK(r.out == node_lines() + kPhysLines + "xend_config_format     : 4\n");

  h.xen->failing = {"free_cpus"};
  r = run_xl(h, {"info", "free"});
  CHECK(r.out == "1949\n");
}

TEST_CASE("xl list prints every domain as xl 4.17") {
  auto h = lab_host();
  auto r = run_xl(h, {"list"});
  CHECK(r.rc == 0);
  CHECK(r.err == "");
  CHECK(r.out == std::string(kListHeader) + kDom0Row + kGuestRow + kNamelessRow);
}

TEST_CASE("xl list DOMAIN, by name or id") {
  auto h = lab_host();
  CHECK(run_xl(h, {"list", "Domain-0"}).out == std::string(kListHeader) + kDom0Row);
  CHECK(run_xl(h, {"list", "3"}).out == std::string(kListHeader) + kGuestRow);
  // main_list: find_domain's message (ERROR_INVAL is -6), and the one for a
  // domid Xen does not know.
  auto r = run_xl(h, {"list", "nope"});
  CHECK(r.rc == 1);
  CHECK(r.err == "nope is an invalid domain identifier (rc=-6)\n");
  r = run_xl(h, {"list", "42"});
  CHECK(r.rc == 1);
  CHECK(r.err == "Error: Domain '42' does not exist.\n");
  // More than one operand: the help, status 1.
  r = run_xl(h, {"list", "0", "3"});
  CHECK(r.rc == 1);
  CHECK(r.out.starts_with("Usage: xl [-vtT] list [options] [Domain]\n\n\n"));
}

TEST_CASE("xl list -v and -Z add the UUID, reason code and security label columns") {
  auto h = lab_host();
  auto r = run_xl(h, {"list", "-v"});
  CHECK(r.out ==
        std::string("Name                                        ID   Mem VCPUs\tState\tTime(s)"
                    "   UUID                            Reason-Code\tSecurity Label\n") +
            "Domain-0                                     0  1024     2     r-----      12.3"
            " 00000000-0000-0000-0000-000000000000        -                -\n"
            "guest-with-a-rather-long-name-of-40-chars     3   129     1     -bpscd       0.0"
            " 12345678-9abc-def0-0123-456789abcdef        3                -\n"
            "(null)                                       7    10     4     ------    3599.9"
            " 00000000-0000-0000-0000-000000000000        -                -\n");
  r = run_xl(h, {"list", "--context", "0"});
  CHECK(r.out ==
        "Name                                        ID   Mem VCPUs\tState\tTime(s)   Security Label\n"
        "Domain-0                                     0  1024     2     r-----      12.3"
        "                -\n");
}

TEST_CASE("xl list -c prints the cpupool's name (Pool-0 when XenStore has none)") {
  auto h = lab_host();
  h.xen->domains.resize(1);
  auto r = run_xl(h, {"list", "-c"});
  CHECK(r.out ==
        "Name                                        ID   Mem VCPUs\tState\tTime(s)         Cpupool\n"
        "Domain-0                                     0  1024     2     r-----      12.3          Pool-0\n");
}

TEST_CASE("xl list: options as xl's getopt takes them") {
  auto h = lab_host();
  auto r = run_xl(h, {"list", "-x"});
  CHECK(r.rc == 2);
  CHECK(r.err == "option `x' not supported.\n");
  r = run_xl(h, {"list", "-h"});
  CHECK(r.rc == 0);
  CHECK(r.out ==
        "Usage: xl [-vtT] list [options] [Domain]\n\n\n"
        "List information about all/some domains.\n\n"
        "Options:\n\n"
        "-l, --long              Output all VM details\n"
        "-v, --verbose           Prints out UUIDs and security context\n"
        "-Z, --context           Prints out security context\n"
        "-c, --cpupool           Prints the cpupool the domain is in\n"
        "-n, --numa              Prints out NUMA node affinity\n");
  // Options after the operand, long names abbreviated.
  CHECK(run_xl(h, {"list", "0", "--verb"}).out.find("Reason-Code") != std::string::npos);
}

TEST_CASE("xl domid and domname") {
  auto h = lab_host();
  auto r = run_xl(h, {"domid", "Domain-0"});
  CHECK(r.rc == 0);
  CHECK(r.out == "0\n");
  CHECK(run_xl(h, {"domid", "guest-with-a-rather-long-name-of-40-chars"}).out == "3\n");
  r = run_xl(h, {"domid", "ghost"});
  CHECK(r.rc == 1);
  CHECK(r.out == "");
  CHECK(r.err == "Can't get domid of domain name 'ghost', maybe this domain does not exist.\n");

  CHECK(run_xl(h, {"domname", "0"}).out == "Domain-0\n");
  CHECK(run_xl(h, {"domname", "9"}).out == "ghost\n");
  CHECK(run_xl(h, {"domname", "3abc"}).out == "guest-with-a-rather-long-name-of-40-chars\n");
  r = run_xl(h, {"domname", "7"});
  CHECK(r.rc == 1);
  CHECK(r.err == "Can't get domain name of domain id '7', maybe this domain does not exist.\n");
  r = run_xl(h, {"domname", "abc"});
  CHECK(r.rc == 1);
  CHECK(r.err == "Invalid domain id.\n\n");
}

TEST_CASE("xl domid/domname without an argument: xl's message, the help, status 2") {
  auto h = lab_host();
  auto r = run_xl(h, {"domid"});
  CHECK(r.rc == 2);
  CHECK(r.err == "'xl domid' requires at least 1 argument.\n\n");
  CHECK(r.out == "Usage: xl [-vtT] domid <DomainName>\n\nConvert a domain name to domain id.\n\n");
  r = run_xl(h, {"domname"});
  CHECK(r.rc == 2);
  CHECK(r.out == "Usage: xl [-vtT] domname <DomainId>\n\nConvert a domain id to domain name.\n\n");
  r = run_xl(h, {"help", "info"});
  CHECK(r.out ==
        "Usage: xl [-vtT] info -n, --numa         List host NUMA topology information\n\n"
        "Get information about Xen host.\n\n");
}

TEST_CASE("without Xen the commands say so and fail") {
  auto h = lab_host();
  h.unavailable = true;
  for (auto cmd : {"info", "list"}) {
    auto r = run_xl(h, {cmd});
    CHECK(r.rc == 1);
    CHECK(r.out == "");
    CHECK(r.err ==
          "libxl: error: cannot open libxc handle: No such file or directory\ncannot init xl context\n");
  }
}

TEST_CASE("xl info -n adds the CPU topology, device topology and NUMA tables") {
  auto h = lab_host();
  using libxl::hypervisor::kInvalid;
  h.xen->cpus = {{0, 0, 0}, {kInvalid, kInvalid, kInvalid}, {1, 0, kInvalid}};
  h.xen->nodes = {{3221225472ull, 2147483648ull, {10, 20}},
                  {kInvalid, kInvalid, {20, 10}},
                  {1048576ull * 5, 0, {kInvalid, 10}}};
  auto r = run_xl(h, {"info", "-n", "ignored-filter"});
  CHECK(r.rc == 0);
  // output_topologyinfo: "%3d:    %4d     %4d     %4d", entries without a
  // core skipped, other unknown ids printed as -1.
  const std::string cpus =
      "cpu_topology           :\n"
      "cpu:    core    socket     node\n"
      "  0:       0        0        0\n"
      "  2:       1        0       -1\n";
  // output_numainfo: "%4d:    %6lu     %6lu      %d" and ",%d" per distance,
  // sizes in MB, nodes without a size skipped.
  const std::string numa =
      "numa_info              :\n"
      "node:    memsize    memfree    distances\n"
      "   0:      3072       2048      10,20\n"
      "   2:         5          0      -1,10\n";
  // Between them the device table: the host's PCI devices, none of which
  // the fake puts on a node.
  const std::string devices =
      "device topology        :\ndevice           node\nNo device topology data available\n";
  std::string expect_pci = devices;
  if (r.err == "libxl_get_pci_topology failed.\n") expect_pci = "";  // no /sys/bus/pci here
  CHECK(r.out == node_lines() + kPhysLines + cpus + expect_pci + numa + kXenLines);
}
