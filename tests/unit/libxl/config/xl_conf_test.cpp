// xl.conf: keys, defaults and errors (xl.conf(5) of Xen 4.17).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "libxl/config/xl_conf.h"

using libxl::config::load_xl_conf;
using libxl::config::parse;
using libxl::config::parse_xl_conf;
using libxl::config::XlConf;

namespace {

std::expected<XlConf, libxl::config::ConfigError> conf(std::string_view text) {
  auto c = parse(text, "xl.conf");
  REQUIRE(c);
  return parse_xl_conf(*c);
}

void check_defaults(const XlConf& c) {
  CHECK(c.domid_policy == XlConf::DomidPolicy::Xen);
  CHECK(c.autoballoon == XlConf::Autoballoon::Auto);
  CHECK(c.run_hotplug_scripts);
  CHECK(c.lockfile == "/var/lock/xl");
  CHECK_FALSE(c.max_grant_frames);
  CHECK_FALSE(c.max_maptrack_frames);
  CHECK_FALSE(c.max_grant_version);
  CHECK_FALSE(c.vif_default_script);
  CHECK_FALSE(c.vif_default_bridge);
  CHECK_FALSE(c.vif_default_backend);
  CHECK_FALSE(c.vif_default_gatewaydev);
  CHECK_FALSE(c.remus_default_netbufscript);
  CHECK_FALSE(c.colo_default_proxyscript);
  CHECK(c.output_format == XlConf::OutputFormat::Json);
  CHECK_FALSE(c.blkdev_start);
  CHECK(c.claim_mode);
  CHECK_FALSE(c.vm_cpumask);
  CHECK_FALSE(c.vm_hvm_cpumask);
  CHECK_FALSE(c.vm_pv_cpumask);
  CHECK(c.warnings.empty());
  CHECK(c.unknown.empty());
}

std::string repo_file(const std::string& rel) {
  // Unit tests run from the top of the tree (scripts/run-tests.sh, make check-unit).
  for (std::string up : {"", "../", "../../"})
    if (std::filesystem::exists(up + rel)) return up + rel;
  return rel;
}

}  // namespace

TEST_CASE("xl.conf: an empty or missing file gives every default") {
  auto c = conf("");
  REQUIRE(c);
  check_defaults(*c);
  auto m = load_xl_conf("/nonexistent/xl.conf");
  REQUIRE(m);
  check_defaults(*m);
}

TEST_CASE("xl.conf: our shipped configs/xl.conf is all defaults") {
  auto c = load_xl_conf(repo_file("configs/xl.conf"));
  REQUIRE(c);
  check_defaults(*c);
}

TEST_CASE("xl.conf: Xen's own xl.conf from the corpus") {
  const std::string path = "/work/shared/xl-corpus/corpus/xen/xl.conf";
  if (!std::filesystem::exists(path)) return;
  auto c = load_xl_conf(path);
  REQUIRE(c);
  check_defaults(*c);
}

TEST_CASE("xl.conf: every key read") {
  auto c = conf(R"(domid_policy = "random"
autoballoon = "off"
run_hotplug_scripts = 0
lockfile = "/run/xl.lock"
max_grant_frames = 64
max_maptrack_frames = 0x400
max_grant_version = 1
vif.default.script = "vif-route"
vif.default.bridge = "br1"
vif.default.backend = "netback"
vif.default.gatewaydev = "eth1"
remus.default.netbufscript = "/s/netbuf"
colo.default.proxyscript = "/s/proxy"
output_format = "sxp"
blkdev_start = "xvdz"
claim_mode = 0
vm.cpumask = "0-7"
vm.hvm.cpumask = "2-7"
vm.pv.cpumask = "0-3"
bootloader_restrict = 1
)");
  REQUIRE(c);
  CHECK(c->domid_policy == XlConf::DomidPolicy::Random);
  CHECK(c->autoballoon == XlConf::Autoballoon::Off);
  CHECK_FALSE(c->run_hotplug_scripts);
  CHECK(c->lockfile == "/run/xl.lock");
  CHECK(c->max_grant_frames == 64);
  CHECK(c->max_maptrack_frames == 1024);
  CHECK(c->max_grant_version == 1);
  CHECK(c->vif_default_script == "vif-route");
  CHECK(c->vif_default_bridge == "br1");
  CHECK(c->vif_default_backend == "netback");
  CHECK(c->vif_default_gatewaydev == "eth1");
  CHECK(c->remus_default_netbufscript == "/s/netbuf");
  CHECK(c->colo_default_proxyscript == "/s/proxy");
  CHECK(c->output_format == XlConf::OutputFormat::Sxp);
  CHECK(c->blkdev_start == "xvdz");
  CHECK_FALSE(c->claim_mode);
  CHECK(c->vm_cpumask == "0-7");
  CHECK(c->vm_hvm_cpumask == "2-7");
  CHECK(c->vm_pv_cpumask == "0-3");
  CHECK(c->unknown == std::vector<std::string>{"bootloader_restrict"});
  CHECK(c->warnings.empty());
}

