// Domain creation's orchestration over the test doubles: the steps in
// order, the XenStore layout and permissions libxl gives a guest, the stored
// configuration, and that every failure leaves nothing behind.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "../../support/host_fixture.h"
#include "libxl/domain/create.h"
#include "libxl/domain/init_dom0.h"
#include "libxl/domain/retrieve.h"
#include "libxl/domain/userdata.h"

namespace {

namespace fs = std::filesystem;
using libxl::store::Perms;

struct Fixture : fake::HostFixture {
  Fixture() : HostFixture("create") {}
};

const std::string kUuid = "01020304-0506-0708-090a-0b0c0d0e0f10";

}  // namespace

TEST_CASE("create: a PV guest is built in libxl's order and started") {
  Fixture f;
  auto domid = libxl::domain::create(*f.ctx, f.pv());
  REQUIRE(domid.has_value());
  CHECK(*domid == 1);
  const auto& calls = f.host.xen->calls;
  // The order that matters: created, limited, built, then started last.
  auto at = [&](const std::string& c) {
    return std::find(calls.begin(), calls.end(), c) - calls.begin();
  };
  CHECK(at("create_domain 1") == 0);
  CHECK(at("set_max_memory 1 132096") < at("build 1 " + (f.dir / "vmlinux").string()));
  CHECK(at("set_memmap_limit 1 131072") < at("build 1 " + (f.dir / "vmlinux").string()));
  CHECK(calls.back() == "unpause 1");
  REQUIRE(f.host.xen->created.size() == 1);
  CHECK_FALSE(f.host.xen->created[0].hvm);
  CHECK(f.host.xen->created[0].max_vcpus == 2);
  CHECK(f.host.xen->created[0].max_evtchn_port == 1023);
  const auto& img = f.host.xen->built.at(0);
  CHECK(img.mem_mb == 128);
  CHECK(img.cmdline == "console=hvc0");
  CHECK_FALSE(img.hvm_container);

  // The layout Linux and Xen's tools read.
  CHECK(f.node("/local/domain/1/name") == "guest");
  CHECK(f.node("/local/domain/1/vm") == "/vm/" + kUuid);
  CHECK(f.node("/vm/" + kUuid + "/uuid") == kUuid);
  CHECK(f.node("/vm/" + kUuid + "/image/ostype") == "linux");
  CHECK(f.node("/local/domain/1/memory/static-max") == "131072");
  CHECK(f.node("/local/domain/1/memory/target") == "131072");
  CHECK(f.node("/local/domain/1/cpu/1/availability") == "online");
  CHECK(f.node("/local/domain/1/store/ring-ref") == std::to_string(0x1234));
  CHECK(f.node("/local/domain/1/console/ring-ref") == std::to_string(0x1235));
  CHECK(f.node("/local/domain/1/console/type") == "xenconsoled");
  CHECK(f.node("/local/domain/0/backend/console/1/0/frontend") == "/local/domain/1/console");
  CHECK(f.node("/libxl/1/type") == "pv");
  CHECK(f.perms("/local/domain/1") == Perms{{0, 'n'}, {1, 'r'}});
  CHECK(f.perms("/local/domain/1/control/shutdown") == Perms{{1, 'n'}});
  CHECK(f.perms("/libxl/1") == Perms{{0, 'n'}});
  CHECK(f.perms("/local/domain/1/console") == Perms{{0, 'n'}, {1, 'r'}});
  CHECK(f.perms("/local/domain/1/console/backend-id") == Perms{{1, 'n'}, {0, 'r'}});
  CHECK(f.perms("/local/domain/0/backend/console/1/0/state") == Perms{{0, 'n'}, {1, 'r'}});
  CHECK(f.node("/libxl/1/device/console/0/protocol") == "vt100");
  REQUIRE(f.host.store_extras->introduced.size() == 1);
  CHECK(f.host.store_extras->introduced[0] == std::pair<libxl::DomId, std::uint64_t>{1, 0x1234});

  auto json = libxl::domain::read_userdata(*f.ctx, 1, kUuid, "libxl-json");
  REQUIRE(json.has_value());
  CHECK(json->find("\"name\": \"guest\"") != std::string::npos);
}

