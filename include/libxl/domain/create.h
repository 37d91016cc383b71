// Building a domain from its configuration, and tearing one down: the
// library's main job. Each runs to completion and reports the step that
// failed in words; a failed create leaves nothing behind (no domain, no
// XenStore nodes, no stored configuration).
#pragma once

#include <functional>
#include <string>

#include "libxl/config/domain_config.h"
#include "libxl/context.h"

namespace libxl::domain {

struct CreateOptions {
  bool paused = false;  // leave the new domain paused (xl create -p)
  // Called with a short description of each step as it starts ("building
  // the boot image", ...), for a verbose front end; may be empty.
  std::function<void(const std::string&)> progress;
  // If set, receives the configuration with its defaults settled (each
  // nic's MAC and number): creating from it again (a restart) builds the
  // same machine.
  config::DomainConfig* settled = nullptr;
};

// Creates, builds and (unless paused) starts the domain CFG describes;
// returns its domid. CFG's defaults are resolved on the way, and the
// resolved configuration is what `xl list -l` shows afterwards.
Result<DomId> create(Context& ctx, const config::DomainConfig& cfg, const CreateOptions& opts = {});

// Tears DOMID down: its devices' nodes, its own nodes, its stored
// configuration and the domain itself. ErrorCode::DomainNotFound when there
// is no such domain.
// PROGRESS, if given, hears each step as it starts.
Result<void> destroy(Context& ctx, DomId domid,
                     const std::function<void(const std::string&)>& progress = {});

}  // namespace libxl::domain
