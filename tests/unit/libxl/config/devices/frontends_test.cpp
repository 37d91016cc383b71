#include <doctest/doctest.h>

#include "libxl/config/devices/p9.h"
#include "libxl/config/devices/vdispl.h"
#include "libxl/config/devices/vfb.h"
#include "libxl/config/devices/vkb.h"
#include "libxl/config/devices/vtpm.h"
#include "libxl/json/writer.h"

namespace dev = libxl::config::devices;

TEST_CASE("vfb: vnc and sdl keys, atoi booleans") {
  auto v = dev::parse_vfb("vnc=1,vnclisten=0.0.0.0,vncpasswd=pw,vncdisplay=3,vncunused=0,"
                          "keymap=de,sdl=2,opengl=0,display=:0,xauthority=/x");
  REQUIRE(v);
  CHECK(v->vnc.enable == true);
  CHECK(*v->vnc.listen == "0.0.0.0");
  CHECK(*v->vnc.passwd == "pw");
  CHECK(v->vnc.display == 3);
  CHECK(v->vnc.findunused == false);
  CHECK(*v->keymap == "de");
  CHECK(v->sdl.enable == true);
  CHECK(v->sdl.opengl == false);
  CHECK(*v->sdl.display == ":0");
  CHECK(*v->sdl.xauthority == "/x");
}

TEST_CASE("vfb: unknown keys are ignored, a part without '=' ends the spec") {
  auto v = dev::parse_vfb("vnc=0, sdl=1,bogus=3,vncdisplay,keymap=fr");
  REQUIRE(v);
  CHECK(v->vnc.enable == false);
  CHECK(v->sdl.enable == true);
  CHECK(!v->keymap);
  auto e = dev::parse_vfb("");
  REQUIRE(e);
  CHECK(!e->vnc.enable);
}

TEST_CASE("vkb: fields and the multi-touch rules") {
  auto k = dev::parse_vkb("backend-type=linux,backend=d1,unique-id=u,feature-disable-keyboard=1,"
                          "feature-abs-pointer=0x2,width=800,height=0x10,multi-touch-width=5");
  REQUIRE(k);
  CHECK(k->backend_type == dev::VkbBackend::Linux);
  CHECK(*k->backend_domname == "d1");
  CHECK(*k->unique_id == "u");
  CHECK(k->feature_disable_keyboard);
  CHECK(k->feature_abs_pointer);
  CHECK(!k->feature_raw_pointer);
  CHECK(k->width == 800);
  CHECK(k->height == 16);
  CHECK(k->feature_multi_touch);  // implied by a multi-touch size
  CHECK(dev::parse_vkb("backend-type=QEMU")->backend_type == dev::VkbBackend::Qemu);
  auto msg = [](std::string_view spec) {
    auto r = dev::parse_vkb(spec);
    REQUIRE(!r);
    CHECK(!r.error().needs_source);
    return r.error().message;
  };
  CHECK(msg("width=1") == "backend-type should be set in vkb spec");
  CHECK(msg("backend-type=foo") == "Unknown backend_type \"foo\" in vkb spec");
  CHECK(msg("backend-type=linux,junk") == "Unknown string \"junk\" in vkb spec");
  CHECK(msg("backend-type=qemu,feature-multi-touch=1") ==
        "multi-touch-width, multi-touch-height, multi-touch-num-contacts should be set for "
        "multi touch in vkb spec");
}

TEST_CASE("vtpm: backend is required, uuid is checked") {
  auto v = dev::parse_vtpm("backend=d1,uuid=01234567-89ab-cdef-0123-456789abcdef");
  REQUIRE(v);
  CHECK(*v->backend_domname == "d1");
  CHECK(dev::format_uuid(v->uuid) == "01234567-89ab-cdef-0123-456789abcdef");
  CHECK(dev::parse_vtpm("uuid=01234567-89ab-cdef-0123-456789abcdef").error().message ==
        "vtpm spec missing required backend field!");
  CHECK(dev::parse_vtpm("backend=x,uuid=zz").error().message == "Failed to parse vtpm UUID: zz");
  CHECK(dev::parse_vtpm("backend=x,foo=1").error().message == "Unknown string `foo' in vtpm spec");
  // A part without '=' ends the spec, so what follows is never checked.
  CHECK(dev::parse_vtpm("backend=x,noeq,foo=1"));
}

TEST_CASE("p9: required fields, carried over from the previous entry") {
  auto a = dev::parse_p9("tag=t,path=/p,security_model=none,backend=b");
  REQUIRE(a);
  CHECK(*a->tag == "t");
  CHECK(*a->backend_domname == "b");
  auto b = dev::parse_p9("path=/q", &*a);
  REQUIRE(b);
  CHECK(*b->path == "/q");
  CHECK(*b->tag == "t");
  CHECK(*b->security_model == "none");
  CHECK(*b->backend_domname == "b");
  CHECK(dev::parse_p9("path=/q").error().message == "9pfs spec missing required field!");
  CHECK(dev::parse_p9("tag=t,path=/p,security_model=none,what=1").error().message ==
        "Unknown string `what' in 9pfs spec");
  CHECK(dev::parse_p9("tag=t,path=/p,security_model=none,stop,what=1"));
}

TEST_CASE("vdispl: connectors and their resolutions") {
  auto v = dev::parse_vdispl("backend=d1,be-alloc=1,connectors=id0:1920x1080;id1:800x600");
  REQUIRE(v);
  CHECK(*v->backend_domname == "d1");
  CHECK(v->be_alloc);
  REQUIRE(v->connectors.size() == 2);
  CHECK(*v->connectors[0].unique_id == "id0");
  CHECK(v->connectors[0].width == 1920);
  CHECK(v->connectors[1].height == 600);
  libxl::json::Writer w;
  dev::write_json(w, *v);
  CHECK(w.str().find("\"connectors\"") != std::string::npos);
}

TEST_CASE("vdispl: xl's uneven handling of bad resolutions") {
  // No number at all: reported, and this and later connectors stay blank.
  std::vector<std::string> notes;
  auto v = dev::parse_vdispl("connectors=id0:abc;id1:800x600", &notes);
  REQUIRE(v);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "Can't parse connector resolution");
  REQUIRE(v->connectors.size() == 2);
  CHECK(*v->connectors[0].unique_id == "id0");
  CHECK(v->connectors[0].width == 0);
  CHECK(!v->connectors[1].unique_id);
  // A width without a height fails.
  CHECK(dev::parse_vdispl("connectors=id0:800").error().message ==
        "Can't parse connector resolution");
  CHECK(dev::parse_vdispl("backend=d1").error().message ==
        "At least one connector should be specified.");
  CHECK(dev::parse_vdispl("connectors=id0:1x2,foo=1").error().message ==
        "Unknown string \"foo=1\" in vdispl spec");
}
