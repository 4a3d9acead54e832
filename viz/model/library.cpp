#include "model/library.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "model/narration_view.hpp"
#include "scenario/library.hpp"
#include "scenario/parser.hpp"

namespace tcpsim::viz {

std::string library_dir() { return scenario_library_dir(); }

std::vector<LibraryEntry> scan_library(const std::string& dir) {
  namespace fs = std::filesystem;
  std::vector<LibraryEntry> out;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".scn" && it->is_regular_file(ec)) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  for (const fs::path& p : files) {
    LibraryEntry e;
    e.path = p.string();
    e.file = p.filename().string();
    const ParseResult r = parse_scenario_file(e.path);
    if (r.ok()) {
      e.title = r.scenario->title;
      e.summary = paragraph(r.scenario->summary);
    } else {
      e.readable = false;
      if (!r.errors.empty()) {
        const Diagnostic& d = r.errors.front();
        e.error = d.line ? "line " + std::to_string(d.line) + ": " + d.message : d.message;
      } else {
        e.error = "does not parse";
      }
    }
    if (e.title.empty()) e.title = p.stem().string();
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool matches_words(std::string_view haystack, std::string_view filter) {
  const std::string hay = lower(haystack);
  std::string w;
  for (char c : lower(filter) + " ") {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!w.empty() && hay.find(w) == std::string::npos) return false;
      w.clear();
    } else {
      w += c;
    }
  }
  return true;
}

std::vector<size_t> filter_library(const std::vector<LibraryEntry>& entries, std::string_view filter) {
  std::vector<size_t> out;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (matches_words(entries[i].file + " " + entries[i].title + " " + entries[i].summary, filter)) out.push_back(i);
  }
  return out;
}

}  // namespace tcpsim::viz
