// xl save, restore, migrate and migrate-receive over the test doubles: the
// argument rules and refusals, in Xen 4.17's words and exit codes, and that
// a refused command leaves the guest alone.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "../support/xl_run.h"

using xltest::run_xl;

namespace {

struct TmpDir {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("xl-save-" + std::to_string(::getpid()));
  TmpDir() { std::filesystem::create_directories(dir); }
  ~TmpDir() { std::filesystem::remove_all(dir); }
  std::string file(const std::string& name, const std::string& content) const {
    std::ofstream(dir / name, std::ios::binary) << content;
    return (dir / name).string();
  }
};

}  // namespace

TEST_CASE("xl save: arguments, and a domain it cannot save is left running") {
  auto h = xltest::small_host();
  auto r = run_xl(h, {"save", "guest"});
  CHECK(r.rc == 2);
  CHECK(r.err.starts_with("'xl save' requires at least 2 arguments."));
  r = run_xl(h, {"save", "nosuch", "/tmp/x.save"});
  CHECK(r.rc == 1);
  CHECK(r.err == "nosuch is an invalid domain identifier (rc=-6)\n");
  r = run_xl(h, {"save", "guest", "a", "b", "c"});
  CHECK(r.rc == 1);
  CHECK(r.out.starts_with("Usage: xl [-vtTf] save [options] <Domain> <CheckpointFile> [<ConfigFile>]"));
  // Guest 3 was not created by a libxl: nothing to put in the file.
  TmpDir t;
  r = run_xl(h, {"save", "guest", (t.dir / "g.save").string()});
  CHECK(r.rc == 1);
  CHECK(r.err.ends_with("unable to retrieve domain configuration\n"));
  CHECK_FALSE(std::filesystem::exists(t.dir / "g.save"));
  CHECK((*h.store)["/local/domain/3/control/shutdown"].empty());
  CHECK_FALSE(h.xen->domains[1].shutdown);
}

TEST_CASE("xl restore: what it refuses, in xl's words") {
  auto h = xltest::small_host();
  TmpDir t;
  auto r = run_xl(h, {"restore", "/nonexistent/g.save"});
  CHECK(r.rc == 1);
  CHECK(r.err == "Can't open restore file: No such file or directory\n");
  r = run_xl(h, {"restore", t.file("junk", std::string(100, 'x'))});
  CHECK(r.rc == 1);
  CHECK(r.err == "File has wrong magic number - corrupt or for a different tool?\n");
  r = run_xl(h, {"restore", "a", "b", "c"});
  CHECK(r.rc == 1);
  CHECK(r.out.starts_with("Usage: xl [-vtTf] restore [options] [<ConfigFile>] <CheckpointFile>"));
  // A header without a configuration, and none given.
  std::string hdr("Xen saved domain, xl format\n \0 \r", 32);
  auto le32 = [](std::uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); };
  r = run_xl(h, {"restore", t.file("bare", hdr + le32(0x01020304) + le32(2) + le32(0) + le32(0))});
  CHECK(r.rc == 1);
  CHECK(r.err == "Loading new save file " + (t.dir / "bare").string() +
                     " (new xl fmt info 0x2/0x0/0)\n"
                     "Config file not specified and none in save file\n");
  // A configuration that does not read.
  const std::string json = "{\"c_info\": {\"type\": \"pvx\"}}";
  r = run_xl(h, {"restore", t.file("badcfg", hdr + le32(0x01020304) + le32(3) + le32(0) +
                                                 le32(std::uint32_t(4 + json.size() + 1)) +
                                                 le32(std::uint32_t(json.size() + 1)) + json +
                                                 std::string(1, '\0'))});
  CHECK(r.rc == 1);
  CHECK(r.err.ends_with(" Savefile contains xl domain config in JSON format\n"
                        "Parsing config from <saved>\n"
                        "<saved>: c_info.type: unknown value \"pvx\"\n"));
  CHECK(h.xen->calls.empty());  // nothing created
}

TEST_CASE("xl migrate: a receiver that does not answer as xl's leaves the guest running") {
  auto h = xltest::small_host();
  TmpDir t;
  const std::string cfg = t.file("g.cfg", "name = \"guest\"\ntype = \"pv\"\nkernel = \"/k\"\nmemory = 128\n");
  auto r = run_xl(h, {"migrate", "-C", cfg, "-s", "", "guest", "printf %060d 0"});
  CHECK(r.rc == 1);
  CHECK(r.err.find("migration receiver stream contained unexpected data instead of banner\n"
                   "(command run was: printf %060d 0 )\n") != std::string::npos);
  r = run_xl(h, {"migrate", "-C", cfg, "-s", "", "guest", "echo hello"});
  CHECK(r.rc == 1);
  CHECK(r.err.find("migration receiver stream: truncated while reading banner\n") != std::string::npos);
  CHECK((*h.store)["/local/domain/3/control/shutdown"].empty());
  CHECK(h.xen->domains.size() == 2);
  CHECK(h.xen->calls.empty());
  r = run_xl(h, {"migrate", "guest"});
  CHECK(r.rc == 2);
  r = run_xl(h, {"migrate-receive", "extra"});
  CHECK(r.rc == 1);
  CHECK(r.out.starts_with("Usage: xl [-vtTf] migrate-receive - for internal use only"));
}
