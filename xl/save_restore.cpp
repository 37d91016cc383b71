// xl save and xl restore: Xen 4.17's options, messages and exit codes over
// libxl's save_stream/restore and the save-file header.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "commands.h"
#include "libxl/config/cfg_file.h"
#include "libxl/config/from_cfg.h"
#include "libxl/domain/create.h"
#include "libxl/domain/monitor.h"
#include "libxl/domain/save.h"
#include "libxl/domain/save_file.h"

namespace xl {

namespace {


}  // namespace

// An xl.cfg file as the domain configuration (xl save's and xl restore's
// optional ConfigFile); says why on stderr when it cannot be had.
std::optional<libxl::config::DomainConfig> config_from_cfg_file(const Globals& g, Io& io, const std::string& path,
                                                                const std::string& text) {
  std::string text_buf = text;
  if (text_buf.empty()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      io.err << "Failed to read config file: " << path << ": " << std::strerror(errno) << "\n";
      return std::nullopt;
    }
    std::ostringstream s;
    s << in.rdbuf();
    text_buf = s.str();
  }
  auto cfg = libxl::config::parse(text_buf, path);
  if (!cfg) {
    io.err << cfg.error().str() << "\n";
    return std::nullopt;
  }
  auto r = libxl::config::domain_config_from_cfg(*cfg, options_from_xl_conf(g.xl_conf));
  if (!r) {
    io.err << r.error().message << "\n";
    return std::nullopt;
  }
  for (const auto& w : r->warnings) io.err << w << "\n";
  return std::move(r->config);
}

std::optional<std::string> config_to_send(const Globals& g, Io& io, libxl::Context& ctx, libxl::DomId domid,
                                          const std::string& config_file, bool preserve_domid,
                                          const ConfigFailures& failures) {
  if (!config_file.empty()) {
    auto cfg = config_from_cfg_file(g, io, config_file);
    if (!cfg) {
      if (!failures.file.empty()) io.err << failures.file << "\n";
      return std::nullopt;
    }
    return libxl::config::domain_config_to_json(*cfg);
  }
  auto json = libxl::domain::saved_config_json(ctx, domid, preserve_domid);
  if (!json) {
    io.err << "libxl: error: " << json.error().message << "\n" << failures.stored << "\n";
    return std::nullopt;
  }
  return std::move(*json);
}

std::string save_header_info(const libxl::domain::SaveFileHeader& h) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "0x%x/0x%x/%u", h.mandatory_flags, h.optional_flags, h.optional_data_len);
  return buf;
}

int cmd_save(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "cpD", {}, 2, p); rc >= 0) return rc;
  if (p.operands.size() > 3) {
    print_command_usage(*find_command("save"), io.out);
    return 1;
  }
  const bool checkpoint = p.opts.find('c') != std::string::npos;
  const bool leave_paused = p.opts.find('p') != std::string::npos;
  const bool preserve_domid = p.opts.find('D') != std::string::npos;
  const std::string& filename = p.operands[1];
  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  auto domid = lookup_domain(*ctx, io, p.operands[0]);
  if (!domid) return 1;

  auto config_json = config_to_send(g, io, *ctx, *domid, p.operands.size() == 3 ? p.operands[2] : "",
                                    preserve_domid, {"unable to read overridden config file",
                                                     "unable to retrieve domain configuration"});
  if (!config_json) return 1;

  int fd = ::open(filename.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    io.err << "Failed to open temp file " << filename << " for writing\n";
    return 1;
  }
  auto header = libxl::domain::write_save_header(fd, *config_json);
  if (!header) {
    io.err << "libxl: error: " << header.error().message << "\n";
    ::close(fd);
    return 1;
  }
  io.err << "Saving to " << filename << " new xl format (info " << save_header_info(*header) << ")\n";
  libxl::domain::SaveOptions opts;
  opts.progress = step_reporter(g, io);
  auto saved = libxl::domain::save_stream(*ctx, *domid, fd, opts);
  // The data must be on disk before the domain is gone.
  const bool synced = ::fsync(fd) == 0 || errno == EINVAL;
  ::close(fd);
  if (!saved || !synced) {
    if (!saved) io.err << "libxl: error: " << saved.error().message << "\n";
    else io.err << "libxl: error: writing " << filename << ": " << std::strerror(errno) << "\n";
    io.err << "Failed to save domain, resuming domain\n";
    if (auto r = libxl::domain::resume(*ctx, *domid); !r) io.err << "libxl: error: " << r.error().message << "\n";
    return 1;
  }
  if (leave_paused || checkpoint) {
    if (leave_paused) (void)ctx->hypervisor().pause(*domid);
    if (auto r = libxl::domain::resume(*ctx, *domid); !r) {
      io.err << "libxl: error: " << r.error().message << "\n";
      return 1;
    }
    return 0;
  }
  if (auto r = libxl::domain::destroy(*ctx, *domid, opts.progress); !r) {
    io.err << "libxl: error: " << r.error().message << "\n";
    return 1;
  }
  return 0;
}

