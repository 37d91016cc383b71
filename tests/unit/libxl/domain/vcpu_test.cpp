// libxl::domain vCPU functions over the test doubles: xl's print_bitmap
// formats (tools/xl/xl_utils.c), the vCPU list, and the availability nodes
// libxl__set_vcpuonline_xenstore writes.
#include <doctest/doctest.h>

#include "../../support/xl_run.h"
#include "libxl/domain/vcpu.h"

using libxl::domain::format_cpumap;

TEST_CASE("format_cpumap: all, none and ranges as xl prints them") {
  CHECK(format_cpumap({0x0f}, 4) == "all");
  CHECK(format_cpumap({0xff}, 4) == "all");  // bits past NBITS do not count
  CHECK(format_cpumap({0x01}, 1) == "all");
  CHECK(format_cpumap({0x00}, 4) == "none");
  CHECK(format_cpumap({}, 4) == "none");
  CHECK(format_cpumap({0x03}, 4) == "0-1");
  CHECK(format_cpumap({0x0e}, 4) == "1-3");
  CHECK(format_cpumap({0x05}, 4) == "0,2");
  CHECK(format_cpumap({0x0b}, 4) == "0-1,3");
  CHECK(format_cpumap({0x0f}, 8) == "0-3");
  CHECK(format_cpumap({0x81, 0x01}, 16) == "0,7-8");
}

TEST_CASE("to_cpumap packs bits into bytes") {
  CHECK(libxl::domain::to_cpumap({true, false, true}) == libxl::domain::Cpumap{0x05});
  CHECK(libxl::domain::to_cpumap(std::vector<bool>(9, true)) == libxl::domain::Cpumap{0xff, 0x01});
}

TEST_CASE("list_vcpus and set_vcpus_online") {
  auto h = xltest::small_host();
  auto ctx = h.opener()();
  REQUIRE(ctx);
  auto vs = libxl::domain::list_vcpus(**ctx, 3);
  REQUIRE(vs);
  CHECK(vs->size() == 2);
  CHECK(libxl::domain::list_vcpus(**ctx, 9).error().code == libxl::ErrorCode::DomainNotFound);
  REQUIRE(libxl::domain::set_vcpus_online(**ctx, 3, 2));
  CHECK((*h.store)["/local/domain/3/cpu/1/availability"] == "online");
  CHECK(libxl::domain::set_vcpus_online(**ctx, 3, 0).error().message == "Domain 3:Requested 0 VCPUs!");
  CHECK(libxl::domain::set_vcpus_online(**ctx, 9, 1).error().code ==
        libxl::ErrorCode::DomainNotFound);
  // A failing store write leaves nothing half done.
  h.store_extras->failing = {"write"};
  CHECK(!libxl::domain::set_vcpus_online(**ctx, 3, 1));
  CHECK((*h.store)["/local/domain/3/cpu/1/availability"] == "online");
}
