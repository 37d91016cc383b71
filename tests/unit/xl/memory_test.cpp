// xl mem-set and mem-max over the test doubles: the sizes as Xen 4.17's
// parse_mem_size_kb reads them (tools/xl/xl_mem.c), the XenStore nodes and
// the limits libxl_set_memory_target and libxl_domain_setmaxmem set
// (tools/libs/light/libxl_mem.c), and xl's messages.
#include <doctest/doctest.h>

#include "../support/xl_run.h"

using xltest::run_xl;

namespace {
const char* kVm = "/vm/12345678-9abc-def0-0123-456789abcdef";
}

TEST_CASE("xl mem-set: the target, the VM's memory and Xen's limit") {
  auto h = xltest::small_host();
  auto r = run_xl(h, {"mem-set", "guest", "256"});
  CHECK(r.rc == 0);
  CHECK(r.err == "");
  CHECK((*h.store)["/local/domain/3/memory/target"] == "262144");
  CHECK((*h.store)[std::string(kVm) + "/memory"] == "256");
  CHECK(h.xen->calls == std::vector<std::string>{"set_max_memory 3 263168"});
  // Suffixes, any case; a bare number is MiB.
  for (auto [arg, kb] : std::vector<std::pair<std::string, std::string>>{
           {"300m", "307200"}, {"1G", "1048576"}, {"400000k", "400000"},
           {"268435456b", "262144"}, {"1t", ""}}) {
    auto x = run_xl(h, {"mem-set", "3", arg});
    if (kb.empty()) {
      CHECK(x.rc == 1);
    } else {
      CHECK(x.rc == 0);
      CHECK((*h.store)["/local/domain/3/memory/target"] == kb);
    }
  }
  // videoram is left out of the target.
  (*h.store)["/local/domain/3/memory/videoram"] = "8192";
  CHECK(run_xl(h, {"mem-set", "3", "256"}).rc == 0);
  CHECK((*h.store)["/local/domain/3/memory/target"] == "253952");
}

TEST_CASE("xl mem-set: what xl and libxl refuse") {
  auto h = xltest::small_host();
  auto bad = run_xl(h, {"mem-set", "guest", "12x3"});
  CHECK(bad.rc == 1);
  CHECK(bad.err == "invalid memory size: 12x3\n");
  CHECK(run_xl(h, {"mem-set", "guest", "12q"}).err == "invalid memory size: 12q\n");
  auto over = run_xl(h, {"mem-set", "guest", "2g"});
  CHECK(over.rc == 1);
  CHECK(over.err ==
        "libxl: error: Domain 3:memory_dynamic_max must be less than or equal to "
        "memory_static_max\n"
        "cannot set domid 3 dynamic max memory to : 2g\n");
  CHECK((*h.store)["/local/domain/3/memory/target"] == "524288");
  CHECK(h.xen->calls.empty());
  // An HVM container also gets its populate-on-demand target.
  h.xen->domains[1].hvm = true;
  CHECK(run_xl(h, {"mem-set", "guest", "256"}).rc == 0);
  CHECK(h.xen->calls.back() == "set_pod_target 3 65792");
  h.xen->failing = {"set_max_memory"};
  auto failed = run_xl(h, {"mem-set", "guest", "128"});
  CHECK(failed.rc == 1);
  CHECK(failed.err.ends_with("cannot set domid 3 dynamic max memory to : 128\n"));
  CHECK((*h.store)["/local/domain/3/memory/target"] == "262144");
  auto nosuch = run_xl(h, {"mem-set", "nosuch", "128"});
  CHECK(nosuch.rc == 1);
  CHECK(nosuch.err == "nosuch is an invalid domain identifier (rc=-6)\n");
  auto few = run_xl(h, {"mem-set", "guest"});
  CHECK(few.rc == 2);
  CHECK(few.err == "'xl mem-set' requires at least 2 arguments.\n\n");
}

TEST_CASE("xl mem-set: dom0's nodes filled first, and its minimum") {
  auto h = xltest::small_host();
  auto low = run_xl(h, {"mem-set", "0", "64"});
  CHECK(low.rc == 1);
  CHECK(low.err ==
        "libxl: error: Domain 0:New target 65536 for dom0 is below the minimum threshold\n"
        "cannot set domid 0 dynamic max memory to : 64\n");
  CHECK((*h.store)["/local/domain/0/memory/target"] == "1048576");
  CHECK((*h.store)["/local/domain/0/memory/static-max"] == "1048576");
  CHECK(run_xl(h, {"mem-set", "Domain-0", "512"}).rc == 0);
  CHECK((*h.store)["/local/domain/0/memory/target"] == "524288");
}

TEST_CASE("xl mem-max: Xen's limit only, never below the target") {
  auto h = xltest::small_host();
  auto r = run_xl(h, {"mem-max", "guest", "768"});
  CHECK(r.rc == 0);
  CHECK(h.xen->calls == std::vector<std::string>{"set_max_memory 3 787456"});
  CHECK((*h.store)["/local/domain/3/memory/static-max"] == "1048576");
  auto low = run_xl(h, {"mem-max", "guest", "256"});
  CHECK(low.rc == 1);
  CHECK(low.err ==
        "libxl: error: Domain 3:memory_static_max must be greater than or or equal to "
        "memory_dynamic_max\n"
        "cannot set domid 3 static max memory to : 256\n");
  CHECK(run_xl(h, {"mem-max", "guest", "1z"}).err == "invalid memory size: 1z\n");
}
