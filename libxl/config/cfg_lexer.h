// Internal: the tokens of an xl.cfg file. One pass over the text, no
// backtracking beyond one character, so a file of any size lexes in linear time.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "libxl/config/cfg_file.h"

namespace libxl::config::detail {

enum class Tok {
  Ident,      // a setting name: [a-z][a-z0-9_.]*
  Number,     // an unquoted value: [0-9][0-9a-fx]* (xl's lexer; a string to the getters)
  String,     // a quoted value, escapes applied
  Newline,    // end of line (a comment ends at the newline it precedes)
  Semicolon,  // `;` ends a setting like a newline
  Assign,     // =
  Append,     // +=
  LBracket,
  RBracket,
  Comma,
  End,
};

struct Token {
  Tok kind = Tok::End;
  std::string_view text;  // as written (String: with its quotes)
  std::string value;      // String: the unescaped contents (other kinds leave it as it was)
  int line = 0;
};

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& filename) : text_(text), file_(filename) {}
  // Reads the next token into `t` (in place: the parser's one token is
  // reused, so lexing moves and allocates nothing beyond a string's text).
  std::expected<void, ConfigError> next(Token& t);

 private:
  std::expected<void, ConfigError> quoted(Token& t, char quote);
  ConfigError error(int line, std::string message) const { return {file_, line, std::move(message)}; }

  std::string_view text_;
  const std::string& file_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

// How a token is shown in a message: at most 40 characters, unprintable bytes as \xHH.
std::string show(std::string_view text);
const char* describe(Tok kind);

}  // namespace libxl::config::detail
