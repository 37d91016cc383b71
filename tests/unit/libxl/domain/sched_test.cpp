// libxl::domain scheduler functions over the test doubles: pool names as
// libxl_cpupoolid_to_name gives them, pool qualifiers, and the range checks
// of libxl_sched.c.
#include <doctest/doctest.h>

#include "../../support/xl_run.h"
#include "libxl/domain/sched.h"

TEST_CASE("cpupools: names from XenStore, Pool-0 by default; qualifiers") {
  auto h = xltest::small_host();
  h.xen->cpupools = {{0, "credit2"}, {2, "credit"}};
  (*h.store)["/local/pool/2/name"] = "batch";
  auto ctx = h.opener()();
  REQUIRE(ctx);
  auto pools = libxl::domain::list_cpupools(**ctx);
  REQUIRE(pools);
  REQUIRE(pools->size() == 2);
  CHECK((*pools)[0].name == "Pool-0");
  CHECK((*pools)[1].name == "batch");
  CHECK((*pools)[1].sched == "credit");
  CHECK(libxl::domain::cpupool_qualifier_to_id(**ctx, "batch") == 2u);
  CHECK(libxl::domain::cpupool_qualifier_to_id(**ctx, "2") == 2u);
  CHECK(libxl::domain::cpupool_qualifier_to_id(**ctx, "Pool-0") == 0u);
  CHECK(!libxl::domain::cpupool_qualifier_to_id(**ctx, "1"));
  CHECK(!libxl::domain::cpupool_qualifier_to_id(**ctx, "nosuch"));
}

TEST_CASE("domain and pool parameters: unset values kept, ranges checked") {
  auto h = xltest::small_host();
  auto ctx = h.opener()();
  REQUIRE(ctx);
  auto p = libxl::domain::domain_sched_get(**ctx, 3);
  REQUIRE(p);
  CHECK(p->sched == "credit2");
  CHECK(p->weight == 256);
  REQUIRE(libxl::domain::domain_sched_set(**ctx, 3, "credit2", std::nullopt, 150));
  CHECK(h.xen->sched[3].weight == 256);
  CHECK(h.xen->sched[3].cap == 150);
  CHECK(libxl::domain::domain_sched_set(**ctx, 3, "credit2", 0, std::nullopt).error().code ==
        libxl::ErrorCode::Inval);
  CHECK(!libxl::domain::domain_sched_set(**ctx, 3, "credit2", std::nullopt, -1));
  CHECK(libxl::domain::domain_sched_get(**ctx, 9).error().code == libxl::ErrorCode::DomainNotFound);

  CHECK(libxl::domain::credit_params_set(**ctx, 0, {1000, 0, 100000}));
  CHECK(!libxl::domain::credit_params_set(**ctx, 0, {1001, 0, 0}));
  CHECK(!libxl::domain::credit_params_set(**ctx, 0, {10, 99, 0}));
  CHECK(!libxl::domain::credit_params_set(**ctx, 0, {10, 0, 100001}));
  CHECK(libxl::domain::credit2_ratelimit_set(**ctx, 0, 0));
  CHECK(!libxl::domain::credit2_ratelimit_set(**ctx, 0, 500001));
}
