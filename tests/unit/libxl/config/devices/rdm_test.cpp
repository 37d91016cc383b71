#include <doctest/doctest.h>

#include "libxl/config/devices/rdm.h"
#include "libxl/json/writer.h"

namespace dev = libxl::config::devices;

TEST_CASE("rdm: strategy=host is the one strategy taken") {
  auto r = dev::parse_rdm("strategy=host");
  REQUIRE(r);
  CHECK(r->strategy == dev::RdmStrategy::Host);
  CHECK(r->policy == dev::RdmPolicy::Invalid);  // kept from `into`
  dev::RdmReserve into{dev::RdmStrategy::Ignore, dev::RdmPolicy::Relaxed};
  CHECK(dev::parse_rdm("strategy=host", into)->policy == dev::RdmPolicy::Relaxed);
  CHECK(dev::parse_rdm("strategy=ignore").error().message ==
        "Unknown RDM strategy option: ignore");
  CHECK(dev::parse_rdm("colour=red").error().message == "Unknown RDM state option: colour");
}

TEST_CASE("rdm: libxlutil's inverted policy check") {
  // A known policy fails the whole spec without a word.
  for (auto spec : {"strategy=host,policy=relaxed", "policy=strict", "policy=RELAXED"}) {
    auto r = dev::parse_rdm(spec);
    REQUIRE(!r);
    CHECK(r.error().message.empty());
  }
  // An unknown one is reported and the parse goes on.
  std::vector<std::string> notes;
  auto r = dev::parse_rdm("policy=bad,strategy=host", {}, &notes);
  REQUIRE(r);
  CHECK(r->strategy == dev::RdmStrategy::Host);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0] == "Unknown RDM policy: bad");
}

TEST_CASE("rdm: malformed specs fail silently") {
  for (auto spec : {"", "strategy", "strategy=host,", "strategy=host,policy"}) {
    auto r = dev::parse_rdm(spec);
    REQUIRE(!r);
    CHECK(r.error().message.empty());
  }
}

TEST_CASE("rdm: JSON leaves out the defaults") {
  libxl::json::Writer w;
  dev::write_json(w, dev::RdmReserve{dev::RdmStrategy::Host, dev::RdmPolicy::Invalid});
  CHECK(w.str().find("\"strategy\": \"host\"") != std::string::npos);
  CHECK(w.str().find("policy") == std::string::npos);
}
