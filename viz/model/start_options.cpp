#include "model/start_options.hpp"

#include <algorithm>
#include <filesystem>

namespace tcpsim::viz {

const std::vector<std::string> kShowWords = {"library", "editor", "shortcuts", "twin", "absolute"};
const std::vector<std::string> kAskWords = {"segments", "states", "calls", "numbers"};

PredictAsk predict_ask(const std::vector<std::string>& ask) {
  PredictAsk a;
  if (ask.empty()) return a;
  auto has = [&](const char* what) { return std::find(ask.begin(), ask.end(), what) != ask.end(); };
  a.segments = has("segments");
  a.states = has("states");
  a.calls = has("calls");
  a.numbers = has("numbers");
  if (!a.any()) a.segments = true;  // "numbers" alone: numbers on segments
  return a;
}

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// "1", "true", "yes", "on" or nothing: on; "0", "false", "no", "off": off; else not a switch.
bool switch_value(const std::string& v, bool* on) {
  if (v.empty() || v == "1" || v == "true" || v == "yes" || v == "on") return *on = true, true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return *on = false, true;
  return false;
}

/// Splits "a,b" into words; false (with the offending word in `bad`) when one is not in `allowed`.
bool words_of(const std::string& v, const std::vector<std::string>& allowed, std::vector<std::string>* out,
              std::string* bad) {
  size_t start = 0;
  while (start <= v.size()) {
    const size_t comma = std::min(v.find(',', start), v.size());
    const std::string w = v.substr(start, comma - start);
    start = comma + 1;
    if (w.empty()) continue;
    if (std::find(allowed.begin(), allowed.end(), w) == allowed.end()) return *bad = w, false;
    if (std::find(out->begin(), out->end(), w) == out->end()) out->push_back(w);
  }
  return true;
}

std::string joined(const std::vector<std::string>& words) {
  std::string s;
  for (const std::string& w : words) s += (s.empty() ? "" : ", ") + w;
  return s;
}

/// A library file's name: letters, digits, '-', '_' and '.', not starting with a dot (so never a path).
bool library_name(const std::string& v) {
  if (v.empty() || v.size() > 200 || v[0] == '.') return false;
  return std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
  });
}

}  // namespace

bool url_decode(std::string_view in, std::string* out) {
  out->clear();
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+') {
      *out += ' ';  // application/x-www-form-urlencoded, as browsers build query strings
    } else if (in[i] == '%') {
      const int hi = i + 1 < in.size() ? hex_digit(in[i + 1]) : -1;
      const int lo = i + 2 < in.size() ? hex_digit(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) return false;
      *out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      *out += in[i];
    }
  }
  return true;
}

std::vector<std::string> parse_query(std::string_view query, const std::string& library_dir, StartOptions* out) {
  std::vector<std::string> problems;
  if (!query.empty() && query[0] == '?') query.remove_prefix(1);
  size_t start = 0;
  while (start < query.size()) {
    const size_t amp = std::min(query.find('&', start), query.size());
    const std::string_view part = query.substr(start, amp - start);
    start = amp + 1;
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    std::string key, value;
    if (!url_decode(part.substr(0, eq), &key) ||
        !url_decode(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1), &value)) {
      problems.push_back(std::string(part) + ": a broken %-escape");
      continue;
    }
    const std::string shown = key + "=" + value;
    bool on = false;
    std::string bad;
    if (key == "scenario") {
      std::string name = value;
      if (!library_name(name)) {
        problems.push_back(shown + ": not the name of a library scenario (like 08-crash-restart)");
        continue;
      }
      if (name.size() < 4 || name.compare(name.size() - 4, 4, ".scn") != 0) name += ".scn";
      const std::string path = library_dir + "/" + name;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(path, ec)) {
        problems.push_back(shown + ": the library has no scenario " + name);
        continue;
      }
      out->file = path;
    } else if (key == "step") {
      if (value.empty() || value.size() > 9 || !std::all_of(value.begin(), value.end(), [](char c) {
            return c >= '0' && c <= '9';
          })) {
        problems.push_back(shown + ": not a step number (0, 1, 2, ...)");
        continue;
      }
      out->at = static_cast<size_t>(std::stoul(value));
    } else if (key == "presentation" || key == "mute") {
      if (!switch_value(value, &on)) {
        problems.push_back(shown + ": expected 1 or 0");
        continue;
      }
      (key == "mute" ? out->mute : out->presentation) = on;
    } else if (key == "predict") {
      if (switch_value(value, &on)) {
        out->predict = on;
      } else if (std::vector<std::string> ask; words_of(value, kAskWords, &ask, &bad)) {
        out->predict = true;
        out->ask = ask;
      } else {
        problems.push_back(shown + ": '" + bad + "' is not one of " + joined(kAskWords) + " (or 1)");
      }
    } else if (key == "show") {
      std::vector<std::string> show = out->show;
      if (!words_of(value, kShowWords, &show, &bad)) {
        problems.push_back(shown + ": '" + bad + "' is not one of " + joined(kShowWords));
        continue;
      }
      out->show = show;
    } else if (key == "also") {
      if (value.find_first_not_of(" \t") == std::string::npos) {
        problems.push_back(shown + ": a what-if is one scenario line, e.g. also=at 250ms server crash");
        continue;
      }
      out->also.push_back(value);
    } else {
      problems.push_back("unknown parameter '" + key +
                         "' (the page knows scenario, step, presentation, mute, predict, show and also)");
    }
  }
  return problems;
}

}  // namespace tcpsim::viz
