// Saving a domain's state and restoring it: the libxl migration stream (v2)
// that follows save_file.h's header, with libxenguest's own stream inside.
// `xl save` writes a file of it, `xl restore` reads one, `xl migrate` sends
// one to the other host's `xl migrate-receive`.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "libxl/config/domain_config.h"
#include "libxl/context.h"
#include "libxl/domain/create.h"

namespace libxl::domain {

struct SaveOptions {
  // xl migrate: memory copied while the guest runs, then the rest while it
  // is suspended. Where the hypervisor cannot track a guest's writes (a PV
  // guest needs shadow paging, which Debian's Xen is built without) the
  // guest is suspended first instead, and NOTICE says so: Xen's xl fails
  // there.
  bool live = false;
  bool debug = false;  // libxenguest's verify mode (xl migrate --debug)
  // How long the guest has to acknowledge the suspend request, and then to
  // suspend (libxl's 60 s each).
  std::chrono::milliseconds guest_timeout{60000};
  std::function<void(const std::string&)> progress;
  std::function<void(const std::string&)> notice;  // what the user should know
};

// The configuration a save file carries: DOMID's as `xl list -l` shows it,
// with domid 0 (any domid on restore) unless PRESERVE_DOMID. Fails for a
// configuration restore could not rebuild, before anything is suspended.
Result<std::string> saved_config_json(Context& ctx, DomId domid, bool preserve_domid);

// Writes DOMID's libxl stream to FD: asks the guest to suspend (through
// control/shutdown) and copies its memory and vCPU state. On success the
// domain is left suspended: the caller destroys it, or resume()s it. A
// guest that does not answer gives ErrorCode::GuestTimedOut.
Result<void> save_stream(Context& ctx, DomId domid, int fd, const SaveOptions& opts);

// A suspended domain carries on (its suspend returns as cancelled), and
// xenstored watches it again as running.
Result<void> resume(Context& ctx, DomId domid);

// Builds a domain from CFG as create() does, but with the memory and vCPU
// state of the libxl stream at FD (SOURCE names it in messages) instead of
// a kernel; it is left paused when OPTS.paused, else started. Name, UUID
// and devices come from CFG. A failure leaves nothing behind, as create's.
Result<DomId> restore(Context& ctx, const config::DomainConfig& cfg, int fd, const std::string& source,
                      const CreateOptions& opts = {});

}  // namespace libxl::domain
