#include "scenario/lexer.hpp"

#include <cstdio>
#include <cstdlib>

#include "util/text.hpp"

#include "scenario/diagnostic.hpp"

namespace tcpsim::scn {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void append_hex(std::string* out, unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02X", c);
  *out += buf;
}

// "1.5ms" as its parts. False unless it starts with a digit (and any '.' is followed by one).
struct Number {
  std::string_view whole;
  std::string_view frac;
  std::string_view unit;
};

bool split_number(std::string_view w, Number* n) {
  size_t i = 0;
  while (i < w.size() && is_digit(w[i])) ++i;
  if (i == 0) return false;
  n->whole = w.substr(0, i);
  n->frac = {};
  if (i < w.size() && w[i] == '.') {
    size_t j = i + 1;
    while (j < w.size() && is_digit(w[j])) ++j;
    if (j == i + 1) return false;
    n->frac = w.substr(i + 1, j - i - 1);
    i = j;
  }
  n->unit = w.substr(i);
  return true;
}

enum class Scaled { Ok, TooLarge, NotWhole };

// n * mult as an exact integer no larger than `max`. Numbers of any length are handled without
// overflow: more than 20 significant integer digits is always too large for 64 bits, and more than
// 18 significant fraction digits can never give a whole result with the units used here.
Scaled scale(const Number& n, uint64_t mult, uint64_t max, uint64_t* out) {
  using U128 = unsigned __int128;
  std::string_view whole = n.whole;
  while (whole.size() > 1 && whole[0] == '0') whole.remove_prefix(1);
  if (whole.size() > 20) return Scaled::TooLarge;
  U128 v = 0;
  for (char c : whole) v = v * 10 + static_cast<unsigned>(c - '0');
  v *= mult;  // < 1e20 * 4e12, far below 2^128
  std::string_view frac = n.frac;
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);
  if (frac.size() > 18) return Scaled::NotWhole;
  if (!frac.empty()) {
    U128 f = 0;
    U128 p = 1;
    for (char c : frac) {
      f = f * 10 + static_cast<unsigned>(c - '0');
      p *= 10;
    }
    const U128 fm = f * mult;
    if (fm % p != 0) return Scaled::NotWhole;
    v += fm / p;
  }
  if (v > max) return Scaled::TooLarge;
  *out = static_cast<uint64_t>(v);
  return Scaled::Ok;
}

struct Unit {
  std::string_view name;
  uint64_t mult;
};

const Unit* find_unit(const std::vector<Unit>& units, std::string_view name) {
  for (const Unit& u : units) {
    if (u.name == name) return &u;
  }
  return nullptr;
}

std::string unit_hint(const std::vector<Unit>& units, std::string_view unit, const char* otherwise) {
  std::vector<std::string> names;
  for (const Unit& u : units) names.emplace_back(u.name);
  std::string near = did_you_mean(std::string(unit), names);
  return near.empty() ? otherwise : "did you mean '" + near + "'?";
}

bool fail(Problem* p, std::string message, std::string hint = "") {
  p->message = std::move(message);
  p->hint = std::move(hint);
  return false;
}

bool starts_negative(std::string_view w) { return w.size() >= 2 && w[0] == '-' && (is_digit(w[1]) || w[1] == '.'); }

}  // namespace

