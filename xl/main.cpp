// xl: hand the command line to the front-end library.
#include <iostream>
#include <string>
#include <vector>

#include "xl/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return xl::run(args, xl::Io{std::cout, std::cerr});
}
