#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "libxl/config/devices/common.h"
#include "libxl/config/devices/pvcallsif.h"
#include "libxl/config/devices/vsnd.h"
#include "libxl/json/writer.h"

namespace dev = libxl::config::devices;

namespace {

std::expected<dev::Vsnd, dev::SpecError> vsnd(std::vector<std::string_view> items) {
  return dev::parse_vsnd(items);
}

std::string vsnd_error(std::vector<std::string_view> items) {
  auto r = dev::parse_vsnd(items);
  REQUIRE(!r);
  CHECK(!r.error().needs_source);
  return r.error().message;
}

}  // namespace

TEST_CASE("vsnd: card, pcm and stream entries build the tree") {
  auto v = vsnd({"card, short-name=Main, long-name=Main card, backend=d1", "pcm, name=p0",
                 "stream, unique-id=s0, type=p", "pcm, name=p1", "stream, unique-id=s1, type=c",
                 "stream, unique-id=s2"});
  REQUIRE(v);
  CHECK(*v->short_name == "Main");
  CHECK(*v->long_name == "Main card");
  CHECK(*v->backend_domname == "d1");
  REQUIRE(v->pcms.size() == 2);
  CHECK(*v->pcms[0].name == "p0");
  REQUIRE(v->pcms[0].streams.size() == 1);
  CHECK(*v->pcms[0].streams[0].unique_id == "s0");
  CHECK(v->pcms[0].streams[0].type == dev::VsndStreamType::P);
  REQUIRE(v->pcms[1].streams.size() == 2);
  CHECK(v->pcms[1].streams[0].type == dev::VsndStreamType::C);
  CHECK(v->pcms[1].streams[1].type == dev::VsndStreamType::Unset);
  CHECK(v->devid == dev::kDevidDefault);  // the caller numbers the cards
}

TEST_CASE("vsnd: item names and enum values in any case; a stream first makes a pcm") {
  auto v = vsnd({"STREAM, unique-id=a, type=P", "Stream, type=c", "CARD, sample-formats=S16_LE;Mu_Law"});
  REQUIRE(v);
  REQUIRE(v->pcms.size() == 1);
  CHECK(!v->pcms[0].name);
  REQUIRE(v->pcms[0].streams.size() == 2);
  CHECK(v->pcms[0].streams[0].type == dev::VsndStreamType::P);
  CHECK(v->pcms[0].streams[1].type == dev::VsndStreamType::C);
  CHECK(v->params.sample_formats ==
        std::vector{dev::VsndPcmFormat::S16_LE, dev::VsndPcmFormat::MU_LAW});
  // Keys themselves are case sensitive.
  CHECK(vsnd_error({"card, Short-Name=x"}) == "Invalid parameter: Short-Name=x");
}

TEST_CASE("vsnd: numbers as strtoul reads them, kept to 32 bits") {
  auto v = vsnd({"card, sample-rates=8000;0x10;010;-1;99999999999;;12x; 7, channels-min=1, "
                 "channels-max=4294967296, buffer-size=-1",
                 "pcm, channels-min=junk, buffer-size= 12"});
  REQUIRE(v);
  CHECK(v->params.sample_rates ==
        std::vector<std::uint32_t>{8000, 16, 8, 4294967295u, 1215752191u, 12, 7});
  CHECK(v->params.channels_min == 1);
  CHECK(v->params.channels_max == 0);
  CHECK(v->params.buffer_size == 4294967295u);
  CHECK(v->pcms[0].params.channels_min == 0);
  CHECK(v->pcms[0].params.buffer_size == 12);
  // A later list replaces an earlier one.
  auto r = vsnd({"card, sample-rates=1;2, sample-rates=3, sample-formats=s8;u8, sample-formats=gsm"});
  REQUIRE(r);
  CHECK(r->params.sample_rates == std::vector<std::uint32_t>{3});
  CHECK(r->params.sample_formats == std::vector{dev::VsndPcmFormat::GSM});
}

TEST_CASE("vsnd: fields are split like strtok, only leading spaces dropped") {
  auto v = vsnd({"  card,,  short-name=a  ,long-name==x", ""});
  REQUIRE(v);
  CHECK(*v->short_name == "a  ");
  CHECK(*v->long_name == "=x");
  CHECK(vsnd_error({"card , short-name=x"}) == "Invalid key: card ");
  CHECK(vsnd_error({"card,\tshort-name=a"}) == "Invalid parameter: \tshort-name=a");
  CHECK(vsnd_error({"card, , short-name=a"}) == "Invalid parameter: ");
  CHECK(vsnd_error({" ,card"}) == "Invalid key: ");
  CHECK(vsnd_error({"card, sample-formats=s16_le; s8"}) == "Invalid pcm format:  s8");
}

