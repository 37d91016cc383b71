#include <doctest/doctest.h>

#include "libxl/config/cfg_file.h"
#include "libxl/config/from_cfg.h"

using namespace libxl::config;

namespace {

std::expected<DomainConfigResult, DomainConfigError> from(std::string_view text) {
  auto cfg = parse(text, "t.cfg");
  REQUIRE(cfg.has_value());
  return domain_config_from_cfg(*cfg);
}

}  // namespace

TEST_CASE("from_cfg: memory and vcpus derive the maximums") {
  auto r = from("name=\"a\"\nkernel=\"/k\"\nmemory=128\nvcpus=3\n");
  REQUIRE(r.has_value());
  const auto& b = r->config.b_info;
  CHECK(b.target_memkb == 131072);
  CHECK(b.max_memkb == 131072);
  CHECK(b.max_vcpus == 3);
  CHECK(b.avail_vcpus.size() == 8);
  CHECK(b.avail_vcpus[2]);
  CHECK_FALSE(b.avail_vcpus[3]);
  CHECK(r->config.c_info.type == DomainType::Pv);  // x86's default
  CHECK(r->config.on_reboot == ActionOnShutdown::Restart);
  CHECK(r->config.on_soft_reset == ActionOnShutdown::SoftReset);
  CHECK(*b.claim_mode);
}

TEST_CASE("from_cfg: xl's errors and statuses") {
  auto no_name = from("kernel=\"/k\"\n");
  REQUIRE_FALSE(no_name.has_value());
  CHECK(no_name.error().message == "Domain name must be specified.");
  auto no_kernel = from("name=\"a\"\n");
  REQUIRE_FALSE(no_kernel.has_value());
  CHECK(no_kernel.error().message == "Neither kernel nor bootloader specified");
  auto bad_action = from("name=\"a\"\nkernel=\"/k\"\non_crash=\"explode\"\n");
  REQUIRE_FALSE(bad_action.has_value());
  CHECK(bad_action.error().message == "t.cfg:3: Unknown on_crash action \"explode\" specified");
  auto vcpus = from("name=\"a\"\nkernel=\"/k\"\nvcpus=4\nmaxvcpus=2\n");
  REQUIRE_FALSE(vcpus.has_value());
  CHECK(vcpus.error().message == "xl: maxvcpus < vcpus");
  auto timer = from("name=\"a\"\nkernel=\"/k\"\ntimer_mode=1\n");
  REQUIRE_FALSE(timer.has_value());
  CHECK(timer.error().status == 3);
}

TEST_CASE("from_cfg: type prefixes, builder and contradictions") {
  auto h = from("name=\"a\"\ntype=\"h\"\n");
  REQUIRE(h.has_value());
  CHECK(h->config.c_info.type == DomainType::Hvm);
  auto pvh = from("name=\"a\"\ntype=\"pvh\"\nkernel=\"/k\"\n");
  REQUIRE(pvh.has_value());
  CHECK(pvh->config.b_info.type == DomainType::Pvh);
  auto clash = from("name=\"a\"\ntype=\"pv\"\nbuilder=\"hvm\"\nkernel=\"/k\"\n");
  REQUIRE_FALSE(clash.has_value());
}

TEST_CASE("from_cfg: command line from root and extra") {
  auto r = from("name=\"a\"\nkernel=\"/k\"\nroot=\"/dev/xvda\"\nextra=\"quiet\"\n");
  REQUIRE(r.has_value());
  CHECK(r->config.b_info.cmdline == "root=/dev/xvda quiet");
  auto c = from("name=\"a\"\nkernel=\"/k\"\ncmdline=\"x\"\nroot=\"/dev/xvda\"\n");
  REQUIRE(c.has_value());
  CHECK(c->config.b_info.cmdline == "x");
  CHECK(c->warnings.size() == 1);
}

TEST_CASE("from_cfg: viridian list and hvm defaults") {
  auto r = from("name=\"a\"\ntype=\"hvm\"\nviridian=[\"defaults\",\"!synic\",\"stimer\"]\n");
  REQUIRE(r.has_value());
  const auto& h = r->config.b_info.hvm;
  CHECK(*h.viridian);
  CHECK(h.viridian_disable[7]);
  CHECK(h.viridian_enable[8]);
  CHECK(h.rdm.policy == libxl::config::devices::RdmPolicy::Invalid);
}

TEST_CASE("from_cfg: cpuid host string sets bits most significant first") {
  auto r = from("name=\"a\"\ntype=\"hvm\"\ncpuid=\"host,tm=0,sse3=1\"\n");
  REQUIRE(r.has_value());
  const auto& leaves = r->config.b_info.cpuid.leaves;
  REQUIRE(leaves.size() == 1);
  CHECK(*leaves[0].regs[3] == "xx0xxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  CHECK(*leaves[0].regs[2] == "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1");
}

TEST_CASE("from_cfg: unknown keys are accepted with a warning naming key and line") {
  auto r = from("name=\"a\"\nkernel=\"/k\"\nfrobnicate=1\n");
  REQUIRE(r.has_value());
  REQUIRE_FALSE(r->warnings.empty());
  CHECK(r->warnings.back() == "t.cfg:3: warning: unknown key `frobnicate' ignored");
}
