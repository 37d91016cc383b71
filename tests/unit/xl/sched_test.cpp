// xl sched-credit and sched-credit2 over the test doubles. Expected texts
// from the format strings and messages of Xen 4.17's tools/xl/xl_sched.c,
// and libxl_sched.c's range checks.
#include <doctest/doctest.h>

#include "../support/xl_run.h"

using xltest::run_xl;

namespace {
const char* kHeader = "Name                                ID Weight  Cap\n";
const char* kDom0 = "Domain-0                             0    256    0\n";
const char* kGuest = "guest                                3    512   50\n";

fake::Host host() {
  auto h = xltest::small_host();
  h.xen->sched[3] = {512, 50};
  return h;
}
}  // namespace

TEST_CASE("xl sched-credit2: listing by pool, one domain, the pool's ratelimit") {
  auto h = host();
  auto all = run_xl(h, {"sched-credit2"});
  CHECK(all.rc == 0);
  CHECK(all.err == "");
  CHECK(all.out == std::string("Cpupool Pool-0: ratelimit=1000us\n") + kHeader + kDom0 + kGuest);
  CHECK(run_xl(h, {"sched-credit2", "-p", "Pool-0"}).out == all.out);
  CHECK(run_xl(h, {"sched-credit2", "--cpupool=0"}).out == all.out);
  auto nopool = run_xl(h, {"sched-credit2", "-p", "Pool-9"});
  CHECK(nopool.rc == 1);
  CHECK(nopool.err == "unknown cpupool 'Pool-9'\n");
  auto one = run_xl(h, {"sched-credit2", "-d", "guest"});
  CHECK(one.rc == 0);
  CHECK(one.out == std::string(kHeader) + kGuest);
  CHECK(run_xl(h, {"sched-credit2", "--domain", "3"}).out == one.out);
  CHECK(run_xl(h, {"sched-credit2", "-s"}).out == "Cpupool Pool-0: ratelimit=1000us\n");
  // A named pool's name comes from XenStore.
  (*h.store)["/local/pool/0/name"] = "main";
  CHECK(run_xl(h, {"sched-credit2", "-s"}).out == "Cpupool main: ratelimit=1000us\n");
}

TEST_CASE("xl sched-credit2: setting weight, cap and ratelimit") {
  auto h = host();
  CHECK(run_xl(h, {"sched-credit2", "-d", "guest", "-w", "300"}).rc == 0);
  CHECK(h.xen->calls.back() == "sched_domain_set 3 credit2 300 50");
  CHECK(run_xl(h, {"sched-credit2", "-d", "guest", "-c100"}).rc == 0);
  CHECK(h.xen->calls.back() == "sched_domain_set 3 credit2 300 100");
  auto heavy = run_xl(h, {"sched-credit2", "-d", "guest", "-w", "70000"});
  CHECK(heavy.rc == 1);
  CHECK(heavy.err ==
        "libxl: error: Cpu weight out of range, valid values are within range from 1 to 65535\n"
        "libxl_domain_sched_params_set failed.\n");
  auto cap = run_xl(h, {"sched-credit2", "-d", "guest", "-c", "201"});
  CHECK(cap.rc == 1);
  CHECK(cap.err ==
        "libxl: error: Cpu cap out of range, valid range is from 0 to 200 for specified number "
        "of vcpus\nlibxl_domain_sched_params_set failed.\n");
  CHECK(run_xl(h, {"sched-credit2", "-s", "-r", "2000"}).rc == 0);
  CHECK(h.xen->credit2_ratelimit[0] == 2000);
  auto rl = run_xl(h, {"sched-credit2", "-s", "-r", "50"});
  CHECK(rl.rc == 1);
  CHECK(rl.err ==
        "libxl: error: Ratelimit out of range, valid range is from 100 to 500000\n"
        "libxl_sched_credit2_params_set failed.\n");
  auto nodom = run_xl(h, {"sched-credit2", "-w", "5"});
  CHECK(nodom.rc == 1);
  CHECK(nodom.err == "Must specify a domain.\n");
  auto pooldom = run_xl(h, {"sched-credit2", "-p", "0", "-d", "3"});
  CHECK(pooldom.rc == 1);
  CHECK(pooldom.err == "Specifying a cpupool is not allowed with other options.\n");
  auto noarg = run_xl(h, {"sched-credit2", "-d"});
  CHECK(noarg.rc == 2);
  CHECK(noarg.err == "option `d' not supported.\n");
}

TEST_CASE("xl sched-credit: pools run by credit only, and its parameters") {
  auto h = host();
  // The host's only pool runs credit2: nothing to list.
  auto none = run_xl(h, {"sched-credit"});
  CHECK(none.rc == 0);
  CHECK(none.out == "");
  auto wrong = run_xl(h, {"sched-credit", "-d", "guest"});
  CHECK(wrong.rc == 1);
  CHECK(wrong.out == kHeader);
  CHECK(wrong.err == "libxl_domain_sched_params_get returned credit2 not credit.\n");

  h.xen->cpupools = {{0, "credit"}};
  auto all = run_xl(h, {"sched-credit"});
  CHECK(all.out == std::string("Cpupool Pool-0: tslice=30ms ratelimit=1000us migration-delay=0us\n") +
                       kHeader + kDom0 + kGuest);
  CHECK(run_xl(h, {"sched-credit", "-s"}).out ==
        "Cpupool Pool-0: tslice=30ms ratelimit=1000us migration-delay=0us\n");
  CHECK(run_xl(h, {"sched-credit", "-s", "-t", "10", "-m", "500"}).rc == 0);
  CHECK(h.xen->calls.back() == "sched_credit_params_set 0 10 1000 500");
  auto slice = run_xl(h, {"sched-credit", "-s", "--tslice_ms=0"});
  CHECK(slice.rc == 1);
  CHECK(slice.err ==
        "libxl: error: Time slice out of range, valid range is from 1 to 1000\n"
        "libxl_sched_credit_params_set failed.\n");
  auto over = run_xl(h, {"sched-credit", "-s", "-t", "1", "-r", "5000"});
  CHECK(over.rc == 1);
  CHECK(over.err.starts_with("libxl: error: Ratelimit cannot be greater than timeslice\n"));
  CHECK(run_xl(h, {"sched-credit", "-d", "guest", "-w", "1000", "-c", "0"}).rc == 0);
  CHECK(h.xen->calls.back() == "sched_domain_set 3 credit 1000 0");

  auto mixed = run_xl(h, {"sched-credit", "-s", "-d", "guest"});
  CHECK(mixed.rc == 1);
  CHECK(mixed.err == "Specifying a cpupool or schedparam is not allowed with domain options.\n");
  auto nos = run_xl(h, {"sched-credit", "-t", "5"});
  CHECK(nos.rc == 1);
  CHECK(nos.err == "Must specify schedparam to set schedule parameter values.\n");
  CHECK(run_xl(h, {"sched-credit", "--bogus"}).err == std::string("option `\0' not supported.\n", 26));
}
