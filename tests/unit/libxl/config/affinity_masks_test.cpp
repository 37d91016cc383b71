// xl.conf's vm.cpumask / vm.hvm.cpumask / vm.pv.cpumask: building the masks
// and applying them to a guest's hard affinity. Every expectation here is
// what Xen 4.17's xl did with the same xl.conf and guest (fake 64-cpu host).
#include <doctest/doctest.h>

#include "libxl/config/affinity_masks.h"

using namespace libxl::config;
using devices::CpuBitmap;

namespace {

CpuBitmap bits(std::initializer_list<int> set, int size = 64) {
  CpuBitmap b(std::size_t(size), false);
  for (int i : set) b[std::size_t(i)] = true;
  return b;
}

CpuBitmap range(int from, int to, int size = 64) {
  CpuBitmap b(std::size_t(size), false);
  for (int i = from; i <= to; ++i) b[std::size_t(i)] = true;
  return b;
}

std::vector<int> set_bits(const CpuBitmap& b) {
  std::vector<int> r;
  for (std::size_t i = 0; i < b.size(); ++i)
    if (b[i]) r.push_back(int(i));
  return r;
}

GlobalAffinityMasks masks(std::optional<std::string> vm, std::optional<std::string> hvm,
                          std::optional<std::string> pv, std::vector<std::string>* msgs = nullptr) {
  XlConf c;
  c.vm_cpumask = std::move(vm);
  c.vm_hvm_cpumask = std::move(hvm);
  c.vm_pv_cpumask = std::move(pv);
  return global_affinity_masks(c, XlOptions::default_host(), msgs);
}

DomainBuildInfo guest(DomainType t, int max_vcpus) {
  DomainBuildInfo b;
  b.type = t;
  b.max_vcpus = max_vcpus;
  return b;
}

}  // namespace

TEST_CASE("affinity masks: unset masks are full and change nothing") {
  auto m = masks(std::nullopt, std::nullopt, std::nullopt);
  CHECK(m.vm == range(0, 63));
  auto b = guest(DomainType::Pv, 2);
  REQUIRE(apply_global_affinity_masks(b, m));
  CHECK(b.vcpu_hard_affinity.empty());
  // "0-63" and "all" are full too.
  auto full = masks("0-63", std::nullopt, "all");
  REQUIRE(apply_global_affinity_masks(b, full));
  CHECK(b.vcpu_hard_affinity.empty());
}

TEST_CASE("affinity masks: without cpus= every vcpu up to maxvcpus gets the masks") {
  // vm.cpumask="0-7,16" vm.pv.cpumask="4-20", vcpus=2: [4,5,6,7,16] twice.
  auto b = guest(DomainType::Pv, 2);
  REQUIRE(apply_global_affinity_masks(b, masks("0-7,16", std::nullopt, "4-20")));
  REQUIRE(b.vcpu_hard_affinity.size() == 2);
  CHECK(set_bits(b.vcpu_hard_affinity[0]) == std::vector<int>{4, 5, 6, 7, 16});
  CHECK(set_bits(b.vcpu_hard_affinity[1]) == std::vector<int>{4, 5, 6, 7, 16});
  // maxvcpus=4 vcpus=2, vm.cpumask="2-4": four maps.
  auto b4 = guest(DomainType::Pv, 4);
  REQUIRE(apply_global_affinity_masks(b4, masks("2-4", std::nullopt, std::nullopt)));
  CHECK(b4.vcpu_hard_affinity.size() == 4);
  // Only the mask of the guest's type counts: a PV mask leaves HVM alone.
  auto h = guest(DomainType::Hvm, 3);
  REQUIRE(apply_global_affinity_masks(h, masks(std::nullopt, std::nullopt, "50-60")));
  CHECK(h.vcpu_hard_affinity.empty());
}

TEST_CASE("affinity masks: cpus= is intersected; PVH uses the HVM mask") {
  // cpus=["0-3","2-9"], vm.hvm.cpumask="1-4": [1,2,3] and [2,3,4].
  auto b = guest(DomainType::Pvh, 2);
  b.vcpu_hard_affinity = {range(0, 3), range(2, 9)};
  REQUIRE(apply_global_affinity_masks(b, masks(std::nullopt, "1-4", "50-60")));
  CHECK(set_bits(b.vcpu_hard_affinity[0]) == std::vector<int>{1, 2, 3});
  CHECK(set_bits(b.vcpu_hard_affinity[1]) == std::vector<int>{2, 3, 4});
  // A shorter cpus= list keeps its length: cpus=["0-3"], vcpus=3, "2-40".
  auto s = guest(DomainType::Pv, 3);
  s.vcpu_hard_affinity = {range(0, 3)};
  REQUIRE(apply_global_affinity_masks(s, masks("2-40", std::nullopt, std::nullopt)));
  REQUIRE(s.vcpu_hard_affinity.size() == 1);
  CHECK(set_bits(s.vcpu_hard_affinity[0]) == std::vector<int>{2, 3});
}

TEST_CASE("affinity masks: an empty intersection is xl's error, status 1") {
  // cpus="0-15", vm.cpumask="0-7,16", vm.hvm.cpumask="8-31".
  auto b = guest(DomainType::Hvm, 3);
  b.vcpu_hard_affinity.assign(3, range(0, 15));
  auto r = apply_global_affinity_masks(b, masks("0-7,16", "8-31", std::nullopt));
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "vcpu hard affinity map is empty");
  CHECK(r.error().status == 1);
}

TEST_CASE("affinity masks: a bad cpu list is reported and keeps the cpus before it") {
  std::vector<std::string> msgs;
  auto m = masks("3,foo,5", std::nullopt, std::nullopt, &msgs);
  CHECK(msgs == std::vector<std::string>{"Invalid pcpu range: foo."});
  CHECK(m.vm == bits({3}));
  msgs.clear();
  m = masks("foo", "^all", "5-2", &msgs);
  CHECK(msgs == std::vector<std::string>{"Invalid pcpu range: foo.", "Can't combine \"^\" and \"all\".",
                                         "Invalid pcpu range: 5-2."});
  CHECK(set_bits(m.vm).empty());
  auto b = guest(DomainType::Pv, 2);
  CHECK(apply_global_affinity_masks(b, m).error().message == "vcpu hard affinity map is empty");
  // "" and "^3" are valid and empty; cpus past the host are dropped.
  msgs.clear();
  m = masks("", "^3", "60-100", &msgs);
  CHECK(msgs.empty());
  CHECK(set_bits(m.vm).empty());
  CHECK(set_bits(m.hvm).empty());
  CHECK(m.pv == range(60, 63));
  // "all,^3": everything but 3.
  m = masks("all,^3", std::nullopt, std::nullopt);
  CHECK(set_bits(m.vm).size() == 63);
  CHECK_FALSE(m.vm[3]);
}
