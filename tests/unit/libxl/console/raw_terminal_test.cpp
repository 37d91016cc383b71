// Raw mode for the user's terminal while attached, and its settings back
// afterwards; nothing at all for what is not a terminal.
#include <doctest/doctest.h>

#include <termios.h>

#include "../../support/pty_pair.h"
#include "libxl/console/raw_terminal.h"

TEST_CASE("raw terminal: raw while alive, restored after") {
  fake::PtyPair pty;
  auto tty = pty.open_slave();
  REQUIRE(tty);
  termios before;
  REQUIRE(tcgetattr(tty.get(), &before) == 0);
  REQUIRE((before.c_lflag & ICANON));
  {
    libxl::console::RawTerminal raw(tty.get());
    CHECK(raw.active());
    termios now;
    REQUIRE(tcgetattr(tty.get(), &now) == 0);
    CHECK(!(now.c_lflag & (ICANON | ECHO | ISIG)));
    CHECK(!(now.c_oflag & OPOST));
  }
  termios after;
  REQUIRE(tcgetattr(tty.get(), &after) == 0);
  CHECK(after.c_lflag == before.c_lflag);
  CHECK(after.c_iflag == before.c_iflag);
  CHECK(after.c_oflag == before.c_oflag);
}

TEST_CASE("raw terminal: a pipe is left alone") {
  fake::Pipe p;
  libxl::console::RawTerminal raw(p.r.get());
  CHECK(!raw.active());
}