TEST_CASE("create -p leaves the guest paused; a PVH guest gets an HVM container") {
  Fixture f;
  auto c = f.pv();
  c.c_info.type = c.b_info.type = libxl::config::DomainType::Pvh;
  libxl::domain::CreateOptions o;
  o.paused = true;
  REQUIRE(libxl::domain::create(*f.ctx, c, o).has_value());
  CHECK(f.host.xen->calls.back() != "unpause 1");
  CHECK(f.host.xen->domains.back().paused);
  CHECK(f.host.xen->created.at(0).hvm);
  CHECK(f.host.xen->created.at(0).hap);
  const auto& img = f.host.xen->built.at(0);
  CHECK(img.hvm_container);
  CHECK(img.target_pages == 128 * 256);
  // RAM, the special pages, then the three ACPI blobs (RSDP first).
  REQUIRE(img.e820.size() == 5);
  CHECK(img.e820[0].size == 128ull << 20);
  REQUIRE(img.acpi_modules.size() == 3);
  CHECK(std::string(img.acpi_modules[0].data.begin(), img.acpi_modules[0].data.begin() + 8) == "RSD PTR ");
  CHECK(img.e820[2].type == 3);
  CHECK(f.node("/libxl/1/type") == "pvh");
}

TEST_CASE("create: each failing step leaves no domain, no nodes, no stored configuration") {
  for (const char* step : {"set_max_memory", "alloc_unbound_evtchn", "set_tsc_mode", "build"}) {
    CAPTURE(step);
    Fixture f;
    f.host.xen->failing = {step};
    auto r = libxl::domain::create(*f.ctx, f.pv());
    REQUIRE_FALSE(r.has_value());
    CHECK_FALSE(r.error().message.empty());
    CHECK(f.nothing_left(1));
  }
  for (const char* op : {"introduce", "write"}) {
    CAPTURE(op);
    Fixture f;
    f.host.store_extras->failing = {op};
    auto r = libxl::domain::create(*f.ctx, f.pv());
    REQUIRE_FALSE(r.has_value());
    CHECK(f.nothing_left(1));
  }
}

TEST_CASE("create: xenstored dying before or after the build leaves no domain and no files, and says so") {
  // The nodes cannot be removed once the daemon is gone (a new one starts
  // empty); the domain, its stored configuration and lock file can.
  // Gone once TRIGGER is written ("": from the start).
  for (auto [after, step] : {std::pair{"", "writing its XenStore nodes: xs_transaction_start: "},
                             {"/local/domain/1/name", "describing it in XenStore: xs_transaction_start: "},
                             {"/local/domain/1/store/ring-ref", "introducing the domain to xenstored: "}}) {
    const std::string trigger = after;
    CAPTURE(trigger);
    Fixture f;
    // A plain pointer: the hook lives inside what it points to.
    fake::StoreExtras* x = f.host.store_extras.get();
    x->gone = trigger.empty();
    x->after_change = [x, trigger](auto& nodes) {
      if (nodes.contains(trigger)) x->gone = true;
    };
    auto r = libxl::domain::create(*f.ctx, f.pv());
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message.starts_with(step));
    CHECK(r.error().message.ends_with("Connection reset by peer"));
    CHECK(f.host.xen->domains.size() == 1);  // dom0 alone
    for (const auto& e : fs::directory_iterator(f.dir)) {
      auto n = e.path().filename().string();
      CHECK_MESSAGE((n == "vmlinux" || n == "initrd"), n);
    }
  }
}

TEST_CASE("create refuses before building: a missing kernel, a taken name, too little memory") {
  {
    Fixture f;
    auto c = f.pv();
    c.b_info.kernel = "/nonexistent/vmlinux";
    auto r = libxl::domain::create(*f.ctx, c);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == "kernel \"/nonexistent/vmlinux\": No such file or directory");
    CHECK(f.host.xen->calls.empty());
  }
  {
    Fixture f;
    REQUIRE(libxl::domain::create(*f.ctx, f.pv("twin")).has_value());
    auto c = f.pv("twin");
    c.c_info.uuid[0] = 9;
    auto r = libxl::domain::create(*f.ctx, c);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message.find("domain with name \"twin\" already exists") != std::string::npos);
    CHECK(f.host.xen->domains.size() == 2);  // dom0 and the first twin only
    CHECK(f.node("/local/domain/1/name") == "twin");
  }
  {
    Fixture f;
    auto c = f.pv();
    c.b_info.target_memkb = c.b_info.max_memkb = 4ull << 30;  // 4 TiB in KiB
    auto r = libxl::domain::create(*f.ctx, c);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code == libxl::ErrorCode::Fail);  // xl exits 3, as Xen's does
    CHECK(r.error().message.find("not enough free memory") != std::string::npos);
    CHECK(f.host.xen->calls.empty());
  }
}

