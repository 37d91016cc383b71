// An ordered JSON value: libxl's key order is part of its output, so the
// stored configuration is read into this, edited in place and written back
// in the same order. Internal to the library.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace libxl::json {

struct Node {
  enum class Kind { Null, Bool, Number, String, Object, Array } kind = Kind::Null;
  bool b = false;
  std::string text;  // a string, or a number as written
  std::vector<std::pair<std::string, Node>> members;
  std::vector<Node> items;

  static Node number(std::uint64_t v) {
    Node n;
    n.kind = Kind::Number;
    n.text = std::to_string(v);
    return n;
  }
  static Node string(std::string s) {
    Node n;
    n.kind = Kind::String;
    n.text = std::move(s);
    return n;
  }
  Node* find(const std::string& k) {
    for (auto& [key, v] : members) {
      if (key == k) return &v;
    }
    return nullptr;
  }
  const Node* find(const std::string& k) const { return const_cast<Node*>(this)->find(k); }
  // Sets K, or inserts it before the first of BEFORE present (else last).
  void set(const std::string& k, Node v, const std::vector<std::string>& before = {}) {
    if (Node* n = find(k)) {
      *n = std::move(v);
      return;
    }
    auto at = members.end();
    for (const auto& b : before) {
      auto it = std::find_if(members.begin(), members.end(), [&](const auto& m) { return m.first == b; });
      if (it != members.end()) {
        at = it;
        break;
      }
    }
    members.insert(at, {k, std::move(v)});
  }
};


// NULL-free parse of TEXT (yajl); nullopt with ERR set when it does not parse.
std::optional<Node> parse(const std::string& text, std::string& err);
// libxl's layout (4-space indent), as json::Writer writes it.
std::string to_text(const Node& n);

}  // namespace libxl::json
