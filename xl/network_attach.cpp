// Placeholder until this command lands (issue 3 work in progress).
#include <ostream>

#include "commands.h"

namespace xl {

int cmd_network_attach(const Globals&, Io& io, const std::vector<std::string>&) {
  io.err << "command not implemented\n";
  return 1;
}

}  // namespace xl