bool tokenize_line(std::string_view line, std::vector<Token>* out, Problem* problem) {
  out->clear();
  const size_t n = line.size();
  size_t i = 0;
  while (i < n) {
    const char c = line[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (c == '#') break;  // a comment runs to the end of the line
    if (out->size() >= kMaxTokensPerLine) {
      problem->col = static_cast<uint32_t>(i + 1);
      return fail(problem, "too many words on one line (at most " + std::to_string(kMaxTokensPerLine) + ")");
    }
    Token t;
    t.col = static_cast<uint32_t>(i + 1);
    if (c == '"') {
      t.kind = Token::Kind::String;
      size_t j = i + 1;
      bool closed = false;
      while (j < n) {
        const char d = line[j];
        if (d == '"') {
          closed = true;
          ++j;
          break;
        }
        if (d != '\\') {
          t.value += d;
          ++j;
          continue;
        }
        if (j + 1 >= n) break;  // a backslash at the end of the line: the string never closes
        const char e = line[j + 1];
        if (e == 'n')
          t.value += '\n';
        else if (e == 'r')
          t.value += '\r';
        else if (e == 't')
          t.value += '\t';
        else if (e == '\\')
          t.value += '\\';
        else if (e == '"')
          t.value += '"';
        else if (e == 'x' && j + 3 < n && hex_value(line[j + 2]) >= 0 && hex_value(line[j + 3]) >= 0) {
          t.value += static_cast<char>(hex_value(line[j + 2]) * 16 + hex_value(line[j + 3]));
          j += 2;
        } else {
          problem->col = static_cast<uint32_t>(j + 1);
          std::string esc = "\\";
          esc += e == 'x' ? std::string("x") : shown(line.substr(j + 1, 1));
          return fail(
              problem, "unknown escape '" + esc + "' in a string",
              e == 'x' ? "write \\x and two hex digits, e.g. \\x00" : "escapes are \\n \\r \\t \\\\ \\\" and \\xHH");
        }
        j += 2;
      }
      if (!closed) {
        problem->col = t.col;
        return fail(problem, "unterminated string", "end it with '\"' on the same line");
      }
      t.text = line.substr(i, j - i);
      t.len = static_cast<uint32_t>(j - i);
      out->push_back(std::move(t));
      i = j;
      continue;
    }
    size_t j = i;
    while (j < n && !is_space(line[j]) && line[j] != '"' && line[j] != '#') ++j;
    // "->ECONNRESET" reads as "-> ECONNRESET".
    if (j - i > 2 && line[i] == '-' && line[i + 1] == '>') j = i + 2;
    t.text = line.substr(i, j - i);
    t.len = static_cast<uint32_t>(j - i);
    out->push_back(std::move(t));
    i = j;
  }
  return true;
}

std::string shown(std::string_view w) {
  constexpr size_t kMaxShown = 40;
  std::string out;
  size_t chars = 0;
  size_t i = 0;
  while (i < w.size()) {
    if (chars == kMaxShown) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(w[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      ++i;
    } else if (size_t len = c >= 0x80 ? utf8_sequence(w, i) : 0; len > 0) {
      out.append(w.substr(i, len));
      i += len;
    } else {
      append_hex(&out, c);
      ++i;
    }
    ++chars;
  }
  return out;
}

bool parse_count(std::string_view w, uint64_t max, uint64_t* out, Problem* p) {
  Number n;
  if (starts_negative(w)) return fail(p, "number '" + shown(w) + "' is negative");
  if (!split_number(w, &n) || !n.unit.empty() || !n.frac.empty()) {
    return fail(p, "expected a whole number, got '" + shown(w) + "'");
  }
  if (scale(n, 1, max, out) != Scaled::Ok) {
    return fail(p, "number '" + shown(w) + "' is too large (at most " + std::to_string(max) + ")");
  }
  return true;
}

bool parse_duration(std::string_view w, Time* out, Problem* p) {
  static const std::vector<Unit> kUnits = {{"ns", 1},   {"us", kUs},        {"ms", kMs},
                                           {"s", kSec}, {"min", 60 * kSec}, {"h", 3600 * kSec}};
  if (starts_negative(w)) return fail(p, "duration '" + shown(w) + "' is negative");
  Number n;
  if (!split_number(w, &n)) return fail(p, "expected a duration like '100ms', got '" + shown(w) + "'");
  if (n.unit.empty()) {
    return fail(p, "duration '" + shown(w) + "' has no unit", "write '" + shown(w) + "ms' or '" + shown(w) + "s'");
  }
  const Unit* u = find_unit(kUnits, n.unit);
  if (!u) {
    return fail(p, "unknown time unit '" + shown(n.unit) + "' in '" + shown(w) + "'",
                unit_hint(kUnits, n.unit, "time units are ns, us, ms, s, min and h"));
  }
  uint64_t v = 0;
  switch (scale(n, u->mult, INT64_MAX, &v)) {
    case Scaled::Ok:
      *out = static_cast<Time>(v);
      return true;
    case Scaled::TooLarge:
      return fail(p, "duration '" + shown(w) + "' is too large", "durations must be under 292 years");
    case Scaled::NotWhole:
      return fail(p, "duration '" + shown(w) + "' is not a whole number of nanoseconds");
  }
  return false;
}

bool parse_size(std::string_view w, uint64_t* out, Problem* p) {
  static const std::vector<Unit> kUnits = {{"", 1},          {"B", 1},           {"KB", 1000},
                                           {"MB", 1000000},  {"GB", 1000000000}, {"KiB", 1024},
                                           {"MiB", 1 << 20}, {"GiB", 1 << 30}};
  if (starts_negative(w)) return fail(p, "size '" + shown(w) + "' is negative");
  Number n;
  if (!split_number(w, &n)) return fail(p, "expected a size like '1000', '64KiB' or '10MB', got '" + shown(w) + "'");
  const Unit* u = find_unit(kUnits, n.unit);
  if (!u) {
    return fail(p, "unknown size unit '" + shown(n.unit) + "' in '" + shown(w) + "'",
                unit_hint(kUnits, n.unit, "size units are B, KB, MB, GB (powers of 1000) and KiB, MiB, GiB (1024)"));
  }
  switch (scale(n, u->mult, UINT64_MAX, out)) {
    case Scaled::Ok:
      return true;
    case Scaled::TooLarge:
      return fail(p, "size '" + shown(w) + "' is too large");
    case Scaled::NotWhole:
      return fail(p, "size '" + shown(w) + "' is not a whole number of bytes");
  }
  return false;
}

bool parse_percent(std::string_view w, double* out, Problem* p) {
  if (starts_negative(w)) return fail(p, "percentage '" + shown(w) + "' is negative");
  Number n;
  if (!split_number(w, &n)) return fail(p, "expected a percentage like '1%' or '0.5%', got '" + shown(w) + "'");
  if (n.unit.empty()) return fail(p, "percentage '" + shown(w) + "' has no '%'", "write '" + shown(w) + "%'");
  if (n.unit != "%") return fail(p, "expected a percentage like '1%' or '0.5%', got '" + shown(w) + "'");
  // strtod accepts any number of digits and saturates to infinity, which the range check rejects.
  const std::string digits(w.substr(0, w.size() - 1));
  const double v = std::strtod(digits.c_str(), nullptr);
  if (!(v <= 100.0)) return fail(p, "percentage '" + shown(w) + "' is above 100%");
  *out = v / 100.0;
  return true;
}

bool parse_bandwidth(std::string_view w, uint64_t* out, Problem* p) {
  static const std::vector<Unit> kUnits = {{"bit", 1},           {"kbit", 1000},      {"Kbit", 1000}, {"Mbit", 1000000},
                                           {"Gbit", 1000000000}, {"bps", 1},          {"kbps", 1000}, {"Kbps", 1000},
                                           {"Mbps", 1000000},    {"Gbps", 1000000000}};
  if (starts_negative(w)) return fail(p, "bandwidth '" + shown(w) + "' is negative");
  Number n;
  if (!split_number(w, &n)) return fail(p, "expected a bandwidth like '10Mbit', got '" + shown(w) + "'");
  if (n.unit.empty()) {
    return fail(p, "bandwidth '" + shown(w) + "' has no unit",
                "write '" + shown(w) + "Mbit' or '" + shown(w) + "kbit'");
  }
  const Unit* u = find_unit(kUnits, n.unit);
  if (!u) {
    return fail(p, "unknown bandwidth unit '" + shown(n.unit) + "' in '" + shown(w) + "'",
                unit_hint(kUnits, n.unit, "bandwidth units are bit, kbit, Mbit, Gbit (or bps, kbps, Mbps, Gbps)"));
  }
  switch (scale(n, u->mult, UINT64_MAX, out)) {
    case Scaled::Ok:
      return true;
    case Scaled::TooLarge:
      return fail(p, "bandwidth '" + shown(w) + "' is too large");
    case Scaled::NotWhole:
      return fail(p, "bandwidth '" + shown(w) + "' is not a whole number of bits per second");
  }
  return false;
}

}  // namespace tcpsim::scn
