#include <doctest/doctest.h>

#include "xenstored/store/permissions.h"

using namespace xenstored;

TEST_CASE("permissions: parse and format the wire strings") {
  CHECK(parse_perm("r5").value() == PermEntry{5, kAccessRead});
  CHECK(parse_perm("w0").value() == PermEntry{0, kAccessWrite});
  CHECK(parse_perm("b32000").value() == PermEntry{32000, kAccessBoth});
  CHECK(parse_perm("n1").value() == PermEntry{1, kAccessNone});
  for (const char* bad : {"", "r", "x1", "r-1", "r1a", "r99999", "R1"})
    CHECK_MESSAGE(!parse_perm(bad).has_value(), bad);
  CHECK(format_perms({{0, kAccessNone}, {3, kAccessBoth}}) == std::string("n0\0b3\0", 6));
}

TEST_CASE("permissions: owner has all, listed domains their entry, others the default") {
  PermList p{{4, kAccessRead}, {7, kAccessWrite}, {8, kAccessNone}};
  CHECK(access_for(p, 4, {}) == (kAccessBoth | kAccessOwner));
  CHECK(access_for(p, 7, {}) == kAccessWrite);
  CHECK(access_for(p, 8, {}) == kAccessNone);
  CHECK(access_for(p, 9, {}) == kAccessRead);
  // A device model acting for domain 4 owns what 4 owns.
  CHECK(access_for(p, 20, 4) == (kAccessBoth | kAccessOwner));
  CHECK(access_for(p, 20, 7) == kAccessWrite);
}
