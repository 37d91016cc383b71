// Disks and nics over the test doubles: the nodes and permissions Xen's
// libxl writes (read off the lab), the backend awaited, the hotplug script
// called as libxl calls it, removal, and that a failure leaves nothing.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "../../support/host_fixture.h"
#include "libxl/device/disk.h"
#include "libxl/device/nic.h"
#include "libxl/domain/create.h"
#include "libxl/domain/devices.h"
#include "libxl/domain/retrieve.h"

namespace {

namespace fs = std::filesystem;
using libxl::store::Perms;
namespace dev = libxl::config::devices;

struct Fixture : fake::HostFixture {
  Fixture() : HostFixture("device") {
    std::ofstream(dir / "disk.img") << "disk";
    host.store_extras->after_change = fake::linux_backends;
  }

  bool any_under(const std::string& prefix) const {
    return std::any_of(host.store->begin(), host.store->end(),
                       [&](const auto& kv) { return kv.first.starts_with(prefix); });
  }
  dev::Disk disk(const std::string& vdev = "xvda") const {
    return *dev::parse_disk((dir / "disk.img").string() + ",raw," + vdev + ",rw");
  }
  libxl::config::DomainConfig pv() const {
    libxl::config::DomainConfig c;
    c.c_info.type = c.b_info.type = libxl::config::DomainType::Pv;
    c.c_info.name = "guest";
    c.c_info.uuid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    c.b_info.kernel = (dir / "vmlinux").string();
    c.b_info.target_memkb = c.b_info.max_memkb = 128 * 1024;
    c.b_info.max_vcpus = 1;
    return c;
  }
  std::vector<std::string> script_calls() const {
    std::vector<std::string> out;
    for (const auto& c : host.hotplug->calls) {
      std::string s = c.script.substr(c.script.rfind('/') + 1);
      for (const auto& a : c.args) s += " " + a;
      out.push_back(s);
    }
    return out;
  }
};

std::string env_of(const libxl::device::HotplugCall& c, const std::string& key) {
  for (const auto& [k, v] : c.env)
    if (k == key) return v;
  return "<unset>";
}

}  // namespace

TEST_CASE_FIXTURE(Fixture, "a disk: libxl's nodes and permissions, then the block script") {
  auto d = disk();
  auto devid = libxl::device::disk_setdefault(d);
  REQUIRE(devid);
  CHECK(*devid == 51712);
  REQUIRE(libxl::device::add_disk(*ctx, 5, d, *devid));
  const std::string be = "/local/domain/0/backend/vbd/5/51712", fe = "/local/domain/5/device/vbd/51712";
  CHECK(node(be + "/frontend") == fe);
  CHECK(node(be + "/params") == (dir / "disk.img").string());
  CHECK(node(be + "/script") == "/etc/xen/scripts/block");
  CHECK(node(be + "/frontend-id") == "5");
  CHECK(node(be + "/online") == "1");
  CHECK(node(be + "/removable") == "0");
  CHECK(node(be + "/bootable") == "1");
  CHECK(node(be + "/dev") == "xvda");
  CHECK(node(be + "/type") == "phy");
  CHECK(node(be + "/mode") == "w");
  CHECK(node(be + "/device-type") == "disk");
  CHECK(node(be + "/discard-enable") == "1");
  CHECK(node(be + "/specification") == "xen");
  CHECK(node(be + "/state") == "2");  // the backend answered
  CHECK(perms(be) == Perms{{0, 'n'}, {5, 'r'}});
  CHECK(perms(be + "/params") == Perms{{0, 'n'}, {5, 'r'}});
  CHECK(node(fe + "/backend") == be);
  CHECK(node(fe + "/backend-id") == "0");
  CHECK(node(fe + "/state") == "1");
  CHECK(node(fe + "/virtual-device") == "51712");
  CHECK(node(fe + "/device-type") == "disk");
  CHECK(node(fe + "/trusted") == "1");
  CHECK(perms(fe) == Perms{{5, 'n'}, {0, 'r'}});
  CHECK(node("/libxl/5/device/vbd/51712/frontend") == fe);
  CHECK(node("/libxl/5/device/vbd/51712/backend") == be);
  CHECK(node("/libxl/5/device/vbd/51712/params") == (dir / "disk.img").string());

  REQUIRE(host.hotplug->calls.size() == 1);
  const auto& call = host.hotplug->calls[0];
  CHECK(call.script == "/etc/xen/scripts/block");
  CHECK(call.args == std::vector<std::string>{"add"});
  CHECK(env_of(call, "script") == "/etc/xen/scripts/block");
  CHECK(env_of(call, "XENBUS_TYPE") == "vbd");
  CHECK(env_of(call, "XENBUS_PATH") == "backend/vbd/5/51712");
  CHECK(env_of(call, "XENBUS_BASE_PATH") == "backend");

  auto listed = libxl::device::list_disks(*ctx, 5);
  REQUIRE(listed);
  REQUIRE(listed->size() == 1);
  CHECK((*listed)[0].devid == 51712);
  CHECK((*listed)[0].frontend_id == 5);
  CHECK((*listed)[0].state == 1);
  CHECK((*listed)[0].evtch == -1);
  CHECK((*listed)[0].backend == be);

  REQUIRE(libxl::device::remove_disk(*ctx, 5, 51712, false));
  CHECK(script_calls() == std::vector<std::string>{"block add", "block remove"});
  CHECK_FALSE(any_under("/local/domain/0/backend"));  // empty parents go too
  CHECK_FALSE(any_under(fe));
  CHECK_FALSE(any_under("/libxl/5/device/vbd"));
}

