// A terminal in raw mode for as long as this lives: no line editing, no
// echo, no signals from ^C, so every key reaches the guest. Restores the
// settings it found, on every way out. Does nothing for a non-terminal.
#pragma once

#include <termios.h>

namespace libxl::console {

class RawTerminal {
 public:
  explicit RawTerminal(int fd);
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

  bool active() const { return active_; }  // FD was a terminal, now raw

 private:
  int fd_;
  bool active_ = false;
  termios saved_{};
};

// Raw mode for good, for the console's own pty: its line discipline must
// neither echo the guest's output back to it nor rewrite line ends.
void make_raw(int fd);

}  // namespace libxl::console
