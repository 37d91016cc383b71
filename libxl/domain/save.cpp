// Saving: the guest is asked to suspend through its control node (as Linux
// and every PV kernel understand), libxenguest copies it out, and the
// stream is framed as libxl frames it. Restoring lives in create.cpp: it is
// a create whose memory comes from the stream.
#include "libxl/domain/save.h"

#include <fcntl.h>

#include <thread>

#include "libxl/domain/retrieve.h"
#include "libxl/domain/userdata.h"
#include "stream.h"
#include "../store/writer.h"

namespace libxl::domain {

namespace {

using Clock = std::chrono::steady_clock;

// Asks DONE until it holds (true) or the deadline passes (false). Polled,
// not watched, as the device code does: a watch on the context's one
// connection would take events meant for an embedder's DomainEvents.
bool wait_until(Clock::time_point deadline, const std::function<bool()>& done) {
  auto pause = std::chrono::milliseconds(2);
  for (;;) {
    if (done()) return true;
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

// libxl's sequence: the request on control/shutdown, the guest's
// acknowledgement (it clears the node), then its shutdown with reason
// suspend, each within TIMEOUT. RESPONDED says whether it acknowledged.
Result<void> suspend_guest(Context& ctx, DomId domid, std::chrono::milliseconds timeout, bool& responded) {
  auto& xs = ctx.store();
  const std::string id = std::to_string(domid), node = "/local/domain/" + id + "/control/shutdown";
  if (auto r = xs.write(store::kNoTx, node, "suspend"); !r)
    return std::unexpected(Error{ErrorCode::Fail, "asking domain " + id + " to suspend: " + r.error().message()});
  auto acked = [&] {
    auto v = xs.read(node);
    return !v || *v != "suspend";
  };
  if (!wait_until(Clock::now() + timeout, acked)) {
    // Withdrawn, unless the guest took it at the last moment.
    bool cancelled = false;
    (void)store::in_transaction(xs, [&](store::Tx tx) -> Result<void> {
      cancelled = xs.read(tx, node) == "suspend";
      if (cancelled) (void)xs.write(tx, node, "");
      return {};
    });
    if (cancelled)
      return std::unexpected(Error{ErrorCode::GuestTimedOut,
                                   "domain " + id + ": guest didn't acknowledge suspend, request cancelled"});
  }
  responded = true;
  std::optional<Error> failed;
  auto suspended = [&] {
    auto info = ctx.hypervisor().domain(domid);
    if (!info || info->dying) {
      failed = Error{ErrorCode::Fail, "domain " + id + ": guest we were suspending has been destroyed"};
      return true;
    }
    if (!info->shutdown) return false;
    if (info->shutdown_reason != hypervisor::ShutdownReason::Suspend)
      failed = Error{ErrorCode::Fail, "domain " + id + ": guest we were suspending has shut down with unexpected reason code " +
                                          std::to_string(int(info->shutdown_reason))};
    return true;
  };
  if (!wait_until(Clock::now() + timeout, suspended))
    return std::unexpected(Error{ErrorCode::GuestTimedOut, "domain " + id + ": guest did not suspend, timed out"});
  if (failed) return std::unexpected(*failed);
  return {};
}

// libxenguest wants a blocking fd; the caller's flags come back afterwards.
class BlockingFd {
 public:
  explicit BlockingFd(int fd) : fd_(fd), flags_(::fcntl(fd, F_GETFL)) {
    if (flags_ >= 0 && (flags_ & O_NONBLOCK)) ::fcntl(fd_, F_SETFL, flags_ & ~O_NONBLOCK);
  }
  ~BlockingFd() {
    if (flags_ >= 0 && (flags_ & O_NONBLOCK)) ::fcntl(fd_, F_SETFL, flags_);
  }
  BlockingFd(const BlockingFd&) = delete;
  BlockingFd& operator=(const BlockingFd&) = delete;

 private:
  int fd_, flags_;
};

}  // namespace

Result<std::string> saved_config_json(Context& ctx, DomId domid, bool preserve_domid) {
  auto json = retrieve_config_json(ctx, domid);
  if (!json) return std::unexpected(json.error());
  auto cfg = config::domain_config_from_json(*json);
  if (!cfg)
    return std::unexpected(Error{ErrorCode::Fail, "domain " + std::to_string(domid) +
                                                      ": its configuration could not be restored: " + cfg.error()});
  cfg->c_info.domid = preserve_domid ? domid : 0;
  return config::domain_config_to_json(*cfg);
}

Result<void> save_stream(Context& ctx, DomId domid, int fd, const SaveOptions& opts) {
  auto say = [&](const std::string& s) {
    if (opts.progress) opts.progress(s);
  };
  auto& hv = ctx.hypervisor();
  auto info = hv.domain(domid);
  if (!info)
    return std::unexpected(Error{info.error().err == ESRCH ? ErrorCode::DomainNotFound : ErrorCode::Fail,
                                 "domain " + std::to_string(domid) + ": " + info.error().message()});
  auto lock = DomainLock::acquire(ctx, domid, config::devices::format_uuid(info->handle));
  if (!lock) return std::unexpected(lock.error());
  BlockingFd blocking(fd);
  bool live = opts.live;
  if (live) {
    // A guest's writes are tracked with shadow paging, or with HAP for an
    // HVM container.
    auto host = ctx.physinfo();
    const bool trackable = !host || (info->hvm ? host->cap_hap || host->cap_shadow : host->cap_shadow);
    if (!trackable) {
      live = false;
      if (opts.notice)
        opts.notice("this hypervisor has no shadow paging, without which the writes of domain " +
                    std::to_string(domid) + " cannot be tracked while it runs: it is suspended while its memory is copied");
    }
  }

  if (auto r = stream::write_header(fd); !r) return r;
  if (auto r = stream::write_record(fd, stream::kLibxcContext); !r) return r;
  std::optional<Error> suspend_error;
  bool responded = false;
  hypervisor::SaveRequest req;
  req.live = live;
  req.debug = opts.debug;
  req.suspend = [&] {
    say("suspending the guest");
    auto r = suspend_guest(ctx, domid, opts.guest_timeout, responded);
    if (!r) suspend_error = r.error();
    else say("copying its memory");
    return r.has_value();
  };
  say(live ? "copying its memory while it runs" : "saving its memory");
  if (auto r = hv.save(domid, fd, req); !r) {
    if (suspend_error) return std::unexpected(*suspend_error);
    return std::unexpected(Error{responded ? ErrorCode::Fail : ErrorCode::GuestTimedOut,
                                 "saving domain " + std::to_string(domid) + ": " + r.error().message() +
                                     (responded ? " (domain responded to suspend request)"
                                                : " (domain did not respond to suspend request)")});
  }
  if (auto r = stream::write_record(fd, stream::kEnd); !r) return r;
  say("saved");
  return {};
}

Result<void> resume(Context& ctx, DomId domid) {
  if (auto r = ctx.hypervisor().resume(domid); !r)
    return std::unexpected(Error{ErrorCode::Fail, "resuming domain " + std::to_string(domid) + ": " +
                                                      r.error().message()});
  if (auto r = ctx.store().resume_domain(domid); !r)
    return std::unexpected(Error{ErrorCode::Fail, "resuming domain " + std::to_string(domid) + ": " +
                                                      r.error().message()});
  return {};
}

}  // namespace libxl::domain
