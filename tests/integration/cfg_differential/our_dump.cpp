// Differential-test client: prints what our parser makes of a config file,
// in xlu_dump.c's format. `our_dump FILE` prints "ok" and the keys, one a
// line (to hand to xlu_dump); `our_dump FILE KEY...` prints the values.
#include <cstdio>
#include <string>

#include "libxl/config/cfg_file.h"

using libxl::config::Value;

namespace {

void put_string(const std::string& s) {
  std::putchar('"');
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') std::printf("\\%c", c);
    else if (c < 32 || c > 126) std::printf("\\x%02x", c);
    else std::putchar(c);
  }
  std::putchar('"');
}

void put_value(const Value& v) {
  if (v.kind == Value::Kind::Atom) {
    put_string(v.atom);
    return;
  }
  std::putchar('[');
  for (std::size_t i = 0; i < v.items.size(); ++i) {
    if (i) std::putchar(',');
    put_value(v.items[i]);
  }
  std::putchar(']');
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  auto cfg = libxl::config::parse_file(argv[1]);
  if (!cfg) {
    std::puts("error");
    std::fflush(stdout);
    std::fprintf(stderr, "%s\n", cfg.error().str().c_str());
    return 0;
  }
  std::puts("ok");
  if (argc == 2) {
    for (const auto& s : cfg->effective) std::puts(s.name.c_str());
    return 0;
  }
  for (int i = 2; i < argc; ++i) {
    std::printf("%s = ", argv[i]);
    if (const Value* v = cfg->find(argv[i])) put_value(*v);
    else std::printf("(absent)");
    std::putchar('\n');
    auto n = cfg->get_long(argv[i]);
    if (n && *n) std::printf("%s long OK %lld\n", argv[i], static_cast<long long>(**n));
    else std::printf("%s long ERR\n", argv[i]);
  }
  return 0;
}
