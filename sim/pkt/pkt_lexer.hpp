#pragma once
// The tokens of a packetdrill script (pkt_ast.hpp says what sim/pkt owns). Newlines are tokens: an
// event is one line (a `/* */` comment or a `%{ }%` block may span lines and yields no newline).
#include <string>
#include <string_view>
#include <vector>

#include "pkt/pkt_ast.hpp"

namespace tcpsim::pkt {

struct Token {
  enum class Kind : uint8_t {
    Number,   ///< `12`, `0.100`, `.1`, `0x2`.
    Word,     ///< `S`, `ack`, `SOL_SOCKET`, `sackOK`, `ECONNRESET`.
    Punct,    ///< One of `< > : ( ) , [ ] { } = ~ + - * | . ! & /` or `...`.
    String,   ///< `"..."` (text without the quotes).
    Shell,    ///< `` `...` `` (text without the backticks).
    Python,   ///< `%{ ... }%` (text of the block).
    Newline,
    End,
  };
  Kind kind = Kind::End;
  std::string text;
  Loc loc;
  bool space_before = false;  ///< Whitespace (or a comment) came right before it on its line.

  bool is(std::string_view p) const { return (kind == Kind::Punct || kind == Kind::Word) && text == p; }
};

/// Splits `text` into tokens; problems (an unterminated comment, string, shell line or block; a
/// character that has no place in a script) are appended to `problems`. Never throws; the token list
/// always ends with End.
std::vector<Token> lex(std::string_view text, std::vector<Problem>& problems);

}  // namespace tcpsim::pkt
