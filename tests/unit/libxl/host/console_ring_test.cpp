// libxl::host console ring and debug keys over the test double.
#include <doctest/doctest.h>

#include "../../support/xl_run.h"
#include "libxl/host/console_ring.h"

TEST_CASE("console ring: read, cleared on request; debug keys passed on") {
  auto h = xltest::small_host();
  h.xen->console_ring = "(XEN) hello\n";
  auto ctx = h.opener()();
  REQUIRE(ctx);
  CHECK(libxl::host::read_console_ring(**ctx, false) == "(XEN) hello\n");
  CHECK(h.xen->console_ring == "(XEN) hello\n");
  CHECK(libxl::host::read_console_ring(**ctx, true) == "(XEN) hello\n");
  CHECK(h.xen->console_ring.empty());
  REQUIRE(libxl::host::send_debug_keys(**ctx, "q"));
  CHECK(h.xen->debug_keys == "q");
  h.xen->failing = {"send_debug_keys"};
  CHECK(libxl::host::send_debug_keys(**ctx, "q").error().message ==
        "sending debug keys: xc_send_debug_keys: Operation not permitted");
}
