// The tty nodes of libxl 4.17's libxl__console_tty_path and xenconsole's
// main(): PV console 0 at console/tty, the others under device/console,
// serial and vuart under their own directories.
#include <doctest/doctest.h>

#include "libxl/console/tty_path.h"

using libxl::console::ConsoleType;
using libxl::console::tty_path;

TEST_CASE("console tty_path: pv, serial, vuart, by number") {
  CHECK(tty_path(7, 0, ConsoleType::Pv) == "/local/domain/7/console/tty");
  CHECK(tty_path(7, 2, ConsoleType::Pv) == "/local/domain/7/device/console/2/tty");
  CHECK(tty_path(7, 0, ConsoleType::Serial) == "/local/domain/7/serial/0/tty");
  CHECK(tty_path(7, 1, ConsoleType::Serial) == "/local/domain/7/serial/1/tty");
  CHECK(tty_path(7, 3, ConsoleType::Vuart) == "/local/domain/7/vuart/0/tty");
}

TEST_CASE("console types: xl's names and nothing else") {
  using libxl::console::console_type_from_string;
  CHECK(console_type_from_string("pv") == ConsoleType::Pv);
  CHECK(console_type_from_string("serial") == ConsoleType::Serial);
  CHECK(console_type_from_string("vuart") == ConsoleType::Vuart);
  CHECK(!console_type_from_string("PV"));
  CHECK(!console_type_from_string(""));
  CHECK(to_string(ConsoleType::Serial) == "serial");
}
