// A connection over a XenStore shared ring (xen/io/xs_wire.h): one page
// holding a request ring the peer produces and a response ring we produce,
// each 1 KiB with free-running indices, plus the connection-state fields.
// The peer is a guest's xenbus or dom0's kernel; the event channel that
// signals both ways lives in XenDomainChannels, which calls `notify`.
//
// Nothing here trusts the page: indices that claim more than a ring holds
// set the page's error field and fail the connection, so a malicious guest
// cannot make us read or write outside the page.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include <xen/io/xs_wire.h>

#include "xenstored/transport/transport.h"

namespace xenstored {

class RingTransport : public Transport {
 public:
  // The page stays mapped as long as the transport holds it (the deleter
  // unmaps it); `notify` kicks the peer's event channel.
  RingTransport(std::shared_ptr<xenstore_domain_interface> page, std::function<void()> notify);

  // Not pollable: the event loop is told of activity by kick().
  int fd() const override { return -1; }
  // What the peer has produced, up to len; -1 with EAGAIN when nothing,
  // EPROTO when the indices are corrupt.
  ssize_t read(char* buf, std::size_t len) override;
  // As much of buf as the response ring has room for; -1 with EAGAIN when
  // full, EPROTO when the indices are corrupt.
  ssize_t write(const char* buf, std::size_t len) override;

  // The peer asked to start over (XENSTORE_RECONNECT).
  bool reconnect_requested() const;
  // Empties both rings and marks the connection usable again.
  void reset();
  // The features we offer on this page (reconnection, error reporting).
  static constexpr std::uint32_t kFeatures =
      XENSTORE_SERVER_FEATURE_RECONNECTION | XENSTORE_SERVER_FEATURE_ERROR;

 private:
  bool corrupt(XENSTORE_RING_IDX cons, XENSTORE_RING_IDX prod);

  std::shared_ptr<xenstore_domain_interface> page_;
  std::function<void()> notify_;
};

}  // namespace xenstored