TEST_CASE("destroy removes the domain, its nodes and its stored configuration") {
  Fixture f;
  auto domid = libxl::domain::create(*f.ctx, f.pv());
  REQUIRE(domid.has_value());
  REQUIRE(libxl::domain::destroy(*f.ctx, *domid).has_value());
  CHECK(f.nothing_left(*domid));
  // The backend directories go once empty, as Xen's libxl leaves the tree.
  CHECK(f.node("/local/domain/0/backend") == "<none>");
  auto again = libxl::domain::destroy(*f.ctx, *domid);
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().code == libxl::ErrorCode::DomainNotFound);
}

TEST_CASE("init_dom0: dom0's name and id, and the stored record Xen's xen-init-dom0 writes") {
  Fixture f;
  f.host.store->clear();
  REQUIRE(libxl::domain::init_dom0(*f.ctx).has_value());
  CHECK(f.node("/local/domain/0/name") == "Domain-0");
  CHECK(f.node("/local/domain/0/domid") == "0");
  CHECK(f.node("/local/pool/0/name") == "Pool-0");
  // Byte for byte what Xen 4.17's xen-init-dom0 left in the lab (209 bytes
  // with libxl's trailing NUL).
  const std::string stub =
      "{\n    \"c_info\": {\n        \"type\": \"pv\"\n    },\n    \"b_info\": {\n"
      "        \"sched_params\": {\n\n        },\n        \"type.pv\": {\n\n        },\n"
      "        \"arch_arm\": {\n\n        },\n        \"arch_x86\": {\n\n        }\n    }\n}\n" +
      std::string(1, '\0');
  CHECK(stub.size() == 209);
  CHECK(libxl::domain::read_userdata(*f.ctx, 0, "00000000-0000-0000-0000-000000000000",
                                     "libxl-json") == stub);
  REQUIRE(libxl::domain::init_dom0(*f.ctx).has_value());  // again: no harm
  CHECK(f.node("/local/domain/0/name") == "Domain-0");
}

TEST_CASE("retrieve: the stored configuration with today's name and memory; dom0's from Xen's counts") {
  Fixture f;
  auto domid = libxl::domain::create(*f.ctx, f.pv());
  REQUIRE(domid.has_value());
  (*f.host.store)["/local/domain/1/name"] = "renamed";
  (*f.host.store)["/local/domain/1/memory/target"] = "98304";
  auto json = libxl::domain::retrieve_config_json(*f.ctx, 1);
  REQUIRE(json.has_value());
  CHECK(json->find("\"name\": \"renamed\"") != std::string::npos);
  CHECK(json->find("\"target_memkb\": 98304,") != std::string::npos);
  CHECK(json->find("\"max_memkb\": 131072,") != std::string::npos);

  // dom0's record has no memory: it comes from Xen, before sched_params,
  // which are the scheduler's live ones (as the real xl's list -l shows).
  REQUIRE(libxl::domain::init_dom0(*f.ctx).has_value());
  f.host.xen->domains[0].max_pages = 262144;
  f.host.xen->domains[0].tot_pages = 262143;
  auto dom0 = libxl::domain::retrieve_config_json(*f.ctx, 0);
  REQUIRE(dom0.has_value());
  CHECK(*dom0 ==
        "{\n    \"c_info\": {\n        \"type\": \"pv\",\n        \"name\": \"Domain-0\"\n    },\n"
        "    \"b_info\": {\n        \"max_memkb\": 1048576,\n        \"target_memkb\": 1048572,\n"
        "        \"sched_params\": {\n            \"sched\": \"credit2\",\n"
        "            \"weight\": 256,\n            \"cap\": 0\n        },\n"
        "        \"type.pv\": {\n\n        },\n"
        "        \"arch_arm\": {\n\n        },\n        \"arch_x86\": {\n\n        }\n    }\n}\n");
}
