// The xl.cfg lexer. Token shapes follow libxlutil's (so the same files are
// accepted); the messages are our own and name what is wrong.
#include "cfg_lexer.h"

#include <algorithm>

namespace libxl::config::detail {

namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_lower(c) || is_digit(c) || c == '_' || c == '.'; }
// libxlutil's number token: a digit, then digits, a-f and x (so 0x1f, 010, 1e5).
bool is_number_char(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || c == 'x'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

std::string show(std::string_view text) {
  std::string out;
  std::size_t n = 0;
  for (char ch : text) {
    if (++n > 40) {
      out += "...";
      break;
    }
    auto c = static_cast<unsigned char>(ch);
    if (c == '\n') out += "\\n";
    else if (c < 0x20 || c == 0x7f) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
    else out += ch;  // UTF-8 passes through
  }
  return out;
}

const char* describe(Tok kind) {
  switch (kind) {
    case Tok::Ident: return "a name";
    case Tok::Number: return "a number";
    case Tok::String: return "a string";
    case Tok::Newline: return "the end of the line";
    case Tok::Semicolon: return "';'";
    case Tok::Assign: return "'='";
    case Tok::Append: return "'+='";
    case Tok::LBracket: return "'['";
    case Tok::RBracket: return "']'";
    case Tok::Comma: return "','";
    case Tok::End: return "the end of the file";
  }
  return "?";
}

std::expected<void, ConfigError> Lexer::next(Token& t) {
  // Blanks and comments between tokens; a comment runs to the newline (or to
  // the end of the file: libxlutil insists on the newline, we do not).
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (is_blank(c)) {
      ++pos_;
    } else if (c == '#') {
      auto nl = text_.find('\n', pos_);
      auto end = nl == std::string_view::npos ? text_.size() : nl;
      if (auto nul = text_.substr(pos_, end - pos_).find('\0'); nul != std::string_view::npos)
        return std::unexpected(error(line_, "NUL byte in a comment (is this a binary file?)"));
      pos_ = end;
    } else {
      break;
    }
  }

  t.line = line_;
  if (pos_ >= text_.size()) {
    t.kind = Tok::End;
    t.text = {};
    return {};
  }

  std::size_t start = pos_;
  char c = text_[pos_];
  auto single = [&](Tok kind) -> std::expected<void, ConfigError> {
    ++pos_;
    t.kind = kind;
    t.text = text_.substr(start, 1);
    return {};
  };

  switch (c) {
    case '\n':
      ++line_;
      return single(Tok::Newline);
    case ';': return single(Tok::Semicolon);
    case '=': return single(Tok::Assign);
    case '[': return single(Tok::LBracket);
    case ']': return single(Tok::RBracket);
    case ',': return single(Tok::Comma);
    case '"':
    case '\'': return quoted(t, c);
    case '+':
      if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '=') {
        pos_ += 2;
        t.kind = Tok::Append;
        t.text = text_.substr(start, 2);
        return {};
      }
      break;
    case '\0': return std::unexpected(error(line_, "NUL byte in the file (is this a binary file?)"));
    case '\r':
      return std::unexpected(error(line_,
                                   "carriage return: the file has DOS (CRLF) line endings, "
                                   "xl reads only Unix (LF) ones"));
    default: break;
  }

  if (is_lower(c)) {
    while (pos_ < text_.size() && is_ident_char(text_[pos_])) ++pos_;
    t.kind = Tok::Ident;
    t.text = text_.substr(start, pos_ - start);
    return {};
  }
  if (is_digit(c)) {
    while (pos_ < text_.size() && is_number_char(text_[pos_])) ++pos_;
    t.kind = Tok::Number;
    t.text = text_.substr(start, pos_ - start);
    return {};
  }

  // Garbage: show the whole run up to the next blank, as libxlutil does.
  std::size_t end = pos_;
  while (end < text_.size() && !is_blank(text_[end]) && text_[end] != '\n' && text_[end] != '\0' &&
         text_[end] != '\r')
    ++end;
  if (end == pos_) end = pos_ + 1;
  std::string run = show(text_.substr(start, end - start));
  bool upper = (c >= 'A' && c <= 'Z') || c == '_';
  std::string msg;
  if (upper)
    msg = "unexpected '" + run +
          "': setting names are lower case ([a-z][a-z0-9_.]*) and text values must be quoted";
  else if (std::string_view("()-:+.{}").find(c) != std::string_view::npos)
    msg = "unexpected '" + run +
          "': a value is a number, a quoted string or a [list] (xl config files are not Python)";
  else
    msg = "unexpected '" + run + "'";
  return std::unexpected(error(line_, std::move(msg)));
}

// A quoted string, 'single' or "double" (the same escapes in both). It must
// end on the line it starts on.
std::expected<void, ConfigError> Lexer::quoted(Token& t, char quote) {
  t.kind = Tok::String;
  t.line = line_;
  std::size_t start = pos_++;
  std::string& out = t.value;
  out.clear();
  auto unterminated = [&] {
    return std::unexpected(error(
        line_, "unterminated string " +
                   show(text_.substr(start, std::min<std::size_t>(pos_ - start, 20))) +
                   " (a string must end on the line it starts on)"));
  };
  while (true) {
    // Copy the plain run in one go: long strings stay linear and cheap.
    std::size_t run = pos_;
    while (run < text_.size()) {
      char c = text_[run];
      if (c == quote || c == '\\' || c == '\n' || c == '\0') break;
      ++run;
    }
    out.append(text_.substr(pos_, run - pos_));
    pos_ = run;
    if (pos_ >= text_.size()) return unterminated();
    char c = text_[pos_];
    if (c == quote) {
      ++pos_;
      t.text = text_.substr(start, pos_ - start);
      return {};
    }
    if (c == '\n') return unterminated();
    if (c == '\0')
      return std::unexpected(error(line_, "NUL byte in a quoted string (is this a binary file?)"));
    // A backslash.
    if (pos_ + 1 >= text_.size() || text_[pos_ + 1] == '\n') {
      ++pos_;
      return unterminated();
    }
    char e = text_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case '"': out += '"'; break;
      case '\'': out += '\''; break;
      case '\\': out += '\\'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      default:
        // libxlutil rejects \x always and drops octal escapes without a trace:
        // a file using either cannot mean what it says, so refuse it.
        if (e == 'x' || (e >= '0' && e <= '7'))
          return std::unexpected(error(line_,
                                       "numeric escapes such as '\\x41' or '\\101' are not "
                                       "supported in quoted strings (xl rejects or silently drops "
                                       "them): write the character itself"));
        if (e == '\0')
          return std::unexpected(
              error(line_, "NUL byte in a quoted string (is this a binary file?)"));
        return std::unexpected(error(line_, "unknown escape '\\" + show(std::string_view(&e, 1)) +
                                                "' in a quoted string (known: \\\" \\' \\\\ \\a "
                                                "\\b \\f \\n \\r \\t \\v)"));
    }
  }
}

}  // namespace libxl::config::detail
