// xl rename, uptime, debug-keys and dmesg over the test doubles. Expected
// texts from Xen 4.17's tools/xl/xl_misc.c (main_rename, main_debug_keys),
// xl_info.c (print_uptime, uptime_to_string, main_dmesg) and libxl's
// libxl_domain_rename.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "../support/xl_run.h"
#include "../../../xl/commands.h"

using xltest::run_xl;

namespace {

const char* kVm = "/vm/12345678-9abc-def0-0123-456789abcdef";

// A fixed clock and /proc/uptime for the length of a test.
struct FixedUptime {
  std::string path = "/tmp/xl-misc-uptime-" + std::to_string(::getpid());
  xl::UptimeSources saved = xl::uptime_sources();
  explicit FixedUptime(const std::string& proc) {
    std::ofstream(path) << proc;
    xl::uptime_sources() = {[] { return std::int64_t(1700001000); }, path};
    ::setenv("TZ", "UTC", 1);
    ::tzset();
  }
  ~FixedUptime() {
    xl::uptime_sources() = saved;
    std::filesystem::remove(path);
  }
};

}  // namespace

TEST_CASE("xl rename: both name nodes, and a name already taken") {
  auto h = xltest::small_host();
  auto r = run_xl(h, {"rename", "guest", "web"});
  CHECK(r.rc == 0);
  CHECK(r.err == "");
  CHECK((*h.store)["/local/domain/3/name"] == "web");
  CHECK((*h.store)[std::string(kVm) + "/name"] == "web");
  CHECK(run_xl(h, {"domid", "web"}).out == "3\n");
  auto taken = run_xl(h, {"rename", "web", "Domain-0"});
  CHECK(taken.rc == 1);
  CHECK(taken.err ==
        "libxl: error: Domain 3:Domain with name \"Domain-0\" already exists.\n"
        "Can't rename domain 'web'.\n");
  CHECK((*h.store)["/local/domain/3/name"] == "web");
  // Its own name again is fine.
  CHECK(run_xl(h, {"rename", "3", "web"}).rc == 0);
  auto nosuch = run_xl(h, {"rename", "nosuch", "x"});
  CHECK(nosuch.rc == 1);
  CHECK(nosuch.err == "nosuch is an invalid domain identifier (rc=-6)\n");
}

TEST_CASE("xl uptime: dom0 from its kernel, guests from their start time") {
  FixedUptime clock("90061.50 1234.00\n");
  auto h = xltest::small_host();
  auto r = run_xl(h, {"uptime"});
  CHECK(r.rc == 0);
  CHECK(r.err == "");
  CHECK(r.out ==
        "Name                                ID Uptime\n"
        "Domain-0                             0 1 day,  1:01:01\n"
        "guest                                3  0:16:40\n");
  auto s = run_xl(h, {"uptime", "-s", "guest", "0"});
  CHECK(s.out ==
        " 22:30:00 up  0:16, guest (3)\n"
        " 22:30:00 up 1 day,  1:01, Domain-0 (0)\n");
  // Days, plural; a guest without a start time is left out.
  (*h.store)[std::string(kVm) + "/start_time"] = "1699740000.00";
  libxl::hypervisor::DomainInfo other;
  other.domid = 7;
  h.xen->domains.push_back(other);
  auto later = run_xl(h, {"uptime", "3", "7"});
  CHECK(later.out ==
        "Name                                ID Uptime\n"
        "guest                                3 3 days,  0:30:00\n");
  CHECK(later.err == "libxl: error: Domain 7:Can't get start time of domain\n");
  CHECK(run_xl(h, {"uptime", "nosuch"}).rc == 1);
}

TEST_CASE("xl uptime: no /proc/uptime") {
  FixedUptime clock("");
  auto h = xltest::small_host();
  auto r = run_xl(h, {"uptime"});
  CHECK(r.rc == 255);
  CHECK(r.err == "Can not get Dom0 uptime.\n");
}

TEST_CASE("xl debug-keys and dmesg") {
  auto h = xltest::small_host();
  CHECK(run_xl(h, {"debug-keys", "hq"}).rc == 0);
  CHECK(h.xen->debug_keys == "hq");
  h.xen->failing = {"send_debug_keys"};
  auto bad = run_xl(h, {"debug-keys", "h"});
  CHECK(bad.rc == 1);
  CHECK(bad.err.ends_with("cannot send debug keys: h\n"));
  auto few = run_xl(h, {"debug-keys"});
  CHECK(few.rc == 2);
  CHECK(few.err == "'xl debug-keys' requires at least 1 argument.\n\n");

  h.xen->console_ring = "(XEN) Xen version 4.17.3\n(XEN) Brought up 4 CPUs\n";
  auto d = run_xl(h, {"dmesg"});
  CHECK(d.rc == 0);
  CHECK(d.out == h.xen->console_ring);
  CHECK(run_xl(h, {"dmesg", "--clear"}).out == d.out);
  CHECK(h.xen->console_ring.empty());
  CHECK(run_xl(h, {"dmesg", "-c"}).out == "");
  h.xen->failing = {"read_console_ring"};
  CHECK(run_xl(h, {"dmesg"}).rc == 1);
}

TEST_CASE("xl top: batch frames") {
  FixedUptime clock("1.0\n");
  auto h = xltest::small_host();
  auto r = run_xl(h, {"top", "-b", "-i", "2", "-d", "0"});
  CHECK(r.rc == 0);
  CHECK(r.err == "");
  const std::string frame =
      "xl top - 22:30:00   Xen 4.17.3\n"
      "2 domains: 1 running, 1 blocked, 0 paused, 0 crashed, 0 dying, 0 shutdown \n"
      "Mem: 4194304k total, 2097152k used, 2097152k free    CPUs: 4 @ 2400MHz\n"
      "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS\n"
      "  Domain-0 -----r         12    0.0    1048576   25.0    1048576      25.0     2\n"
      "     guest --b---          2    0.0     524288   12.5     525312      12.5     1\n"
      "\n";
  CHECK(r.out == frame + frame);
  auto bad = run_xl(h, {"top", "-i", "x"});
  CHECK(bad.rc == 2);
  CHECK(bad.err == "invalid number of iterations: x\n");
}
