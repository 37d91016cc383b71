// A host for the library's domain tests: dom0, 1 GiB free, PV and HVM
// capable, a kernel and a ramdisk in a directory of the test's own that is
// also the library's /var/lib/xen, and a context over the test doubles.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "fake_xen.h"

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