TEST_CASE("xl.conf: autoballoon spellings") {
  CHECK(conf("autoballoon = \"on\"")->autoballoon == XlConf::Autoballoon::On);
  CHECK(conf("autoballoon = 1")->autoballoon == XlConf::Autoballoon::On);
  CHECK(conf("autoballoon = \"0\"")->autoballoon == XlConf::Autoballoon::Off);
  CHECK(conf("autoballoon = \"auto\"")->autoballoon == XlConf::Autoballoon::Auto);
  CHECK(conf("autoballoon = \"yes\"").error().str() ==
        "xl.conf:1: 'autoballoon' must be one of \"on\", \"off\", \"auto\", \"1\", \"0\", not \"yes\"");
}

TEST_CASE("xl.conf: deprecated names still work, with a warning, the new name wins") {
  auto c = conf("vifscript = \"old\"\ndefaultbridge = \"oldbr\"\n");
  REQUIRE(c);
  CHECK(c->vif_default_script == "old");
  CHECK(c->vif_default_bridge == "oldbr");
  // Xen 4.17's xl prints exactly these (no file or line).
  CHECK(c->warnings ==
        std::vector<std::string>{
            "the global config option vifscript is deprecated, please switch to vif.default.script",
            "the global config option defaultbridge is deprecated, please switch to vif.default.bridge"});
  auto both = conf("vif.default.script = \"new\"\nvifscript = \"old\"\n");
  CHECK(both->vif_default_script == "new");
}

TEST_CASE("xl.conf: errors") {
  CHECK(conf("domid_policy = \"seq\"").error().str() ==
        "xl.conf:1: 'domid_policy' must be one of \"xen\", \"random\", not \"seq\"");
  CHECK(conf("output_format = \"xml\"").error().str() ==
        "xl.conf:1: 'output_format' must be one of \"json\", \"sxp\", not \"xml\"");
  CHECK(conf("max_grant_frames = \"-1\"").error().str() ==
        "xl.conf:1: 'max_grant_frames' = -1 is out of range (0 to 2147483647)");
  CHECK(conf("\nmax_maptrack_frames = 0x80000000").error().str() ==
        "xl.conf:2: 'max_maptrack_frames' = 2147483648 is out of range (0 to 2147483647)");
  CHECK(conf("claim_mode = \"on\"").error().str() ==
        "xl.conf:1: 'claim_mode' must be a number (decimal, 0x hex or 0 octal), not \"on\"");
  CHECK(conf("lockfile = [\"a\"]").error().str() == "xl.conf:1: 'lockfile' must be a single value, not a list");
}

TEST_CASE("xl.conf: a cpu mask given as a list is warned about, as xl does, and left unset") {
  auto c = conf("\nvm.pv.cpumask = [\"1\", \"2\"]\nvm.cpumask = 3\n");
  REQUIRE(c);
  CHECK_FALSE(c->vm_pv_cpumask);
  CHECK(c->vm_cpumask == "3");
  // The text of Xen 4.17's xl (libxlutil) for /etc/xen/xl.conf.
  CHECK(c->warnings == std::vector<std::string>{
                           "xl.conf:2: warning: parameter `vm.pv.cpumask' is a list but should be a single value"});
}

TEST_CASE("xl.conf: a file that does not parse") {
  char tmpl[] = "/tmp/xlconf-test-XXXXXX";
  int fd = mkstemp(tmpl);
  REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(tmpl) << "autoballoon = off\n";
  auto c = load_xl_conf(tmpl);
  std::filesystem::remove(tmpl);
  REQUIRE_FALSE(c);
  CHECK(c.error().str() == std::string(tmpl) +
                               ":1: expected a value for 'autoballoon' (a number, a quoted string or a "
                               "[list]), got 'off' (text values must be quoted: \"off\")");
}

TEST_CASE("xl.conf: the man page and configs/xl.conf document every key") {
  std::ifstream man(repo_file("man/xl.conf.5")), conf(repo_file("configs/xl.conf"));
  REQUIRE(man);
  REQUIRE(conf);
  std::string man_text((std::istreambuf_iterator<char>(man)), {});
  std::string conf_text((std::istreambuf_iterator<char>(conf)), {});
  for (std::string_view key : libxl::config::xl_conf_keys()) {
    CHECK_MESSAGE(man_text.find(std::string(key)) != std::string::npos, key);
    CHECK_MESSAGE(conf_text.find(std::string(key)) != std::string::npos, key);
  }
}
