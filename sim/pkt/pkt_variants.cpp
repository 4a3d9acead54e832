// `#ifdef`-style variants in a script (pkt_parser.hpp, select_variants()): packetdrill has no
// preprocessor of its own, but suites that run on several kernels keep their variants in one file
// behind `#ifdef linux` / `#ifndef linux` / `#else` / `#endif`. tcpsim follows Linux, so the branches
// for `linux` (also spelt `__linux__`) and `tcpsim` are the ones that apply; every other name is
// undefined. The lines of a branch that does not apply, and the directives themselves, become empty
// lines, so the rest of the script keeps its line numbers.
#include <string>
#include <vector>

#include "pkt/pkt_parser.hpp"

namespace tcpsim::pkt {

bool variant_defined(std::string_view name) { return name == "linux" || name == "__linux__" || name == "tcpsim"; }

namespace {

struct Branch {
  Loc opened;          ///< Where its #ifdef/#ifndef is.
  bool parent_active;  ///< The lines around it are kept.
  bool taken;          ///< The condition held (its #else branch then does not apply).
  bool in_else = false;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

/// "NAME" after a directive: one word, optionally followed by a // comment.
bool directive_name(std::string_view rest, std::string_view* name) {
  rest = trim(rest);
  if (size_t c = rest.find("//"); c != std::string_view::npos) rest = trim(rest.substr(0, c));
  if (rest.empty()) return false;
  for (char ch : rest) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    if (!ok) return false;
  }
  *name = rest;
  return true;
}

}  // namespace

std::string select_variants(std::string_view text, std::vector<Problem>& problems) {
  if (text.find('#') == std::string_view::npos) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::vector<Branch> stack;
  uint32_t line = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    const size_t nl = text.find('\n', pos);
    const size_t end = nl == std::string_view::npos ? text.size() : nl;
    const std::string_view raw = text.substr(pos, end - pos);
    ++line;
    const std::string_view body = trim(raw);
    const bool active = stack.empty() || (stack.back().parent_active && (stack.back().taken != stack.back().in_else));
    const uint32_t col = static_cast<uint32_t>(raw.find('#') + 1);
    auto error = [&](std::string message) {
      if (problems.size() < kMaxProblems) problems.push_back({Problem::Kind::Error, {line, col}, std::move(message)});
    };
    if (!body.empty() && body[0] == '#') {
      std::string_view word = body.substr(1);
      const size_t sp = word.find_first_of(" \t");
      const std::string_view rest = sp == std::string_view::npos ? std::string_view() : word.substr(sp);
      word = word.substr(0, sp);
      std::string_view name;
      if (word == "ifdef" || word == "ifndef") {
        if (!directive_name(rest, &name)) {
          error("#" + std::string(word) + " needs one name (tcpsim follows Linux: `#ifdef linux`)");
          name = "";
        }
        if (stack.size() >= 64) {
          error("#" + std::string(word) + " nested too deep (at most 64)");
        } else {
          stack.push_back({{line, col}, active, variant_defined(name) == (word == "ifdef")});
        }
      } else if (word == "else") {
        if (stack.empty()) error("#else without #ifdef or #ifndef");
        else if (stack.back().in_else) error("a second #else for the #ifdef at line " + std::to_string(stack.back().opened.line));
        else stack.back().in_else = true;
      } else if (word == "endif") {
        if (stack.empty()) error("#endif without #ifdef or #ifndef");
        else stack.pop_back();
      } else {
        error("unknown directive '#" + std::string(word).substr(0, 20) +
              "' (variants are #ifdef NAME, #ifndef NAME, #else, #endif)");
      }
    } else if (active) {
      out.append(raw);
    }
    if (nl == std::string_view::npos) break;
    out.push_back('\n');
    pos = nl + 1;
  }
  for (const Branch& b : stack) {
    if (problems.size() < kMaxProblems) {
      problems.push_back({Problem::Kind::Error, b.opened, "#ifdef or #ifndef without #endif"});
    }
  }
  return out;
}

}  // namespace tcpsim::pkt
