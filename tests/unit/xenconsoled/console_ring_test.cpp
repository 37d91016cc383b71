// The console ring against a page in ordinary memory playing the guest:
// output across the wrap, input limited by the ring's room, and corrupt
// indices refused.
#include "xenconsoled/console_ring.h"

#include <doctest/doctest.h>

#include <cerrno>
#include <memory>
#include <string>

using xenconsoled::ConsoleRing;

TEST_CASE("console ring: the guest's output comes out whole, across the wrap") {
  auto page = std::make_shared<xencons_interface>();
  ConsoleRing ring(page);
  page->out_cons = page->out_prod = 0xfffffff0u;  // near the index wrap and the ring's end
  std::string text = "lab-guest: tick 1 target_kb=131072\n";
  for (char ch : text) page->out[page->out_prod++ % sizeof page->out] = ch;
  std::string got;
  auto n = ring.take_output(got);
  REQUIRE(n);
  CHECK(*n == text.size());
  CHECK(got == text);
  CHECK(page->out_cons == page->out_prod);
  got.clear();
  CHECK(*ring.take_output(got) == 0);
}

TEST_CASE("console ring: typed input fills at most the ring's free room") {
  auto page = std::make_shared<xencons_interface>();
  ConsoleRing ring(page);
  std::string typed(1500, 'k');
  auto n = ring.give_input(typed);
  REQUIRE(n);
  CHECK(*n == sizeof page->in);
  CHECK(*ring.give_input("more") == 0);  // full until the guest reads
  page->in_cons += 4;
  CHECK(*ring.give_input("more") == 4);
}

TEST_CASE("console ring: indices claiming more than the ring holds are refused") {
  auto page = std::make_shared<xencons_interface>();
  ConsoleRing ring(page);
  page->out_prod = 5000;
  std::string got;
  auto out = ring.take_output(got);
  REQUIRE_FALSE(out);
  CHECK(out.error() == EPROTO);
  CHECK(got.empty());
  page->in_prod = 2000;
  CHECK_FALSE(ring.give_input("x"));
}
