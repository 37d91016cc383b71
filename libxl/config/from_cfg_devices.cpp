// The device lists of xl.cfg: each entry goes through the device parsers of
// include/libxl/config/devices/, with the devids and inherited defaults xl
// gives them and xl's choice of which spec errors are fatal.
#include "from_cfg_internal.h"

namespace libxl::config::detail {

namespace {

DomainConfigError spec_failure(const Parser& p, const devices::SpecError& e, int status = 1) {
  std::string text = e.render(p.cfg.filename);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return {text, status};
}

// Parses every entry of a list key with `parse`, numbering devids from 0.
template <class T, class F>
Status each(Parser& p, std::string_view key, std::vector<T>& out, F parse, bool devid = true) {
  if (!p.is_list(key)) {
    if (p.value(key)) p.list(key);  // the warning
    return {};
  }
  out.clear();
  for (const auto& spec : p.list(key).value_or(std::vector<std::string>{})) {
    auto r = parse(std::string_view(spec));
    if (!r) return std::unexpected(spec_failure(p, r.error()));
    if constexpr (requires { r->devid; }) {
      if (devid) r->devid = int(out.size());
    }
    out.push_back(std::move(*r));
  }
  return {};
}

Status parse_nics(Parser& p) {
  if (!p.is_list("vif")) return {};
  auto& nics = p.d.nics;
  nics.clear();
  for (const auto& spec : p.list("vif").value_or(std::vector<std::string>{})) {
    devices::Nic nic;
    nic.devid = int(nics.size());
    nic.script = p.opts.vif_script;
    nic.bridge = p.opts.vif_bridge;
    nic.backend_domname = p.opts.vif_backend;
    nic.gatewaydev = p.opts.vif_gatewaydev;
    auto walked = devices::for_each_field(
        spec, {}, [&](const devices::SpecField& f) -> std::expected<void, devices::SpecError> {
          std::vector<std::string> notes;  // netdev= and accel= are noted, not refused
          auto r = devices::apply_vif_part(nic, f.text, &notes);
          for (auto& n : notes) p.warn(std::move(n));
          if (r) return {};
          // libxlutil's rate errors and a bad number end xl; its own complaints
          // about a part only skip that part.
          const auto& e = r.error();
          if (e.needs_source || e.message.starts_with("xl: failed to convert"))
            return std::unexpected(e);
          p.warn(e.message);
          return {};
        });
    if (!walked) return std::unexpected(spec_failure(p, walked.error()));
    nics.push_back(std::move(nic));
  }
  return {};
}

Status parse_vfbs(Parser& p) {
  if (!p.is_list("vfb")) return {};
  for (const auto& spec : p.list("vfb").value_or(std::vector<std::string>{})) {
    auto r = devices::parse_vfb(spec);
    if (!r) return std::unexpected(spec_failure(p, r.error()));
    r->devid = int(p.d.vfbs.size());
    p.d.vfbs.push_back(std::move(*r));
    devices::Vkb vkb;  // every vfb comes with a keyboard
    vkb.devid = int(p.d.vkbs.size());
    p.d.vkbs.push_back(std::move(vkb));
  }
  return {};
}

Status parse_vsnds(Parser& p) {
  const Value* v = p.value("vsnd");
  if (!v) return {};
  if (v->kind != Value::Kind::List) {
    p.list("vsnd");  // the warning
    return {};
  }
  for (const auto& card : v->items) {
    // A card must be a list of strings; libxlutil warns (its column is always
    // 0) and xl gives up.
    if (card.kind != Value::Kind::List)
      return std::unexpected(DomainConfigError{
          p.cfg.filename + ":" + std::to_string(card.line) +
              ":0: warning: value is not a list\nFailed to get vsnd card list: Invalid argument",
          1});
    std::vector<std::string_view> items;
    for (const auto& it : card.items) {
      if (it.kind != Value::Kind::Atom) break;  // xl reads a card's strings up to the first list
      items.push_back(it.atom);
    }
    auto r = devices::parse_vsnd(items);
    if (!r) return std::unexpected(spec_failure(p, r.error()));
    r->devid = int(p.d.vsnds.size());
    p.d.vsnds.push_back(std::move(*r));
  }
  return {};
}

}  // namespace

Status parse_pci(Parser& p) {
  auto& d = p.d;
  devices::Pci dflt;
  if (auto l = p.lng("pci_msitranslate")) dflt.msitranslate = *l != 0;
  if (auto l = p.lng("pci_power_mgmt")) dflt.power_mgmt = *l != 0;
  if (auto l = p.lng("pci_permissive")) dflt.permissive = *l != 0;
  if (auto l = p.lng("pci_seize")) dflt.seize = *l != 0;

  // xl keeps rdm= in the HVM part of the build_info union; for other types
  // that memory starts zeroed, so their policy reads as "strict".
  devices::RdmReserve rdm = d.b_info.hvm.rdm;
  if (d.b_info.type != DomainType::Hvm) rdm.policy = devices::RdmPolicy::Strict;
  if (auto s = p.str("rdm")) {
    std::vector<std::string> notes;
    auto r = devices::parse_rdm(*s, rdm, &notes);
    for (auto& n : notes) p.warn(std::move(n));
    if (r) rdm = *r;
    else if (!r.error().message.empty()) p.warn(spec_failure(p, r.error()).message);
  }
  if (d.b_info.type == DomainType::Hvm) d.b_info.hvm.rdm = rdm;
  dflt.rdm_policy = rdm.policy;

  if (p.is_list("pci")) {
    d.pcidevs.clear();
    for (const auto& spec : p.list("pci").value_or(std::vector<std::string>{})) {
      auto r = devices::parse_pci(spec, dflt);
      if (!r) {
        std::string msg = spec_failure(p, r.error()).message;
        if (!msg.empty()) msg += "\n";
        return std::unexpected(DomainConfigError{
            msg + "unable to parse PCI_SPEC_STRING `" + spec + "' for passthrough", 1});
      }
      d.pcidevs.push_back(std::move(*r));
    }
    // Passed-through devices need the host's memory map in a PV guest.
    if (!d.pcidevs.empty() && d.c_info.type == DomainType::Pv) d.b_info.pv.e820_host = true;
  }
  if (p.is_list("dtdev")) d.dtdevs = *p.list("dtdev");
  return {};
}

Status parse_devices(Parser& p) {
  auto& d = p.d;
  if (p.is_list("disk")) {
    d.disks.clear();
    for (const auto& spec : p.list("disk").value_or(std::vector<std::string>{})) {
      auto r = devices::parse_disk(std::string_view(spec));
      if (!r) return std::unexpected(spec_failure(p, r.error()));
      d.disks.push_back(std::move(*r));
    }
  }
  auto by_view = [](auto fn) { return [fn](std::string_view s) { return fn(s); }; };
  auto p9 = [&d](std::string_view s) {
    return devices::parse_p9(s, d.p9s.empty() ? nullptr : &d.p9s.back());
  };
  // xl re-initialises each p9 after numbering it: devid stays unset.
  if (auto r = each(p, "p9", d.p9s, p9, false); !r) return r;
  if (auto r = each(p, "vtpm", d.vtpms, by_view(devices::parse_vtpm)); !r) return r;
  auto vdispl = [&p](std::string_view s) {
    std::vector<std::string> notes;
    auto r = devices::parse_vdispl(s, &notes);
    for (auto& n : notes) p.warn(std::move(n));
    return r;
  };
  if (auto r = each(p, "vdispl", d.vdispls, vdispl); !r) return r;
  if (auto r = each(p, "pvcalls", d.pvcallsifs, by_view(devices::parse_pvcallsif)); !r) return r;
  if (auto r = parse_vsnds(p); !r) return r;
  auto channel = [&p](std::string_view s) {
    std::vector<std::string> notes;
    auto r = devices::parse_channel(s, &notes);
    for (auto& n : notes) p.warn(std::move(n));
    return r;
  };
  if (auto r = each(p, "channel", d.channels, channel); !r) return r;
  if (auto r = parse_nics(p); !r) return r;
  if (p.is_list("vif2"))
    p.warn("WARNING: vif2: netchannel2 is deprecated and not supported by xl");
  if (auto r = parse_vfbs(p); !r) return r;
  if (auto r = each(p, "usbctrl", d.usbctrls, by_view(devices::parse_usbctrl)); !r) return r;
  return each(p, "usbdev", d.usbdevs, by_view(devices::parse_usbdev), false);
}

Status parse_tail(Parser& p) {
  auto& b = p.d.b_info;
  if (auto s = p.str("gic_version", true)) {
    auto v = enum_from_string<GicVersion>(*s, {GicVersion::Default, GicVersion::V2, GicVersion::V3});
    if (!v)
      return std::unexpected(
          p.fail("gic_version", "Unknown gic_version \"" + *s + "\" specified", kExitErrorFail));
    b.arch_arm_gic_version = *v;
  }
  if (auto s = p.str("tee", true)) {
    auto v = enum_from_string<TeeType>(*s, {TeeType::None, TeeType::Optee});
    if (!v)
      return std::unexpected(p.fail("tee", "Unknown tee \"" + *s + "\" specified", kExitErrorFail));
    b.tee = *v;
  }
  if (p.is_list("vkb")) {
    for (const auto& spec : p.list("vkb").value_or(std::vector<std::string>{})) {
      auto r = devices::parse_vkb(spec);
      if (!r) return std::unexpected(spec_failure(p, r.error()));
      r->devid = int(p.d.vkbs.size());
      p.d.vkbs.push_back(std::move(*r));
    }
  }
  p.defbool("xend_suspend_evtchn_compat", p.d.c_info.xend_suspend_evtchn_compat);
  if (p.defbool("msr_relaxed", b.arch_x86_msr_relaxed))
    p.warn("WARNING: msr_relaxed will be removed in future versions.\n"
           "If it fixes an issue you are having please report to "
           "xen-devel@lists.xenproject.org.");
  return {};
}

}  // namespace libxl::config::detail
