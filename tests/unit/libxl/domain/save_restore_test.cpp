// Save and restore over the test doubles: the save file's bytes, the
// guest's suspend handshake, the stream's records, and a restore that
// rebuilds the same machine or leaves nothing behind.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "../../support/host_fixture.h"
#include "libxl/domain/create.h"
#include "libxl/domain/save.h"
#include "libxl/domain/save_file.h"

namespace {

namespace fs = std::filesystem;
using libxl::domain::read_save_header;
using libxl::domain::write_save_header;

struct Fixture : fake::HostFixture {
  Fixture() : HostFixture("save") {}
  std::string file() const { return (dir / "guest.save").string(); }
  int open_write() const { return ::open(file().c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644); }
  int open_read() const { return ::open(file().c_str(), O_RDONLY); }
  std::string bytes() const {
    std::ifstream in(file(), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  void write_bytes(const std::string& b) const { std::ofstream(file(), std::ios::binary) << b; }

  // A Linux guest's part: it takes a suspend request off control/shutdown
  // and suspends; dom0's backends answer as Linux's.
  void guest_obeys_suspend() {
    fake::XenState* xen = host.xen.get();
    host.store_extras->after_change = [xen](auto& nodes) {
      fake::linux_backends(nodes);
      for (auto& [k, v] : nodes) {
        if (!k.ends_with("/control/shutdown") || v != "suspend") continue;
        v = "";
        const auto id = libxl::DomId(std::stoul(k.substr(14, k.find('/', 14) - 14)));
        for (auto& d : xen->domains)
          if (d.domid == id) {
            d.shutdown = true;
            d.shutdown_reason = libxl::hypervisor::ShutdownReason::Suspend;
          }
      }
    };
  }
};

std::string le32(std::uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); }

}  // namespace

TEST_CASE("save file: xl's 48-byte header, the JSON with its NUL, and nothing else") {
  Fixture f;
  int fd = f.open_write();
  auto h = write_save_header(fd, "{\"c_info\": {}}\n");
  ::close(fd);
  REQUIRE(h);
  CHECK(h->mandatory_flags == 3);
  CHECK(h->optional_flags == 0);
  CHECK(h->optional_data_len == 4 + 16);
  const std::string b = f.bytes();
  REQUIRE(b.size() == 48 + 20);
  CHECK(b.substr(0, 32) == std::string("Xen saved domain, xl format\n \0 \r", 32));
  CHECK(b.substr(32, 4) == std::string("\x04\x03\x02\x01", 4));
  CHECK(b.substr(36, 12) == le32(3) + le32(0) + le32(20));
  CHECK(b.substr(48, 4) == le32(16));
  CHECK(b.substr(52) == std::string("{\"c_info\": {}}\n\0", 16));

  fd = f.open_read();
  auto back = read_save_header(fd, f.file());
  CHECK(::lseek(fd, 0, SEEK_CUR) == 68);  // at the stream, not beyond
  ::close(fd);
  REQUIRE(back);
  CHECK(back->config == "{\"c_info\": {}}\n");
  CHECK(back->mandatory_flags == 3);
}

TEST_CASE("save file: what xl refuses, in xl's words") {
  Fixture f;
  int fd = f.open_write();
  REQUIRE(write_save_header(fd, "{}"));
  ::close(fd);
  const std::string good = f.bytes();
  auto refused = [&](std::string b) {
    f.write_bytes(b);
    int fd = f.open_read();
    auto r = read_save_header(fd, f.file());
    ::close(fd);
    REQUIRE_FALSE(r);
    return r.error().message;
  };
  std::string b = good;
  b[30] = 'x';
  CHECK(refused(b) == "File has wrong magic number - corrupt or for a different tool?");
  b = good;
  b.replace(32, 4, std::string("\x01\x02\x03\x04", 4));
  CHECK(refused(b) == "File has wrong byte order");
  b = good;
  b.replace(36, 4, le32(3 | 4 | 16));
  CHECK(refused(b) == "Savefile has mandatory flag(s) 0x14 which are not supported; need newer xl");
  b = good;
  b.replace(48, 4, le32(4000));
  CHECK(refused(b) == "Savefile truncated.");
  CHECK(refused(good.substr(0, 40)).find("truncated") != std::string::npos);
  CHECK(refused(good.substr(0, 50)).find("truncated") != std::string::npos);
}

TEST_CASE("save then restore: the guest suspends, the stream is libxl's, the same machine comes back") {
  Fixture f;
  f.guest_obeys_suspend();
  auto cfg = f.pv();
  libxl::config::devices::Nic nic;
  nic.bridge = "xenbr0";
  cfg.nics.push_back(nic);
  auto domid = libxl::domain::create(*f.ctx, cfg);
  REQUIRE_MESSAGE(domid, domid.error().message);

  auto json = libxl::domain::saved_config_json(*f.ctx, *domid, false);
  REQUIRE_MESSAGE(json, json.error().message);
  CHECK(json->find("\"domid\"") == std::string::npos);  // 0: any domid on restore
  CHECK(json->find("\"mac\": \"00:16:3e:") != std::string::npos);
  int fd = f.open_write();
  REQUIRE(write_save_header(fd, *json));
  libxl::domain::SaveOptions so;
  so.guest_timeout = std::chrono::milliseconds(500);
  auto saved = libxl::domain::save_stream(*f.ctx, *domid, fd, so);
  ::close(fd);
  REQUIRE_MESSAGE(saved, saved.error().message);
  // Asked through its control node, which it cleared; now suspended.
  CHECK(f.node("/local/domain/1/control/shutdown") == "");
  CHECK(f.host.xen->domains.back().shutdown_reason == libxl::hypervisor::ShutdownReason::Suspend);

  // The libxl stream: its big-endian header, LIBXC_CONTEXT, libxenguest's
  // part, END.
  const std::string b = f.bytes();
  const std::size_t at = 48 + 4 + json->size() + 1;
  CHECK(b.substr(at, 16) == std::string("LibxlFmt\0\0\0\x02\0\0\0\0", 16));
  CHECK(b.substr(at + 16, 8) == le32(1) + le32(0));
  CHECK(b.substr(at + 24, 20) == "fake-libxc-stream 1\n");
  CHECK(b.substr(at + 44) == le32(0) + le32(0));

  REQUIRE(libxl::domain::destroy(*f.ctx, *domid));
  REQUIRE(f.nothing_left(*domid));

  fd = f.open_read();
  auto header = read_save_header(fd, f.file());
  REQUIRE(header);
  auto back = libxl::config::domain_config_from_json(*header->config);
  REQUIRE_MESSAGE(back, back.error());
  f.host.xen->calls.clear();
  auto restored = libxl::domain::restore(*f.ctx, *back, fd, f.file());
  ::close(fd);
  REQUIRE_MESSAGE(restored, restored.error().message);
  CHECK(*restored == 2);
  const auto& calls = f.host.xen->calls;
  CHECK(std::find(calls.begin(), calls.end(), "restore 2") != calls.end());
  CHECK(std::none_of(calls.begin(), calls.end(), [](auto& c) { return c.starts_with("build"); }));
  // Its policy comes from the stream, not from a new domain's.
  CHECK(std::none_of(calls.begin(), calls.end(), [](auto& c) { return c.starts_with("apply_cpuid_policy"); }));
  CHECK(calls.back() == "unpause 2");
  CHECK(f.host.xen->restored_from == std::vector<std::string>{"fake-libxc-stream 1"});
  CHECK(f.host.xen->created.back().handle == cfg.c_info.uuid);
  CHECK(f.node("/local/domain/2/name") == "guest");
  CHECK(f.node("/local/domain/2/store/ring-ref") == std::to_string(0x2234));
  CHECK(f.node("/local/domain/2/console/ring-ref") == std::to_string(0x2235));
  CHECK(f.host.store_extras->introduced.back() == std::pair<libxl::DomId, std::uint64_t>{2, 0x2234});
  // The same nic (its MAC too) on the new domain.
  CHECK(f.node("/local/domain/0/backend/vif/2/0/mac").starts_with("00:16:3e:"));
  CHECK(json->find(f.node("/local/domain/0/backend/vif/2/0/mac")) != std::string::npos);
}

TEST_CASE("save: a guest that never answers is asked no more and said to have timed out") {
  Fixture f;
  auto domid = libxl::domain::create(*f.ctx, f.pv());
  REQUIRE(domid);
  int fd = f.open_write();
  libxl::domain::SaveOptions so;
  so.guest_timeout = std::chrono::milliseconds(50);
  auto saved = libxl::domain::save_stream(*f.ctx, *domid, fd, so);
  ::close(fd);
  REQUIRE_FALSE(saved);
  CHECK(saved.error().code == libxl::ErrorCode::GuestTimedOut);
  CHECK(saved.error().message == "domain 1: guest didn't acknowledge suspend, request cancelled");
  CHECK(f.node("/local/domain/1/control/shutdown") == "");
  // Resumed as xl does after a failed save: xenstored is told too.
  REQUIRE(libxl::domain::resume(*f.ctx, *domid));
  CHECK(f.host.store_extras->resumed == std::vector<libxl::DomId>{1});
}

TEST_CASE("restore: a bad stream, a failing restore or a taken name leave nothing behind") {
  const std::string stream_ok = std::string("LibxlFmt\0\0\0\x02\0\0\0\0", 16) + le32(1) + le32(0) +
                                "fake-libxc-stream 1\n" + le32(0) + le32(0);
  struct Case {
    std::string stream;
    std::string failing;
    std::string message;
  };
  for (const auto& c : std::vector<Case>{
           {"LibxlFmX" + stream_ok.substr(8), "", "Invalid ident: expected 0x4c6962786c466d74, got 0x4c6962786c466d58"},
           {stream_ok.substr(0, 8) + std::string("\0\0\0\x03", 4) + stream_ok.substr(12), "",
            "Unexpected Version: expected 2, got 3"},
           {stream_ok.substr(0, 16) + le32(3) + le32(0) + stream_ok.substr(24), "",
            "Received an emulator context record when none was expected"},
           {stream_ok.substr(0, 16) + le32(0x77) + le32(0), "", "Unrecognised record 0x00000077"},
           {stream_ok.substr(0, 16) + le32(0) + le32(0), "", "the stream ended before the domain's memory"},
           {stream_ok.substr(0, 20), "", "truncated"},
           {stream_ok, "restore", "restoring the domain from"},
       }) {
    CAPTURE(c.message);
    Fixture f;
    f.write_bytes(c.stream);
    if (!c.failing.empty()) f.host.xen->failing = {c.failing};
    int fd = f.open_read();
    auto r = libxl::domain::restore(*f.ctx, f.pv(), fd, f.file());
    ::close(fd);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find(c.message) != std::string::npos);
    CHECK(f.nothing_left(1));
  }
  // The original still running (xl save -c): its name is taken.
  Fixture f;
  REQUIRE(libxl::domain::create(*f.ctx, f.pv()));
  f.write_bytes(stream_ok);
  int fd = f.open_read();
  auto r = libxl::domain::restore(*f.ctx, f.pv(), fd, f.file());
  ::close(fd);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("already exists") != std::string::npos);
  CHECK(f.host.xen->domains.size() == 2);
  CHECK(f.node("/local/domain/2/name") == "<none>");
  CHECK(f.node("/local/domain/1/name") == "guest");
}

