#pragma once
// Words of a scenario line and the values written in them. A line is split into words (maximal runs
// of bytes that are not whitespace, '"' or '#') and double-quoted strings; '#' starts a comment.
// The parser then reads each word in its context: `server:80`, `RST+ACK`, `100ms`, `64KiB`, `1%`.
// Internal to the scenario parser; see docs/scenario-format.md for the language itself.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/time.hpp"

namespace tcpsim::scn {

/// One word or string of a line.
struct Token {
  enum class Kind : uint8_t { Word, String };
  Kind kind = Kind::Word;
  std::string_view text;  ///< The source bytes (for a string: with its quotes and escapes).
  std::string value;      ///< String: the decoded bytes. Empty for a word.
  uint32_t col = 0;       ///< 1-based byte column of the first byte.
  uint32_t len = 0;       ///< Source length in bytes.

  /// True for the word `w` (never for a string).
  bool is(std::string_view w) const { return kind == Kind::Word && text == w; }
  /// True for a word.
  bool word() const { return kind == Kind::Word; }
  /// Column just after the token.
  uint32_t end_col() const { return col + len; }
};

/// Why a line or a value could not be read.
struct Problem {
  uint32_t col = 0;  ///< Lexing only: where in the line.
  std::string message;
  std::string hint;
};

/// Most words a line may hold; no statement needs more than a few dozen.
constexpr size_t kMaxTokensPerLine = 1000;

/// Splits one line (without its newline) into tokens. Returns false with `problem` set on an
/// unterminated string, an unknown escape or too many words.
bool tokenize_line(std::string_view line, std::vector<Token>* out, Problem* problem);

/// `w` made safe to print inside quotes in a message: control bytes and invalid UTF-8 as \xHH,
/// cut to about 40 characters with "..." after.
std::string shown(std::string_view w);

/// A whole number with no unit ("7"), at most `max`.
bool parse_count(std::string_view w, uint64_t max, uint64_t* out, Problem* problem);
/// A duration: a number with a unit ns, us, ms, s, min or h ("1.5s"); 0 or more.
bool parse_duration(std::string_view w, Time* out, Problem* problem);
/// A byte count: a number with an optional unit B, KB, MB, GB (powers of 1000) or KiB, MiB, GiB.
bool parse_size(std::string_view w, uint64_t* out, Problem* problem);
/// A percentage "0.5%" as a probability 0..1.
bool parse_percent(std::string_view w, double* out, Problem* problem);
/// A bit rate "10Mbit" (also bit, kbit, Gbit, bps, kbps, Mbps, Gbps) in bits per second.
bool parse_bandwidth(std::string_view w, uint64_t* out, Problem* problem);

}  // namespace tcpsim::scn