int cmd_restore(const Globals& g, Io& io, const std::vector<std::string>& args) {
  ParsedOpts p;
  if (int rc = parse_opts(io, args, "FcpdeVA", {{"vncviewer", 'V'}, {"vncviewer-autopass", 'A'}}, 1, p);
      rc >= 0)
    return rc;
  if (p.operands.size() > 2) {
    print_command_usage(*find_command("restore"), io.out);
    return 1;
  }
  auto has = [&](char c) { return p.opts.find(c) != std::string::npos; };
  const std::string config_file = p.operands.size() == 2 ? p.operands[0] : "";
  const std::string& filename = p.operands.back();

  int fd = ::open(filename.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    io.err << "Can't open restore file: " << std::strerror(errno) << "\n";
    return 1;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  auto header = libxl::domain::read_save_header(fd, filename);
  if (!header) {
    io.err << header.error().message << "\n";
    return 1;
  }
  io.err << "Loading new save file " << filename << " (new xl fmt info " << save_header_info(*header) << ")\n";
  const bool json = header->mandatory_flags & libxl::domain::kSaveFlagJson;
  if (header->config) io.err << " Savefile contains xl domain config" << (json ? " in JSON format" : "") << "\n";

  std::optional<libxl::config::DomainConfig> cfg;
  if (!config_file.empty()) {
    io.err << "Parsing config from " << config_file << "\n";
    cfg = config_from_cfg_file(g, io, config_file);
    if (!cfg) return 1;
  } else if (!header->config) {
    io.err << "Config file not specified and none in save file\n";
    return 1;
  } else {
    io.err << "Parsing config from <saved>\n";
    if (json) {
      auto c = libxl::config::domain_config_from_json(*header->config);
      if (!c) {
        io.err << "<saved>: " << c.error() << "\n";
        return 1;
      }
      cfg = std::move(*c);
    } else {
      cfg = config_from_cfg_file(g, io, "<saved>", *header->config);
      if (!cfg) return 1;
    }
  }
  if (has('d')) io.err << libxl::config::domain_config_to_json(*cfg);

  auto ctx = open_context(g, io);
  if (!ctx) return 1;
  libxl::domain::CreateOptions opts;
  opts.paused = has('p');
  opts.progress = step_reporter(g, io);
  libxl::config::DomainConfig settled = *cfg;
  opts.settled = &settled;
  auto domid = libxl::domain::restore(*ctx, *cfg, fd, filename, opts);
  if (!domid) {
    io.err << "libxl: error: " << domid.error().message << "\n";
    return 1;
  }
  if (has('e')) return has('c') ? console_attach(io, *ctx, *domid, std::nullopt, 0) : 0;
  if (has('F')) {
    auto r = libxl::domain::monitor(*ctx, *domid, settled, io.err);
    return r ? 0 : 1;
  }
  start_monitor(g, *domid, settled);
  return has('c') ? console_attach(io, *ctx, *domid, std::nullopt, 0) : 0;
}

}  // namespace xl
