// Device model selection and the emulated display, serial and USB options:
// the part of parse_config_data after the cpuid settings. For a PV guest the
// top-level vnc/sdl keys describe a vfb instead.
#include "from_cfg_internal.h"

namespace libxl::config::detail {

namespace {

Status extra_args(Parser& p, std::string_view key, StringList& out) {
  const Value* v = p.value(key);
  if (!v) return {};
  if (v->kind != Value::Kind::List)
    return std::unexpected(
        p.fail(key, "xl: Unable to parse " + std::string(key) + ".", kExitErrorFail));
  out.clear();
  for (const auto& it : v->items) {
    if (it.kind != Value::Kind::Atom)
      return std::unexpected(
          p.fail(key, "xl: Unable to parse " + std::string(key) + ".", kExitErrorFail));
    out.push_back(it.atom);
  }
  return {};
}

void top_level_vnc(Parser& p, devices::VncInfo& vnc) {
  p.defbool("vnc", vnc.enable);
  p.replace_string("vnclisten", vnc.listen);
  p.replace_string("vncpasswd", vnc.passwd);
  if (auto l = p.lng("vncdisplay")) vnc.display = int(*l);
  p.defbool("vncunused", vnc.findunused);
}

void top_level_sdl(Parser& p, devices::SdlInfo& sdl) {
  p.defbool("sdl", sdl.enable);
  p.defbool("opengl", sdl.opengl);
  p.replace_string("display", sdl.display);
  p.replace_string("xauthority", sdl.xauthority);
}

// serial= and usbdevice=: a list, or a single string.
Status list_or_string(Parser& p, std::string_view key, StringList& list, OptString& single) {
  const Value* v = p.value(key);
  if (!v) return {};
  if (v->kind == Value::Kind::Atom) {
    single = v->atom;
    return {};
  }
  list.clear();
  for (const auto& it : v->items) {
    if (it.kind != Value::Kind::Atom)
      return std::unexpected(
          p.fail(key, "xl: Unable to parse " + std::string(key) + ".", kExitErrorFail));
    list.push_back(it.atom);
  }
  return {};
}

Status parse_hvm_display(Parser& p) {
  auto& h = p.d.b_info.hvm;
  if (auto s = p.str("vga")) {
    if (*s == "stdvga") h.vga_kind = VgaInterfaceType::Std;
    else if (*s == "cirrus") h.vga_kind = VgaInterfaceType::Cirrus;
    else if (*s == "none") h.vga_kind = VgaInterfaceType::None;
    else if (*s == "qxl") h.vga_kind = VgaInterfaceType::Qxl;
    else return std::unexpected(p.fail("vga", "Unknown vga \"" + *s + "\" specified"));
  } else if (auto l = p.lng("stdvga")) {
    h.vga_kind = *l ? VgaInterfaceType::Std : VgaInterfaceType::Cirrus;
  }
  if (auto s = p.str("hdtype")) {
    auto v = enum_from_string<HdType>(*s, {HdType::Ide, HdType::Ahci});
    if (!v)
      return std::unexpected(p.fail("hdtype", "ERROR: invalid value \"" + *s + "\" for \"hdtype\""));
    h.hdtype = *v;
  }
  p.replace_string("keymap", h.keymap);
  auto& sp = h.spice;
  p.defbool("spice", sp.enable);
  if (auto l = p.lng("spiceport")) sp.port = int(*l);
  if (auto l = p.lng("spicetls_port")) sp.tls_port = int(*l);
  p.replace_string("spicehost", sp.host);
  p.defbool("spicedisable_ticketing", sp.disable_ticketing);
  p.replace_string("spicepasswd", sp.passwd);
  p.defbool("spiceagent_mouse", sp.agent_mouse);
  p.defbool("spicevdagent", sp.vdagent);
  p.defbool("spice_clipboard_sharing", sp.clipboard_sharing);
  if (auto l = p.lng("spiceusbredirection")) sp.usbredirection = int(*l);
  p.replace_string("spice_image_compression", sp.image_compression);
  p.replace_string("spice_streaming_video", sp.streaming_video);
  p.defbool("nographic", h.nographic);

  if (p.value("gfx_passthru")) {
    if (auto l = p.lng("gfx_passthru", true)) {
      h.gfx_passthru = *l != 0;
    } else if (auto s = p.str("gfx_passthru")) {
      auto v = enum_from_string<GfxPassthruKind>(*s, {GfxPassthruKind::Default, GfxPassthruKind::Igd});
      if (!v)
        return std::unexpected(
            p.fail("gfx_passthru", "ERROR: invalid value \"" + *s + "\" for \"gfx_passthru\""));
      h.gfx_passthru_kind = *v;
      h.gfx_passthru = true;
    }
  }
  if (auto r = list_or_string(p, "serial", h.serial_list, h.serial); !r) return r;
  p.replace_string("boot", h.boot);
  p.defbool("usb", h.usb);
  if (auto l = p.lng("usbversion")) h.usbversion = int(*l);
  if (auto r = list_or_string(p, "usbdevice", h.usbdevice_list, h.usbdevice); !r) return r;
  p.defbool("vkb_device", h.vkb_device);
  p.replace_string("soundhw", h.soundhw);
  p.defbool("xen_platform_pci", h.xen_platform_pci);

  if (h.vnc.listen && h.vnc.display && h.vnc.listen->find(':') != std::string::npos)
    return std::unexpected(
        p.fail("vnclisten", "ERROR: Display specified both in vnclisten and vncdisplay!"));

  if (auto s = p.str("vendor_device")) {
    auto v = enum_from_string<VendorDevice>(*s, {VendorDevice::None, VendorDevice::Xenserver});
    if (!v)
      return std::unexpected(
          p.fail("vendor_device", "xl: unknown vendor_device '" + *s + "'", kExitErrorFail));
    h.vendor_device = *v;
  }
  return {};
}

}  // namespace

Status parse_device_model(Parser& p) {
  auto& d = p.d;
  auto& b = d.b_info;
  if (auto s = p.str("device_model")) {
    p.warn("WARNING: ignoring device_model directive.");
    p.warn("WARNING: Use \"device_model_override\" instead if you really want a non-default "
           "device_model");
    if (s->find("stubdom-dm") != std::string::npos) {
      if (d.c_info.type == DomainType::Hvm)
        p.warn("WARNING: Or use \"device_model_stubdomain_override\" if you  want to enable "
               "stubdomains");
      else
        p.warn("WARNING: ignoring \"device_model_stubdomain_override\" directive for pv guest");
    }
  }
  p.replace_string("device_model_override", b.device_model);
  if (auto s = p.str("device_model_version")) {
    if (*s == "qemu-xen-traditional") b.device_model_version = DeviceModelVersion::QemuXenTraditional;
    else if (*s == "qemu-xen") b.device_model_version = DeviceModelVersion::QemuXen;
    else
      return std::unexpected(p.fail("device_model_version",
                                    "Unknown device_model_version \"" + *s + "\" specified"));
  } else if (b.device_model) {
    p.warn("WARNING: device model override given without specific DM version");
  }
  p.defbool("device_model_stubdomain_override", b.device_model_stubdomain);
  p.replace_string("device_model_stubdomain_seclabel", b.device_model_ssid_label);
  p.replace_string("device_model_user", b.device_model_user);
  p.replace_string("stubdomain_kernel", b.stubdomain_kernel);
  p.replace_string("stubdomain_ramdisk", b.stubdomain_ramdisk);
  if (auto l = p.lng("stubdomain_memory")) b.stubdomain_memkb = std::uint64_t(*l) * 1024;

  if (auto r = extra_args(p, "device_model_args", b.extra); !r) return r;
  if (auto r = extra_args(p, "device_model_args_pv", b.extra_pv); !r) return r;
  if (auto r = extra_args(p, "device_model_args_hvm", b.extra_hvm); !r) return r;

  if (d.c_info.type == DomainType::Pv && d.vfbs.empty()) {
    // A PV guest's top-level vnc= asks for one vfb (and its vkb).
    auto l = p.lng("vnc");
    if (l && *l) {
      devices::Vfb vfb;
      vfb.devid = 0;
      top_level_vnc(p, vfb.vnc);
      top_level_sdl(p, vfb.sdl);
      p.replace_string("keymap", vfb.keymap);
      d.vfbs.push_back(std::move(vfb));
      devices::Vkb vkb;
      vkb.devid = int(d.vkbs.size());
      d.vkbs.push_back(std::move(vkb));
    }
  } else if (d.c_info.type == DomainType::Hvm) {
    // (xl also writes these for PV with vfbs and for PVH, into union memory
    // that is never printed.)
    top_level_vnc(p, b.hvm.vnc);
    top_level_sdl(p, b.hvm.sdl);
  } else {
    devices::VncInfo vnc;
    devices::SdlInfo sdl;
    top_level_vnc(p, vnc);
    top_level_sdl(p, sdl);
  }

  p.defbool("dm_restrict", b.dm_restrict);
  if (d.c_info.type == DomainType::Hvm) return parse_hvm_display(p);
  return {};
}

}  // namespace libxl::config::detail
