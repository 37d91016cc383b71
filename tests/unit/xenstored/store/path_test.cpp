#include <doctest/doctest.h>

#include <cerrno>

#include "xenstored/store/path.h"

using namespace xenstored;

TEST_CASE("path: absolute paths are checked as xenstore.txt says") {
  CHECK(path::canonicalize("/", 0).value() == "/");
  CHECK(path::canonicalize("/local/domain/0", 0).value() == "/local/domain/0");
  CHECK(path::canonicalize("/a-b_c@d/E9", 0).value() == "/a-b_c@d/E9");
  for (const char* bad : {"", "/a/", "//", "/a//b", "/a b", "/a.b", "/é", "/a\nb"})
    CHECK_MESSAGE(path::canonicalize(bad, 0).error() == EINVAL, bad);
  CHECK(path::canonicalize("/" + std::string(3071, 'a'), 0).has_value());
  CHECK(!path::canonicalize("/" + std::string(3072, 'a'), 0).has_value());
}

TEST_CASE("path: relative paths are under the caller's domain path") {
  CHECK(path::canonicalize("device/vbd", 7).value() == "/local/domain/7/device/vbd");
  CHECK(path::canonicalize("x", 0).value() == "/local/domain/0/x");
  // path-max bounds what lies below the domain's own home.
  CHECK(path::canonicalize(std::string(2048, 'a'), 7, 2049).has_value());
  CHECK(!path::canonicalize(std::string(2049, 'a'), 7, 2048).has_value());
  CHECK(!path::canonicalize("a", 7, 0).has_value());  // a quota of 0 is 0, not unlimited
}

TEST_CASE("path: watch paths may be special @names") {
  CHECK(path::canonicalize_watch("@releaseDomain", 3).value() == "@releaseDomain");
  CHECK(path::canonicalize_watch("backend", 3).value() == "/local/domain/3/backend");
  CHECK(!path::canonicalize_watch("@bad name", 3).has_value());
}

TEST_CASE("path: parent, basename, ancestry and depth") {
  CHECK(path::parent("/a/b") == "/a");
  CHECK(path::parent("/a") == "/");
  CHECK(path::parent("/").empty());
  CHECK(path::basename("/a/b") == "b");
  CHECK(path::is_child_of("/a/b", "/a"));
  CHECK(path::is_child_of("/a", "/a"));
  CHECK(path::is_child_of("/a", "/"));
  CHECK(!path::is_child_of("/ab", "/a"));
  CHECK(path::depth_below("/a/b/c", "/a") == 2);
  CHECK(path::depth_below("/a", "/") == 1);
  CHECK(path::depth_below("/a", "/a") == 0);
}
