#include "scenario/diagnostic.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "util/text.hpp"

namespace tcpsim {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// Bytes the caret's '~' covers from byte `b`: a whole "string", or a word up to the next ':', '+',
// ',' or '=' (so `sever:80` underlines just `sever`, `RST+ACKK` just the bad flag).
size_t token_extent(std::string_view s, size_t b) {
  const size_t n = s.size();
  if (b >= n || is_space(s[b]) || s[b] == '#') return 0;
  size_t j = b + 1;
  if (s[b] == '"') {
    while (j < n && s[j] != '"') j += s[j] == '\\' ? 2 : 1;
    return std::min(j + 1, n) - b;
  }
  while (j < n && !is_space(s[j]) && s[j] != '"' && s[j] != '#' && s[j] != ':' && s[j] != '+' && s[j] != ',' &&
         s[j] != '=') {
    ++j;
  }
  return j - b;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

// Optimal string alignment distance (Levenshtein plus adjacent transposition, so "clinet" is one
// edit from "client"), case-insensitive. Stops early once every entry of a row exceeds `limit`.
size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
  const size_t n = a.size();
  const size_t m = b.size();
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      const bool same = lower(a[i - 1]) == lower(b[j - 1]);
      size_t d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
        d = std::min(d, prev2[j - 2] + 1);
      }
      cur[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

}  // namespace

std::string Diagnostic::format() const {
  std::string out = file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (col > 0) out += ':' + std::to_string(col);
  }
  out += (warning ? ": warning: " : ": error: ") + message;
  if (line > 0) {
    const std::string number = std::to_string(line);
    const size_t width = std::max<size_t>(5, number.size());
    const std::string_view src = source_line;
    // Very long lines are shown as a window of about 160 bytes around the column.
    const size_t target = col > 0 ? std::min<size_t>(col - 1, src.size()) : 0;
    size_t begin = 0;
    size_t end = src.size();
    if (src.size() > 200) {
      begin = target > 80 ? target - 80 : 0;
      while (begin > 0 && begin < src.size() && (static_cast<unsigned char>(src[begin]) & 0xC0) == 0x80) ++begin;
      end = std::min(src.size(), begin + 160);
    }
    const size_t under_end = std::min(end, target + token_extent(src, target));
    std::string shown_line = begin > 0 ? "..." : "";
    std::string caret = begin > 0 ? "   " : "";
    // One display character per UTF-8 sequence, so the caret lines up on a terminal; control bytes
    // and invalid UTF-8 print as '?'.
    for (size_t i = begin; i < end;) {
      const auto c = static_cast<unsigned char>(src[i]);
      size_t len = 1;
      if (c == '\t')
        shown_line += '\t';
      else if (c < 0x20 || c == 0x7F)
        shown_line += '?';
      else if (c < 0x80)
        shown_line += static_cast<char>(c);
      else if ((len = utf8_sequence(src, i)) > 0)
        shown_line.append(src.substr(i, len));
      else
        len = 1, shown_line += '?';
      if (col > 0) {
        if (i + len <= target)
          caret += c == '\t' ? '\t' : ' ';
        else if (i <= target)
          caret += '^';
        else if (i < under_end)
          caret += '~';
      }
      i += len;
    }
    if (col > 0 && target >= end) caret += '^';
    if (end < src.size()) shown_line += "...";
    out += '\n' + std::string(width - number.size(), ' ') + number + " | " + shown_line;
    if (col > 0) out += '\n' + std::string(width, ' ') + " | " + caret;
  }
  if (!hint.empty()) out += "\nhint: " + hint;
  return out;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  constexpr size_t kMaxDistance = 2;
  if (word.empty() || word.size() > 64) return "";
  std::string best;
  size_t best_distance = kMaxDistance + 1;
  for (const std::string& c : candidates) {
    const size_t gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (c == word || gap >= best_distance) continue;
    const size_t d = edit_distance(word, c, best_distance - 1);
    // Never suggest a word that shares nothing with the input ("rd" is not a typo of "wr").
    if (d < best_distance && d < word.size()) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

}  // namespace tcpsim
