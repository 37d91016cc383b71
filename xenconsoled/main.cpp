// xenconsoled: a thin main over the console daemon library.
#include <cstdio>
#include <string>
#include <vector>

#include "xenconsoled/daemon.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto opts = xenconsoled::parse_options(args);
  if (!opts) {
    std::fprintf(stderr, "xenconsoled: %s\n%s", opts.error().c_str(), xenconsoled::usage_text().c_str());
    return 1;
  }
  if (opts->help) {
    std::fputs(xenconsoled::usage_text().c_str(), stdout);
    return 0;
  }
  return xenconsoled::run(*opts);
}
