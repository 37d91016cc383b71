#include "xenstored/xen/ring_transport.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace xenstored {

namespace {

// The indices are shared with another domain: every access is a single
// atomic load or store, and the acquire/release pairs order them against the
// data they guard (xs_wire.h's rmb/wmb/mb rules).
XENSTORE_RING_IDX load(const XENSTORE_RING_IDX& i) { return __atomic_load_n(&i, __ATOMIC_ACQUIRE); }
void store(XENSTORE_RING_IDX& i, XENSTORE_RING_IDX v) { __atomic_store_n(&i, v, __ATOMIC_RELEASE); }

}  // namespace

RingTransport::RingTransport(std::shared_ptr<xenstore_domain_interface> page,
                             std::function<void()> notify)
    : page_(std::move(page)), notify_(std::move(notify)) {
  __atomic_store_n(&page_->server_features, kFeatures, __ATOMIC_RELEASE);
}

bool RingTransport::corrupt(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod) {
  if (XENSTORE_RING_IDX(prod - cons) <= XENSTORE_RING_SIZE) return false;
  __atomic_store_n(&page_->error, std::uint32_t(XENSTORE_ERROR_RINGIDX), __ATOMIC_RELEASE);
  errno = EPROTO;
  return true;
}

ssize_t RingTransport::read(char* buf, std::size_t len) {
  auto& in = *page_;
  XENSTORE_RING_IDX cons = load(in.req_cons);
  XENSTORE_RING_IDX prod = load(in.req_prod);
  if (corrupt(cons, prod)) return -1;
  std::size_t n = std::min<std::size_t>(len, XENSTORE_RING_IDX(prod - cons));
  if (n == 0) {
    errno = EAGAIN;
    return -1;
  }
  // At most two pieces: up to the end of the ring, then from its start.
  std::size_t at = MASK_XENSTORE_IDX(cons);
  std::size_t first = std::min(n, XENSTORE_RING_SIZE - at);
  std::memcpy(buf, in.req + at, first);
  std::memcpy(buf + first, in.req, n - first);
  store(in.req_cons, cons + XENSTORE_RING_IDX(n));  // release: the copy is done
  notify_();  // the peer may be waiting for room
  return ssize_t(n);
}

ssize_t RingTransport::write(const char* buf, std::size_t len) {
  auto& out = *page_;
  XENSTORE_RING_IDX cons = load(out.rsp_cons);
  XENSTORE_RING_IDX prod = load(out.rsp_prod);
  if (corrupt(cons, prod)) return -1;
  std::size_t room = XENSTORE_RING_SIZE - XENSTORE_RING_IDX(prod - cons);
  std::size_t n = std::min(len, room);
  if (n == 0) {
    errno = EAGAIN;
    return -1;
  }
  std::size_t at = MASK_XENSTORE_IDX(prod);
  std::size_t first = std::min(n, XENSTORE_RING_SIZE - at);
  std::memcpy(out.rsp + at, buf, first);
  std::memcpy(out.rsp, buf + first, n - first);
  store(out.rsp_prod, prod + XENSTORE_RING_IDX(n));  // release: the data is there first
  notify_();
  return ssize_t(n);
}

bool RingTransport::reconnect_requested() const {
  return __atomic_load_n(&page_->connection, __ATOMIC_ACQUIRE) == XENSTORE_RECONNECT;
}

void RingTransport::reset() {
  auto& p = *page_;
  store(p.req_cons, 0);
  store(p.req_prod, 0);
  store(p.rsp_cons, 0);
  store(p.rsp_prod, 0);
  __atomic_store_n(&p.error, std::uint32_t(XENSTORE_ERROR_NONE), __ATOMIC_RELEASE);
  __atomic_store_n(&p.connection, std::uint32_t(XENSTORE_CONNECTED), __ATOMIC_RELEASE);
  notify_();
}

}  // namespace xenstored
