// Domain events for an embedder's own loop: poll fd() for readability, then
// take() what happened since. Built on xenstored's @releaseDomain watch,
// which fires when any domain shuts down or dies; the events name which one
// and why. On request, also the state changes of the device backends dom0
// serves (a disk's or nic's backend connecting to its guest, closing, gone).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "libxl/context.h"
#include "libxl/device/device.h"

namespace libxl::domain {

struct DomainEvent {
  enum class Kind { Shutdown, Death, DeviceState } kind = Kind::Death;
  DomId domid = 0;
  hypervisor::ShutdownReason reason = hypervisor::ShutdownReason::PowerOff;  // for Shutdown
  // For DeviceState: the device, and its backend's state now (Unknown once
  // the backend is gone).
  device::Ref device{};
  device::XenbusState state = device::XenbusState::Unknown;
};

struct EventInterest {
  bool device_states = false;  // DeviceState events for dom0's backends
};

class DomainEvents {
 public:
  // Starts watching; the domains (and device states) now are the baseline.
  static Result<DomainEvents> open(Context& ctx, EventInterest interest = {});
  DomainEvents(DomainEvents&&) noexcept;
  DomainEvents& operator=(DomainEvents&&) = delete;
  ~DomainEvents();

  int fd() const;
  // Blocks until xenstored says something changed, then returns the
  // shutdowns, deaths and device state changes since the last call
  // (possibly none).
  Result<std::vector<DomainEvent>> take();

 private:
  explicit DomainEvents(Context& ctx) : ctx_(&ctx) {}
  struct Seen {
    bool shutdown = false;
  };
  Result<std::vector<DomainEvent>> compare();
  // The devices under DIR (a backend directory at any depth) against what
  // was seen there; REPORT false only records them.
  std::vector<DomainEvent> rescan(const std::string& dir, bool report);
  Context* ctx_;
  std::map<DomId, Seen> seen_;
  std::map<std::string, device::XenbusState> states_;  // by backend path
  bool watching_ = false;
  bool watching_devices_ = false;
};

}  // namespace libxl::domain
