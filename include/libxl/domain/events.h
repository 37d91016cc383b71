// Domain events for an embedder's own loop: poll fd() for readability, then
// take() what happened since. Built on xenstored's @releaseDomain watch,
// which fires when any domain shuts down or dies; the events name which one
// and why.
#pragma once

#include <map>
#include <vector>

#include "libxl/context.h"

namespace libxl::domain {

struct DomainEvent {
  enum class Kind { Shutdown, Death } kind = Kind::Death;
  DomId domid = 0;
  hypervisor::ShutdownReason reason = hypervisor::ShutdownReason::PowerOff;  // for Shutdown
};

class DomainEvents {
 public:
  // Starts watching; the domains that exist now are the baseline.
  static Result<DomainEvents> open(Context& ctx);
  DomainEvents(DomainEvents&&) noexcept;
  DomainEvents& operator=(DomainEvents&&) = delete;
  ~DomainEvents();

  int fd() const;
  // Blocks until xenstored says something changed, then returns the
  // shutdowns and deaths since the last call (possibly none).
  Result<std::vector<DomainEvent>> take();

 private:
  explicit DomainEvents(Context& ctx) : ctx_(&ctx) {}
  struct Seen {
    bool shutdown = false;
  };
  Result<std::vector<DomainEvent>> compare();
  Context* ctx_;
  std::map<DomId, Seen> seen_;
  bool watching_ = false;
};

}  // namespace libxl::domain