TEST_CASE("vsnd: xl's error messages") {
  CHECK(vsnd_error({"cards"}) == "Invalid key: cards");
  CHECK(vsnd_error({"card=1"}) == "Invalid key: card=1");
  CHECK(vsnd_error({"card, foo=bar"}) == "Invalid parameter: foo=bar");
  CHECK(vsnd_error({"card, short-name"}) == "Invalid parameter: short-name");
  CHECK(vsnd_error({"card, name=x"}) == "Invalid parameter: name=x");
  CHECK(vsnd_error({"pcm, unique-id=0"}) == "Invalid parameter: unique-id=0");
  // The example in xl.cfg(5) says id= for streams; xl knows only unique-id=.
  CHECK(vsnd_error({"STREAM, id=0, type=p"}) == "Invalid parameter: id=0");
  CHECK(vsnd_error({"stream, type=x"}) == "Invalid stream type: x");
  CHECK(vsnd_error({"stream, type=p "}) == "Invalid stream type: p ");
  CHECK(vsnd_error({"card, sample-formats=s16_le;s17"}) == "Invalid pcm format: s17");
  // The first error ends the parse.
  CHECK(vsnd_error({"card, foo, sample-rates="}) == "Invalid parameter: foo");
  CHECK(vsnd_error({"card, short-name=ok", "pcm, name=a, bogus=1"}) == "Invalid parameter: bogus=1");
}

TEST_CASE("vsnd: an empty value list is refused (xl crashes on it)") {
  CHECK(vsnd_error({"card, sample-rates="}) == "Empty list in vsnd parameter: sample-rates=");
  CHECK(vsnd_error({"pcm, sample-rates=;;"}) == "Empty list in vsnd parameter: sample-rates=;;");
  CHECK(vsnd_error({"stream, sample-formats="}) ==
        "Empty list in vsnd parameter: sample-formats=");
  auto v = vsnd({"card, sample-rates= ;, sample-formats=;s8;"});
  REQUIRE(v);
  CHECK(v->params.sample_rates == std::vector<std::uint32_t>{0});
  CHECK(v->params.sample_formats == std::vector{dev::VsndPcmFormat::S8});
}

TEST_CASE("vsnd: JSON as libxl writes it") {
  auto v = vsnd({"card, short-name=A, channels-max=2", "stream, unique-id=u, type=c, sample-rates=1;2",
                 "pcm"});
  REQUIRE(v);
  v->devid = 0;
  libxl::json::Writer w(false);
  dev::write_json(w, *v);
  CHECK(w.str() ==
        R"({"devid":0,"short_name":"A","params":{"channels_max":2},"pcms":[)"
        R"({"params":{},"streams":[{"unique_id":"u","type":"c","params":{"sample_rates":[1,2]}}]},)"
        R"({"params":{}}]})");
}

TEST_CASE("pvcalls: backend only, fields up to the first one without '='") {
  auto p = dev::parse_pvcallsif("backend=a=b, backend=dom0");
  REQUIRE(p);
  CHECK(*p->backend_domname == "dom0");
  CHECK(!dev::parse_pvcallsif("")->backend_domname);
  CHECK(!dev::parse_pvcallsif(",,,")->backend_domname);
  CHECK(*dev::parse_pvcallsif("backend=")->backend_domname == "");
  CHECK(*dev::parse_pvcallsif("  backend=  d0 , ")->backend_domname == "  d0 ");
  CHECK(*dev::parse_pvcallsif("backend=a, nonsense, foo=bar")->backend_domname == "a");
  CHECK(!dev::parse_pvcallsif("backend")->backend_domname);
  auto msg = [](std::string_view spec) {
    auto r = dev::parse_pvcallsif(spec);
    REQUIRE(!r);
    CHECK(!r.error().needs_source);
    return r.error().message;
  };
  CHECK(msg("foo=bar") == "Unknown string `foo' in pvcalls spec");
  CHECK(msg("backend=a, backendx=b") == "Unknown string `backendx' in pvcalls spec");
  CHECK(msg("Backend=a") == "Unknown string `Backend' in pvcalls spec");
  CHECK(msg("=b") == "Unknown string `' in pvcalls spec");
  CHECK(msg("\tbackend=a") == "Unknown string `\tbackend' in pvcalls spec");
}

TEST_CASE("for_each_field: strtok fields, leading spaces, first '='") {
  std::vector<std::string> seen;
  auto collect = [&](const dev::SpecField& f) -> std::expected<void, dev::SpecError> {
    seen.push_back(std::string(f.key) + "|" + (f.value ? std::string(*f.value) : "<none>"));
    return {};
  };
  REQUIRE(dev::for_each_field(",, a=1,b, c==2 ,,", {}, collect));
  CHECK(seen == std::vector<std::string>{"a|1", "b|<none>", "c|=2 "});
  seen.clear();
  REQUIRE(dev::for_each_field(" a=1, b,c=3", {.drop_leading_spaces = false}, collect));
  CHECK(seen == std::vector<std::string>{" a|1", " b|<none>", "c|3"});
  seen.clear();
  REQUIRE(dev::for_each_field("a=1, b,c=3", {.stop_at_field_without_equals = true}, collect));
  CHECK(seen == std::vector<std::string>{"a|1"});
  // The visitor's first error ends the walk.
  int calls = 0;
  auto r = dev::for_each_field("x,y,z", {}, [&](const dev::SpecField& f)
                                                -> std::expected<void, dev::SpecError> {
    ++calls;
    if (f.text == "y") return std::unexpected(dev::SpecError{"stop", false});
    return {};
  });
  REQUIRE(!r);
  CHECK(r.error().message == "stop");
  CHECK(calls == 2);
  dev::SpecField f{"type=p", "type", "p"};
  CHECK(f.is("type"));
  CHECK(!f.is("typ"));
  CHECK(!dev::SpecField{"type", "type", std::nullopt}.is("type"));
}
