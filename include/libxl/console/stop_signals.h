// SIGINT and SIGTERM as a readable descriptor while a console is
// attached, so that the copy loop ends cleanly on them (output written,
// terminal restored) and the caller decides what the signal means. The
// signals are blocked in the calling thread meanwhile; the mask is
// restored when this goes.
#pragma once

#include <signal.h>

#include "libxl/console/error.h"
#include "libxl/console/unique_fd.h"

namespace libxl::console {

class StopSignals {
 public:
  static Result<StopSignals> open();
  StopSignals(StopSignals&&) noexcept;
  StopSignals& operator=(StopSignals&&) = delete;
  ~StopSignals();

  int fd() const { return fd_.get(); }
  // The signal that arrived (consumed from the descriptor), or 0.
  int take();

 private:
  StopSignals(UniqueFd fd, sigset_t old) : fd_(std::move(fd)), old_(old) {}
  UniqueFd fd_;
  sigset_t old_;
  bool restore_ = true;
};

}  // namespace libxl::console
