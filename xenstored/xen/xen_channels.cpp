#include "xenstored/xen/xen_channels.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "xensys/xenctrl.h"

#include "xenstored/xen/ring_transport.h"

namespace xenstored {

namespace {

// VIRQ_DOM_EXC: a domain has shut down or is being destroyed.
constexpr unsigned kVirqDomExc = VIRQ_DOM_EXC;

std::string why(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

}  // namespace

XenDomainChannels::XenDomainChannels(Engine& engine, EventLoop& loop, Log log)
    : engine_(engine), loop_(loop), log_(std::move(log)) {}

XenDomainChannels::~XenDomainChannels() {
  // Transports (and so the page mappings) belong to the event loop; drop
  // ours before the handles they were made with go away.
  for (auto& [port, ch] : by_port_) loop_.drop_transport(ch.conn_id);
}

std::expected<std::unique_ptr<XenDomainChannels>, std::string> XenDomainChannels::open(
    Engine& engine, EventLoop& loop, Log log) {
  // Without these devices the Xen libraries only print errors: ask first.
  if (::access("/dev/xen/evtchn", R_OK | W_OK) != 0) return std::unexpected(why("/dev/xen/evtchn"));
  std::unique_ptr<XenDomainChannels> ch(new XenDomainChannels(engine, loop, std::move(log)));
  ch->evtchn_ = {xenevtchn_open(nullptr, 0), [](xenevtchn_handle* h) { xenevtchn_close(h); }};
  if (!ch->evtchn_) return std::unexpected(why("xenevtchn_open"));
  // on_events() drains every pending port; reading must not block then.
  int efd = xenevtchn_fd(ch->evtchn_.get());
  if (::fcntl(efd, F_SETFL, ::fcntl(efd, F_GETFL) | O_NONBLOCK) != 0)
    return std::unexpected(why("event channel device"));
  ch->gnttab_ = {xengnttab_open(nullptr, 0), [](xengnttab_handle* h) { xengnttab_close(h); }};
  ch->fmem_ = {xenforeignmemory_open(nullptr, 0),
               [](xenforeignmemory_handle* h) { xenforeignmemory_close(h); }};
  ch->xc_ = {xc_interface_open(nullptr, nullptr, 0), [](xc_interface* h) { xc_interface_close(h); }};
  if (!ch->xc_) return std::unexpected(why("xc_interface_open"));
  if (!ch->gnttab_ && !ch->fmem_) return std::unexpected(why("no grant table or foreign memory access"));
  int virq = xenevtchn_bind_virq(ch->evtchn_.get(), kVirqDomExc);
  if (virq < 0) return std::unexpected(why("binding VIRQ_DOM_EXC"));
  ch->virq_port_ = std::uint32_t(virq);
  return ch;
}

int XenDomainChannels::fd() const { return xenevtchn_fd(evtchn_.get()); }

std::expected<Connection*, int> XenDomainChannels::add(
    DomId domid, std::shared_ptr<xenstore_domain_interface> page, std::uint32_t remote_port,
    bool privileged) {
  xenevtchn_port_or_error_t local = xenevtchn_bind_interdomain(evtchn_.get(), domid, remote_port);
  if (local < 0) {
    int err = errno;
    log_("domain " + std::to_string(domid) + ": cannot bind event channel " +
         std::to_string(remote_port) + ": " + std::strerror(err));
    return std::unexpected(err ? err : EINVAL);
  }
  xenevtchn_handle* xce = evtchn_.get();
  auto port = evtchn_port_t(local);
  auto ring = std::make_unique<RingTransport>(std::move(page), [xce, port] { xenevtchn_notify(xce, port); });
  RingTransport* raw = ring.get();
  Connection& c = loop_.add_connection(std::move(ring), domid, privileged);
  by_port_[port] = Channel{domid, c.id(), raw};
  // Whatever the peer wrote before we were there, and a first event so that
  // a kernel waiting for its store (dom0's) knows we are up.
  xenevtchn_notify(xce, port);
  loop_.kick(c.id());
  return &c;
}

std::expected<void, std::string> XenDomainChannels::attach_dom0(const std::string& proc_xen) {
  std::ifstream port_file(proc_xen + "/xsd_port");
  std::uint32_t port = 0;
  if (!(port_file >> port)) return std::unexpected("cannot read " + proc_xen + "/xsd_port");
  int fd = ::open((proc_xen + "/xsd_kva").c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return std::unexpected(why((proc_xen + "/xsd_kva").c_str()));
  long page_size = ::sysconf(_SC_PAGESIZE);
  void* p = ::mmap(nullptr, std::size_t(page_size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) return std::unexpected(why("mapping xsd_kva"));
  std::shared_ptr<xenstore_domain_interface> page(
      static_cast<xenstore_domain_interface*>(p),
      [page_size](xenstore_domain_interface* q) { ::munmap(q, std::size_t(page_size)); });
  auto c = add(0, std::move(page), port, true);
  if (!c) return std::unexpected("binding dom0's event channel: " + std::string(std::strerror(c.error())));
  return {};
}

std::expected<Connection*, int> XenDomainChannels::attach(DomId domid, std::uint64_t mfn,
                                                          std::uint32_t port) {
  // The store page through the grant the domain builder reserved for it;
  // by frame number when that is not available (as C xenstored does).
  std::shared_ptr<xenstore_domain_interface> page;
  if (gnttab_) {
    void* p = xengnttab_map_grant_ref(gnttab_.get(), domid, GNTTAB_RESERVED_XENSTORE,
                                      PROT_READ | PROT_WRITE);
    if (p) {
      xengnttab_handle* g = gnttab_.get();
      page.reset(static_cast<xenstore_domain_interface*>(p),
                 [g](xenstore_domain_interface* q) { xengnttab_unmap(g, q, 1); });
    }
  }
  if (!page && fmem_) {
    xen_pfn_t frame = xen_pfn_t(mfn);
    void* p = xenforeignmemory_map(fmem_.get(), domid, PROT_READ | PROT_WRITE, 1, &frame, nullptr);
    if (p) {
      xenforeignmemory_handle* f = fmem_.get();
      page.reset(static_cast<xenstore_domain_interface*>(p),
                 [f](xenstore_domain_interface* q) { xenforeignmemory_unmap(f, q, 1); });
    }
  }
  if (!page) {
    int err = errno ? errno : EINVAL;
    log_("domain " + std::to_string(domid) + ": cannot map its store page: " + std::strerror(err));
    return std::unexpected(err);
  }
  return add(domid, std::move(page), port, false);
}

void XenDomainChannels::detach(DomId domid, Connection*) {
  std::vector<std::uint32_t> ports;
  for (auto& [port, ch] : by_port_)
    if (ch.domid == domid) ports.push_back(port);
  for (auto port : ports) {
    loop_.drop_transport(by_port_[port].conn_id);  // unmaps the page
    xenevtchn_unbind(evtchn_.get(), port);
    by_port_.erase(port);
  }
}

void XenDomainChannels::on_events() {
  bool domain_event = false;
  std::vector<std::uint64_t> kicks;
  for (;;) {
    xenevtchn_port_or_error_t port = xenevtchn_pending(evtchn_.get());
    if (port < 0) break;
    xenevtchn_unmask(evtchn_.get(), evtchn_port_t(port));
    if (std::uint32_t(port) == virq_port_) {
      domain_event = true;
      continue;
    }
    auto it = by_port_.find(std::uint32_t(port));
    if (it == by_port_.end()) continue;
    if (it->second.ring->reconnect_requested()) {
      // The peer starts over: its watches and transactions go, the rings
      // are emptied, and it is told the connection is usable again.
      if (Connection* c = engine_.connection(it->second.conn_id)) engine_.reset_connection(*c);
      it->second.ring->reset();
    }
    kicks.push_back(it->second.conn_id);
  }
  for (auto id : kicks) loop_.kick(id);
  if (domain_event) check_domains();
}

void XenDomainChannels::check_domains() {
  std::vector<DomId> domids;
  for (auto& [port, ch] : by_port_)
    if (ch.domid != 0) domids.push_back(ch.domid);
  for (DomId domid : domids) {
    xc_domaininfo_t info{};
    int n = xc_domain_getinfolist(xc_.get(), domid, 1, &info);
    bool exists = n == 1 && info.domain == domid;
    if (!exists || (info.flags & XEN_DOMINF_dying)) {
      engine_.domain_gone(domid);  // detaches it, fires @releaseDomain
    } else if (info.flags & XEN_DOMINF_shutdown) {
      engine_.domain_shutdown(domid);
    }
  }
}

}  // namespace xenstored
