// xl.conf: the host-wide settings, read with xl 4.17's keys and defaults.
#include "libxl/config/xl_conf.h"

#include <cerrno>
#include <climits>
#include <sys/stat.h>

namespace libxl::config {

const std::vector<std::string_view>& xl_conf_keys() {
  static const std::vector<std::string_view> keys = {
      "domid_policy",       "autoballoon",
      "run_hotplug_scripts", "lockfile",
      "max_grant_frames",   "max_maptrack_frames",
      "max_grant_version",  "vif.default.script",
      "vifscript",          "vif.default.bridge",
      "defaultbridge",      "vif.default.backend",
      "vif.default.gatewaydev", "remus.default.netbufscript",
      "colo.default.proxyscript", "output_format",
      "blkdev_start",       "claim_mode",
      "vm.cpumask",         "vm.hvm.cpumask",
      "vm.pv.cpumask",
  };
  return keys;
}

namespace {

// A string setting that must be one of `choices`.
std::expected<std::optional<std::string>, ConfigError> choice(const CfgFile& cfg, std::string_view key,
                                                              std::string_view choices) {
  auto s = cfg.get_string(key);
  if (!s || !*s) return s;
  // `choices` is "a|b|c"; compare whole words.
  std::string_view rest = choices;
  while (!rest.empty()) {
    auto bar = rest.find('|');
    if (rest.substr(0, bar) == **s) return s;
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  std::string list;
  rest = choices;
  while (!rest.empty()) {
    auto bar = rest.find('|');
    if (!list.empty()) list += ", ";
    list += "\"" + std::string(rest.substr(0, bar)) + "\"";
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return std::unexpected(ConfigError{cfg.filename, cfg.line_of(key),
                                     "'" + std::string(key) + "' must be one of " + list + ", not \"" +
                                         **s + "\""});
}

std::expected<std::optional<std::int64_t>, ConfigError> bounded(const CfgFile& cfg, std::string_view key,
                                                                std::int64_t min, std::int64_t max) {
  auto n = cfg.get_long(key);
  if (!n || !*n) return n;
  if (**n < min || **n > max)
    return std::unexpected(ConfigError{cfg.filename, cfg.line_of(key),
                                       "'" + std::string(key) + "' = " + std::to_string(**n) +
                                           " is out of range (" + std::to_string(min) + " to " +
                                           std::to_string(max) + ")"});
  return n;
}

}  // namespace

std::expected<XlConf, ConfigError> parse_xl_conf(const CfgFile& cfg) {
  XlConf c;
#define TRY(var, expr)                            \
  auto var = (expr);                              \
  if (!var) return std::unexpected(var.error());

  TRY(domid, choice(cfg, "domid_policy", "xen|random"));
  if (*domid) c.domid_policy = **domid == "random" ? XlConf::DomidPolicy::Random : XlConf::DomidPolicy::Xen;

  TRY(balloon, choice(cfg, "autoballoon", "on|off|auto|1|0"));
  if (*balloon) {
    const std::string& b = **balloon;
    c.autoballoon = b == "on" || b == "1"    ? XlConf::Autoballoon::On
                    : b == "off" || b == "0" ? XlConf::Autoballoon::Off
                                             : XlConf::Autoballoon::Auto;
  }

  TRY(hotplug, cfg.get_bool("run_hotplug_scripts"));
  if (*hotplug) c.run_hotplug_scripts = **hotplug;

  TRY(lock, cfg.get_string("lockfile"));
  if (*lock) c.lockfile = **lock;

  TRY(grant_frames, bounded(cfg, "max_grant_frames", 0, INT_MAX));
  c.max_grant_frames = *grant_frames;
  TRY(maptrack, bounded(cfg, "max_maptrack_frames", 0, INT_MAX));
  c.max_maptrack_frames = *maptrack;
  TRY(grant_version, bounded(cfg, "max_grant_version", 0, INT_MAX));
  c.max_grant_version = *grant_version;

  // The deprecated spelling first, so the new one wins when both are there.
  TRY(vifscript, cfg.get_string("vifscript"));
  if (*vifscript) {
    c.vif_default_script = **vifscript;
    c.warnings.push_back(
        "the global config option vifscript is deprecated, please switch to vif.default.script");
  }
  TRY(script, cfg.get_string("vif.default.script"));
  if (*script) c.vif_default_script = **script;
  TRY(defbridge, cfg.get_string("defaultbridge"));
  if (*defbridge) {
    c.vif_default_bridge = **defbridge;
    c.warnings.push_back(
        "the global config option defaultbridge is deprecated, please switch to vif.default.bridge");
  }
  TRY(bridge, cfg.get_string("vif.default.bridge"));
  if (*bridge) c.vif_default_bridge = **bridge;
  TRY(backend, cfg.get_string("vif.default.backend"));
  c.vif_default_backend = *backend;
  TRY(gatewaydev, cfg.get_string("vif.default.gatewaydev"));
  c.vif_default_gatewaydev = *gatewaydev;
  TRY(netbuf, cfg.get_string("remus.default.netbufscript"));
  c.remus_default_netbufscript = *netbuf;
  TRY(proxy, cfg.get_string("colo.default.proxyscript"));
  c.colo_default_proxyscript = *proxy;

  TRY(format, choice(cfg, "output_format", "json|sxp"));
  if (*format) c.output_format = **format == "sxp" ? XlConf::OutputFormat::Sxp : XlConf::OutputFormat::Json;

  TRY(blkdev, cfg.get_string("blkdev_start"));
  c.blkdev_start = *blkdev;
  TRY(claim, cfg.get_bool("claim_mode"));
  if (*claim) c.claim_mode = **claim;

  // The cpu masks keep xl's leniency (see xl_conf.h): a list is warned
  // about and leaves the mask unset, i.e. all cpus.
  for (auto [key, field] : {std::pair{"vm.cpumask", &c.vm_cpumask},
                            std::pair{"vm.hvm.cpumask", &c.vm_hvm_cpumask},
                            std::pair{"vm.pv.cpumask", &c.vm_pv_cpumask}}) {
    const Setting* s = cfg.find_setting(key);
    if (!s) continue;
    if (s->value.kind != Value::Kind::Atom) {
      c.warnings.push_back(cfg.filename + ":" + std::to_string(s->line) + ": warning: parameter `" +
                           key + "' is a list but should be a single value");
      continue;
    }
    *field = s->value.atom;
  }
#undef TRY

  for (const Setting* s : cfg.unused(xl_conf_keys())) c.unknown.push_back(s->name);
  return c;
}

std::expected<XlConf, ConfigError> load_xl_conf(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return XlConf{};
  auto cfg = parse_file(path);
  if (!cfg) return std::unexpected(cfg.error());
  return parse_xl_conf(*cfg);
}

}  // namespace libxl::config
