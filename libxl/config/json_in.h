// The reading visitor of domain_fields.h: libxl's *_parse_json. A member
// that is absent keeps its IDL default; members this libxl does not know
// are skipped, as libxl skips them. The first value of the wrong shape
// stops the reading with a message naming its path ("b_info.max_memkb").
#pragma once

#include <charconv>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

#include "domain_fields.h"
#include "../json/ordered.h"

namespace libxl::config {

// libxl's name of an enum value back to the value; nullopt when no value
// of E has that name.
template <class E>
std::optional<E> enum_from_string(std::string_view s);

class JsonIn {
 public:
  // OBJ is the JSON object being read; PATH names it in messages; the first
  // error lands in ERR.
  JsonIn(const json::Node& obj, std::string path, std::string& err)
      : obj_(obj), path_(std::move(path)), err_(err) {}

  void field(std::string_view k, devices::Defbool& v) {
    const json::Node* n = member(k);
    if (!n) return;
    if (n->kind == json::Node::Kind::Bool) {
      v = n->b;
    } else if (n->kind == json::Node::Kind::String && (n->text == "True" || n->text == "False")) {
      v = n->text == "True";
    } else if (n->kind == json::Node::Kind::String && n->text == "<default>") {
      v.reset();
    } else {
      fail(k, "expected \"True\", \"False\" or \"<default>\"");
    }
  }
  void field(std::string_view k, devices::OptString& v) {
    const json::Node* n = member(k);
    if (!n) return;
    if (n->kind == json::Node::Kind::Null) {
      v.reset();
    } else if (n->kind == json::Node::Kind::String) {
      v = n->text;
    } else {
      fail(k, "expected a string");
    }
  }
  void field(std::string_view k, StringList& l) {
    const json::Node* n = member(k, json::Node::Kind::Array, "an array of strings");
    if (!n) return;
    l.clear();
    for (const auto& i : n->items) {
      if (i.kind != json::Node::Kind::String) return fail(k, "expected an array of strings");
      l.push_back(i.text);
    }
  }
  void field(std::string_view k, KeyValueList& l) {
    const json::Node* n = member(k, json::Node::Kind::Object, "an object of strings");
    if (!n) return;
    l.clear();
    for (const auto& [key, value] : n->members) {
      if (value.kind != json::Node::Kind::String) return fail(k, "expected an object of strings");
      l.emplace_back(key, value.text);
    }
  }
  void field(std::string_view k, CpuBitmap& b) {
    const json::Node* n = member(k, json::Node::Kind::Array, "an array of bit numbers");
    if (n) bitmap(*n, k, b);
  }
  void field(std::string_view k, devices::Mac& m) {
    const json::Node* n = member(k, json::Node::Kind::String, "a MAC address");
    if (!n) return;
    auto mac = devices::parse_mac(n->text);
    if (!mac) return fail(k, "\"" + n->text + "\" is not a MAC address");
    m = *mac;
  }
  void field(std::string_view k, devices::Uuid& u) {
    const json::Node* n = member(k, json::Node::Kind::String, "a UUID");
    if (!n) return;
    auto uuid = devices::parse_uuid(n->text);
    if (!uuid) return fail(k, "\"" + n->text + "\" is not a UUID");
    u = *uuid;
  }

