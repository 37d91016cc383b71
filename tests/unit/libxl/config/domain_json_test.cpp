#include <doctest/doctest.h>

#include "libxl/config/domain_config.h"

using namespace libxl::config;

TEST_CASE("domain json: an empty config prints only the always-present structs") {
  DomainConfig d;
  std::string j = domain_config_to_json(d);
  CHECK(j.find("\"c_info\": {\n\n    }") != std::string::npos);
  CHECK(j.find("\"sched_params\"") != std::string::npos);
  CHECK(j.find("\"type.invalid\"") != std::string::npos);
  CHECK(j.find("\"arch_arm\"") != std::string::npos);
  CHECK(j.find("\"arch_x86\"") != std::string::npos);
  CHECK(j.find("max_memkb") == std::string::npos);  // MemKB default is omitted
  CHECK(j.find("on_reboot") == std::string::npos);  // destroy is the default
}

TEST_CASE("domain json: defbools, memkb, bitmaps and the keyed union") {
  DomainConfig d;
  d.c_info.type = DomainType::Hvm;
  d.c_info.name = "g";
  d.c_info.run_hotplug_scripts = true;
  d.b_info.type = DomainType::Hvm;
  d.b_info.max_memkb = 131072;
  d.b_info.avail_vcpus = CpuBitmap(8, false);
  d.b_info.avail_vcpus[0] = d.b_info.avail_vcpus[1] = true;
  d.b_info.hvm.sdl.enable = false;
  d.on_reboot = ActionOnShutdown::Restart;
  std::string j = domain_config_to_json(d);
  CHECK(j.find("\"run_hotplug_scripts\": \"True\"") != std::string::npos);
  CHECK(j.find("\"max_memkb\": 131072") != std::string::npos);
  CHECK(j.find("\"avail_vcpus\": [\n            0,\n            1\n        ]") != std::string::npos);
  CHECK(j.find("\"type.hvm\": {") != std::string::npos);
  CHECK(j.find("\"enable\": \"False\"") != std::string::npos);
  CHECK(j.find("\"rdm\": {\n\n            }") != std::string::npos);
  CHECK(j.find("\"on_reboot\": \"restart\"") != std::string::npos);
  CHECK(j.find("\"type\": \"hvm\"") != std::string::npos);
}

TEST_CASE("domain json: an all-zero bitmap and empty lists are left out") {
  DomainConfig d;
  d.b_info.type = DomainType::Pv;
  d.b_info.avail_vcpus = CpuBitmap(8, false);
  d.b_info.pv.features = "never printed";
  std::string j = domain_config_to_json(d);
  CHECK(j.find("avail_vcpus") == std::string::npos);
  CHECK(j.find("features") == std::string::npos);
  CHECK(j.find("disks") == std::string::npos);
}

TEST_CASE("domain json: cpuid policy prints leaves and an empty msr list") {
  DomainConfig d;
  d.b_info.cpuid.present = true;
  d.b_info.cpuid.leaves.push_back({1, kCpuidInputUnused, {}});
  d.b_info.cpuid.leaves[0].regs[3] = std::string(32, 'x');
  std::string j = domain_config_to_json(d);
  CHECK(j.find("\"leaf\": 1") != std::string::npos);
  CHECK(j.find("subleaf") == std::string::npos);
  CHECK(j.find("\"msr\": [\n\n            ]") != std::string::npos);
}
