// What xl leaves behind after `xl create`: a watcher of one domain that
// carries out its on_poweroff / on_reboot / on_crash / on_watchdog actions
// when it shuts down, and ends when the domain is gone.
#pragma once

#include <functional>
#include <ostream>

#include "libxl/config/domain_config.h"
#include "libxl/context.h"

namespace libxl::domain {

// The configured action for a shutdown of REASON.
config::ActionOnShutdown action_for(const config::DomainConfig& cfg,
                                    hypervisor::ShutdownReason reason);

// Watches DOMID (created from CFG) until it dies or is preserved; a restart
// destroys it and creates it again from CFG, and watching goes on with the
// new domain. Says what it does on LOG. Returns the last domid watched.
Result<DomId> monitor(Context& ctx, DomId domid, const config::DomainConfig& cfg, std::ostream& log);

}  // namespace libxl::domain
