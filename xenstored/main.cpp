// xenstored: parse the command line and hand over to the library.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "xenstored/server/daemon.h"
#include "xenstored/server/options.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto opts = xenstored::parse_options(args, [](const char* n) { return std::getenv(n); });
  if (!opts) {
    std::fprintf(stderr, "xenstored: %s\nTry 'xenstored --help'.\n", opts.error().c_str());
    return 1;
  }
  if (opts->help) {
    std::fputs(xenstored::usage_text().c_str(), stdout);
    return 0;
  }
  return xenstored::run_daemon(*opts);
}
