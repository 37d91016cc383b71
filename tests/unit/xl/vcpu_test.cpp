// xl vcpu-list, vcpu-pin, vcpu-set over the test doubles. Expected texts
// come from the format strings of Xen 4.17's tools/xl/xl_vcpu.c
// (print_vcpuinfo, vcpulist, main_vcpupin, vcpuset) and xl_utils.c's
// print_bitmap.
#include <doctest/doctest.h>

#include "../support/xl_run.h"

using xltest::run_xl;

namespace {

const char* kHeader =
    "Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)\n";
const char* kDom0Rows =
    "Domain-0                             0     0    0   r--       7.0  all / all\n"
    "Domain-0                             0     1    1   ---       5.3  all / all\n";
const char* kGuestRows =
    "guest                                3     0    2   -b-       2.5  0-1 / all\n"
    "guest                                3     1    -   --p       0.0  0,2 / all\n";

}  // namespace

TEST_CASE("xl vcpu-list: every domain, or the ones named") {
  auto h = xltest::small_host();
  auto all = run_xl(h, {"vcpu-list"});
  CHECK(all.rc == 0);
  CHECK(all.err == "");
  CHECK(all.out == std::string(kHeader) + kDom0Rows + kGuestRows);
  auto one = run_xl(h, {"vcpu-list", "guest"});
  CHECK(one.out == std::string(kHeader) + kGuestRows);
  // An unknown domain ends xl after the header.
  auto bad = run_xl(h, {"vcpu-list", "3", "nosuch"});
  CHECK(bad.rc == 1);
  CHECK(bad.out == std::string(kHeader) + kGuestRows);
  CHECK(bad.err == "nosuch is an invalid domain identifier (rc=-6)\n");
}

TEST_CASE("xl vcpu-pin: hard and soft affinity, one vCPU or all") {
  auto h = xltest::small_host();
  auto r = run_xl(h, {"vcpu-pin", "guest", "1", "1-2", "3"});
  CHECK(r.rc == 0);
  CHECK(r.err == "");
  CHECK(h.xen->calls.back() == "set_vcpu_affinity 3 1 hard soft");
  CHECK(h.xen->vcpus[3][1].hard == std::vector<std::uint8_t>{0x06});
  CHECK(h.xen->vcpus[3][1].soft == std::vector<std::uint8_t>{0x08});
  // "-" leaves the hard affinity alone; a missing soft one too.
  CHECK(run_xl(h, {"vcpu-pin", "3", "0", "-", "all"}).rc == 0);
  CHECK(h.xen->calls.back() == "set_vcpu_affinity 3 0 soft");
  CHECK(run_xl(h, {"vcpu-pin", "--force", "3", "0", "2"}).rc == 0);
  CHECK(h.xen->calls.back() == "set_vcpu_affinity 3 0 hard force");
  h.xen->calls.clear();
  CHECK(run_xl(h, {"vcpu-pin", "3", "all", "0"}).rc == 0);
  CHECK(h.xen->calls == std::vector<std::string>{"set_vcpu_affinity 3 0 hard",
                                                 "set_vcpu_affinity 3 1 hard"});
  auto list = run_xl(h, {"vcpu-list", "guest"});
  CHECK(list.out.find("0 / all\n") != std::string::npos);
}

TEST_CASE("xl vcpu-pin: mistakes and the dry run") {
  auto h = xltest::small_host();
  auto bad_vcpu = run_xl(h, {"vcpu-pin", "guest", "x", "1"});
  CHECK(bad_vcpu.rc == 1);
  CHECK(bad_vcpu.err == "Error: Invalid argument x as VCPU.\n");
  auto force_all = run_xl(h, {"vcpu-pin", "-f", "guest", "all", "1"});
  CHECK(force_all.rc == 1);
  CHECK(force_all.err == "Error: --force and 'all' as VCPU not allowed.\n");
  auto bad_range = run_xl(h, {"vcpu-pin", "guest", "0", "foo"});
  CHECK(bad_range.rc == 1);
  CHECK(bad_range.err == "Invalid pcpu range: foo.\n");
  h.xen->failing = {"set_vcpu_affinity"};
  auto failed = run_xl(h, {"vcpu-pin", "guest", "0", "1"});
  CHECK(failed.rc == 1);
  CHECK(failed.err.ends_with("Could not set affinity for vcpu `0'.\n"));
  // "all" reports the failure but succeeds, as xl does.
  auto all = run_xl(h, {"vcpu-pin", "guest", "all", "1"});
  CHECK(all.rc == 0);
  CHECK(all.err.ends_with("Could not set affinity.\n"));
  h.xen->failing.clear();
  h.xen->calls.clear();
  auto dry = run_xl(h, {"-N", "vcpu-pin", "guest", "0", "0-1", "all"});
  CHECK(dry.rc == 0);
  CHECK(dry.out == "cpumap: 0-1 all\n");
  CHECK(h.xen->calls.empty());
  CHECK(run_xl(h, {"-N", "vcpu-pin", "guest", "0", "-"}).out == "cpumap: -\n");
  auto few = run_xl(h, {"vcpu-pin", "guest", "0"});
  CHECK(few.rc == 2);
  CHECK(few.err == "'xl vcpu-pin' requires at least 3 arguments.\n\n");
}

TEST_CASE("xl vcpu-set: availability in XenStore, and the limits") {
  auto h = xltest::small_host();
  auto r = run_xl(h, {"vcpu-set", "guest", "1"});
  CHECK(r.rc == 0);
  CHECK(r.err == "");
  CHECK((*h.store)["/local/domain/3/cpu/0/availability"] == "online");
  CHECK((*h.store)["/local/domain/3/cpu/1/availability"] == "offline");
  CHECK(run_xl(h, {"vcpu-set", "guest", "2"}).rc == 0);
  CHECK((*h.store)["/local/domain/3/cpu/1/availability"] == "online");

  auto over = run_xl(h, {"vcpu-set", "guest", "8"});
  CHECK(over.rc == 1);
  CHECK(over.err ==
        "You are overcommmitting! You have 4 physical CPUs and want 8 vCPUs! Aborting, use "
        "--ignore-host to continue\n");
  auto max = run_xl(h, {"vcpu-set", "-i", "guest", "3"});
  CHECK(max.rc == 1);
  CHECK(max.err ==
        "libxl: error: Domain 3:Requested 3 VCPUs, however maxcpus is 2!\n"
        "libxl_set_vcpuonline failed domid=3 max_vcpus=3, rc: -3\n");
  auto word = run_xl(h, {"vcpu-set", "guest", "many"});
  CHECK(word.rc == 1);
  CHECK(word.err == "Error: Invalid argument.\n");
  // An HVM guest would need the device model.
  h.xen->domains[1].hvm = true;
  (*h.store)["/libxl/3/type"] = "hvm";
  CHECK(run_xl(h, {"vcpu-set", "guest", "1"}).rc == 1);
  // PVH goes through XenStore like PV.
  (*h.store)["/libxl/3/type"] = "pvh";
  CHECK(run_xl(h, {"vcpu-set", "guest", "1"}).rc == 0);
}
