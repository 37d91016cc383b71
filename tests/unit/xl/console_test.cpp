// xl console's options, help and refusals, against what Debian's 4.17.7 xl
// printed (run with the fake hypervisor of shared/xen-refs) and, past xl,
// what its xenconsole and libxl report. Attaching itself is tested in
// tests/unit/libxl/console.
#include <doctest/doctest.h>

#include <sstream>

#include "../support/xl_run.h"
#include "xl/cli.h"

namespace {

using xltest::Out;
using xltest::run_xl;

const char kHelp[] =
    "Usage: xl [-vtT] console [options] <Domain>\n"
    "-t <type>       console type, pv , serial or vuart\n"
    "-n <number>     console number\n"
    "\n"
    "Attach to domain's console.\n"
    "\n";

fake::Host host() {
  fake::Host h;
  libxl::hypervisor::DomainInfo d0, d1;
  d1.domid = 1;
  h.xen->domains = {d0, d1};
  (*h.store)["/local/domain/0/name"] = "Domain-0";
  (*h.store)["/local/domain/1/name"] = "lab-pv";
  return h;
}

}  // namespace

TEST_CASE("xl console: help") {
  auto h = host();
  for (auto argv : {std::vector<std::string>{"help", "console"}, {"console", "-h"},
                    {"console", "--help"}}) {
    auto r = run_xl(h, argv);
    CHECK(r.rc == 0);
    CHECK(r.out == kHelp);
    CHECK(r.err == "");
  }
}

TEST_CASE("xl console: option mistakes") {
  auto h = host();
  auto none = run_xl(h, {"console"});
  CHECK(none.rc == 2);
  CHECK(none.err == "'xl console' requires at least 1 argument.\n\n");
  CHECK(none.out == kHelp);
  auto x = run_xl(h, {"console", "-x", "1"});
  CHECK(x.rc == 2);
  CHECK(x.err == "option `x' not supported.\n");
  auto n = run_xl(h, {"console", "1", "-n"});
  CHECK(n.rc == 2);
  CHECK(n.err == "option `n' not supported.\n");
  auto t = run_xl(h, {"console", "-t", "foo", "1"});
  CHECK(t.rc == 1);
  CHECK(t.err == "console type supported are: pv, serial, vuart\n");
  auto bogus = run_xl(h, {"console", "--bogus", "1"});
  CHECK(bogus.rc == 2);
  CHECK(bogus.err == std::string("option `\0' not supported.\n", 26));
}

TEST_CASE("xl console: domains that cannot be attached") {
  auto h = host();
  auto name = run_xl(h, {"console", "nosuch"});
  CHECK(name.rc == 1);
  CHECK(name.err == "nosuch is an invalid domain identifier (rc=-6)\n");
  // A number is taken as it is; libxl then finds no domain to ask about.
  auto gone = run_xl(h, {"console", "99"});
  CHECK(gone.rc == 1);
  CHECK(gone.err == "libxl: error: unable to get domain type for domid=99\n"
                    "Unable to attach console\n");
  // xenconsole refuses dom0, with EINVAL.
  auto dom0 = run_xl(h, {"console", "-tpv", "-n0", "Domain-0"});
  CHECK(dom0.rc == 22);
  CHECK(dom0.err == "Can't specify Domain-0\n");
  h.unavailable = true;
  auto noxen = run_xl(h, {"console", "1"});
  CHECK(noxen.rc == 1);
  CHECK(noxen.err ==
        "libxl: error: cannot open libxc handle: No such file or directory\n"
        "cannot init xl context\n");
}
