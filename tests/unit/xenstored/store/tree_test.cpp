#include <doctest/doctest.h>

#include <set>
#include <string>

#include "xenstored/store/tree.h"

using namespace xenstored;

namespace {
const PermList kN0{{0, kAccessNone}};
}

TEST_CASE("tree: create, look up and remove nodes") {
  Tree t(kN0);
  auto a = t.create(t.root(), "a", "1", kN0);
  auto b = t.create(a, "b", "22", kN0);
  CHECK(t.lookup("/") == t.root());
  CHECK(t.lookup("/a") == a);
  CHECK(t.lookup("/a/b") == b);
  CHECK(t.lookup("/a/c") == Tree::kNone);
  CHECK(t.lookup("/x/b") == Tree::kNone);
  CHECK(t.value(b) == "22");
  CHECK(t.path(b) == "/a/b");
  CHECK(t.size() == 3);
  t.set_value(b, std::string(3000, 'x'));
  CHECK(t.value(b).size() == 3000);
  CHECK(t.name(b) == "b");
  t.remove(a);
  CHECK(t.lookup("/a") == Tree::kNone);
  CHECK(t.lookup("/a/b") == Tree::kNone);
  CHECK(t.size() == 1);
}

TEST_CASE("tree: children stay in creation order and removal keeps the index whole") {
  Tree t(kN0);
  auto d = t.create(t.root(), "d", "", kN0);
  for (int i = 0; i < 10000; ++i) t.create(d, "c" + std::to_string(i), std::to_string(i), kN0);
  // Remove every third child, then check the others are all still found.
  for (int i = 0; i < 10000; i += 3) t.remove(t.child(d, "c" + std::to_string(i)));
  int expect = 1;
  for (auto c = t.first_child(d); c != Tree::kNone; c = t.next_sibling(c)) {
    if (expect % 3 == 0) ++expect;
    CHECK(t.name(c) == "c" + std::to_string(expect));
    ++expect;
  }
  for (int i = 0; i < 10000; ++i) {
    auto c = t.child(d, "c" + std::to_string(i));
    if (i % 3 == 0) {
      CHECK(c == Tree::kNone);
    } else {
      REQUIRE(c != Tree::kNone);
      CHECK(t.value(c) == std::to_string(i));
    }
  }
}

TEST_CASE("tree: every change gets a new generation, and the parent's when children change") {
  Tree t(kN0);
  auto a = t.create(t.root(), "a", "", kN0);
  auto g0 = t.generation(a);
  auto b = t.create(a, "b", "", kN0);
  auto g1 = t.generation(a);
  CHECK(g1 != g0);
  t.set_value(b, "v");
  CHECK(t.generation(a) == g1);  // a child's value is not the parent's business
  auto gb = t.generation(b);
  t.set_perms(b, {{3, kAccessRead}});
  CHECK(t.generation(b) != gb);
  t.remove(b);
  CHECK(t.generation(a) != g1);
}

TEST_CASE("tree: ownership accounting follows creates, permission changes and removals") {
  Tree t(kN0);
  const PermList dom5{{5, kAccessNone}};
  auto a = t.create(t.root(), "a", "", dom5);
  t.create(a, "b", "xyz", dom5);
  CHECK(t.usage(5).nodes == 2);
  CHECK(t.usage(5).bytes == Tree::node_cost(1, 0, 1) + Tree::node_cost(1, 3, 1));
  t.set_perms(a, kN0);
  CHECK(t.usage(5).nodes == 1);
  t.remove(a);
  CHECK(t.usage(5).nodes == 0);
  CHECK(t.usage(5).bytes == 0);
  CHECK(t.usage(0).nodes == 1);  // the root
}

TEST_CASE("tree: deep subtrees are removed without recursion") {
  Tree t(kN0);
  auto cur = t.root();
  for (int i = 0; i < 100000; ++i) cur = t.create(cur, "d", "", kN0);
  std::size_t removed = 0;
  t.remove(t.first_child(t.root()), [&](Tree::Id) { ++removed; });
  CHECK(removed == 100000);
  CHECK(t.size() == 1);
}

TEST_CASE("tree: a node costs well under 64 bytes of reserved memory") {
  Tree t(kN0);
  auto d = t.create(t.root(), "bench", "", kN0);
  for (int i = 0; i < 100000; ++i) t.create(d, "k" + std::to_string(i), "value", kN0);
  // Reserved memory includes unused capacity, so this is an upper bound.
  CHECK(t.memory_reserved() / 100000 < 64);
}
