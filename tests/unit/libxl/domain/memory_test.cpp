// libxl::domain memory target and limit over the test doubles, as
// libxl_set_memory_target and libxl_domain_setmaxmem (libxl_mem.c) do them.
#include <doctest/doctest.h>

#include "../../support/xl_run.h"
#include "libxl/domain/memory.h"

TEST_CASE("set_memory_target: in one transaction, with Xen's limit") {
  auto h = xltest::small_host();
  auto ctx = h.opener()();
  REQUIRE(ctx);
  REQUIRE(libxl::domain::set_memory_target(**ctx, 3, 1048576));  // static-max exactly
  CHECK((*h.store)["/local/domain/3/memory/target"] == "1048576");
  CHECK((*h.store)["/vm/12345678-9abc-def0-0123-456789abcdef/memory"] == "1024");
  CHECK(h.xen->calls.back() == "set_max_memory 3 1049600");
  auto over = libxl::domain::set_memory_target(**ctx, 3, 1048577);
  CHECK(over.error().code == libxl::ErrorCode::Inval);
  (*h.store)["/local/domain/3/memory/target"] = "12abc";
  CHECK(libxl::domain::set_memory_target(**ctx, 3, 4096).error().message ==
        "Domain 3:Invalid memory target 12abc from /local/domain/3/memory/target");
  h.store->erase("/local/domain/3/memory/target");
  CHECK(libxl::domain::set_memory_target(**ctx, 3, 4096).error().message ==
        "Domain 3:Cannot get target memory info from /local/domain/3/memory/target");
}

TEST_CASE("set_max_memory: the limit plus the constant, XenStore untouched") {
  auto h = xltest::small_host();
  auto ctx = h.opener()();
  REQUIRE(ctx);
  auto before = *h.store;
  REQUIRE(libxl::domain::set_max_memory(**ctx, 3, 524288));
  CHECK(h.xen->calls.back() == "set_max_memory 3 525312");
  CHECK(*h.store == before);
  CHECK(!libxl::domain::set_max_memory(**ctx, 3, 524287));
  h.xen->failing = {"set_max_memory"};
  CHECK(!libxl::domain::set_max_memory(**ctx, 3, 600000));
}
