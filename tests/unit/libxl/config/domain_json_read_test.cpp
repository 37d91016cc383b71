// domain_config_from_json: what libxl (ours or Xen's) wrote reads back into
// the same configuration; a save file's or a migration's JSON is how a
// restored domain gets its configuration.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "libxl/config/domain_config.h"
#include "../../../../libxl/json/ordered.h"

namespace {

namespace fs = std::filesystem;
using libxl::config::domain_config_from_json;
using libxl::config::domain_config_to_json;

std::string repo_path(const std::string& rel) {
  for (std::string up : {"", "../", "../../"})
    if (fs::exists(up + rel)) return up + rel;
  return rel;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Kinds the reader refuses: a file with one of them must say which.
bool has_other_devices(const std::string& json) {
  for (const char* k : {"\"pcidevs\"", "\"rdms\"", "\"vfbs\"", "\"vkbs\"", "\"vtpms\"", "\"p9s\"",
                        "\"pvcallsifs\"", "\"vdispls\"", "\"vsnds\"", "\"channels\"",
                        "\"usbctrls\"", "\"usbdevs\""})
    if (json.find(k) != std::string::npos) return true;
  return false;
}

std::string without_final_newlines(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// JSON as data: members in any order (the corpus sorted them), an empty
// object or array the same as an absent member.
bool same_data(const libxl::json::Node& a, const libxl::json::Node& b) {
  using K = libxl::json::Node::Kind;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case K::Object: {
      auto present = [](const libxl::json::Node& n) {
        return !((n.kind == K::Object && n.members.empty()) || (n.kind == K::Array && n.items.empty()));
      };
      for (const auto* x : {&a, &b}) {
        const auto* y = x == &a ? &b : &a;
        for (const auto& [k, v] : x->members) {
          const auto* w = y->find(k);
          if (!w) {
            if (present(v)) return false;
          } else if (!same_data(v, *w)) {
            return false;
          }
        }
      }
      return true;
    }
    case K::Array:
      if (a.items.size() != b.items.size()) return false;
      for (std::size_t i = 0; i < a.items.size(); ++i)
        if (!same_data(a.items[i], b.items[i])) return false;
      return true;
    default: return a.b == b.b && a.text == b.text;
  }
}

struct Tally {
  int same = 0, refused = 0;
};

// Each JSON file under DIR (Xen's xl's output) reads back and writes out
// byte for byte the same, or is refused for a device kind it names.
Tally round_trip_all(const std::string& dir) {
  Tally t;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    const std::string text = slurp(e.path());
    if (text.find("\"c_info\"") == std::string::npos) continue;  // not a domain config
    CAPTURE(e.path().string());
    auto cfg = domain_config_from_json(text);
    if (has_other_devices(text)) {
      REQUIRE_FALSE(cfg);
      CHECK(cfg.error().find("not supported by this libxl yet") != std::string::npos);
      ++t.refused;
      continue;
    }
    REQUIRE_MESSAGE(cfg, cfg.error());
    CHECK(without_final_newlines(domain_config_to_json(*cfg)) == without_final_newlines(text));
    ++t.same;
  }
  return t;
}

// The corpus: {"json": <Xen's xl -N output, keys sorted>, "rc": ..., ...}.
Tally round_trip_corpus(const std::string& dir) {
  Tally t;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().extension() != ".json") continue;
    std::string err;
    auto wrapper = libxl::json::parse(slurp(e.path()), err);
    if (!wrapper || !wrapper->find("json")) continue;  // xl refused the file
    libxl::json::Node& reference = *wrapper->find("json");
    // The reference's random UUIDs are recorded as a placeholder.
    if (auto* c = reference.find("c_info"))
      if (auto* u = c->find("uuid"); u && u->text == "<random>") u->text = "5b1bd1a2-3c4d-4e5f-8a9b-0c1d2e3f4a5c";
    const std::string text = libxl::json::to_text(reference);
    CAPTURE(e.path().string());
    auto cfg = domain_config_from_json(text);
    if (has_other_devices(text)) {
      REQUIRE_FALSE(cfg);
      ++t.refused;
      continue;
    }
    REQUIRE_MESSAGE(cfg, cfg.error());
    auto ours = libxl::json::parse(domain_config_to_json(*cfg), err);
    REQUIRE(ours);
    CHECK_MESSAGE(same_data(*ours, reference), domain_config_to_json(*cfg));
    ++t.same;
  }
  return t;
}

}  // namespace

TEST_CASE("config JSON: every golden xl -N output reads back to itself") {
  auto t = round_trip_all(repo_path("tests/golden/xl-create"));
  CHECK(t.same >= 10);
  CHECK(t.refused >= 1);  // vsnd.json, pvcalls.json
}

TEST_CASE("config JSON: the xl corpus (Xen's xl's JSON) reads back to itself") {
  const std::string dir = repo_path("../shared/xl-corpus/expected/xl-dryrun");
  if (!fs::exists(dir)) {
    MESSAGE("skipped: ../shared/xl-corpus is absent");
    return;
  }
  auto t = round_trip_corpus(dir);
  MESSAGE(t.same << " same, " << t.refused << " refused for other device kinds");
  CHECK(t.same >= 90);
}