TEST_CASE("restore needs no kernel: the saved domain's files may be gone") {
  Fixture f;
  auto cfg = f.pv();
  cfg.b_info.kernel = "/nonexistent/vmlinux";
  f.write_bytes(std::string("LibxlFmt\0\0\0\x02\0\0\0\0", 16) + le32(1) + le32(0) + "fake-libxc-stream 9\n" +
                le32(0) + le32(0));
  int fd = f.open_read();
  libxl::domain::CreateOptions o;
  o.paused = true;
  auto r = libxl::domain::restore(*f.ctx, cfg, fd, f.file(), o);
  ::close(fd);
  REQUIRE_MESSAGE(r, r.error().message);
  CHECK(f.host.xen->calls.back() != "unpause 1");
  CHECK(f.host.xen->domains.back().paused);
}

TEST_CASE("save live: a PV guest on a hypervisor without shadow paging is suspended first, and told") {
  for (bool shadow : {false, true}) {
    CAPTURE(shadow);
    Fixture f;
    f.host.xen->physinfo.cap_shadow = shadow;
    f.guest_obeys_suspend();
    auto domid = libxl::domain::create(*f.ctx, f.pv());
    REQUIRE(domid);
    int fd = f.open_write();
    libxl::domain::SaveOptions so;
    so.live = true;
    std::string told;
    so.notice = [&](const std::string& m) { told += m; };
    auto saved = libxl::domain::save_stream(*f.ctx, *domid, fd, so);
    ::close(fd);
    REQUIRE_MESSAGE(saved, saved.error().message);
    const auto& calls = f.host.xen->calls;
    CHECK(std::count(calls.begin(), calls.end(), shadow ? "save 1 live" : "save 1") == 1);
    CHECK(told.empty() == shadow);
    if (!shadow) CHECK(told.find("no shadow paging") != std::string::npos);
  }
}
