// What the device commands (block-attach, network-attach, ...) share: xl's
// argument handling before the spec, and the dry-run output after it.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "xl/cli.h"

namespace xl {

// Handles "[-h] <Domain> SPEC..." as xl does: returns the index of the first
// spec argument, or the exit status when the command ends here (help, bad
// option, too few arguments, a domain name that needs a hypervisor).
std::expected<std::size_t, int> device_command_args(Io& io, const std::vector<std::string>& args,
                                                    std::string_view name,
                                                    std::size_t min_args);

// With -N prints "LABEL: JSON" as xl does; without, says attaching needs the
// hypervisor side (a later issue). Returns the exit status.
int finish_device_command(const Globals& g, Io& io, std::string_view name,
                          std::string_view label, const std::string& json);

}  // namespace xl