TEST_CASE_FIXTURE(Fixture, "a nic: libxl's nodes, then vif-bridge online with libxl's arguments") {
  dev::Nic nic;
  nic.bridge = "xenbr0";
  REQUIRE(libxl::device::nic_setdefault(*ctx, 7, nic));
  CHECK(nic.devid == 0);
  CHECK(nic.mac[0] == 0x00);
  CHECK(nic.mac[1] == 0x16);
  CHECK(nic.mac[2] == 0x3e);
  CHECK(nic.mac[3] < 0x80);
  REQUIRE(libxl::device::add_nic(*ctx, 7, nic));
  const std::string be = "/local/domain/0/backend/vif/7/0", fe = "/local/domain/7/device/vif/0";
  const std::string mac = dev::format_mac(nic.mac);
  CHECK(node(be + "/mac") == mac);
  CHECK(node(be + "/bridge") == "xenbr0");
  CHECK(node(be + "/handle") == "0");
  CHECK(node(be + "/type") == "vif");
  CHECK(node(be + "/script") == "/etc/xen/scripts/vif-bridge");
  CHECK(node(be + "/hotplug-status") == "connected");
  CHECK(node("/libxl/7/device/vif/0/hotplug-status") == "");
  CHECK(node(fe + "/mac") == mac);
  CHECK(node(fe + "/handle") == "0");
  CHECK(node(fe + "/mtu") == "1500");
  CHECK(perms(fe + "/mtu") == Perms{{0, 'n'}, {7, 'r'}});
  CHECK(perms(fe + "/mac") == Perms{{7, 'n'}, {0, 'r'}});
  REQUIRE(host.hotplug->calls.size() == 1);
  const auto& call = host.hotplug->calls[0];
  CHECK(call.args == std::vector<std::string>{"online", "type_if=vif"});
  CHECK(env_of(call, "vif") == "vif7.0");
  CHECK(env_of(call, "netdev") == "");
  CHECK(env_of(call, "XENBUS_PATH") == "backend/vif/7/0");

  dev::Nic second;
  REQUIRE(libxl::device::nic_setdefault(*ctx, 7, second));
  CHECK(second.devid == 1);
  CHECK(second.mac != nic.mac);
}

TEST_CASE_FIXTURE(Fixture, "a refusing script: its words in the error, and nothing left") {
  host.hotplug->failing = {"vif-bridge online"};
  dev::Nic nic;
  nic.bridge = "nosuchbr";
  REQUIRE(libxl::device::nic_setdefault(*ctx, 7, nic));
  auto r = libxl::device::add_nic(*ctx, 7, nic);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("refused by the test") != std::string::npos);
  // Whatever the script set up before failing is undone.
  CHECK(script_calls() == std::vector<std::string>{"vif-bridge online type_if=vif", "vif-bridge offline type_if=vif"});
  CHECK_FALSE(any_under("/local/domain/0/backend"));
  CHECK_FALSE(any_under("/local/domain/7/device/vif"));
  CHECK_FALSE(any_under("/libxl/7/device"));
}

