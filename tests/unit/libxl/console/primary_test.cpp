// libxl 4.17's choice of the primary console (libxl__primary_console_find):
// PV and PVH guests their PV console 0, HVM guests serial 0, a guest with
// a device-model stub domain that stub domain's console 3.
#include <doctest/doctest.h>

#include "../../support/fake_xen.h"
#include "libxl/console/primary.h"

namespace {

using libxl::console::ConsoleType;

fake::Host host_with(libxl::DomId id, bool hvm) {
  fake::Host h;
  libxl::hypervisor::DomainInfo d;
  d.domid = id;
  d.hvm = hvm;
  h.xen->domains.push_back(d);
  return h;
}

}  // namespace

TEST_CASE("primary console: PV guest, PV console 0") {
  auto h = host_with(4, false);
  auto ctx = *h.opener()();
  auto t = libxl::console::primary_console(*ctx, 4);
  REQUIRE(t);
  CHECK(t->domid == 4);
  CHECK(t->num == 0);
  CHECK(t->type == ConsoleType::Pv);
}

TEST_CASE("primary console: HVM guest, serial 0; PVH (libxl's type note), PV") {
  auto h = host_with(5, true);
  auto ctx = *h.opener()();
  auto t = libxl::console::primary_console(*ctx, 5);
  REQUIRE(t);
  CHECK(t->type == ConsoleType::Serial);
  CHECK(t->num == 0);
  (*h.store)["/libxl/5/type"] = "pvh";
  t = libxl::console::primary_console(*ctx, 5);
  REQUIRE(t);
  CHECK(t->type == ConsoleType::Pv);
  (*h.store)["/libxl/5/type"] = "hvm";
  CHECK(libxl::console::primary_console(*ctx, 5)->type == ConsoleType::Serial);
}

TEST_CASE("primary console: a stub domain's serial console") {
  auto h = host_with(6, true);
  (*h.store)["/local/domain/6/image/device-model-domid"] = "9";
  auto ctx = *h.opener()();
  auto t = libxl::console::primary_console(*ctx, 6);
  REQUIRE(t);
  CHECK(t->domid == 9);
  CHECK(t->num == 3);
  CHECK(t->type == ConsoleType::Pv);
}

TEST_CASE("primary console: no such domain") {
  fake::Host h;
  auto ctx = *h.opener()();
  auto t = libxl::console::primary_console(*ctx, 42);
  REQUIRE(!t);
  CHECK(t.error().kind == libxl::console::Error::Kind::NoDomain);
  CHECK(t.error().message == "unable to get domain type for domid=42");
}
