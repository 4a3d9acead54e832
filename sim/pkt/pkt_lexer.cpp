// The packetdrill lexer (pkt_lexer.hpp): one pass over the bytes, bounded by the text's length.
#include "pkt/pkt_lexer.hpp"

#include <cctype>

namespace tcpsim::pkt {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_word_char(char c) { return is_alpha(c) || is_digit(c); }

/// A byte as a message shows it: 'x', or \xHH for one that cannot be printed.
std::string show_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7f) return std::string("'") + c + "'";
  static const char* hex = "0123456789abcdef";
  return std::string("'\\x") + hex[u >> 4] + hex[u & 15] + "'";
}

class Lexer {
 public:
  Lexer(std::string_view text, std::vector<Problem>& problems) : s_(text), problems_(problems) {}

  std::vector<Token> run() {
    bool space = true;
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == '\n') {
        push(Token::Kind::Newline, "\n", here());
        advance_line();
        space = true;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i_;
        space = true;
        continue;
      }
      if (c == '/' && peek(1) == '/') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
        space = true;
        continue;
      }
      if (c == '/' && peek(1) == '*') {
        block_comment();
        space = true;
        continue;
      }
      const Loc at = here();
      const size_t before = out_.size();
      if (c == '%' && peek(1) == '{') {
        python(at);
      } else if (c == '`') {
        delimited('`', Token::Kind::Shell, "shell command", at);
      } else if (c == '"') {
        delimited('"', Token::Kind::String, "string", at);
      } else if (is_digit(c) || (c == '.' && is_digit(peek(1)) && (i_ == 0 || !is_word_char(s_[i_ - 1])))) {
        number(at);
      } else if (is_alpha(c)) {
        const size_t start = i_;
        while (i_ < s_.size() && is_word_char(s_[i_])) ++i_;
        push(Token::Kind::Word, std::string(s_.substr(start, i_ - start)), at);
      } else if (c == '.' && peek(1) == '.' && peek(2) == '.') {
        i_ += 3;
        push(Token::Kind::Punct, "...", at);
      } else if (std::string_view("<>:(),[]{}=~+-*|.!&/").find(c) != std::string_view::npos) {
        ++i_;
        push(Token::Kind::Punct, std::string(1, c), at);
      } else {
        problem(at, "unexpected character " + show_byte(c));
        ++i_;
      }
      if (out_.size() > before) out_.back().space_before = space;
      space = false;
    }
    push(Token::Kind::End, "", here());
    return std::move(out_);
  }

 private:
  char peek(size_t k) const { return i_ + k < s_.size() ? s_[i_ + k] : '\0'; }
  Loc here() const { return {line_, static_cast<uint32_t>(i_ - line_start_ + 1)}; }
  void advance_line() {
    ++i_;
    ++line_;
    line_start_ = i_;
  }
  void push(Token::Kind k, std::string text, Loc at) { out_.push_back(Token{k, std::move(text), at, false}); }
  void problem(Loc at, std::string message) {
    problems_.push_back(Problem{Problem::Kind::Error, at, std::move(message)});
  }

  void block_comment() {
    const Loc at = here();
    i_ += 2;
    while (i_ < s_.size() && !(s_[i_] == '*' && peek(1) == '/')) {
      if (s_[i_] == '\n') advance_line();
      else ++i_;
    }
    if (i_ >= s_.size()) {
      problem(at, "unterminated comment: '/*' has no '*/'");
      return;
    }
    i_ += 2;
  }

  // `%{ ... }%`: packetdrill runs it in Python; tcpsim keeps its text so the parser can report it.
  void python(Loc at) {
    const size_t start = i_ + 2;
    i_ += 2;
    while (i_ < s_.size() && !(s_[i_] == '}' && peek(1) == '%')) {
      if (s_[i_] == '\n') advance_line();
      else ++i_;
    }
    if (i_ >= s_.size()) {
      problem(at, "unterminated Python block: '%{' has no '}%'");
      return;
    }
    push(Token::Kind::Python, std::string(s_.substr(start, i_ - start)), at);
    i_ += 2;
  }

  // A string or a shell command: on one line.
  void delimited(char quote, Token::Kind kind, const char* what, Loc at) {
    const size_t start = ++i_;
    while (i_ < s_.size() && s_[i_] != quote && s_[i_] != '\n') {
      if (s_[i_] == '\\' && i_ + 1 < s_.size() && s_[i_ + 1] != '\n') ++i_;
      ++i_;
    }
    if (i_ >= s_.size() || s_[i_] != quote) {
      problem(at, std::string("unterminated ") + what + ": no closing " + quote + " on the line");
      return;
    }
    push(kind, std::string(s_.substr(start, i_ - start)), at);
    ++i_;
  }

  // Decimal (with an optional fraction) or 0x hex; the parser checks the value.
  void number(Loc at) {
    const size_t start = i_;
    if (s_[i_] == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      i_ += 2;
      while (i_ < s_.size() && std::isxdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
    } else {
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
      // A fraction, but not the `...` of a blocking call's time (`0.1...0.2`).
      if (i_ < s_.size() && s_[i_] == '.' && !(peek(1) == '.' && peek(2) == '.')) {
        ++i_;
        while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
      }
    }
    push(Token::Kind::Number, std::string(s_.substr(start, i_ - start)), at);
  }

  std::string_view s_;
  std::vector<Problem>& problems_;
  std::vector<Token> out_;
  size_t i_ = 0;
  size_t line_start_ = 0;
  uint32_t line_ = 1;
};

}  // namespace

std::vector<Token> lex(std::string_view text, std::vector<Problem>& problems) {
  return Lexer(text, problems).run();
}

}  // namespace tcpsim::pkt