TEST_CASE_FIXTURE(Fixture, "a backend that never answers: a timeout naming the state, nothing left, no script") {
  host.store_extras->after_change = nullptr;  // no blkback
  auto d = disk();
  auto devid = libxl::device::disk_setdefault(d);
  auto r = libxl::device::add_disk(*ctx, 5, d, *devid);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("did not reach state 2 (InitWait)") != std::string::npos);
  CHECK(host.hotplug->calls.empty());
  CHECK_FALSE(any_under("/local/domain/0/backend"));
  CHECK_FALSE(any_under("/libxl/5/device"));
}

TEST_CASE_FIXTURE(Fixture, "a guest that does not let go: the removal is forced after the wait") {
  auto d = disk();
  auto devid = libxl::device::disk_setdefault(d);
  REQUIRE(libxl::device::add_disk(*ctx, 5, d, *devid));
  // This backend ignores Closing while the frontend is there.
  host.store_extras->after_change = [](std::map<std::string, std::string>& n) {
    const std::string be = "/local/domain/0/backend/vbd/5/51712";
    if (n.contains(be + "/state") && !n.contains("/local/domain/5/device/vbd/51712")) n[be + "/state"] = "6";
  };
  REQUIRE(libxl::device::remove_disk(*ctx, 5, 51712, false));
  CHECK(script_calls().back() == "block remove");
  CHECK_FALSE(any_under("/local/domain/0/backend"));
}

TEST_CASE_FIXTURE(Fixture, "disk defaults: what is refused before anything is written") {
  auto bad_vdev = disk("xvdA");
  auto r = libxl::device::disk_setdefault(bad_vdev);
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "Invalid or unsupported virtual disk identifier xvdA");
  auto missing = *dev::parse_disk((dir / "nonexistent.img").string() + ",raw,xvdc,rw");
  r = libxl::device::disk_setdefault(missing);
  REQUIRE_FALSE(r);
  CHECK(r.error().message ==
        "Disk vdev=xvdc failed to stat: " + (dir / "nonexistent.img").string() + ": No such file or directory");
  auto qcow = *dev::parse_disk((dir / "disk.img").string() + ",qcow2,xvdc,rw");
  r = libxl::device::disk_setdefault(qcow);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("qdisk") != std::string::npos);
  CHECK(host.store->size() == 1);
}

TEST_CASE_FIXTURE(Fixture, "create with a disk and a nic: libxl's order, the stored JSON, and destroy") {
  auto cfg = pv();
  cfg.disks.push_back(disk());
  dev::Nic nic;
  nic.devid = 0;
  nic.bridge = "xenbr0";
  cfg.nics.push_back(nic);
  auto domid = libxl::domain::create(*ctx, cfg);
  REQUIRE(domid);
  CHECK(script_calls() == std::vector<std::string>{"block add", "vif-bridge online type_if=vif"});
  auto json = libxl::domain::retrieve_config_json(*ctx, *domid);
  REQUIRE(json);
  CHECK(json->find("\"colo_restore_enable\": \"False\"") != std::string::npos);
  CHECK(json->find("\"mac\": \"00:16:3e:") != std::string::npos);
  CHECK(json->find("\"nictype\": \"vif\"") != std::string::npos);
  REQUIRE(libxl::domain::destroy(*ctx, *domid));
  CHECK(script_calls() == std::vector<std::string>{"block add", "vif-bridge online type_if=vif",
                                                   "vif-bridge offline type_if=vif", "block remove"});
  CHECK_FALSE(any_under("/local/domain/0/backend"));
  CHECK_FALSE(any_under("/libxl/"));
}

