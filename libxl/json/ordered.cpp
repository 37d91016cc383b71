#include "ordered.h"

#include <yajl/yajl_tree.h>

#include <cstdlib>
#include <memory>

#include "libxl/json/writer.h"

namespace libxl::json {

namespace {

Node from_yajl(yajl_val v) {
  Node n;
  if (!v) return n;
  switch (v->type) {
    case yajl_t_true: n.kind = Node::Kind::Bool; n.b = true; break;
    case yajl_t_false: n.kind = Node::Kind::Bool; break;
    case yajl_t_number: n.kind = Node::Kind::Number; n.text = v->u.number.r; break;
    case yajl_t_string: n.kind = Node::Kind::String; n.text = v->u.string; break;
    case yajl_t_object:
      n.kind = Node::Kind::Object;
      for (std::size_t i = 0; i < v->u.object.len; ++i)
        n.members.emplace_back(v->u.object.keys[i], from_yajl(v->u.object.values[i]));
      break;
    case yajl_t_array:
      n.kind = Node::Kind::Array;
      for (std::size_t i = 0; i < v->u.array.len; ++i) n.items.push_back(from_yajl(v->u.array.values[i]));
      break;
    default: break;
  }
  return n;
}

void emit(const Node& n, Writer& w) {
  switch (n.kind) {
    case Node::Kind::Null: w.null(); break;
    case Node::Kind::Bool: w.boolean(n.b); break;
    case Node::Kind::String: w.string(n.text); break;
    case Node::Kind::Number:
      if (!n.text.empty() && n.text[0] == '-')
        w.integer(std::strtoll(n.text.c_str(), nullptr, 10));
      else
        w.unsigned_integer(std::strtoull(n.text.c_str(), nullptr, 10));
      break;
    case Node::Kind::Object:
      w.begin_object();
      for (const auto& [k, v] : n.members) {
        w.key(k);
        emit(v, w);
      }
      w.end_object();
      break;
    case Node::Kind::Array:
      w.begin_array();
      for (const auto& i : n.items) emit(i, w);
      w.end_array();
      break;
  }
}

}  // namespace

std::optional<Node> parse(const std::string& text, std::string& err) {
  char buf[256] = "";
  std::unique_ptr<yajl_val_s, decltype(&yajl_tree_free)> tree(yajl_tree_parse(text.c_str(), buf, sizeof buf),
                                                              &yajl_tree_free);
  if (!tree) {
    err = buf;
    return std::nullopt;
  }
  return from_yajl(tree.get());
}

std::string to_text(const Node& n) {
  Writer w;
  emit(n, w);
  return w.str();
}

}  // namespace libxl::json
