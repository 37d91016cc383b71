// libxl::domain start_time and format_uptime: xl's uptime_to_string
// formats (tools/xl/xl_info.c) and the /vm/<uuid>/start_time node.
#include <doctest/doctest.h>

#include "../../support/xl_run.h"
#include "libxl/domain/start_time.h"

using libxl::domain::format_uptime;

TEST_CASE("format_uptime: hours, a day, days; short drops the seconds") {
  CHECK(format_uptime(0, false) == " 0:00:00");
  CHECK(format_uptime(3725, false) == " 1:02:05");
  CHECK(format_uptime(36000, false) == "10:00:00");
  CHECK(format_uptime(86400 + 61, false) == "1 day,  0:01:01");
  CHECK(format_uptime(3 * 86400 + 7200, false) == "3 days,  2:00:00");
  CHECK(format_uptime(3725, true) == " 1:02");
  CHECK(format_uptime(86400 + 61, true) == "1 day,  0:01");
  CHECK(format_uptime(2 * 86400, true) == "2 days,  0:00");
}

TEST_CASE("start_time: the whole seconds of the VM's start_time") {
  auto h = xltest::small_host();
  auto ctx = h.opener()();
  REQUIRE(ctx);
  CHECK(libxl::domain::start_time(**ctx, 3) == 1700000000u);
  CHECK(!libxl::domain::start_time(**ctx, 0));  // dom0's VM has no start_time
  CHECK(!libxl::domain::start_time(**ctx, 9));
}
