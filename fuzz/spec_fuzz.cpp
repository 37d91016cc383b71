// libFuzzer target: the xl.cfg device spec parsers (libxl/config/devices/).
//
// Input layout: byte 0 picks the parser (its low 5 bits, modulo the number
// of parsers below) and a 3-bit parameter (its high bits, see each case);
// the rest is the spec text. Parsers that take a list of items (disk's
// block-attach components, vnuma, vsnd) and the ones whose entries depend on
// the previous entry (p9) get the text split at '\n', one item per line.
//
// Checked:
//   * every parser returns (no crash, no hang, nothing ASan/UBSan/LSan see);
//   * an error renders (SpecError::render) to text ending in a newline,
//     unless its message is empty;
//   * every successful parse is written with write_json and the writer
//     returns a non-empty document.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "libxl/config/devices/channel.h"
#include "libxl/config/devices/common.h"
#include "libxl/config/devices/cpu_bitmap.h"
#include "libxl/config/devices/disk.h"
#include "libxl/config/devices/nic.h"
#include "libxl/config/devices/p9.h"
#include "libxl/config/devices/pci.h"
#include "libxl/config/devices/pvcallsif.h"
#include "libxl/config/devices/ranges.h"
#include "libxl/config/devices/rdm.h"
#include "libxl/config/devices/usbctrl.h"
#include "libxl/config/devices/usbdev.h"
#include "libxl/config/devices/vdispl.h"
#include "libxl/config/devices/vfb.h"
#include "libxl/config/devices/vkb.h"
#include "libxl/config/devices/vnuma.h"
#include "libxl/config/devices/vsnd.h"
#include "libxl/config/devices/vtpm.h"
#include "libxl/json/writer.h"
#include "invariant.h"

using namespace libxl::config::devices;
namespace json = libxl::json;
using fuzz::fail;

namespace {

// Selector values (byte 0 & 31, modulo kCount). fuzz/make_seeds.py uses the
// same numbers: keep them in step.
enum Parser : unsigned {
  kDisk,        // parse_disk(string)
  kDiskParts,   // parse_disk(span): one component per line
  kNic,         // parse_nic; param bit 0: collect warnings
  kVifPart,     // apply_vif_part on a default Nic, one part per line
  kRate,        // parse_rate
  kPci,         // parse_pci; param bits: defaults' permissive/seize/power_mgmt
  kCpuList,     // parse_cpu_list; param: host shape
  kIoport,      // parse_ioport_range
  kIomem,       // parse_iomem_range
  kIrq,         // parse_irq
  kRdm,         // parse_rdm; param bit 0: start from strategy=host, bit 1: policy=strict
  kVnuma,       // parse_vnode: one item per line; param: nr_vnodes, max_vcpus
  kChannel,     // parse_channel
  kUsbctrl,     // parse_usbctrl
  kUsbdev,      // parse_usbdev
  kVkb,         // parse_vkb
  kVfb,         // parse_vfb
  kVtpm,        // parse_vtpm
  kP9,          // parse_p9, one entry per line, each with the previous one
  kVdispl,      // parse_vdispl
  kVsnd,        // parse_vsnd: one item per line
  kPvcallsif,   // parse_pvcallsif
  kMacUuid,     // parse_mac and parse_uuid
  kCount
};

std::vector<std::string_view> lines(std::string_view text) {
  std::vector<std::string_view> out;
  for (;;) {
    auto nl = text.find('\n');
    out.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) return out;
    text.remove_prefix(nl + 1);
  }
}

void check_error(const SpecError& e) {
  std::string r = e.render("f.cfg");
  if (e.message.empty()) return;
  if (r.empty() || r.back() != '\n') fail("SpecError::render does not end in a newline", r);
}

template <typename T>
void emit(const T& v) {
  json::Writer w;
  write_json(w, v);
  if (w.str().empty()) fail("write_json wrote nothing");
}

template <typename T>
void check(const std::expected<T, SpecError>& r) {
  if (r) emit(*r);
  else check_error(r.error());
}

HostTopology host_for(unsigned param) {
  // 8..64 cpus over 1..8 nodes.
  HostTopology h;
  h.nr_cpus = 8 * int(param + 1);
  int nodes = int(param) + 1;
  for (int i = 0; i < h.nr_cpus; ++i) h.cpu_to_node.push_back(i % nodes);
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  unsigned sel = (data[0] & 31u) % kCount;
  unsigned param = data[0] >> 5;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<std::string> warnings;

  switch (static_cast<Parser>(sel)) {
    case kDisk: check(parse_disk(text)); break;
    case kDiskParts: {
      auto parts = lines(text);
      check(parse_disk(std::span<const std::string_view>(parts)));
      break;
    }
    case kNic: check(parse_nic(text, param & 1 ? &warnings : nullptr)); break;
    case kVifPart: {
      Nic nic;
      bool ok = true;
      for (auto part : lines(text)) {
        auto r = apply_vif_part(nic, part, &warnings);
        if (!r) {
          check_error(r.error());
          ok = false;
          break;
        }
      }
      if (ok) emit(nic);
      break;
    }
    case kRate: {
      auto r = parse_rate(text);
      if (!r) check_error(r.error());
      break;
    }
    case kPci: {
      Pci dflt;
      dflt.permissive = param & 1;
      dflt.seize = param & 2;
      dflt.power_mgmt = param & 4;
      check(parse_pci(text, dflt));
      break;
    }
    case kCpuList: check(parse_cpu_list(text, host_for(param))); break;
    case kIoport: check(parse_ioport_range(text, &warnings)); break;
    case kIomem: check(parse_iomem_range(text)); break;
    case kIrq: {
      auto r = parse_irq(text);
      if (!r) check_error(r.error());
      break;
    }
    case kRdm: {
      RdmReserve into;
      if (param & 1) into.strategy = RdmStrategy::Host;
      if (param & 2) into.policy = RdmPolicy::Strict;
      check(parse_rdm(text, into, &warnings));
      break;
    }
    case kVnuma: {
      auto items = lines(text);
      std::uint64_t named = 0;
      int nr_vnodes = int(param) + 1;
      int max_vcpus = 4 * (int(param) + 1);
      check(parse_vnode(items, nr_vnodes, max_vcpus, host_for(param), &named));
      break;
    }
    case kChannel: check(parse_channel(text, &warnings)); break;
    case kUsbctrl: check(parse_usbctrl(text)); break;
    case kUsbdev: check(parse_usbdev(text)); break;
    case kVkb: check(parse_vkb(text)); break;
    case kVfb: check(parse_vfb(text)); break;
    case kVtpm: check(parse_vtpm(text)); break;
    case kP9: {
      std::vector<P9> list;
      for (auto entry : lines(text)) {
        auto r = parse_p9(entry, list.empty() ? nullptr : &list.back());
        check(r);
        if (!r) break;
        list.push_back(std::move(*r));
      }
      break;
    }
    case kVdispl: check(parse_vdispl(text, &warnings)); break;
    case kVsnd: {
      auto items = lines(text);
      check(parse_vsnd(std::span<const std::string_view>(items)));
      break;
    }
    case kPvcallsif: check(parse_pvcallsif(text)); break;
    case kMacUuid: {
      if (auto m = parse_mac(text)) {
        auto again = parse_mac(format_mac(*m));
        if (!again || *again != *m) fail("format_mac does not parse back", format_mac(*m));
      }
      if (auto u = parse_uuid(text)) {
        auto again = parse_uuid(format_uuid(*u));
        if (!again || *again != *u) fail("format_uuid does not parse back", format_uuid(*u));
      }
      break;
    }
    case kCount: break;
  }
  return 0;
}
