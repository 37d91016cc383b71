#include "generic.h"

#include <unistd.h>

#include <algorithm>
#include <thread>

#include "../store/writer.h"
#include "libxl/device/hotplug.h"

namespace libxl::device {

using store::Perms;
using store::Tx;

namespace {

std::string state_word(int s) {
  static const char* const names[] = {"Unknown",    "Initialising", "InitWait",      "Initialised", "Connected",
                                      "Closing",    "Closed",       "Reconfiguring", "Reconfigured"};
  if (s >= 0 && s <= 8) return std::to_string(s) + " (" + names[s] + ")";
  return std::to_string(s);
}

std::string describe(const Ref& d) {
  return std::string(to_string(d.kind)) + " " + std::to_string(d.devid) + " of domain " + std::to_string(d.domid);
}

// The last non-empty line of TEXT.
std::string last_line(const std::string& text) {
  std::size_t end = text.find_last_not_of("\r\n \t");
  if (end == std::string::npos) return "";
  std::size_t start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

}  // namespace

Result<void> write_nodes(store::Store& xs, const Ref& d, const Nodes& nodes) {
  const std::string fe = frontend_path(d), be = backend_path(d), lx = libxl_path(d);
  const Perms back_perms{{d.backend_domid, 'n'}, {d.domid, 'r'}};
  const Perms front_perms{{d.domid, 'n'}, {d.backend_domid, 'r'}};
  const Perms front_ro_perms{{0, 'n'}, {d.domid, 'r'}};
  return store::in_transaction(xs, [&](Tx tx) -> Result<void> {
    if (xs.read(tx, fe + "/backend"))
      return std::unexpected(Error{ErrorCode::Fail, "Domain " + std::to_string(d.domid) +
                                                        ":device already exists in xenstore (" + fe + ")"});
    store::Writer w(xs, tx);
    // Stale nodes of an earlier device with this number would confuse the
    // backend.
    w.remove(be).remove(lx);
    w.mknod(lx, Perms{{0, 'n'}});
    w.write(lx + "/frontend", fe).write(lx + "/backend", be);
    for (const auto& [k, v] : nodes.back)
      if (k != "frontend") w.write(lx + "/" + k, v);
    w.mknod(be, back_perms);
    for (const auto& [k, v] : nodes.back) w.write(be + "/" + k, v, back_perms);
    w.mknod(fe, front_perms);
    for (const auto& [k, v] : nodes.front) w.write(fe + "/" + k, v, front_perms);
    for (const auto& [k, v] : nodes.front_ro) w.write(fe + "/" + k, v, front_ro_perms);
    return w.done();
  });
}

Result<void> remove_nodes(store::Store& xs, const Ref& d) {
  const std::string fe = frontend_path(d), lx = libxl_path(d);
  // The backend the record names (a driver domain's, say), else the usual.
  const std::string be = xs.read(lx + "/backend").value_or(backend_path(d));
  return store::in_transaction(xs, [&](Tx tx) -> Result<void> {
    store::Writer w(xs, tx);
    w.remove_with_empty_parents(fe, 3);  // keeps /local/domain/<domid>
    w.remove_with_empty_parents(lx, 2);  // keeps /libxl/<domid>
    w.remove_with_empty_parents(be, 3);  // keeps /local/domain/<backend>
    return w.done();
  });
}

Result<void> wait_backend_state(Context& ctx, const Ref& d, XenbusState wanted, std::chrono::milliseconds limit) {
  const std::string path = backend_path(d) + "/state";
  const auto deadline = std::chrono::steady_clock::now() + limit;
  auto pause = std::chrono::milliseconds(2);
  std::optional<std::string> seen;
  for (;;) {
    seen = ctx.store().read(path);
    if (seen && *seen == std::to_string(static_cast<int>(wanted))) return {};
    if (!seen && wanted == XenbusState::Closed) return {};  // already gone
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(20));
  }
  std::string was = seen ? state_word(std::atoi(seen->c_str())) : "no backend state";
  return std::unexpected(Error{ErrorCode::Fail, "the backend of " + describe(d) + " did not reach state " +
                                                    state_word(static_cast<int>(wanted)) + " within " +
                                                    std::to_string(limit.count() / 1000) + " s (it says " +
                                                    was + ")"});
}

namespace {

// The call Xen's libxl would make for D's script with ACTION; nothing when
// the backend names no script or another domain serves it (a driver domain
// runs its own scripts).
std::optional<HotplugCall> hotplug_call(Context& ctx, const Ref& d, const std::string& action) {
  if (d.backend_domid != 0) return std::nullopt;
  auto script = ctx.store().read(backend_path(d) + "/script");
  if (!script || script->empty()) return std::nullopt;
  HotplugCall call;
  call.script = *script;
  call.args.push_back(action);
  const std::string rel = "backend/" + std::string(to_string(d.kind)) + "/" + std::to_string(d.domid) + "/" +
                          std::to_string(d.devid);
  call.env = {{"script", *script},
              {"XENBUS_TYPE", std::string(to_string(d.kind))},
              {"XENBUS_PATH", rel},
              {"XENBUS_BASE_PATH", "backend"}};
  if (d.kind == Kind::Vif) {
    call.args.push_back("type_if=vif");
    call.env.emplace_back("netdev", "");
    // netback's name for it; a vifname= is the script's to apply (it reads
    // the backend's vifname node), as with Xen's scripts.
    call.env.emplace_back("vif", "vif" + std::to_string(d.domid) + "." + std::to_string(d.devid));
  }
  return call;
}

Result<void> hotplug_result(Context& ctx, const Ref& d, const HotplugCall& call,
                            const Result<HotplugOutcome>& ran) {
  const std::string what = call.script + " " + call.args.front();
  if (!ran) return std::unexpected(Error{ErrorCode::Fail, what + ": " + ran.error().message});
  if (ran->timed_out)
    return std::unexpected(Error{ErrorCode::Fail, what + " for " + describe(d) + " was killed after " +
                                                      std::to_string(ctx.device_timeouts.hotplug.count() / 1000) +
                                                      " s"});
  if (ran->exit_status != 0) {
    // The script's own word first (hotplug-error), else what it printed last.
    std::string why = ctx.store().read(backend_path(d) + "/hotplug-error").value_or("");
    if (why.empty()) why = last_line(ran->output);
    if (why.empty()) why = "exited with status " + std::to_string(ran->exit_status);
    return std::unexpected(Error{ErrorCode::Fail, what + " failed for " + describe(d) + ": " + why});
  }
  return {};
}

}  // namespace

Result<void> run_hotplug(Context& ctx, const Ref& d, const std::string& action) {
  auto call = hotplug_call(ctx, d, action);
  if (!call) return {};
  return hotplug_result(ctx, d, *call, ctx.hotplug().run(*call, ctx.device_timeouts.hotplug));
}

Result<void> add_device(Context& ctx, const Ref& d, const Nodes& nodes, const std::string& add_action,
                        const std::string& remove_action) {
  return add_devices(ctx, {Addition{d, nodes, add_action, remove_action}});
}

Result<void> add_devices(Context& ctx, const std::vector<Addition>& adds) {
  std::vector<const Addition*> written, called;
  std::vector<HotplugCall> calls;
  auto undo = [&](const Error& e) -> Result<void> {
    // Whatever the scripts set up (loop devices, bridge ports) goes too.
    std::vector<HotplugCall> removals;
    for (const auto* a : called)
      if (auto c = hotplug_call(ctx, a->d, a->remove_action)) removals.push_back(*c);
    if (!removals.empty()) (void)ctx.hotplug().run_all(removals, ctx.device_timeouts.hotplug);
    for (const auto* a : written) (void)remove_nodes(ctx.store(), a->d);
    return std::unexpected(e);
  };
  for (const auto& a : adds) {
    if (auto r = write_nodes(ctx.store(), a.d, a.nodes); !r) return undo(r.error());
    written.push_back(&a);
  }
  // The backends come up side by side; each is awaited in turn.
  for (const auto& a : adds)
    if (auto r = wait_backend_state(ctx, a.d, XenbusState::InitWait, ctx.device_timeouts.backend); !r)
      return undo(r.error());
  for (const auto& a : adds) {
    if (auto c = hotplug_call(ctx, a.d, a.add_action)) {
      calls.push_back(std::move(*c));
      called.push_back(&a);
    }
  }
  if (calls.empty()) return {};
  auto ran = ctx.hotplug().run_all(calls, ctx.device_timeouts.hotplug);
  for (std::size_t i = 0; i < calls.size(); ++i)
    if (auto r = hotplug_result(ctx, called[i]->d, calls[i], ran[i]); !r) return undo(r.error());
  return {};
}

Result<void> remove_devices(Context& ctx, const std::vector<Removal>& devices, bool force) {
  auto& xs = ctx.store();
  Result<void> first;
  auto keep = [&](Result<void> r) {
    if (!r && first) first = std::move(r);
  };
  // Each backend asked to close (without its frontend, when forced: then it
  // closes at once, whatever the guest does).
  for (const auto& [d, action] : devices) {
    const std::string be = xs.read(libxl_path(d) + "/backend").value_or(backend_path(d));
    keep(store::in_transaction(xs, [&](Tx tx) -> Result<void> {
      store::Writer w(xs, tx);
      if (force) w.remove(frontend_path(d));
      if (auto state = xs.read(tx, be + "/state")) {
        w.write(be + "/online", "0");
        if (*state != std::to_string(static_cast<int>(XenbusState::Closed)))
          w.write(be + "/state", std::to_string(static_cast<int>(XenbusState::Closing)));
      }
      return w.done();
    }));
  }
  if (!first && !force) return first;
  // All of them closing at once, under one time limit.
  const auto deadline = std::chrono::steady_clock::now() + ctx.device_timeouts.closing;
  std::vector<Removal> stuck;
  for (const auto& r : devices) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (wait_backend_state(ctx, r.first, XenbusState::Closed, std::max(left, std::chrono::milliseconds(0))))
      continue;
    stuck.push_back(r);
  }
  std::vector<Removal> go;
  for (const auto& r : devices)
    if (force || std::find(stuck.begin(), stuck.end(), r) == stuck.end()) go.push_back(r);
  // A guest that does not let go loses the device anyway, as with libxl.
  if (!force && !stuck.empty()) keep(remove_devices(ctx, stuck, true));
  // The scripts at once, as Xen's libxl runs them.
  std::vector<HotplugCall> calls;
  std::vector<const Ref*> called;
  for (const auto& [d, action] : go) {
    if (auto call = hotplug_call(ctx, d, action)) {
      calls.push_back(std::move(*call));
      called.push_back(&d);
    }
  }
  if (!calls.empty()) {
    auto ran = ctx.hotplug().run_all(calls, ctx.device_timeouts.hotplug);
    for (std::size_t i = 0; i < calls.size(); ++i) keep(hotplug_result(ctx, *called[i], calls[i], ran[i]));
  }
  for (const auto& [d, action] : go) keep(remove_nodes(xs, d));
  return first;
}

Result<void> remove_device(Context& ctx, const Ref& d, bool force, const std::string& remove_action) {
  return remove_devices(ctx, {{d, remove_action}}, force);
}

}  // namespace libxl::device
