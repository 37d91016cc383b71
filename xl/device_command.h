// What the device commands (block-attach, network-attach, ...) share: xl's
// argument handling before the spec, and the dry-run output after it.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "libxl/context.h"
#include "xl/cli.h"

namespace xl {

// Handles "[-h] <Domain> SPEC..." as xl does: returns the index of the
// domain argument, or the exit status when the command ends here (help, bad
// option, too few arguments).
std::expected<std::size_t, int> device_command_args(Io& io, const std::vector<std::string>& args,
                                                    std::string_view name,
                                                    std::size_t min_args);

// The domain of a dry run (-N), which has no hypervisor to ask: a domid.
std::optional<libxl::DomId> dry_run_domain(Io& io, const std::string& domain);

// Prints "LABEL: JSON" as xl -N does. Returns the exit status.
int print_dry_run(Io& io, std::string_view label, const std::string& json);

}  // namespace xl
