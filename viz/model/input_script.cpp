#include "model/input_script.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace tcpsim::viz {

namespace {

// GLFW's key codes (glfw3.h), here so the parser needs no GLFW.
constexpr int kKeySpace = 32, kKeyEscape = 256, kKeyEnter = 257, kKeyTab = 258, kKeyBackspace = 259,
              kKeyRight = 262, kKeyLeft = 263, kKeyDown = 264, kKeyUp = 265, kKeyHome = 268, kKeyEnd = 269,
              kKeyF1 = 290;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool lower_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

/// "ctrl+shift+z" -> key and modifiers.
bool parse_key(std::string_view spec, InputCommand& c) {
  for (;;) {
    const size_t plus = spec.find('+');
    if (plus == std::string_view::npos || plus + 1 == spec.size()) break;
    const std::string_view mod = spec.substr(0, plus);
    if (lower_equal(mod, "ctrl")) c.ctrl = true;
    else if (lower_equal(mod, "shift")) c.shift = true;
    else if (lower_equal(mod, "alt")) c.alt = true;
    else return false;
    spec.remove_prefix(plus + 1);
  }
  static constexpr struct {
    const char* name;
    int key;
  } named[] = {{"enter", kKeyEnter}, {"escape", kKeyEscape}, {"esc", kKeyEscape}, {"tab", kKeyTab},
               {"backspace", kKeyBackspace}, {"space", kKeySpace}, {"right", kKeyRight}, {"left", kKeyLeft},
               {"down", kKeyDown}, {"up", kKeyUp}, {"home", kKeyHome}, {"end", kKeyEnd}, {"plus", '='},
               {"minus", '-'}};
  for (const auto& n : named) {
    if (lower_equal(spec, n.name)) {
      c.key = n.key;
      return true;
    }
  }
  if (spec.size() >= 2 && (spec[0] == 'F' || spec[0] == 'f')) {
    const int k = std::atoi(std::string(spec.substr(1)).c_str());
    if (k >= 1 && k <= 12) {
      c.key = kKeyF1 + k - 1;
      return true;
    }
  }
  if (spec.size() == 1 && std::isalnum(static_cast<unsigned char>(spec[0]))) {
    c.key = std::toupper(static_cast<unsigned char>(spec[0]));  // GLFW letters and digits are their ASCII codes.
    return true;
  }
  return false;
}

/// "300,400", or a place named when it was drawn: "lane:server", "item:crash", "conn:web".
bool parse_where(std::string_view spec, InputCommand& c) {
  for (const char* kind : {"lane:", "item:", "conn:"}) {
    if (spec.rfind(kind, 0) != 0) continue;
    c.where = InputCommand::Where::Named;
    c.text = std::string(kind) + std::string(trim(spec.substr(5)));
    return c.text.size() > 5;
  }
  const size_t comma = spec.find(',');
  if (comma == std::string_view::npos) return false;
  char* end = nullptr;
  const std::string xs(trim(spec.substr(0, comma))), ys(trim(spec.substr(comma + 1)));
  c.x = std::strtof(xs.c_str(), &end);
  if (xs.empty() || *end) return false;
  c.y = std::strtof(ys.c_str(), &end);
  return !ys.empty() && !*end && std::isfinite(c.x) && std::isfinite(c.y);
}

}  // namespace

bool parse_input_script(std::string_view script, std::vector<InputCommand>* out, std::string* error) {
  out->clear();
  size_t n = 0;
  while (!script.empty()) {
    const size_t semi = script.find(';');
    const std::string_view part = trim(script.substr(0, semi));
    script = semi == std::string_view::npos ? std::string_view{} : script.substr(semi + 1);
    ++n;
    if (part.empty()) continue;
    const size_t sp = part.find(' ');
    const std::string_view verb = part.substr(0, sp);
    const std::string_view arg = sp == std::string_view::npos ? std::string_view{} : trim(part.substr(sp + 1));
    InputCommand c;
    bool ok = true;
    if (verb == "key") {
      c.kind = InputCommand::Kind::Key;
      ok = parse_key(arg, c);
    } else if (verb == "text") {
      c.kind = InputCommand::Kind::Text;
      c.text = std::string(arg);
      ok = !arg.empty();
    } else if (verb == "click" || verb == "rclick" || verb == "move") {
      c.kind = verb == "click" ? InputCommand::Kind::Click : verb == "rclick" ? InputCommand::Kind::RClick
                                                                                : InputCommand::Kind::Move;
      ok = parse_where(arg, c);
    } else if (verb == "frames") {
      c.kind = InputCommand::Kind::Frames;
      c.frames = std::atoi(std::string(arg).c_str());
      ok = c.frames >= 1 && c.frames <= 10000;
    } else {
      *error = "command " + std::to_string(n) + ": unknown input '" + std::string(verb) +
               "' (key, text, click, rclick, move, frames)";
      return false;
    }
    if (!ok) {
      *error = "command " + std::to_string(n) + ": cannot read '" + std::string(part) + "'";
      return false;
    }
    out->push_back(std::move(c));
  }
  return true;
}

}  // namespace tcpsim::viz