  template <class T>
  void number(std::string_view k, T& v, std::type_identity_t<T>) {
    const json::Node* n = member(k, json::Node::Kind::Number, "a number");
    if (!n) return;
    auto x = integer<T>(*n);
    if (!x) return fail(k, n->text + " is not a " + (std::is_signed_v<T> ? "" : "non-negative ") +
                               "integer of " + std::to_string(sizeof(T) * 8) + " bits");
    v = *x;
  }
  template <class E>
  void enumeration(std::string_view k, E& v, E) {
    const json::Node* n = member(k, json::Node::Kind::String, "a name");
    if (!n) return;
    auto e = enum_from_string<E>(n->text);
    if (!e) return fail(k, "unknown value \"" + n->text + "\"");
    v = *e;
  }
  void flag(std::string_view k, bool& v) {
    const json::Node* n = member(k, json::Node::Kind::Bool, "true or false");
    if (n) v = n->b;
  }
  template <class Fn>
  void object(std::string_view k, Fn&& fn) {
    const json::Node* n = member(k, json::Node::Kind::Object, "an object");
    if (!n) return;
    JsonIn sub(*n, sub_path(k), err_);
    fn(sub);
  }
  template <class T>
  void list(std::string_view k, std::vector<T>& items) {
    const json::Node* n = member(k, json::Node::Kind::Array, "an array");
    if (!n) return;
    items.clear();
    for (std::size_t i = 0; i < n->items.size(); ++i) {
      const std::string at = sub_path(k) + "[" + std::to_string(i) + "]";
      if (n->items[i].kind != json::Node::Kind::Object) return fail_at(at, "expected an object");
      JsonIn sub(n->items[i], at, err_);
      using devices::fields;
      fields(sub, items.emplace_back());
    }
  }
  template <class N>
  void numbers(std::string_view k, std::vector<N>& items) {
    const json::Node* n = member(k, json::Node::Kind::Array, "an array of numbers");
    if (!n) return;
    items.clear();
    for (const auto& i : n->items) {
      auto x = i.kind == json::Node::Kind::Number ? integer<N>(i) : std::nullopt;
      if (!x) return fail(k, "expected an array of numbers");
      items.push_back(*x);
    }
  }
  void bitmaps(std::string_view k, std::vector<CpuBitmap>& items) {
    const json::Node* n = member(k, json::Node::Kind::Array, "an array of bitmaps");
    if (!n) return;
    items.clear();
    for (const auto& i : n->items) {
      if (i.kind != json::Node::Kind::Array) return fail(k, "expected an array of bitmaps");
      bitmap(i, k, items.emplace_back());
    }
  }
  void bytes(std::string_view k, std::array<std::uint8_t, 16>& b) {
    std::vector<std::uint8_t> v;
    numbers(k, v);
    if (v.empty()) return;
    if (v.size() != b.size()) return fail(k, "expected 16 numbers");
    std::copy(v.begin(), v.end(), b.begin());
  }
  void cpuid(CpuidPolicy& p);
  void build_type(DomainBuildInfo& b);
  void paths(std::string_view k, std::vector<std::string>& items);
  // Device kinds this libxl reads no JSON for: refused rather than lost.
  template <class T>
  void other_devices(std::string_view k, std::vector<T>&) {
    const json::Node* n = obj_.find(std::string(k));
    if (n && !(n->kind == json::Node::Kind::Array && n->items.empty()))
      fail(k, "devices of this kind are not supported by this libxl yet");
  }

 private:
  const json::Node* member(std::string_view k) const {
    return obj_.find(std::string(k));
  }
  const json::Node* member(std::string_view k, json::Node::Kind kind, std::string_view what) {
    const json::Node* n = member(k);
    if (!n || n->kind == json::Node::Kind::Null) return nullptr;
    if (n->kind != kind) {
      fail(k, "expected " + std::string(what));
      return nullptr;
    }
    return n;
  }
  template <class T>
  static std::optional<T> integer(const json::Node& n) {
    T v{};
    const char* b = n.text.data();
    const char* e = b + n.text.size();
    auto [p, ec] = std::from_chars(b, e, v);
    if (ec != std::errc() || p != e) return std::nullopt;
    return v;
  }
  void bitmap(const json::Node& n, std::string_view k, CpuBitmap& b) {
    b.clear();
    for (const auto& i : n.items) {
      auto bit = i.kind == json::Node::Kind::Number ? integer<std::uint32_t>(i) : std::nullopt;
      if (!bit || *bit >= 65536) return fail(k, "expected an array of bit numbers");
      if (b.size() <= *bit) b.resize(*bit + 1, false);
      b[*bit] = true;
    }
  }
  std::string sub_path(std::string_view k) const {
    return path_.empty() ? std::string(k) : path_ + "." + std::string(k);
  }
  void fail(std::string_view k, const std::string& why) { fail_at(sub_path(k), why); }
  void fail_at(const std::string& at, const std::string& why) {
    if (err_.empty()) err_ = at + ": " + why;
  }

  const json::Node& obj_;
  std::string path_;
  std::string& err_;
};

}  // namespace libxl::config
