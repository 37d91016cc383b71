// The writing visitor of domain_fields.h: libxl's *_gen_json rules (a
// member only when it differs from its IDL default, nested structs always,
// arrays only when non-empty) onto a json::Writer.
#pragma once

#include <algorithm>
#include <string_view>
#include <type_traits>

#include "domain_fields.h"
#include "libxl/json/writer.h"

namespace libxl::config {

class JsonOut {
 public:
  explicit JsonOut(json::Writer& w) : w_(w) {}

  void field(std::string_view k, const devices::Defbool& v) { devices::put_defbool(w_, k, v); }
  void field(std::string_view k, const devices::OptString& v) { devices::put_string(w_, k, v); }
  void field(std::string_view k, const StringList& l) {
    if (l.empty()) return;
    w_.key(k).begin_array();
    for (const auto& s : l) w_.string(s);
    w_.end_array();
  }
  void field(std::string_view k, const KeyValueList& l) {
    if (l.empty()) return;
    w_.key(k).begin_object();
    for (const auto& [key, value] : l) w_.key(key).string(value);
    w_.end_object();
  }
  // libxl_bitmap_is_empty: no bit set, nothing written.
  void field(std::string_view k, const CpuBitmap& b) {
    if (std::find(b.begin(), b.end(), true) == b.end()) return;
    w_.key(k);
    bitmap(b);
  }
  void field(std::string_view k, const devices::Mac& m) { devices::put_mac(w_, k, m); }
  void field(std::string_view k, const devices::Uuid& u) { devices::put_uuid(w_, k, u); }

  template <class T>
  void number(std::string_view k, const T& v, std::type_identity_t<T> dflt) {
    if (v == dflt) return;
    if constexpr (std::is_signed_v<T>)
      w_.key(k).integer(v);
    else
      w_.key(k).unsigned_integer(v);
  }
  template <class E>
  void enumeration(std::string_view k, const E& v, E dflt) {
    if (v != dflt) w_.key(k).string(to_string(v));
  }
  void flag(std::string_view k, const bool& v) {
    if (v) w_.key(k).boolean(true);
  }
  template <class Fn>
  void object(std::string_view k, Fn&& fn) {
    w_.key(k).begin_object();
    fn(*this);
    w_.end_object();
  }
  template <class T>
  void list(std::string_view k, const std::vector<T>& items) {
    if (items.empty()) return;
    w_.key(k).begin_array();
    for (const auto& i : items) {
      w_.begin_object();
      using devices::fields;
      fields(*this, i);
      w_.end_object();
    }
    w_.end_array();
  }
  template <class N>
  void numbers(std::string_view k, const std::vector<N>& items) {
    if (items.empty()) return;
    w_.key(k).begin_array();
    for (auto n : items) w_.integer(std::int64_t(n));
    w_.end_array();
  }
  void bitmaps(std::string_view k, const std::vector<CpuBitmap>& items) {
    if (items.empty()) return;
    w_.key(k).begin_array();
    for (const auto& b : items) bitmap(b);
    w_.end_array();
  }
  void bytes(std::string_view k, const std::array<std::uint8_t, 16>& b) {
    if (std::all_of(b.begin(), b.end(), [](auto x) { return x == 0; })) return;
    w_.key(k).begin_array();
    for (auto x : b) w_.integer(x);
    w_.end_array();
  }
  void cpuid(const CpuidPolicy& p) {
    if (!p.present) return;
    static constexpr std::string_view kRegs[] = {"eax", "ebx", "ecx", "edx"};
    w_.key("cpuid").begin_object().key("cpuid").begin_array();
    for (const auto& l : p.leaves) {
      w_.begin_object();
      w_.key("leaf").integer(l.leaf);
      if (l.subleaf != kCpuidInputUnused) w_.key("subleaf").integer(l.subleaf);
      for (int r = 0; r < 4; ++r) field(kRegs[r], l.regs[std::size_t(r)]);
      w_.end_object();
    }
    w_.end_array().key("msr").begin_array().end_array().end_object();
  }
  // The keyed union: only the member `type` selects, under "type.<name>".
  void build_type(const DomainBuildInfo& b) {
    switch (b.type) {
      case DomainType::Hvm: object("type.hvm", [&](auto& o) { fields(o, b.hvm); }); break;
      case DomainType::Pv: object("type.pv", [&](auto& o) { fields(o, b.pv); }); break;
      case DomainType::Pvh: object("type.pvh", [&](auto& o) { fields(o, b.pvh); }); break;
      case DomainType::Invalid: object("type.invalid", [](auto&) {}); break;
    }
  }
  void paths(std::string_view k, const std::vector<std::string>& items) {
    if (items.empty()) return;
    w_.key(k).begin_array();
    for (const auto& p : items) w_.begin_object().key("path").string(p).end_object();
    w_.end_array();
  }
  template <class T>
  void other_devices(std::string_view k, const std::vector<T>& items) {
    if (items.empty()) return;
    w_.key(k).begin_array();
    for (const auto& d : items) devices::write_json(w_, d);
    w_.end_array();
  }

 private:
  void bitmap(const CpuBitmap& b) {
    w_.begin_array();
    for (std::size_t i = 0; i < b.size(); ++i)
      if (b[i]) w_.integer(std::int64_t(i));
    w_.end_array();
  }
  json::Writer& w_;
};

}  // namespace libxl::config