TEST_CASE_FIXTURE(Fixture, "a create whose nic is refused undoes its disk too") {
  host.hotplug->failing = {"vif-bridge online"};
  auto cfg = pv();
  cfg.disks.push_back(disk());
  cfg.nics.push_back({});
  auto domid = libxl::domain::create(*ctx, cfg);
  REQUIRE_FALSE(domid);
  CHECK(domid.error().message.find("refused by the test") != std::string::npos);
  // Both scripts ran side by side, and both are undone.
  auto calls = script_calls();
  CHECK(std::count(calls.begin(), calls.end(), "block add") == 1);
  CHECK(std::count(calls.begin(), calls.end(), "block remove") >= 1);
  CHECK(std::count(calls.begin(), calls.end(), "vif-bridge offline type_if=vif") >= 1);
  CHECK_FALSE(any_under("/local/domain/0/backend"));
  CHECK(host.xen->domains.size() == 1);
}

TEST_CASE_FIXTURE(Fixture, "a create with a missing disk file fails before a domain exists") {
  auto cfg = pv();
  cfg.disks.push_back(*dev::parse_disk((dir / "missing.img").string() + ",raw,xvda,rw"));
  auto domid = libxl::domain::create(*ctx, cfg);
  REQUIRE_FALSE(domid);
  CHECK(domid.error().message.find("failed to stat") != std::string::npos);
  CHECK(host.xen->created.empty());
}

TEST_CASE_FIXTURE(Fixture, "attach and detach keep the stored configuration in step") {
  auto cfg = pv();
  auto domid = libxl::domain::create(*ctx, cfg);
  REQUIRE(domid);
  auto devid = libxl::domain::attach_disk(*ctx, *domid, disk("xvdb"));
  REQUIRE(devid);
  CHECK(*devid == 51728);
  dev::Nic nic;
  nic.bridge = "xenbr0";
  auto nic_id = libxl::domain::attach_nic(*ctx, *domid, nic);
  REQUIRE(nic_id);
  auto json = libxl::domain::retrieve_config_json(*ctx, *domid);
  REQUIRE(json);
  // As libxl stores an attached disk: as given, without the create-time defaults.
  CHECK(json->find("\"vdev\": \"xvdb\"") != std::string::npos);
  CHECK(json->find("colo_restore_enable") == std::string::npos);
  CHECK(json->find("\"devid\": 0") != std::string::npos);
  CHECK(json->find("\"disks\"") < json->find("\"nics\""));
  CHECK(json->find("\"nics\"") < json->find("\"on_poweroff\""));
  auto again = libxl::domain::attach_disk(*ctx, *domid, disk("xvdb"));
  REQUIRE_FALSE(again);
  CHECK(again.error().message.find("device already exists in xenstore") != std::string::npos);
  REQUIRE(libxl::domain::detach_disk(*ctx, *domid, 51728, false));
  REQUIRE(libxl::domain::detach_nic(*ctx, *domid, 0, false));
  json = libxl::domain::retrieve_config_json(*ctx, *domid);
  REQUIRE(json);
  CHECK(json->find("\"disks\"") == std::string::npos);
  CHECK(json->find("\"nics\"") == std::string::npos);
  CHECK_FALSE(any_under("/local/domain/0/backend/vbd"));
  CHECK_FALSE(any_under("/local/domain/0/backend/vif"));
}

TEST_CASE_FIXTURE(Fixture, "a restart from the settled configuration builds the same machine") {
  auto cfg = pv();
  cfg.disks.push_back(disk());
  cfg.nics.push_back({});
  libxl::config::DomainConfig settled;
  libxl::domain::CreateOptions opts;
  opts.settled = &settled;
  auto first = libxl::domain::create(*ctx, cfg, opts);
  REQUIRE(first);
  const std::string mac = node("/local/domain/0/backend/vif/" + std::to_string(*first) + "/0/mac");
  CHECK(mac.starts_with("00:16:3e:"));
  const auto vcpus = host.xen->created.back().max_vcpus;
  REQUIRE(libxl::domain::destroy(*ctx, *first));
  auto again = libxl::domain::create(*ctx, settled);
  REQUIRE(again);
  CHECK(node("/local/domain/0/backend/vif/" + std::to_string(*again) + "/0/mac") == mac);
  CHECK(host.xen->created.back().max_vcpus == vcpus);
  CHECK(node("/local/domain/" + std::to_string(*again) + "/memory/target") == "131072");
}
