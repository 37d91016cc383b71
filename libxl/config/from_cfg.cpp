// Entry point of the xl.cfg translation, the typed getters with xl's
// leniency, and the create_info step (type, name, uuid, pool, ...).
#include "libxl/config/from_cfg.h"

#include <algorithm>

#include "from_cfg_internal.h"
#include "libxl/host/random.h"

namespace libxl::config {

namespace detail {

std::string Parser::where(std::string_view key) const {
  int line = cfg.line_of(key);
  return line ? cfg.filename + ":" + std::to_string(line) : cfg.filename;
}

DomainConfigError Parser::fail(std::string_view key, std::string msg, int status) const {
  return {where(key) + ": " + std::move(msg), status};
}

std::optional<std::string> Parser::str(std::string_view key, bool dont_warn) {
  auto r = cfg.get_string(key);
  if (!r) {
    if (!dont_warn) warn(r.error().str());
    return std::nullopt;
  }
  return *r;
}

std::optional<std::int64_t> Parser::lng(std::string_view key, bool dont_warn) {
  auto r = cfg.get_long(key);
  if (!r) {
    if (!dont_warn) warn(r.error().str());
    return std::nullopt;
  }
  return *r;
}

bool Parser::defbool(std::string_view key, Defbool& out, bool dont_warn) {
  auto l = lng(key, dont_warn);
  if (!l) return false;
  out = *l != 0;
  return true;
}

void Parser::replace_string(std::string_view key, OptString& out) {
  if (auto s = str(key)) out = std::move(*s);
}

std::optional<std::vector<std::string>> Parser::list(std::string_view key) {
  const Value* v = value(key);
  if (!v) return std::nullopt;
  if (v->kind != Value::Kind::List) {
    warn(where(key) + ": warning: parameter `" + std::string(key) + "' is a single value but should be a list");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : v->items) {
    if (item.kind != Value::Kind::Atom) break;
    out.push_back(item.atom);
  }
  return out;
}

Status parse_create_info(Parser& p) {
  auto& c = p.d.c_info;
  auto& b = p.d.b_info;
  // The first of init_seclabel/seclabel names the domain's label; a second
  // one is the label it switches to after building.
  p.replace_string("init_seclabel", c.ssid_label);
  if (auto s = p.str("seclabel")) (c.ssid_label ? b.exec_ssid_label : c.ssid_label) = *s;

  c.run_hotplug_scripts = p.opts.run_hotplug_scripts;

  if (auto t = p.str("type")) {
    if (detail::prefix_of(*t, "hvm")) c.type = DomainType::Hvm;
    else if (detail::prefix_of(*t, "pv")) c.type = DomainType::Pv;
    else if (detail::prefix_of(*t, "pvh")) c.type = DomainType::Pvh;
    else return std::unexpected(p.fail("type", "Invalid domain type " + *t + "."));
  }
  // "builder" is the pre-4.10 spelling of the type.
  if (auto t = p.str("builder")) {
    DomainType bt;
    if (detail::prefix_of(*t, "hvm")) bt = DomainType::Hvm;
    else if (detail::prefix_of(*t, "generic")) bt = DomainType::Pv;
    else return std::unexpected(p.fail("builder", "Invalid domain type " + *t + "."));
    if (c.type != DomainType::Invalid && c.type != bt)
      return std::unexpected(
          p.fail("builder", "Contradicting \"builder\" and \"type\" options specified."));
    c.type = bt;
  }
  if (c.type == DomainType::Invalid) c.type = DomainType::Pv;  // x86's default

  p.defbool("hap", c.hap);

  if (auto n = p.str("name")) c.name = *n;
  else return std::unexpected(DomainConfigError{"Domain name must be specified.", kExitFailure});

  if (auto u = p.str("uuid")) {
    auto parsed = devices::parse_uuid(*u);
    if (!parsed) return std::unexpected(p.fail("uuid", "Failed to parse UUID: " + *u));
    c.uuid = *parsed;
  } else {
    auto fresh = host::random_uuid();
    if (!fresh) return std::unexpected(p.fail("uuid", "ERROR: no random bytes for the domain's UUID"));
    c.uuid = *fresh;
  }

  p.defbool("oos", c.oos);
  p.replace_string("pool", c.pool_name);

  b.type = c.type;
  if (b.type == DomainType::Hvm) {
    // libxl_domain_build_info_init_type's HVM defaults that differ from zero.
    b.hvm.rdm.policy = devices::RdmPolicy::Invalid;
  }
  if (b.type == DomainType::Pvh) {
    p.defbool("pvshim", b.pvh.pvshim);
    p.replace_string("pvshim_path", b.pvh.pvshim_path);
    p.replace_string("pvshim_cmdline", b.pvh.pvshim_cmdline);
    p.replace_string("pvshim_extra", b.pvh.pvshim_extra);
  }
  if (p.opts.blkdev_start) b.blkdev_start = p.opts.blkdev_start;
  return {};
}

}  // namespace detail

devices::HostTopology XlOptions::default_host() {
  devices::HostTopology h;
  h.nr_cpus = 64;
  for (int i = 0; i < 64; ++i) h.cpu_to_node.push_back(i / 8);
  return h;
}

std::expected<DomainConfigResult, DomainConfigError> domain_config_from_cfg(const CfgFile& cfg,
                                                                            const XlOptions& opts) {
  DomainConfigResult r;
  detail::Parser p{cfg, opts, r.config, r.warnings};
  for (auto step : {detail::parse_create_info, detail::parse_memory_vcpus,
                    detail::parse_build_info, detail::parse_hvm_firmware,
                    detail::parse_resources, detail::parse_devices, detail::parse_cpuid,
                    detail::parse_device_model, detail::parse_tail}) {
    if (auto s = step(p); !s) return std::unexpected(s.error());
  }
  // Keys xl never reads are accepted, with a warning each.
  std::vector<std::string> unknown;
  for (const Setting* s : cfg.unused(known_cfg_keys())) {
    std::string msg = cfg.filename + ":" + std::to_string(s->line) + ": warning: unknown key `" +
                      s->name + "' ignored";
    if (std::find(unknown.begin(), unknown.end(), msg) == unknown.end()) unknown.push_back(msg);
  }
  for (auto& m : unknown) r.warnings.push_back(std::move(m));
  return r;
}

}  // namespace libxl::config
