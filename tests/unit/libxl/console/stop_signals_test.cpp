// SIGINT and SIGTERM become readable on a descriptor while a console is
// attached, and the signal mask is as before afterwards.
#include <doctest/doctest.h>

#include <poll.h>
#include <pthread.h>
#include <signal.h>

#include "libxl/console/stop_signals.h"

TEST_CASE("stop signals: SIGTERM read from the descriptor, mask restored") {
  sigset_t before;
  pthread_sigmask(SIG_SETMASK, nullptr, &before);
  {
    auto stop = libxl::console::StopSignals::open();
    REQUIRE(stop);
    CHECK(stop->take() == 0);  // nothing yet
    raise(SIGTERM);            // blocked: waits on the descriptor
    pollfd pf{stop->fd(), POLLIN, 0};
    REQUIRE(poll(&pf, 1, 1000) == 1);
    CHECK(stop->take() == SIGTERM);
  }
  sigset_t after;
  pthread_sigmask(SIG_SETMASK, nullptr, &after);
  CHECK(sigismember(&after, SIGTERM) == sigismember(&before, SIGTERM));
  CHECK(sigismember(&after, SIGINT) == sigismember(&before, SIGINT));
}