TEST_CASE("config JSON: a configuration with every reader path") {
  auto cfg = domain_config_from_json(R"({
    "c_info": {"type": "pvh", "name": "g", "uuid": "5b1bd1a2-3c4d-4e5f-8a9b-0c1d2e3f4a5c",
               "xsdata": {"a": "b"}, "hap": "False"},
    "b_info": {"max_vcpus": 4, "avail_vcpus": [0, 2], "max_memkb": 18446744073709551615,
               "target_memkb": 262144, "vcpu_hard_affinity": [[1], [0, 3]],
               "cpuid": {"cpuid": [{"leaf": 1, "ecx": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0"}], "msr": []},
               "sched_params": {"sched": "credit2", "weight": 512},
               "iomem": [{"start": 4096, "number": 2}], "irqs": [7, 9],
               "type.pvh": {"pvshim": "True"}, "arch_x86": {"msr_relaxed": "False"}},
    "disks": [{"pdev_path": "/img", "vdev": "xvda", "format": "raw", "readwrite": 1,
               "direct_io_safe": true}],
    "nics": [{"devid": 0, "mac": "00:16:3e:01:02:03", "bridge": "xenbr0", "nictype": "vif"}],
    "dtdevs": [{"path": "/soc/x"}],
    "on_crash": "preserve"
  })");
  REQUIRE_MESSAGE(cfg, cfg.error());
  const auto& d = *cfg;
  CHECK(d.c_info.type == libxl::config::DomainType::Pvh);
  CHECK(d.b_info.type == libxl::config::DomainType::Pvh);
  CHECK(d.c_info.xsdata.size() == 1);
  CHECK(d.c_info.hap == false);
  CHECK(d.b_info.avail_vcpus == std::vector<bool>{true, false, true});
  CHECK(d.b_info.max_memkb == libxl::config::kMemkbDefault);
  CHECK(d.b_info.target_memkb == 262144);
  REQUIRE(d.b_info.vcpu_hard_affinity.size() == 2);
  CHECK(d.b_info.vcpu_hard_affinity[1] == std::vector<bool>{true, false, false, true});
  REQUIRE(d.b_info.cpuid.leaves.size() == 1);
  CHECK(d.b_info.cpuid.leaves[0].regs[2] == "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx0");
  CHECK(d.b_info.sched_params.sched == libxl::config::Scheduler::Credit2);
  CHECK(d.b_info.sched_params.weight == 512);
  CHECK(d.b_info.sched_params.cap == -1);
  CHECK(d.b_info.iomem.at(0).gfn == libxl::config::devices::kInvalidGfn);
  CHECK(d.b_info.irqs == std::vector<std::uint32_t>{7, 9});
  CHECK(d.b_info.pvh.pvshim == true);
  CHECK(d.b_info.arch_x86_msr_relaxed == false);
  REQUIRE(d.disks.size() == 1);
  CHECK(d.disks[0].format == libxl::config::devices::DiskFormat::Raw);
  CHECK(d.disks[0].direct_io_safe);
  REQUIRE(d.nics.size() == 1);
  CHECK(libxl::config::devices::format_mac(d.nics[0].mac) == "00:16:3e:01:02:03");
  CHECK(d.dtdevs == std::vector<std::string>{"/soc/x"});
  CHECK(d.on_crash == libxl::config::ActionOnShutdown::Preserve);
  CHECK(d.on_reboot == libxl::config::ActionOnShutdown::Destroy);
}

TEST_CASE("config JSON: a value of the wrong shape is named by its path") {
  auto err = [](const std::string& json) {
    auto r = domain_config_from_json(json);
    REQUIRE_FALSE(r);
    return r.error();
  };
  CHECK(err(R"({"b_info": {"max_memkb": "lots"}})") == "b_info.max_memkb: expected a number");
  CHECK(err(R"({"b_info": {"max_vcpus": -1, "event_channels": -1}})") ==
        "b_info.event_channels: -1 is not a non-negative integer of 32 bits");
  CHECK(err(R"({"c_info": {"type": "hvmish"}})") == "c_info.type: unknown value \"hvmish\"");
  CHECK(err(R"({"c_info": {"hap": "yes"}})") ==
        "c_info.hap: expected \"True\", \"False\" or \"<default>\"");
  CHECK(err(R"({"nics": [{"mac": "00:16:3e"}]})") == "nics[0].mac: \"00:16:3e\" is not a MAC address");
  CHECK(err(R"({"disks": [7]})") == "disks[0]: expected an object");
  CHECK(err(R"({"vfbs": [{"devid": 0}]})") ==
        "vfbs: devices of this kind are not supported by this libxl yet");
  CHECK(err(R"({"c_info": {"type": "pv"}, "b_info": {"type.pvh": {}}})") ==
        "c_info.type is \"pv\" but b_info has \"type.pvh\"");
  CHECK(err("[1, 2]") == "not a JSON object");
  CHECK(err("{").starts_with("not JSON: "));
}
