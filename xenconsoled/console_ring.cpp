#include "xenconsoled/console_ring.h"

#include <algorithm>
#include <cerrno>

namespace xenconsoled {

namespace {

XENCONS_RING_IDX load(const XENCONS_RING_IDX& i) { return __atomic_load_n(&i, __ATOMIC_ACQUIRE); }
void store(XENCONS_RING_IDX& i, XENCONS_RING_IDX v) { __atomic_store_n(&i, v, __ATOMIC_RELEASE); }

}  // namespace

std::expected<std::size_t, int> ConsoleRing::take_output(std::string& out) {
  auto& p = *page_;
  constexpr std::size_t size = sizeof p.out;
  XENCONS_RING_IDX cons = load(p.out_cons), prod = load(p.out_prod);
  std::size_t n = XENCONS_RING_IDX(prod - cons);
  if (n > size) return std::unexpected(EPROTO);
  for (std::size_t i = 0; i < n; ++i) out.push_back(p.out[(cons + i) % size]);
  store(p.out_cons, prod);  // release: the copy is done
  return n;
}

std::expected<std::size_t, int> ConsoleRing::give_input(std::string_view in) {
  auto& p = *page_;
  constexpr std::size_t size = sizeof p.in;
  XENCONS_RING_IDX cons = load(p.in_cons), prod = load(p.in_prod);
  std::size_t used = XENCONS_RING_IDX(prod - cons);
  if (used > size) return std::unexpected(EPROTO);
  std::size_t n = std::min(in.size(), size - used);
  for (std::size_t i = 0; i < n; ++i) p.in[(prod + i) % size] = in[i];
  store(p.in_prod, prod + XENCONS_RING_IDX(n));  // release: the data is there first
  return n;
}

}  // namespace xenconsoled
