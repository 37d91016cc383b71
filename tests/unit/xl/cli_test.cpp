// xl's front end: help texts, xl.conf before every command. The expected
// texts and outputs are what Xen 4.17's xl printed (Debian's xl, run with
// the fake hypervisor of shared/xen-refs), byte for byte.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "xl/cli.h"

namespace {

struct Result {
  int rc;
  std::string out, err;
};

// Runs our xl with XL_CONF_TEXT as its xl.conf.
Result run_xl(std::vector<std::string> argv, const std::string& xl_conf_text = "") {
  char tmpl[] = "/tmp/xl-cli-test-XXXXXX";
  int fd = mkstemp(tmpl);
  REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(tmpl) << xl_conf_text;
  std::ostringstream out, err;
  int rc = xl::run(argv, xl::Io{out, err}, tmpl);
  std::filesystem::remove(tmpl);
  return {rc, out.str(), err.str()};
}

std::string temp_file(const std::string& text) {
  char tmpl[] = "/tmp/xl-cli-cfg-XXXXXX";
  int fd = mkstemp(tmpl);
  REQUIRE(fd >= 0);
  close(fd);
  std::ofstream(tmpl) << text;
  return tmpl;
}

const std::string kCreateHelp =
      "Usage: xl [-vtTfN] create <ConfigFile> [options] [vars]\n"
      "\n"
      "Create a domain from config file <filename>.\n"
      "\n"
      "Options:\n"
      "\n"
      "-c                      Connect to the console after the domain is created.\n"
      "-d                      Enable debug messages.\n"
      "-e                      Do not wait in the background for the death of the domain.\n"
      "-F                      Run in foreground until death of the domain.\n"
      "-f FILE, --defconfig=FILE\n"
      "                     Use the given configuration file.\n"
      "-h                      Print this help.\n"
      "-n, --dryrun            Dry run - prints the resulting configuration\n"
      "                         (deprecated in favour of global -N option).\n"
      "-p                      Leave the domain paused after it is created.\n"
      "-q, --quiet             Quiet.\n"
      "-V, --vncviewer         Connect to the VNC display after the domain is created.\n"
      "-A, --vncviewer-autopass\n"
      "                        Pass VNC password to viewer via stdin.\n"
      "--ignore-global-affinity-masks Ignore global masks in xl.conf.\n";
const std::string kBlockAttachHelp =
      "Usage: xl [-vtTfN] block-attach <Domain> <disk-spec-component(s)>...\n"
      "\n"
      "Create a new virtual block device.\n"
      "\n";
const std::string kNetworkAttachHelp =
      "Usage: xl [-vtTfN] network-attach <Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] [ip=<ip>] [script=<script>] [backend=<BackDomain>] [vifname=<name>] [rate=<rate>] [model=<model>] [accel=<accel>] [mtu=<mtu>]\n"
      "\n"
      "Create a new virtual network device.\n"
      "\n";

}  // namespace

TEST_CASE("xl help COMMAND and COMMAND -h print 4.17's text on stdout, status 0") {
  for (auto argv : {std::vector<std::string>{"help", "create"}, {"create", "-h"}, {"create", "--help"},
                    {"-N", "help", "create"}, {"create", "-h", "-z"}}) {
    auto r = run_xl(argv);
    CHECK(r.rc == 0);
    CHECK(r.out == kCreateHelp);
    CHECK(r.err == "");
  }
  CHECK(run_xl({"help", "block-attach"}).out == kBlockAttachHelp);
  CHECK(run_xl({"block-attach", "-h"}).out == kBlockAttachHelp);
  CHECK(run_xl({"help", "network-attach"}).out == kNetworkAttachHelp);
  CHECK(run_xl({"network-attach", "--help"}).out == kNetworkAttachHelp);
}

TEST_CASE("xl help: unknown commands and the list") {
  auto r = run_xl({"help", "nosuch"});
  CHECK(r.rc == 0);
  CHECK(r.out == "command \"nosuch\" not implemented\n");
  // `help -v` is not an option in 4.17: it is the name of no command.
  CHECK(run_xl({"help", "-v"}).out == "command \"-v\" not implemented\n");
  // The list: 4.17's header and lines (ours lists only what it implements).
  auto list = run_xl({"help"});
  CHECK(list.rc == 0);
  CHECK(list.out ==
        "Usage xl [-vfNtT] <subcommand> [args]\n\nxl full list of subcommands:\n\n"
        " create              Create a domain from config file <filename>\n"
        " list                List information about all/some domains\n"
        " destroy             Terminate a domain immediately\n"
        " shutdown            Issue a shutdown signal to a domain\n"
        " reboot              Issue a reboot signal to a domain\n"
        " pause               Pause execution of a domain\n"
        " unpause             Unpause a paused domain\n"
        " console             Attach to domain's console\n"
        " save                Save a domain state to restore later\n"
        " migrate             Migrate a domain to another host\n"
        " restore             Restore a domain from a saved state\n"
        " migrate-receive     Restore a domain from a saved state\n"
        " mem-max             Set the maximum amount reservation for a domain\n"
        " mem-set             Set the current memory usage for a domain\n"
        " vcpu-list           List the VCPUs for all/some domains\n"
        " vcpu-pin            Set which CPUs a VCPU can use\n"
        " vcpu-set            Set the number of active VCPUs allowed for the domain\n"
        " info                Get information about Xen host\n"
        " sched-credit        Get/set credit scheduler parameters\n"
        " sched-credit2       Get/set credit2 scheduler parameters\n"
        " domid               Convert a domain name to domain id\n"
        " domname             Convert a domain id to domain name\n"
        " rename              Rename a domain\n"
        " debug-keys          Send debug keys to Xen\n"
        " dmesg               Read and/or clear dmesg buffer\n"
        " top                 Monitor a host and the domains in real time\n"
        " network-attach      Create a new virtual network device\n"
        " network-list        List virtual network interfaces for a domain\n"
        " network-detach      Destroy a domain's virtual network device\n"
        " block-attach        Create a new virtual block device\n"
        " block-list          List virtual block devices for a domain\n"
        " block-detach        Destroy a domain's virtual block device\n"
        " uptime              Print uptime for all/some domains\n");
  CHECK(run_xl({"help", "help"}).out == list.out);
  // No command at all: the list on stdout, status 1.
  auto none = run_xl({});
  CHECK(none.rc == 1);
  CHECK(none.out == list.out);
}

