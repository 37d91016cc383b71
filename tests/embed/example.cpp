// How another toolstack embeds libxl: open a context, build a guest from an
// xl.cfg file, follow its events from the embedder's own poll() loop, and
// tear it down. The lab runs it against real Xen (scenario lifecycle, step
// embed); it doubles as the API's worked example.
//
//   embed-example GUEST.cfg [SECONDS]
//
// Prints one line per step and per event (its disks' and nics' backends
// changing state among them); exits 0 once the guest has shut down (or
// SECONDS have passed) and been destroyed.
#include <poll.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "libxl/config/cfg_file.h"
#include "libxl/config/from_cfg.h"
#include "libxl/context.h"
#include "libxl/domain/create.h"
#include "libxl/domain/events.h"

namespace {

int fail(const std::string& what, const libxl::Error& e) {
  std::cerr << "embed-example: " << what << ": " << e.message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: embed-example GUEST.cfg [SECONDS]\n";
    return 2;
  }
  const int seconds = argc > 2 ? std::stoi(argv[2]) : 60;

  // 1. The configuration, through the same parser xl uses.
  std::ifstream in(argv[1]);
  std::stringstream text;
  text << in.rdbuf();
  auto file = libxl::config::parse(text.str(), argv[1]);
  if (!file) {
    std::cerr << "embed-example: " << file.error().str() << "\n";
    return 1;
  }
  auto cfg = libxl::config::domain_config_from_cfg(*file, {});
  if (!cfg) {
    std::cerr << "embed-example: " << cfg.error().message << "\n";
    return 1;
  }

  // 2. A context: the hypervisor and XenStore handles, owned by it.
  auto ctx = libxl::Context::open();
  if (!ctx) return fail("opening the context", ctx.error());

  // 3. Events first, so that nothing the guest does is missed.
  auto events = libxl::domain::DomainEvents::open(**ctx, {.device_states = true});
  if (!events) return fail("watching domains", events.error());

  libxl::domain::CreateOptions opts;
  opts.progress = [](const std::string& step) { std::cout << "step: " << step << std::endl; };
  auto domid = libxl::domain::create(**ctx, cfg->config, opts);
  if (!domid) return fail("creating the guest", domid.error());
  std::cout << "created: domid " << *domid << std::endl;

  // 4. The embedder's loop: poll the event fd beside whatever else it waits on.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  bool down = false;
  while (!down && std::chrono::steady_clock::now() < deadline) {
    pollfd p{events->fd(), POLLIN, 0};
    if (::poll(&p, 1, 500) <= 0) continue;
    auto got = events->take();
    if (!got) return fail("reading events", got.error());
    for (const auto& e : *got) {
      if (e.domid != *domid) continue;
      switch (e.kind) {
        case libxl::domain::DomainEvent::Kind::DeviceState:
          std::cout << "event: " << libxl::device::to_string(e.device.kind) << " " << e.device.devid
                    << " of domain " << e.domid << ": backend state " << int(e.state) << std::endl;
          continue;
        case libxl::domain::DomainEvent::Kind::Shutdown:
          std::cout << "event: domain " << e.domid << " shut down, reason " << int(e.reason) << std::endl;
          break;
        case libxl::domain::DomainEvent::Kind::Death:
          std::cout << "event: domain " << e.domid << " died" << std::endl;
          break;
      }
      down = true;
    }
  }
  if (!down) std::cout << "no shutdown within " << seconds << " s" << std::endl;

  // 5. Tear-down.
  if (auto r = libxl::domain::destroy(**ctx, *domid); !r) return fail("destroying the guest", r.error());
  std::cout << "destroyed: domid " << *domid << std::endl;
  return 0;
}
