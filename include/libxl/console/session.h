// The attached console: copies the guest's pty to the output and, when
// interactive, the input to the pty, until Ctrl-] on the input, the pty
// closing (the domain went away), or the stop descriptor turning
// readable (a signal). A non-interactive session never reads its input,
// so `xl console DOM </dev/null` keeps printing until it is stopped.
#pragma once

#include "libxl/console/error.h"

namespace libxl::console {

// The key that detaches: Ctrl-], as xenconsole.
inline constexpr char kEscape = 0x1d;

enum class End {
  Detached,       // Ctrl-] on the input
  ConsoleClosed,  // the pty hung up or ended
  InputClosed,    // end of the interactive input
  Stopped,        // the stop descriptor became readable
};

struct SessionFds {
  int pty = -1;
  int in = 0;    // read only when interactive
  int out = 1;
  int stop = -1;  // optional
  bool interactive = false;
};

class Session {
 public:
  explicit Session(const SessionFds& fds) : fds_(fds) {}
  // Error::Kind::Io when writing the output or polling fails.
  Result<End> run();

 private:
  SessionFds fds_;
};

}  // namespace libxl::console
