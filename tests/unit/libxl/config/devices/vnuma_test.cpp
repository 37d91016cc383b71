#include <doctest/doctest.h>

#include <algorithm>

#include "libxl/config/devices/vnuma.h"
#include "libxl/json/writer.h"

namespace dev = libxl::config::devices;

namespace {

dev::HostTopology two_nodes() {
  dev::HostTopology h;
  h.nr_cpus = 8;
  for (int i = 0; i < 8; ++i) h.cpu_to_node.push_back(i / 4);
  return h;
}

std::size_t set_bits(const dev::CpuBitmap& b) { return std::size_t(std::count(b.begin(), b.end(), true)); }

}  // namespace

TEST_CASE("vnuma: a node's pnode, size, vcpus and distances") {
  std::string_view items[] = {"pnode=1", " size = 2048 ", "vcpus=0-1,3", "vdistances=10,20"};
  std::uint64_t named = 0;
  auto n = dev::parse_vnode(items, 2, 4, two_nodes(), &named);
  REQUIRE(n);
  CHECK(n->pnode == 1);
  CHECK(n->memkb == 2048u * 1024);
  CHECK(n->distances == std::vector<std::uint32_t>{10, 20});
  CHECK(n->vcpus.size() == 8);  // whole bytes
  CHECK(n->vcpus[0]);
  CHECK(n->vcpus[1]);
  CHECK(!n->vcpus[2]);
  CHECK(n->vcpus[3]);
  CHECK(named == 3);
}

TEST_CASE("vnuma: distances always cover every node, extras are dropped") {
  std::string_view few[] = {"size=512"};
  auto a = dev::parse_vnode(few, 3, 2, two_nodes());
  REQUIRE(a);
  CHECK(a->distances == std::vector<std::uint32_t>{0, 0, 0});
  std::string_view many[] = {"vdistances=1,2,3"};
  auto b = dev::parse_vnode(many, 2, 2, two_nodes());
  REQUIRE(b);
  CHECK(b->distances == std::vector<std::uint32_t>{1, 2});
}

TEST_CASE("vnuma: xl's loose vcpu ranges are counted as it counts them") {
  // Duplicates and bits past the bitmap still count; a reversed range names
  // nothing; junk after a number keeps the number.
  std::string_view items[] = {"vcpus=0,0,3-1,9,2x"};
  std::uint64_t named = 0;
  auto n = dev::parse_vnode(items, 1, 8, two_nodes(), &named);
  REQUIRE(n);
  CHECK(named == 4);
  CHECK(set_bits(n->vcpus) == 2);
  CHECK(n->vcpus[0]);
  CHECK(n->vcpus[2]);
}

TEST_CASE("vnuma: a huge vcpu range is counted without walking it") {
  // Found by spec_fuzz: xl walks the range one by one (and so hung for hours
  // on this); the count is the same, taken from the bounds. "0--1" reads -1
  // as ULONG_MAX, where xl's walk stops.
  std::string_view items[] = {"vcpus=0-99999999999,1--1"};
  std::uint64_t named = 0;
  auto n = dev::parse_vnode(items, 1, 8, two_nodes(), &named);
  REQUIRE(n);
  CHECK(named == 100000000000ull + (~0ull - 1));
  CHECK(set_bits(n->vcpus) == 8);
}

TEST_CASE("vnuma: unknown keys are ignored") {
  std::string_view items[] = {"colour=blue", "size=1"};
  auto n = dev::parse_vnode(items, 1, 1, two_nodes());
  REQUIRE(n);
  CHECK(n->memkb == 1024);
}

TEST_CASE("vnuma: errors use xl's words") {
  auto msg = [](std::initializer_list<std::string_view> l) {
    std::vector<std::string_view> v(l);
    auto r = dev::parse_vnode(v, 2, 4, two_nodes());
    REQUIRE(!r);
    CHECK(!r.error().needs_source);
    return r.error().message;
  };
  CHECK(msg({"pnode=2"}) == "xl: invalid pnode number: 2");
  CHECK(msg({"size=x"}) == "xl: failed to convert \"x\" to number");
  CHECK(msg({"sizex"}) == "xl: failed to split \"sizex\" into pair");
  CHECK(msg({"size="}) == "xl: failed to split \"size=\" into pair");
  CHECK(msg({"vdistances=10,a"}) == "xl: failed to convert \"a\" to number");
}

TEST_CASE("vnuma: JSON lists distances and set vcpus") {
  std::string_view items[] = {"size=1", "vcpus=1", "vdistances=10,21"};
  auto n = dev::parse_vnode(items, 2, 2, two_nodes());
  REQUIRE(n);
  libxl::json::Writer w;
  dev::write_json(w, *n);
  std::string s = w.str();
  CHECK(s.find("\"memkb\": 1024") != std::string::npos);
  CHECK(s.find("\"distances\"") != std::string::npos);
  CHECK(s.find("\"pnode\"") == std::string::npos);
  CHECK(s.find("\"vcpus\"") != std::string::npos);
}
