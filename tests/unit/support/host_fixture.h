// A host for the library's domain tests: dom0, 1 GiB free, PV and HVM
// capable, a kernel and a ramdisk in a directory of the test's own that is
// also the library's /var/lib/xen, and a context over the test doubles;
// a PV guest's configuration to create, and a check that a domain left
// nothing behind.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "fake_xen.h"
#include "libxl/config/domain_config.h"

namespace fake {

struct HostFixture {
  Host host;
  std::filesystem::path dir;
  std::unique_ptr<libxl::Context> ctx;

  explicit HostFixture(const std::string& tag) {
    dir = std::filesystem::temp_directory_path() / ("libxl-" + tag + "-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "vmlinux") << "kernel";
    std::ofstream(dir / "initrd") << "ramdisk";
    auto& p = host.xen->physinfo;
    p.cap_pv = p.cap_hvm = p.cap_hap = p.cap_gnttab_v1 = true;
    p.free_pages = 1024 * 1024 / 4 * 1024;  // 1 GiB
    host.xen->domains.push_back({});          // dom0
    (*host.store)["/local/domain/0/name"] = "Domain-0";
    ctx = std::move(*host.opener()());
    ctx->set_lib_dir(dir.string());
  }
  ~HostFixture() { std::filesystem::remove_all(dir); }
  HostFixture(const HostFixture&) = delete;
  HostFixture& operator=(const HostFixture&) = delete;

  std::string node(const std::string& p) const {
    auto it = host.store->find(p);
    return it == host.store->end() ? "<none>" : it->second;
  }
  libxl::config::DomainConfig pv(const std::string& name = "guest") const {
    libxl::config::DomainConfig c;
    c.c_info.type = libxl::config::DomainType::Pv;
    c.b_info.type = libxl::config::DomainType::Pv;
    c.c_info.name = name;
    c.c_info.uuid = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    c.b_info.kernel = (dir / "vmlinux").string();
    c.b_info.ramdisk = (dir / "initrd").string();
    c.b_info.cmdline = "console=hvc0";
    c.b_info.target_memkb = c.b_info.max_memkb = 128 * 1024;
    c.b_info.max_vcpus = 2;
    return c;
  }
  bool nothing_left(libxl::DomId d) const {
    for (const auto& [k, v] : *host.store) {
      if (k.starts_with("/local/domain/" + std::to_string(d)) || k.starts_with("/libxl/" + std::to_string(d)) ||
          k.starts_with("/vm/") || k.starts_with("/local/domain/0/backend/console/" + std::to_string(d)))
        return false;
    }
    for (const auto& i : host.xen->domains) {
      if (i.domid == d) return false;
    }
    return std::none_of(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator(),
                        [](const auto& e) { return e.path().filename().string().starts_with("userdata"); });
  }
  libxl::store::Perms perms(const std::string& p) const {
    auto it = host.store_extras->perms.find(p);
    return it == host.store_extras->perms.end() ? libxl::store::Perms{} : it->second;
  }
};

// Dom0 and one running guest (domain 5, named "guest"), with a context:
// enough for the control, event and monitor tests.
struct GuestHost {
  Host host;
  std::unique_ptr<libxl::Context> ctx;
  GuestHost() {
    host.xen->domains.push_back({});  // dom0
    libxl::hypervisor::DomainInfo g;
    g.domid = 5;
    host.xen->domains.push_back(g);
    (*host.store)["/local/domain/5/name"] = "guest";
    ctx = std::move(*host.opener()());
  }
};

}  // namespace fake
