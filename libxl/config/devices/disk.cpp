// The disk spec grammar is xl's flex scanner: at each point the rule with the
// longest match wins, the earlier rule on a tie, and several rules count a
// "/.*" trailing context (the rest of the line) towards their length without
// consuming it. We reproduce exactly that, so odd specs split as in xl.
#include "libxl/config/devices/disk.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "libxl/json/writer.h"
#include "../json_out.h"

namespace libxl::config::devices {

std::string_view to_string(DiskBackend b) {
  static constexpr std::string_view n[] = {"unknown", "phy", "tap", "qdisk", "standalone"};
  return n[int(b)];
}
std::string_view to_string(DiskFormat f) {
  static constexpr std::string_view n[] = {"unknown", "qcow", "qcow2", "vhd", "raw", "empty", "qed"};
  return n[int(f)];
}
std::string_view to_string(DiskSpecification s) {
  static constexpr std::string_view n[] = {"unknown", "xen", "virtio"};
  return n[int(s)];
}
std::string_view to_string(DiskTransport t) {
  static constexpr std::string_view n[] = {"unknown", "mmio"};
  return n[int(t)];
}

namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_alnum_lower(char c) { return is_lower(c) || (c >= '0' && c <= '9'); }

class DiskLexer {
 public:
  explicit DiskLexer(Disk& d) : d_(d) {}

  // Scans one component; errors collect in errors().
  void scan(std::string_view spec);
  void finish();
  bool failed() const { return !errors_.empty(); }
  std::string errors() const;

  struct Match {
    std::size_t total = 0;  // including trailing context
    std::size_t text = 0;   // what the action sees and the scanner consumes
    bool ok = false;
  };

 private:
  enum Rule {
    kWs, kFormat, kCdrom, kDevtypeCdrom, kDevtypeDisk, kDevtypeOther, kAccess, kBackend,
    kBackendtype, kSpecification, kVdev, kScript, kDirectIo, kDiscard, kNoDiscard, kColo,
    kNoColo, kColoHost, kColoPort, kColoExport, kActiveDisk, kHiddenDisk, kTrusted, kUntrusted,
    kTarget, kUnknownParam, kFormatPrefix, kScriptPrefix, kIgnoredPrefix, kUnknownPrefix,
    kPositional, kAny, kCount
  };
  Match match(Rule r, std::string_view s) const;
  std::size_t rest_of_line(std::string_view s, std::size_t from) const;
  void error(std::string_view message, std::optional<std::string_view> near = std::nullopt);
  void save(std::string_view what, OptString& field, std::string_view value);
  void set_access(std::string_view v);
  void set_format(std::string_view v);
  void set_backendtype(std::string_view v);
  void set_specification(std::string_view v);
  bool vdev_and_devtype(std::string_view v);
  bool positional(std::string_view v);

