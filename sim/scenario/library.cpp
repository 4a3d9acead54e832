#include "scenario/library.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "scenario/diagnostic.hpp"

namespace tcpsim {

namespace fs = std::filesystem;

namespace {

/// At most this many near names are listed after an unknown or ambiguous name.
constexpr size_t kNearShown = 6;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

/// The number a library name starts with ("06-close..." -> "6"), without leading zeros; "" if none.
std::string leading_number(const std::string& name) {
  size_t end = 0;
  while (end < name.size() && std::isdigit(static_cast<unsigned char>(name[end]))) ++end;
  if (end == 0) return "";
  const size_t first = name.find_first_not_of('0');
  return first >= end ? "0" : name.substr(first, end - first);
}

/// "06-close-unread-data, 07-half-open" (at most kNearShown, then "...").
std::string name_list(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < kNearShown; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > kNearShown) out += ", ...";
  return out;
}

/// Library names near `word`: those containing it (case-insensitive), else the closest by spelling.
std::vector<std::string> near_names(const std::string& word, const std::vector<std::string>& names) {
  std::vector<std::string> near;
  const std::string w = lower(word);
  for (const std::string& n : names) {
    if (lower(n).find(w) != std::string::npos) near.push_back(n);
  }
  if (near.empty()) {
    // The name without its number, and its words ("close", "unread"): what a person half-remembers.
    for (const std::string& n : names) {
      std::vector<std::string> words{n, n.substr(std::min(n.size(), n.find('-') + 1))};
      for (size_t p = 0, q; p < n.size(); p = q + 1) {
        q = n.find('-', p);
        if (q == std::string::npos) q = n.size();
        words.push_back(n.substr(p, q - p));
      }
      if (!did_you_mean(word, words).empty()) near.push_back(n);
    }
  }
  return near;
}

}  // namespace

std::string scenario_library_dir() {
  if (const char* env = std::getenv("TCPSIM_SCENARIOS"); env && *env) return env;
#ifdef TCPSIM_SCENARIO_DIR
  std::error_code ec;
  if (fs::is_directory(TCPSIM_SCENARIO_DIR, ec)) return TCPSIM_SCENARIO_DIR;
#endif
  return "scenarios";
}

std::vector<std::string> library_names(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".scn" && it->is_regular_file(ec)) names.push_back(it->path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

ScenarioPath resolve_scenario(const std::string& arg, const std::string& dir) {
  std::error_code ec;
  if (arg.empty() || fs::exists(arg, ec) || arg.find('/') != std::string::npos) return {arg, ""};
  const std::vector<std::string> names = library_names(dir);
  const std::string stem = arg.ends_with(".scn") ? arg.substr(0, arg.size() - 4) : arg;
  const auto path_of = [&](const std::string& name) { return (fs::path(dir) / (name + ".scn")).string(); };
  if (std::find(names.begin(), names.end(), stem) != names.end()) return {path_of(stem), ""};
  std::vector<std::string> matches;
  for (const std::string& n : names) {
    const bool by_number = all_digits(stem) && leading_number(n) == leading_number(stem);
    if (by_number || (!all_digits(stem) && n.starts_with(stem))) matches.push_back(n);
  }
  if (matches.size() == 1) return {path_of(matches.front()), ""};
  if (matches.size() > 1) {
    return {"", "'" + arg + "' names " + std::to_string(matches.size()) + " library scenarios: " + name_list(matches) +
                    "; give more of the name"};
  }
  std::string error = "'" + arg + "' is neither a file nor a scenario of the library (" + dir + ")";
  // A number that matches nothing is near nothing ("0" is in half the names): the list says the rest.
  const std::vector<std::string> near = all_digits(stem) ? std::vector<std::string>{} : near_names(stem, names);
  if (!near.empty()) {
    error += "; near names: " + name_list(near);
  } else if (!names.empty()) {
    error += "; 'tcpsim list' shows its " + std::to_string(names.size()) + " scenarios";
  }
  return {"", error};
}

}  // namespace tcpsim
