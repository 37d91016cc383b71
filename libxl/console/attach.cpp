#include "libxl/console/attach.h"

#include <unistd.h>

#include <cerrno>

#include "libxl/console/primary.h"
#include "libxl/console/raw_terminal.h"

namespace libxl::console {

Result<End> attach(Context& ctx, hypervisor::DomId domid, std::optional<ConsoleType> type,
                   int num, const AttachIo& io) {
  ConsoleTarget t{domid, num, type.value_or(ConsoleType::Pv)};
  if (!type) {
    auto p = primary_console(ctx, domid);
    if (!p) return std::unexpected(p.error());
    t = *p;
  }
  // Dom0's console is the hypervisor's, not a pty; xenconsole refuses it.
  if (t.domid == 0) return std::unexpected(Error{Error::Kind::Dom0, EINVAL, "Can't specify Domain-0"});
  TtyWait wait = io.wait;
  wait.stop = io.stop;
  auto pty = open_console_tty(ctx.store(), tty_path(t.domid, t.num, t.type), wait);
  if (!pty && pty.error().kind == Error::Kind::Stopped) return End::Stopped;
  if (!pty) return std::unexpected(pty.error());
  make_raw(pty->get());
  const bool interactive = ::isatty(io.in) && ::isatty(io.out);
  std::optional<RawTerminal> raw;
  if (interactive) raw.emplace(io.in);
  return Session({pty->get(), io.in, io.out, io.stop, interactive}).run();
}

}  // namespace libxl::console