  Disk& d_;
  std::string_view spec_;
  std::vector<std::string> errors_;
  bool access_set_ = false;
  bool had_depr_prefix_ = false;
};

std::size_t DiskLexer::rest_of_line(std::string_view s, std::size_t from) const {
  std::size_t nl = s.find('\n', from);
  return (nl == std::string_view::npos ? s.size() : nl) - from;
}

// "KEY=" followed by [^,]* and an optional comma.
DiskLexer::Match keyed(std::string_view s, std::string_view key) {
  if (!s.starts_with(key)) return {};
  std::size_t n = key.size();
  while (n < s.size() && s[n] != ',') ++n;
  if (n < s.size()) ++n;
  return {n, n, true};
}

// A literal followed by an optional comma.
DiskLexer::Match word(std::string_view s, std::string_view w) {
  if (!s.starts_with(w)) return {};
  std::size_t n = w.size() + (s.size() > w.size() && s[w.size()] == ',' ? 1 : 0);
  return {n, n, true};
}

DiskLexer::Match DiskLexer::match(Rule r, std::string_view s) const {
  auto prefix_rest = [&](std::initializer_list<std::string_view> ps) -> Match {
    for (auto p : ps)
      if (s.starts_with(p)) return {p.size() + rest_of_line(s, p.size()), p.size(), true};
    return {};
  };
  switch (r) {
    case kWs: {
      std::size_t n = 0;
      while (n < s.size() && (s[n] == ' ' || s[n] == '\t' || s[n] == '\n')) ++n;
      if (n == 0) return {};
      std::size_t tail = n < s.size() ? rest_of_line(s, n) : 0;
      return {n + tail, n, true};
    }
    case kFormat: return keyed(s, "format=");
    case kCdrom: return word(s, "cdrom");
    case kDevtypeCdrom: return word(s, "devtype=cdrom");
    case kDevtypeDisk: return word(s, "devtype=disk");
    case kDevtypeOther: return keyed(s, "devtype=");
    case kAccess: return keyed(s, "access=");
    case kBackend: return keyed(s, "backend=");
    case kBackendtype: return keyed(s, "backendtype=");
    case kSpecification: return keyed(s, "specification=");
    case kVdev: return keyed(s, "vdev=");
    case kScript: return keyed(s, "script=");
    case kDirectIo: return word(s, "direct-io-safe");
    case kDiscard: return word(s, "discard");
    case kNoDiscard: return word(s, "no-discard");
    case kColo: return word(s, "colo");
    case kNoColo: return word(s, "no-colo");
    case kColoHost: return keyed(s, "colo-host=");
    case kColoPort: return keyed(s, "colo-port=");
    case kColoExport: return keyed(s, "colo-export=");
    case kActiveDisk: return keyed(s, "active-disk=");
    case kHiddenDisk: return keyed(s, "hidden-disk=");
    case kTrusted: return word(s, "trusted");
    case kUntrusted: return word(s, "untrusted");
    case kTarget: {
      if (!s.starts_with("target=")) return {};
      std::size_t n = rest_of_line(s, 0);
      return {n, n, true};
    }
    case kUnknownParam: {
      if (s.empty() || !is_lower(s[0])) return {};
      std::size_t n = 1;
      while (n < s.size() && (is_alnum_lower(s[n]) || s[n] == '-')) ++n;
      if (n + 1 >= s.size() || s[n] != '=' || s[n + 1] == ',') return {};
      n += 2;
      if (n < s.size() && s[n] == ',') ++n;
      return {n, n, true};
    }
    case kFormatPrefix: return prefix_rest({"raw:", "qcow:", "qcow2:", "vhd:"});
    case kScriptPrefix: return prefix_rest({"iscsi:", "nbd:", "enbd:", "drbd:"});
    case kIgnoredPrefix:
      return prefix_rest({"tapdisk:", "tap:", "tap2:", "aio:", "ioemu:", "file:", "phy:"});
    case kUnknownPrefix: {
      if (s.empty() || !is_lower(s[0])) return {};
      std::size_t n = 1;
      while (n < s.size() && is_alnum_lower(s[n])) ++n;
      if (n >= s.size() || s[n] != ':') return {};
      ++n;
      std::size_t tail = 0;
      if (n < s.size() && !is_alnum_lower(s[n]) && s[n] != '\n') tail = rest_of_line(s, n);
      return {n + tail, n, true};
    }
    case kPositional: {
      std::size_t n = 0;
      while (n < s.size() && s[n] != '=' && s[n] != ',') ++n;
      if (n < s.size() && s[n] == ',') return {n + 1, n + 1, true};
      if (n == 0) return {};
      return {n, n, true};
    }
    case kAny:
      if (s.empty() || s[0] == '\n') return {};
      return {1, 1, true};
    case kCount: break;
  }
  return {};
}

void DiskLexer::error(std::string_view message, std::optional<std::string_view> near) {
  std::string e = "config parsing error in disk specification: ";
  e += message;
  if (near) {
    e += ": near `";
    e += *near;
    e += '\'';
  }
  e += " in `";
  e += spec_;
  e += '\'';
  errors_.push_back(std::move(e));
}

// A string may be given once; an empty earlier value does not count.
void DiskLexer::save(std::string_view what, OptString& field, std::string_view value) {
  if (field && !field->empty()) {
    error(std::string(what) + " respecified", value);
    return;
  }
  field = std::string(value);
}

void DiskLexer::set_access(std::string_view v) {
  if (v == "r" || v == "ro") d_.readwrite = 0;
  else if (v == "rw" || v == "w" || v.empty()) d_.readwrite = 1;
  else error("unknown value for access", v);
}

void DiskLexer::set_format(std::string_view v) {
  static constexpr std::pair<std::string_view, DiskFormat> kFormats[] = {
      {"", DiskFormat::Raw},     {"raw", DiskFormat::Raw},     {"qcow", DiskFormat::Qcow},
      {"qcow2", DiskFormat::Qcow2}, {"vhd", DiskFormat::Vhd}, {"empty", DiskFormat::Empty},
      {"qed", DiskFormat::Qed}};
  for (auto [name, f] : kFormats) {
    if (v != name) continue;
    if (d_.format != DiskFormat::Unknown && d_.format != f) error("format respecified", v);
    else d_.format = f;
    return;
  }
  error("unknown value for format", v);
}

void DiskLexer::set_backendtype(std::string_view v) {
  static constexpr std::pair<std::string_view, DiskBackend> kBackends[] = {
      {"phy", DiskBackend::Phy}, {"tap", DiskBackend::Tap}, {"qdisk", DiskBackend::Qdisk},
      {"standalone", DiskBackend::Standalone}};
  for (auto [name, b] : kBackends) {
    if (v != name) continue;
    if (d_.backend != DiskBackend::Unknown && d_.backend != b) error("backend respecified", v);
    else d_.backend = b;
    return;
  }
  error("unknown value for backendtype", v);
}

void DiskLexer::set_specification(std::string_view v) {
  DiskSpecification s;
  if (v == "xen") s = DiskSpecification::Xen;
  else if (v == "virtio") s = DiskSpecification::Virtio;
  else return error("unknown value for specification", v);
  if (d_.specification != DiskSpecification::Unknown && d_.specification != s)
    error("specification respecified", v);
  else d_.specification = s;
}

// "VDEV:cdrom" / "VDEV:disk", the old way to give the device type.
bool DiskLexer::vdev_and_devtype(std::string_view v) {
  std::size_t colon = v.rfind(':');
  if (colon == std::string_view::npos) return false;
  save("vdev", d_.vdev, v.substr(0, colon));
  std::string_view type = v.substr(colon + 1);
  if (type == "cdrom") d_.is_cdrom = 1;
  else if (type == "disk") d_.is_cdrom = 0;
  else error("unknown deprecated type", type);
  return true;
}

// target, format, vdev, access in that order; false stops scanning.
bool DiskLexer::positional(std::string_view v) {
  if (failed()) return true;  // later errors would only follow from the first
  if (!d_.pdev_path) {
    save("target", d_.pdev_path, v);
  } else if (!had_depr_prefix_ && d_.format == DiskFormat::Unknown) {
    if (d_.pdev_path->empty() && vdev_and_devtype(v)) d_.format = DiskFormat::Empty;
    else set_format(v);
  } else if (!d_.vdev) {
    if (!vdev_and_devtype(v)) save("vdev", d_.vdev, v);
  } else if (!access_set_) {
    access_set_ = true;
    set_access(v);
  } else {
    error("too many positional parameters", v);
    return false;
  }
  return true;
}

std::string_view strip_comma(std::string_view t) {
  if (!t.empty() && t.back() == ',') t.remove_suffix(1);
  return t;
}

std::string_view after_equals(std::string_view t) { return strip_comma(t.substr(t.find('=') + 1)); }

void DiskLexer::scan(std::string_view spec) {
  spec_ = spec;
  std::size_t pos = 0;
  while (pos < spec.size()) {
    std::string_view s = spec.substr(pos);
    Rule best = kCount;
    Match bm;
    for (int r = 0; r < kCount; ++r) {
      Match m = match(Rule(r), s);
      if (m.ok && m.total > bm.total) {
        bm = m;
        best = Rule(r);
      }
    }
    if (best == kCount) {  // only a newline after an error can get here
      error("bad disk syntax", s);
      return;
    }
    std::string_view t = s.substr(0, bm.text);
    pos += bm.text;
    switch (best) {
      case kWs: break;
      case kFormat: set_format(after_equals(t)); break;
      case kCdrom:
      case kDevtypeCdrom: d_.is_cdrom = 1; break;
      case kDevtypeDisk: d_.is_cdrom = 0; break;
      case kDevtypeOther: error("unknown value for type", t); break;
      case kAccess: set_access(after_equals(t)); break;
      case kBackend: save("backend", d_.backend_domname, after_equals(t)); break;
      case kBackendtype: set_backendtype(after_equals(t)); break;
      case kSpecification: set_specification(after_equals(t)); break;
      case kVdev: save("vdev", d_.vdev, after_equals(t)); break;
      case kScript: save("script", d_.script, after_equals(t)); break;
      case kDirectIo: d_.direct_io_safe = true; break;
      case kDiscard: d_.discard_enable = true; break;
      case kNoDiscard: d_.discard_enable = false; break;
      case kColo: d_.colo_enable = true; break;
      case kNoColo: d_.colo_enable = false; break;
      case kColoHost: save("colo-host", d_.colo_host, after_equals(t)); break;
      case kColoPort: {
        std::string v(after_equals(t));
        int port = std::atoi(v.c_str());  // xl's reading: leading digits, 0 is an error
        if (port) d_.colo_port = port;
        else error("unknown value for colo_port", v);
        break;
      }
      case kColoExport: save("colo-export", d_.colo_export, after_equals(t)); break;
      case kActiveDisk: save("active-disk", d_.active_disk, after_equals(t)); break;
      case kHiddenDisk: save("hidden-disk", d_.hidden_disk, after_equals(t)); break;
      case kTrusted: d_.trusted = true; break;
      case kUntrusted: d_.trusted = false; break;
      case kTarget: save("target", d_.pdev_path, after_equals(t)); break;
      case kUnknownParam: error("unknown parameter", t); break;
      case kFormatPrefix:
        had_depr_prefix_ = true;
        set_format(t.substr(0, t.size() - 1));
        break;
      case kScriptPrefix:
        had_depr_prefix_ = true;
        save("script", d_.script, "block-" + std::string(t.substr(0, t.size() - 1)));
        break;
      case kIgnoredPrefix: had_depr_prefix_ = true; break;
      case kUnknownPrefix: error("unknown deprecated disk prefix", t); return;
      case kPositional:
        if (!positional(strip_comma(t))) return;
        break;
      case kAny:
        error("bad disk syntax", s.substr(0, 1 + rest_of_line(s, 1)));
        return;
      case kCount: break;
    }
  }
}

void DiskLexer::finish() {
  if (d_.format == DiskFormat::Unknown) d_.format = DiskFormat::Raw;
  if (d_.is_cdrom) {
    d_.removable = 1;
    d_.readwrite = 0;
    if (!d_.pdev_path || d_.pdev_path->empty()) d_.format = DiskFormat::Empty;
  }
  if (!d_.vdev) error("no vdev specified");
  else if (!d_.pdev_path && !d_.removable) error("no target specified (and device not removable)");
}

std::string DiskLexer::errors() const {
  std::string out;
  for (const auto& e : errors_) {
    if (!out.empty()) out += '\n';
    out += e;
  }
  return out;
}

}  // namespace

std::expected<Disk, SpecError> parse_disk(std::span<const std::string_view> components) {
  Disk d;
  d.readwrite = 1;
  DiskLexer lex(d);
  for (auto c : components) {
    lex.scan(c);
    if (lex.failed()) return std::unexpected(SpecError{lex.errors()});
  }
  lex.finish();
  if (lex.failed()) return std::unexpected(SpecError{lex.errors()});
  return d;
}

std::expected<Disk, SpecError> parse_disk(std::string_view spec) {
  std::string_view one[] = {spec};
  return parse_disk(one);
}

void write_json(json::Writer& w, const Disk& d) {
  JsonOut out(w);
  w.begin_object();
  fields(out, d);
  w.end_object();
}

}  // namespace libxl::config::devices
