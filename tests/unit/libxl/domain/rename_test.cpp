// libxl::domain::rename over the test doubles: both name nodes in one
// transaction, as libxl__domain_rename writes them.
#include <doctest/doctest.h>

#include "../../support/xl_run.h"
#include "libxl/domain/rename.h"

TEST_CASE("rename: both names, nothing when the commit fails") {
  auto h = xltest::small_host();
  auto ctx = h.opener()();
  REQUIRE(ctx);
  REQUIRE(libxl::domain::rename(**ctx, 3, "web"));
  CHECK((*h.store)["/local/domain/3/name"] == "web");
  CHECK((*h.store)["/vm/12345678-9abc-def0-0123-456789abcdef/name"] == "web");
  // An empty name is not checked for uniqueness.
  REQUIRE(libxl::domain::rename(**ctx, 3, ""));
  CHECK((*h.store)["/local/domain/3/name"] == "");
  h.store_extras->failing = {"commit"};
  CHECK(!libxl::domain::rename(**ctx, 3, "db"));
  CHECK((*h.store)["/local/domain/3/name"] == "");
  CHECK(libxl::domain::rename(**ctx, 9, "x").error().code == libxl::ErrorCode::DomainNotFound);
}
