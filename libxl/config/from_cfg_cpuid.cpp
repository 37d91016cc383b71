// cpuid=: either "host,FLAG=V,..." (named feature bits) or the list form
// inherited from xend, "LEAF[,SUBLEAF]:eXx=32 chars,...". Errors are
// reported and the entry skipped, as xl does; they never end the parse.
#include <cstdlib>
#include <cstring>

#include "from_cfg_internal.h"

namespace libxl::config::detail {

namespace {

constexpr std::uint32_t NA = kCpuidInputUnused;
enum Reg { EAX, EBX, ECX, EDX };

struct Flag {
  std::string_view name;
  std::uint32_t leaf, subleaf;
  Reg reg;
  int bit, length;
};

// Feature names from libxl_cpuid.c's table (facts: leaf, register, bits).
constexpr Flag kFlags[] = {
    {"maxleaf", 0, NA, EAX, 0, 32}, {"stepping", 1, NA, EAX, 0, 4},
    {"model", 1, NA, EAX, 4, 8}, {"family", 1, NA, EAX, 8, 8},
    {"brandid", 1, NA, EBX, 0, 8}, {"clflush", 1, NA, EBX, 8, 8},
    {"proccount", 1, NA, EBX, 16, 8}, {"localapicid", 1, NA, EBX, 24, 8},
    {"sse3", 1, NA, ECX, 0, 1}, {"pclmulqdq", 1, NA, ECX, 1, 1}, {"dtes64", 1, NA, ECX, 2, 1},
    {"monitor", 1, NA, ECX, 3, 1}, {"dscpl", 1, NA, ECX, 4, 1}, {"vmx", 1, NA, ECX, 5, 1},
    {"smx", 1, NA, ECX, 6, 1}, {"est", 1, NA, ECX, 7, 1}, {"tm2", 1, NA, ECX, 8, 1},
    {"ssse3", 1, NA, ECX, 9, 1}, {"cntxid", 1, NA, ECX, 10, 1}, {"fma", 1, NA, ECX, 12, 1},
    {"cmpxchg16", 1, NA, ECX, 13, 1}, {"xtpr", 1, NA, ECX, 14, 1}, {"pdcm", 1, NA, ECX, 15, 1},
    {"pcid", 1, NA, ECX, 17, 1}, {"dca", 1, NA, ECX, 18, 1}, {"sse4_1", 1, NA, ECX, 19, 1},
    {"sse4.1", 1, NA, ECX, 19, 1}, {"sse4_2", 1, NA, ECX, 20, 1}, {"sse4.2", 1, NA, ECX, 20, 1},
    {"x2apic", 1, NA, ECX, 21, 1}, {"movbe", 1, NA, ECX, 22, 1}, {"popcnt", 1, NA, ECX, 23, 1},
    {"tsc-deadline", 1, NA, ECX, 24, 1}, {"aes", 1, NA, ECX, 25, 1},
    {"xsave", 1, NA, ECX, 26, 1}, {"osxsave", 1, NA, ECX, 27, 1}, {"avx", 1, NA, ECX, 28, 1},
    {"f16c", 1, NA, ECX, 29, 1}, {"rdrand", 1, NA, ECX, 30, 1},
    {"hypervisor", 1, NA, ECX, 31, 1},
    {"fpu", 1, NA, EDX, 0, 1}, {"vme", 1, NA, EDX, 1, 1}, {"de", 1, NA, EDX, 2, 1},
    {"pse", 1, NA, EDX, 3, 1}, {"tsc", 1, NA, EDX, 4, 1}, {"msr", 1, NA, EDX, 5, 1},
    {"pae", 1, NA, EDX, 6, 1}, {"mce", 1, NA, EDX, 7, 1}, {"cmpxchg8", 1, NA, EDX, 8, 1},
    {"apic", 1, NA, EDX, 9, 1}, {"sysenter", 1, NA, EDX, 11, 1}, {"mtrr", 1, NA, EDX, 12, 1},
    {"pge", 1, NA, EDX, 13, 1}, {"mca", 1, NA, EDX, 14, 1}, {"cmov", 1, NA, EDX, 15, 1},
    {"pat", 1, NA, EDX, 16, 1}, {"pse36", 1, NA, EDX, 17, 1}, {"psn", 1, NA, EDX, 18, 1},
    {"clfsh", 1, NA, EDX, 19, 1}, {"ds", 1, NA, EDX, 21, 1}, {"acpi", 1, NA, EDX, 22, 1},
    {"mmx", 1, NA, EDX, 23, 1}, {"fxsr", 1, NA, EDX, 24, 1}, {"sse", 1, NA, EDX, 25, 1},
    {"sse2", 1, NA, EDX, 26, 1}, {"ss", 1, NA, EDX, 27, 1}, {"htt", 1, NA, EDX, 28, 1},
    {"tm", 1, NA, EDX, 29, 1}, {"ia64", 1, NA, EDX, 30, 1}, {"pbe", 1, NA, EDX, 31, 1},
    {"arat", 6, NA, EAX, 2, 1},
    {"fsgsbase", 7, 0, EBX, 0, 1}, {"tsc_adjust", 7, 0, EBX, 1, 1}, {"bmi1", 7, 0, EBX, 3, 1},
    {"hle", 7, 0, EBX, 4, 1}, {"avx2", 7, 0, EBX, 5, 1}, {"smep", 7, 0, EBX, 7, 1},
    {"bmi2", 7, 0, EBX, 8, 1}, {"erms", 7, 0, EBX, 9, 1}, {"invpcid", 7, 0, EBX, 10, 1},
    {"rtm", 7, 0, EBX, 11, 1}, {"cmt", 7, 0, EBX, 12, 1}, {"mpx", 7, 0, EBX, 14, 1},
    {"avx512f", 7, 0, EBX, 16, 1}, {"avx512dq", 7, 0, EBX, 17, 1}, {"rdseed", 7, 0, EBX, 18, 1},
    {"adx", 7, 0, EBX, 19, 1}, {"smap", 7, 0, EBX, 20, 1}, {"avx512-ifma", 7, 0, EBX, 21, 1},
    {"clflushopt", 7, 0, EBX, 23, 1}, {"clwb", 7, 0, EBX, 24, 1},
    {"proc-trace", 7, 0, EBX, 25, 1}, {"avx512pf", 7, 0, EBX, 26, 1},
    {"avx512er", 7, 0, EBX, 27, 1}, {"avx512cd", 7, 0, EBX, 28, 1}, {"sha", 7, 0, EBX, 29, 1},
    {"avx512bw", 7, 0, EBX, 30, 1}, {"avx512vl", 7, 0, EBX, 31, 1},
    {"prefetchwt1", 7, 0, ECX, 0, 1}, {"avx512-vbmi", 7, 0, ECX, 1, 1},
    {"umip", 7, 0, ECX, 2, 1}, {"pku", 7, 0, ECX, 3, 1}, {"ospke", 7, 0, ECX, 4, 1},
    {"avx512-vbmi2", 7, 0, ECX, 6, 1}, {"cet-ss", 7, 0, ECX, 7, 1}, {"gfni", 7, 0, ECX, 8, 1},
    {"vaes", 7, 0, ECX, 9, 1}, {"vpclmulqdq", 7, 0, ECX, 10, 1},
    {"avx512-vnni", 7, 0, ECX, 11, 1}, {"avx512-bitalg", 7, 0, ECX, 12, 1},
    {"avx512-vpopcntdq", 7, 0, ECX, 14, 1}, {"rdpid", 7, 0, ECX, 22, 1},
    {"cldemote", 7, 0, ECX, 25, 1}, {"pks", 7, 0, ECX, 31, 1},
    {"avx512-4vnniw", 7, 0, EDX, 2, 1}, {"avx512-4fmaps", 7, 0, EDX, 3, 1},
    {"fsrm", 7, 0, EDX, 4, 1}, {"avx512-vp2intersect", 7, 0, EDX, 8, 1},
    {"srbds-ctrl", 7, 0, EDX, 9, 1}, {"md-clear", 7, 0, EDX, 10, 1},
    {"serialize", 7, 0, EDX, 14, 1}, {"tsxldtrk", 7, 0, EDX, 16, 1},
    {"cet-ibt", 7, 0, EDX, 20, 1}, {"avx512-fp16", 7, 0, EDX, 23, 1},
    {"ibrsb", 7, 0, EDX, 26, 1}, {"stibp", 7, 0, EDX, 27, 1}, {"l1d-flush", 7, 0, EDX, 28, 1},
    {"arch-caps", 7, 0, EDX, 29, 1}, {"core-caps", 7, 0, EDX, 30, 1},
    {"ssbd", 7, 0, EDX, 31, 1},
    {"avx-vnni", 7, 1, EAX, 4, 1}, {"avx512-bf16", 7, 1, EAX, 5, 1},
    {"lahfsahf", 0x80000001, NA, ECX, 0, 1}, {"cmplegacy", 0x80000001, NA, ECX, 1, 1},
    {"svm", 0x80000001, NA, ECX, 2, 1}, {"extapic", 0x80000001, NA, ECX, 3, 1},
    {"altmovcr8", 0x80000001, NA, ECX, 4, 1}, {"abm", 0x80000001, NA, ECX, 5, 1},
    {"sse4a", 0x80000001, NA, ECX, 6, 1}, {"misalignsse", 0x80000001, NA, ECX, 7, 1},
    {"3dnowprefetch", 0x80000001, NA, ECX, 8, 1}, {"osvw", 0x80000001, NA, ECX, 9, 1},
    {"ibs", 0x80000001, NA, ECX, 10, 1}, {"xop", 0x80000001, NA, ECX, 11, 1},
    {"skinit", 0x80000001, NA, ECX, 12, 1}, {"wdt", 0x80000001, NA, ECX, 13, 1},
    {"lwp", 0x80000001, NA, ECX, 15, 1}, {"fma4", 0x80000001, NA, ECX, 16, 1},
    {"nodeid", 0x80000001, NA, ECX, 19, 1}, {"tbm", 0x80000001, NA, ECX, 21, 1},
    {"topoext", 0x80000001, NA, ECX, 22, 1}, {"perfctr_core", 0x80000001, NA, ECX, 23, 1},
    {"perfctr_nb", 0x80000001, NA, ECX, 24, 1},
    {"syscall", 0x80000001, NA, EDX, 11, 1}, {"nx", 0x80000001, NA, EDX, 20, 1},
    {"mmxext", 0x80000001, NA, EDX, 22, 1}, {"ffxsr", 0x80000001, NA, EDX, 25, 1},
    {"page1gb", 0x80000001, NA, EDX, 26, 1}, {"rdtscp", 0x80000001, NA, EDX, 27, 1},
    {"lm", 0x80000001, NA, EDX, 29, 1}, {"3dnowext", 0x80000001, NA, EDX, 30, 1},
    {"3dnow", 0x80000001, NA, EDX, 31, 1},
    {"procpkg", 4, 0, EAX, 26, 6}, {"invtsc", 0x80000007, NA, EDX, 8, 1},
    {"clzero", 0x80000008, NA, EBX, 0, 1}, {"rstr-fp-err-ptrs", 0x80000008, NA, EBX, 2, 1},
    {"wbnoinvd", 0x80000008, NA, EBX, 9, 1}, {"ibpb", 0x80000008, NA, EBX, 12, 1},
    {"ibrs", 0x80000008, NA, EBX, 14, 1}, {"amd-stibp", 0x80000008, NA, EBX, 15, 1},
    {"ibrs-always", 0x80000008, NA, EBX, 16, 1}, {"stibp-always", 0x80000008, NA, EBX, 17, 1},
    {"ibrs-fast", 0x80000008, NA, EBX, 18, 1}, {"ibrs-same-mode", 0x80000008, NA, EBX, 19, 1},
    {"no-lmsl", 0x80000008, NA, EBX, 20, 1}, {"ppin", 0x80000008, NA, EBX, 23, 1},
    {"amd-ssbd", 0x80000008, NA, EBX, 24, 1}, {"virt-ssbd", 0x80000008, NA, EBX, 25, 1},
    {"ssb-no", 0x80000008, NA, EBX, 26, 1}, {"psfd", 0x80000008, NA, EBX, 28, 1},
    {"nc", 0x80000008, NA, ECX, 0, 8}, {"apicidsize", 0x80000008, NA, ECX, 12, 4},
    {"svm_npt", 0x8000000a, NA, EDX, 0, 1}, {"svm_lbrv", 0x8000000a, NA, EDX, 1, 1},
    {"svm_nrips", 0x8000000a, NA, EDX, 3, 1}, {"svm_tscrate", 0x8000000a, NA, EDX, 4, 1},
    {"svm_vmcbclean", 0x8000000a, NA, EDX, 5, 1}, {"svm_decode", 0x8000000a, NA, EDX, 7, 1},
    {"maxhvleaf", 0x40000000, NA, EAX, 0, 8},
};

CpuidLeaf& find_leaf(CpuidPolicy& p, std::uint32_t leaf, std::uint32_t subleaf) {
  for (auto& l : p.leaves)
    if (l.leaf == leaf && l.subleaf == subleaf) return l;
  p.leaves.push_back(CpuidLeaf{leaf, subleaf, {}});
  return p.leaves.back();
}

// One "FLAG=VALUE": 1 missing '=', 2 unknown flag, 3 bad value.
int parse_flag(CpuidPolicy& pol, std::string_view item) {
  auto eq = item.find('=');
  if (eq == std::string_view::npos) return 1;
  std::string_view name = item.substr(0, eq);
  std::string val(item.substr(eq + 1));
  const Flag* flag = nullptr;
  for (const auto& f : kFlags)
    if (f.name == name) flag = &f;
  if (!flag) return 2;
  CpuidLeaf& entry = find_leaf(pol, flag->leaf, flag->subleaf);
  char* end = nullptr;
  unsigned long long num = std::strtoull(val.c_str(), &end, 0);
  std::string bits(std::size_t(flag->length), 'x');
  if (end != val.c_str()) {
    for (int i = 0; i < flag->length; ++i)
      bits[std::size_t(flag->length - 1 - i)] = (num >> i) & 1 ? '1' : '0';
  } else if (!val.empty() && (val[0] == 'x' || val[0] == 'k' || val[0] == 's')) {
    bits.assign(std::size_t(flag->length), val[0]);
  } else {
    return 3;
  }
  auto& reg = entry.regs[flag->reg];
  if (!reg) reg = std::string(32, 'x');
  std::string& r = *reg;
  if (name == "family") {
    // Family 15 and above spill into the extended family field.
    if (num < 16) {
      r.replace(std::size_t(28 - flag->bit), 4, bits.substr(4, 4));
      r.replace(4, 8, "00000000");
    } else {
      num -= 15;
      r.replace(std::size_t(28 - flag->bit), 4, "1111");
      for (int i = 0; i < 7; ++i) {
        bits[std::size_t(7 - i)] = num & 1 ? '1' : '0';
        num >>= 1;
      }
      r.replace(4, 8, bits.substr(0, 8));
    }
  } else if (name == "model") {
    // The model's high nibble lives in the extended model field.
    r.replace(12, 4, bits.substr(0, 4));
    r.replace(std::size_t(28 - flag->bit), 4, bits.substr(4, 4));
  } else {
    r.replace(std::size_t(32 - flag->length - flag->bit), std::size_t(flag->length), bits);
  }
  return 0;
}

// One xend-style item: 1 bad leaf, 2 bad subleaf, 3 no colon, 4 bad
// register, 5 policy not 32 characters.
int parse_xend(CpuidPolicy& pol, const std::string& item) {
  const char* s = item.c_str();
  char* end = nullptr;
  unsigned long v = std::strtoul(s, &end, 0);
  if (end == s) return 1;
  std::uint32_t leaf = std::uint32_t(v), subleaf = NA;
  if (*end == ',') {
    s = end + 1;
    v = std::strtoul(s, &end, 0);
    if (end == s) return 2;
    subleaf = std::uint32_t(v);
  }
  if (*end != ':') return 3;
  CpuidLeaf& entry = find_leaf(pol, leaf, subleaf);
  for (s = end + 1; *s;) {
    if (s[0] != 'e' || !s[1] || s[2] != 'x') return 4;
    unsigned reg = unsigned(s[1] - 'a');
    const char* eq = std::strchr(s, '=');
    if (reg > 3 || !eq) return 4;
    s = eq + 1;
    const char* comma = std::strchr(s, ',');
    if (!comma) comma = s + std::strlen(s);
    if (comma - s != 32) return 5;
    entry.regs[reg] = std::string(s, 32);
    if (!*comma) break;
    for (s = comma + 1; *s == ' ' || *s == '\n'; ++s) {
    }
  }
  return 0;
}

}  // namespace

Status parse_cpuid(Parser& p) {
  const Value* v = p.value("cpuid");
  if (!v) return {};
  auto& pol = p.d.b_info.cpuid;
  if (v->kind == Value::Kind::List) {
    static constexpr std::string_view kErr[] = {
        "", "illegal leaf number", "illegal subleaf number", "missing colon",
        "invalid register name (must be e[abcd]x)",
        "policy string must be exactly 32 characters long"};
    for (const auto& it : v->items) {
      if (it.kind != Value::Kind::Atom) break;
      int e = parse_xend(pol, it.atom);
      if (!e) continue;
      p.warn("while parsing CPUID line: \"" + it.atom + "\":");
      p.warn("  error #" + std::to_string(e) + ": " + std::string(kErr[e]));
    }
  } else {
    static constexpr std::string_view kErr[] = {
        "", "missing \"=\" in key=value", "unknown CPUID flag name",
        "illegal CPUID value (must be: [0|1|x|k|s])"};
    std::vector<std::string_view> words;
    std::string_view s = v->atom;
    for (std::size_t i = 0; i <= s.size();) {
      std::size_t j = s.find(',', i);
      if (j == std::string_view::npos) j = s.size();
      if (j > i) words.push_back(s.substr(i, j - i));
      i = j + 1;
    }
    if (words.empty()) return {};
    if (words[0] != "host") {
      p.warn("while parsing CPUID string: \"" + v->atom + "\":");
      p.warn("  error: first word must be \"host\"");
      return {};
    }
    for (std::size_t i = 1; i < words.size(); ++i) {
      int e = parse_flag(pol, words[i]);
      if (!e) continue;
      p.warn("while parsing CPUID flag: \"" + std::string(words[i]) + "\":");
      p.warn("  error #" + std::to_string(e) + ": " + std::string(kErr[e]));
    }
  }
  pol.present = !pol.leaves.empty();
  return {};
}

}  // namespace libxl::config::detail
