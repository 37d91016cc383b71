// The xl.cfg grammar, as libxlutil's parser has it:
//
//   file    := { [ NAME ("=" | "+=") value ] (NEWLINE | ";") } [ NAME ("=" | "+=") value ]
//   value   := NUMBER | STRING | "[" nl [ value nl { "," nl value nl } [ "," nl ] ] "]"
//   nl      := { NEWLINE }
//
// so a setting sits on one line, lists may span lines and end with a comma.
// Recursive descent with a nesting limit; the first error ends the parse.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <memory>

#include "cfg_lexer.h"

namespace libxl::config {

namespace {

using detail::Lexer;
using detail::Tok;
using detail::Token;

// Deeper than any real config (vnuma nests two levels); keeps the recursion
// and the value tree's destructor shallow whatever the input.
constexpr int kMaxDepth = 64;

class Parser {
 public:
  Parser(std::string_view text, const std::string& filename) : lex_(text, filename), file_(filename) {}

  std::expected<CfgFile, ConfigError> run() {
    CfgFile cfg;
    cfg.filename = file_;
    if (auto r = advance(); !r) return std::unexpected(r.error());
    while (tok_.kind != Tok::End) {
      if (tok_.kind == Tok::Newline || tok_.kind == Tok::Semicolon) {
        if (auto r = advance(); !r) return std::unexpected(r.error());
        continue;
      }
      auto s = setting();
      if (!s) return std::unexpected(s.error());
      cfg.settings.push_back(std::move(*s));
      if (tok_.kind == Tok::Newline || tok_.kind == Tok::Semicolon) {
        if (auto r = advance(); !r) return std::unexpected(r.error());
      } else if (tok_.kind != Tok::End) {
        const Setting& last = cfg.settings.back();
        if (tok_.kind == Tok::RBracket)
          return fail("unexpected ']' after the value of '" + last.name + "' (no list is open)");
        return fail("expected a new line or ';' after the value of '" + last.name + "', got " +
                    shown() + quote_hint());
      }
    }
    if (auto r = cfg.reindex(); !r) return std::unexpected(r.error());
    return cfg;
  }

 private:
  std::expected<void, ConfigError> advance() { return lex_.next(tok_); }

  std::unexpected<ConfigError> fail(std::string message, int line = 0) const {
    return std::unexpected(ConfigError{file_, line ? line : tok_.line, std::move(message)});
  }

  // The current token for a message.
  std::string shown() const {
    switch (tok_.kind) {
      case Tok::Ident:
      case Tok::Number:
      case Tok::String: return "'" + detail::show(tok_.text) + "'";
      default: return detail::describe(tok_.kind);
    }
  }
  // A bare word where a value belongs is almost always a string missing its quotes.
  std::string quote_hint() const {
    if (tok_.kind == Tok::Ident)
      return " (text values must be quoted: \"" + detail::show(tok_.text) + "\")";
    return "";
  }

  std::expected<Setting, ConfigError> setting() {
    if (tok_.kind != Tok::Ident) return fail("expected a setting name, got " + shown());
    Setting s;
    s.name = std::string(tok_.text);
    s.line = tok_.line;
    if (auto r = advance(); !r) return std::unexpected(r.error());
    if (tok_.kind == Tok::Append) {
      s.append = true;
    } else if (tok_.kind != Tok::Assign) {
      return fail("expected '=' or '+=' after '" + s.name + "', got " + shown());
    }
    if (auto r = advance(); !r) return std::unexpected(r.error());
    auto v = value(s.name, 0);
    if (!v) return std::unexpected(v.error());
    s.value = std::move(*v);
    return s;
  }

  std::expected<Value, ConfigError> value(const std::string& key, int depth) {
    Value v;
    v.line = tok_.line;
    if (tok_.kind == Tok::Number || tok_.kind == Tok::String) {
      v.kind = Value::Kind::Atom;
      v.quoted = tok_.kind == Tok::String;
      v.atom = v.quoted ? std::move(tok_.value) : std::string(tok_.text);
      if (auto r = advance(); !r) return std::unexpected(r.error());
      return v;
    }
    if (tok_.kind != Tok::LBracket)
      return fail("expected a value for '" + key + "' (a number, a quoted string or a [list]), got " +
                  shown() + quote_hint());
    if (depth >= kMaxDepth)
      return fail("lists nested more than " + std::to_string(kMaxDepth) + " deep in '" + key + "'");
    v.kind = Value::Kind::List;
    // Items collect on items_ above `base` (a nested list's sit above ours
    // until its `]`), then move into a vector of the exact size: one
    // allocation per list instead of one per growth step.
    std::size_t base = items_.size();
    int open_line = tok_.line;
    if (auto r = advance(); !r) return std::unexpected(r.error());
    if (auto r = newlines(); !r) return std::unexpected(r.error());
    while (tok_.kind != Tok::RBracket) {
      if (tok_.kind == Tok::End)
        return fail("the list of '" + key + "' opened on line " + std::to_string(open_line) +
                    " is not closed (missing ']')");
      if (tok_.kind == Tok::Comma)
        return fail("unexpected ',' in the list of '" + key + "' (an empty item?)");
      auto item = value(key, depth + 1);
      if (!item) return std::unexpected(item.error());
      items_.push_back(std::move(*item));
      if (auto r = newlines(); !r) return std::unexpected(r.error());
      if (tok_.kind == Tok::Comma) {
        if (auto r = advance(); !r) return std::unexpected(r.error());
        if (auto r = newlines(); !r) return std::unexpected(r.error());
      } else if (tok_.kind == Tok::End) {
        continue;  // reported as unclosed above
      } else if (tok_.kind != Tok::RBracket) {
        return fail("expected ',' or ']' in the list of '" + key + "', got " + shown() +
                    quote_hint());
      }
    }
    v.items.assign(std::make_move_iterator(items_.begin() + static_cast<std::ptrdiff_t>(base)),
                   std::make_move_iterator(items_.end()));
    items_.resize(base);
    if (auto r = advance(); !r) return std::unexpected(r.error());
    return v;
  }

  std::expected<void, ConfigError> newlines() {
    while (tok_.kind == Tok::Newline)
      if (auto r = advance(); !r) return r;
    return {};
  }

  Lexer lex_;
  const std::string& file_;
  Token tok_;
  std::vector<Value> items_;  // the items of the lists being read, innermost last
};

}  // namespace

std::expected<CfgFile, ConfigError> parse(std::string_view text, std::string filename) {
  Parser p(text, filename);
  return p.run();
}

std::expected<CfgFile, ConfigError> parse_file(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return std::unexpected(ConfigError{path, 0, std::string("cannot open: ") + std::strerror(errno)});
  std::string text;
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) text.append(buf, n);
  if (std::ferror(f.get()))
    return std::unexpected(ConfigError{path, 0, std::string("cannot read: ") + std::strerror(errno)});
  return parse(text, path);
}

}  // namespace libxl::config
