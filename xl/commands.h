// The commands of xl, one file each; the table in cli.cpp points at them.
#pragma once

#include <string>
#include <vector>

#include "xl/cli.h"

namespace xl {

int cmd_create(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_block_attach(const Globals& g, Io& io, const std::vector<std::string>& args);
int cmd_network_attach(const Globals& g, Io& io, const std::vector<std::string>& args);

}  // namespace xl
