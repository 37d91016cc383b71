// The daemon on a real Xen host: dom0's own ring (the kernel's xenbus), and
// a ring per guest introduced by the toolstack. Owns the hypervisor handles
// (event channels, grant table, foreign memory, domain control), maps each
// peer's store page, binds its event channel, and watches VIRQ_DOM_EXC so
// that a domain that dies or shuts down is noticed without the toolstack.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "xenstored/server/engine.h"
#include "xenstored/server/event_loop.h"

struct xenevtchn_handle;
struct xengntdev_handle;
struct xenforeignmemory_handle;
struct xc_interface_core;
struct xenstore_domain_interface;

namespace xenstored {

class RingTransport;

class XenDomainChannels : public DomainChannels {
 public:
  using Log = std::function<void(std::string_view)>;

  // Fails (with the reason) when this is not a Xen dom0 able to run a
  // store: no event channel device, no privcmd.
  static std::expected<std::unique_ptr<XenDomainChannels>, std::string> open(Engine& engine,
                                                                            EventLoop& loop, Log log);
  ~XenDomainChannels() override;

  // dom0's kernel ring: the page behind /proc/xen/xsd_kva and the port in
  // /proc/xen/xsd_port (a dom0 kernel that expects a local xenstored).
  std::expected<void, std::string> attach_dom0(const std::string& proc_xen = "/proc/xen");

  std::expected<Connection*, int> attach(DomId domid, std::uint64_t mfn, std::uint32_t port) override;
  void detach(DomId domid, Connection* conn) override;

  // Handles every pending event: ring activity, reconnects, domain exits.
  void on_events();
  int fd() const;

 private:
  struct Channel {
    DomId domid;
    std::uint64_t conn_id;
    RingTransport* ring;  // owned by the event loop's entry
  };
  XenDomainChannels(Engine& engine, EventLoop& loop, Log log);
  std::expected<Connection*, int> add(DomId domid, std::shared_ptr<::xenstore_domain_interface> page,
                                      std::uint32_t remote_port, bool privileged);
  void check_domains();

  Engine& engine_;
  EventLoop& loop_;
  Log log_;
  template <class T>
  using Handle = std::unique_ptr<T, void (*)(T*)>;
  Handle<xenevtchn_handle> evtchn_{nullptr, nullptr};
  Handle<xengntdev_handle> gnttab_{nullptr, nullptr};
  Handle<xenforeignmemory_handle> fmem_{nullptr, nullptr};
  Handle<xc_interface_core> xc_{nullptr, nullptr};
  std::uint32_t virq_port_ = ~0u;
  std::unordered_map<std::uint32_t, Channel> by_port_;  // local port -> channel
};

}  // namespace xenstored
