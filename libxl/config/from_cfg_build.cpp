// The guest-wide build settings of parse_config_data between the vcpus and
// the devices: grant limits, shutdown actions, timers, kernel and command
// line, bootloader; then altp2m, vmtrace and the ioport/irq/iomem grants.
#include <climits>

#include "from_cfg_internal.h"
#include "libxl/config/devices/common.h"

namespace libxl::config::detail {

namespace {

constexpr std::string_view kActionNames[] = {
    "", "destroy", "restart", "rename-restart", "preserve",
    "coredump-destroy", "coredump-restart", "soft-reset",
};

Status parse_action(Parser& p, std::string_view key, std::string_view dflt,
                    ActionOnShutdown& out) {
  std::string v = p.str(key).value_or(std::string(dflt));
  for (std::size_t i = 1; i < std::size(kActionNames); ++i) {
    if (kActionNames[i] == v) {
      out = ActionOnShutdown(int(i));
      return {};
    }
  }
  return std::unexpected(
      p.fail(key, "Unknown " + std::string(key) + " action \"" + v + "\" specified"));
}

// xlu_cfg_get_bounded_long(0, INT_MAX); absent keeps the xl.conf value.
Status parse_grant_limit(Parser& p, std::string_view key, std::uint32_t dflt,
                         std::uint32_t& out) {
  if (!p.value(key)) {
    out = dflt;
    return {};
  }
  auto l = p.lng(key);
  if (!l) return std::unexpected(p.fail(key, "invalid value for \"" + std::string(key) + "\""));
  if (*l < 0 || *l > INT_MAX)
    return std::unexpected(p.fail(key, std::string(key) + " " + std::to_string(*l) +
                                           " is out of range [0, " + std::to_string(INT_MAX) +
                                           "]"));
  out = std::uint32_t(*l);
  return {};
}

std::optional<std::string> cmdline(Parser& p) {
  auto buf = p.str("cmdline");
  auto root = p.str("root");
  auto extra = p.str("extra");
  if (buf) {
    if (root || extra) p.warn("Warning: ignoring root= and extra= in favour of cmdline=");
    return buf;
  }
  if (root && extra) return "root=" + *root + " " + *extra;
  if (root) return "root=" + *root;
  return extra;
}

// timer_mode and tsc_mode accept a number (deprecated) or a name.
template <class E>
Status parse_mode(Parser& p, std::string_view key, std::initializer_list<E> names, int lo, int hi,
                  bool pv_refused, E& out) {
  if (!p.value(key)) return {};
  auto refuse = [&]() -> Status {
    return std::unexpected(p.fail(
        key, "ERROR: \"" + std::string(key) + "\" option is not supported for PV guests.",
        kExitErrorFail));
  };
  if (auto l = p.lng(key, true)) {
    if (pv_refused && p.d.b_info.type == DomainType::Pv) return refuse();
    std::string name;
    for (E v : names)
      if (int(v) == *l) name = std::string(to_string(v));
    p.warn("WARNING: specifying \"" + std::string(key) +
           "\" as an integer is deprecated. Please use the named parameter variant. " +
           (name.empty() ? "" : "e.g. " + std::string(key) + "=\"" + name + "\""));
    if (*l < lo || *l > hi)
      return std::unexpected(p.fail(
          key, "ERROR: invalid value " + std::to_string(*l) + " for \"" + std::string(key) + "\""));
    out = E(int(*l));
    return {};
  }
  if (auto s = p.str(key)) {
    if (pv_refused && p.d.b_info.type == DomainType::Pv) return refuse();
    if (!pv_refused) p.warn("got a tsc mode string: \"" + *s + "\"");
    auto v = enum_from_string<E>(*s, names);
    if (!v)
      return std::unexpected(
          p.fail(key, "ERROR: invalid value \"" + *s + "\" for \"" + std::string(key) + "\""));
    out = *v;
  }
  return {};
}

}  // namespace

Status parse_build_info(Parser& p) {
  auto& d = p.d;
  auto& b = d.b_info;
  if (auto r = parse_grant_limit(p, "max_grant_frames", p.opts.max_grant_frames,
                                 b.max_grant_frames); !r)
    return r;
  if (auto r = parse_grant_limit(p, "max_maptrack_frames", p.opts.max_maptrack_frames,
                                 b.max_maptrack_frames); !r)
    return r;

  b.claim_mode = p.opts.claim_mode;

  if (auto r = parse_action(p, "on_poweroff", "destroy", d.on_poweroff); !r) return r;
  if (auto r = parse_action(p, "on_reboot", "restart", d.on_reboot); !r) return r;
  if (auto r = parse_action(p, "on_watchdog", "destroy", d.on_watchdog); !r) return r;
  if (auto r = parse_action(p, "on_crash", "destroy", d.on_crash); !r) return r;
  if (auto r = parse_action(p, "on_soft_reset", "soft-reset", d.on_soft_reset); !r) return r;

  if (d.c_info.type == DomainType::Pv) p.defbool("e820_host", b.pv.e820_host);

  if (auto r = parse_pci(p); !r) return r;

  if (auto pt = p.str("passthrough")) {
    auto v = enum_from_string<Passthrough>(
        *pt, {Passthrough::Default, Passthrough::Disabled, Passthrough::Enabled,
              Passthrough::SyncPt, Passthrough::SharePt});
    if (!v)
      return std::unexpected(
          p.fail("passthrough", "ERROR: unknown passthrough option '" + *pt + "'"));
    d.c_info.passthrough = *v;
  }

  if (auto l = p.lng("shadow_memory")) b.shadow_memkb = std::uint64_t(*l) * 1024;
  p.defbool("nomigrate", b.disable_migrate);

  if (auto r = parse_mode<TscMode>(p, "tsc_mode",
                                   {TscMode::Default, TscMode::AlwaysEmulate, TscMode::Native,
                                    TscMode::NativeParavirt},
                                   0, 3, false, b.tsc_mode);
      !r)
    return r;

  if (auto l = p.lng("rtc_timeoffset")) b.rtc_timeoffset = std::uint32_t(*l);
  if (p.lng("vncviewer"))
    p.warn("WARNING: ignoring \"vncviewer\" option. Use \"-V\" option of \"xl create\" to "
           "automatically spawn vncviewer.");
  p.defbool("localtime", b.localtime);
  if (auto l = p.lng("videoram")) b.video_memkb = std::uint64_t(*l) * 1024;
  if (auto l = p.lng("max_event_channels")) b.event_channels = std::uint32_t(*l);

  p.replace_string("kernel", b.kernel);
  p.replace_string("ramdisk", b.ramdisk);
  p.replace_string("device_tree", b.device_tree);
  b.cmdline = cmdline(p);

  p.defbool("driver_domain", d.c_info.driver_domain);
  p.defbool("acpi", b.acpi);

  p.replace_string("bootloader", b.bootloader);
  if (const Value* v = p.value("bootloader_args")) {
    if (v->kind == Value::Kind::List) {
      b.bootloader_args.clear();
      for (const auto& it : v->items) {
        if (it.kind != Value::Kind::Atom)
          return std::unexpected(
              p.fail("bootloader_args", "xl: Unable to parse bootloader_args.", kExitErrorFail));
        b.bootloader_args.push_back(it.atom);
      }
    } else {
      p.warn("WARNING: Specifying \"bootloader_args\" as a string is deprecated. "
             "Please use a list of arguments.");
      b.bootloader_args = devices::strtok_split(v->atom, " \t\n");
    }
  }

  if (auto r = parse_mode<TimerMode>(
          p, "timer_mode",
          {TimerMode::Unknown, TimerMode::DelayForMissedTicks, TimerMode::NoDelayForMissedTicks,
           TimerMode::NoMissedTicksPending, TimerMode::OneMissedTickPending},
          0, 3, true, b.timer_mode);
      !r)
    return r;

  p.defbool("nestedhvm", b.nested_hvm);
  return {};
}

Status parse_resources(Parser& p) {
  auto& b = p.d.b_info;
  if (p.value("altp2m")) {
    if (auto l = p.lng("altp2m", true)) {
      if (*l < 0 || *l > 3)
        return std::unexpected(
            p.fail("altp2m", "ERROR: invalid value " + std::to_string(*l) + " for \"altp2m\""));
      b.altp2m = AltP2mMode(int(*l));
    } else if (auto s = p.str("altp2m")) {
      auto v = enum_from_string<AltP2mMode>(*s, {AltP2mMode::Disabled, AltP2mMode::Mixed,
                                                 AltP2mMode::External, AltP2mMode::Limited});
      if (!v)
        return std::unexpected(
            p.fail("altp2m", "ERROR: invalid value \"" + *s + "\" for \"altp2m\""));
      b.altp2m = *v;
    }
  }
  if (auto l = p.lng("vmtrace_buf_kb", true); l && *l) b.vmtrace_buf_kb = int(*l);

  if (p.is_list("ioports")) {
    for (const auto& s : p.list("ioports").value_or(std::vector<std::string>{})) {
      std::vector<std::string> notes;
      auto r = devices::parse_ioport_range(s, &notes);
      for (auto& n : notes) p.warn(std::move(n));
      if (!r) return std::unexpected(DomainConfigError{r.error().message, 1});
      b.ioports.push_back(*r);
    }
  }
  if (p.is_list("irqs")) {
    for (const auto& s : p.list("irqs").value_or(std::vector<std::string>{})) {
      auto r = devices::parse_irq(s);
      if (!r) return std::unexpected(DomainConfigError{r.error().message, 1});
      b.irqs.push_back(*r);
    }
  }
  if (p.is_list("iomem")) {
    for (const auto& s : p.list("iomem").value_or(std::vector<std::string>{})) {
      auto r = devices::parse_iomem_range(s);
      if (!r) return std::unexpected(DomainConfigError{r.error().message, 1});
      b.iomem.push_back(*r);
    }
  }
  return {};
}

}  // namespace libxl::config::detail