TEST_CASE("xl create: usage mistakes as 4.17 reports them") {
  auto two = run_xl({"create", "a", "b"});
  CHECK(two.rc == 2);
  CHECK(two.out == kCreateHelp);
  for (auto argv : {std::vector<std::string>{"create", "-f"}, {"create", "--defconfig"}}) {
    auto r = run_xl(argv);
    CHECK(r.rc == 2);
    CHECK(r.err == "option `f' not supported.\n");
  }
  CHECK(run_xl({"create", "--bogus"}).err == std::string("option `\0' not supported.\n", 26));
  auto short_args = run_xl({"block-attach"});
  CHECK(short_args.rc == 2);
  CHECK(short_args.err == "'xl block-attach' requires at least 2 arguments.\n"
      "\n");
  CHECK(short_args.out == kBlockAttachHelp);
}

TEST_CASE("xl network-attach starts from xl.conf's vif defaults") {
  const std::string conf =
      "vif.default.script=\"my-script\"\nvif.default.bridge=\"br9\"\nvif.default.backend=\"drv\"\n"
      "vif.default.gatewaydev=\"eth7\"\nblkdev_start=\"xvdz\"\nrun_hotplug_scripts=0\n";
  auto r = run_xl({"-N", "network-attach", "0", "mac=00:16:3e:00:00:01"}, conf);
  CHECK(r.rc == 0);
  CHECK(r.out ==
        "vif: {\n    \"backend_domname\": \"drv\",\n    \"mac\": \"00:16:3e:00:00:01\",\n"
        "    \"bridge\": \"br9\",\n    \"script\": \"my-script\",\n    \"gatewaydev\": \"eth7\"\n}\n\n");
  auto own = run_xl({"-N", "network-attach", "0", "bridge=xx", "script=/s", "backend=3", "gatewaydev=g2"}, conf);
  CHECK(own.out ==
        "vif: {\n    \"backend_domname\": \"3\",\n    \"bridge\": \"xx\",\n    \"script\": \"/s\",\n"
        "    \"gatewaydev\": \"g2\"\n}\n\n");
  // The deprecated names, with 4.17's warnings.
  auto old = run_xl({"-N", "network-attach", "0"}, "vifscript=\"old\"\ndefaultbridge=\"oldbr\"\n");
  CHECK(old.out == "vif: {\n    \"bridge\": \"oldbr\",\n    \"script\": \"old\"\n}\n\n");
  CHECK(old.err ==
        "the global config option vifscript is deprecated, please switch to vif.default.script\n"
        "the global config option defaultbridge is deprecated, please switch to vif.default.bridge\n");
  // block-attach takes nothing from xl.conf.
  auto disk = run_xl({"-N", "block-attach", "0", "/d,raw,xvdb,rw"}, conf);
  CHECK(disk.out ==
        "disk: {\n    \"pdev_path\": \"/d\",\n    \"vdev\": \"xvdb\",\n    \"format\": \"raw\",\n"
        "    \"readwrite\": 1\n}\n\n");
}

TEST_CASE("xl create applies xl.conf's cpu masks unless told not to") {
  std::string cfg = temp_file(
      "name=\"h\"\ntype=\"hvm\"\nmemory=512\nvcpus=3\ncpus=\"0-15\"\n"
      "uuid=\"11111111-2222-3333-4444-555555555555\"\n");
  const std::string conf = "vm.cpumask=\"0-7,16\"\nvm.hvm.cpumask=\"8-31\"\n";
  auto r = run_xl({"-N", "create", cfg}, conf);
  CHECK(r.rc == 1);
  CHECK(r.out == "");
  CHECK(r.err == "Parsing config from " + cfg + "\nvcpu hard affinity map is empty\n");
  for (std::string opt : {"-i", "--ignore-global-affinity-masks"}) {
    auto ok = run_xl({"-N", "create", opt, cfg}, conf);
    CHECK(ok.rc == 0);
    CHECK(ok.out.find("\"vcpu_hard_affinity\": [") != std::string::npos);
  }
  // A bad mask is reported before anything else, for every command.
  auto bad = run_xl({"help", "create"}, "vm.cpumask=\"foo\"\n");
  CHECK(bad.rc == 0);
  CHECK(bad.err == "Invalid pcpu range: foo.\n");
  std::filesystem::remove(cfg);
}
