#include "model/session.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "pkt/pkt_run.hpp"
#include "scenario/parser.hpp"

namespace tcpsim::viz {

bool Session::load_file(const std::string& path, std::optional<uint64_t> seed) {
  path_ = path;
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    // Let the parser produce the usual "cannot open" diagnostic.
    text_.clear();
    ParseResult r = parse_scenario_file(path);
    errors_ = r.errors;
    stale_ = false;
    scenario_.reset();
    runs_ = {};
    return false;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  return load_text(ss.str(), path, seed);
}

bool Session::load_text(const std::string& text, const std::string& path, const std::vector<uint32_t>& what_if,
                        bool keep_last_good) {
  return load(text, path, std::nullopt, keep_last_good, what_if);
}

bool Session::load_text(const std::string& text, const std::string& path, std::optional<uint64_t> seed,
                        bool keep_last_good) {
  return load(text, path, seed, keep_last_good, {});
}

bool Session::load(const std::string& text, const std::string& path, std::optional<uint64_t> seed, bool keep_last_good,
                   const std::vector<uint32_t>& what_if) {
  path_ = path;
  text_ = text;
  // A packetdrill script (.pkt) is opened as the scenario it converts to (sim/pkt, as `tcpsim pkt
  // --to-scn`); its errors and run errors name the script's lines. The editor keeps the script.
  origin_.clear();
  ParseResult r = pkt::is_pkt_path(path) ? pkt::parse_pkt_as_scenario(text, path, &origin_) : parse_scenario(text, path);
  if (r.scenario) {
    r.scenario->what_if_lines = what_if;
    std::sort(r.scenario->what_if_lines.begin(), r.scenario->what_if_lines.end());
  }
  errors_ = r.errors;
  if (!r.scenario && keep_last_good && runs_.fault) {
    stale_ = true;  // The last good scenario and runs stay.
    return false;
  }
  stale_ = false;
  scenario_ = std::move(r.scenario);
  runs_ = {};
  if (!scenario_) return false;
  runs_ = run_pair(*scenario_, seed);
  return true;
}

std::vector<Diagnostic> Session::run_errors() const {
  std::vector<Diagnostic> out;
  for (const Run* r : {fault(), twin()}) {
    if (!r) continue;
    for (const RunError& e : r->trace.errors) {
      Diagnostic d;
      d.file = path_;
      d.line = e.line;
      d.message = e.message;
      if (scenario_ && e.line >= 1 && e.line <= scenario_->lines.size()) d.source_line = scenario_->lines[e.line - 1];
      if (!origin_.empty()) d.line = e.line >= 1 && e.line <= origin_.size() ? origin_[e.line - 1] : 0;  // .pkt
      out.push_back(d);
    }
  }
  return out;
}

}  // namespace tcpsim::viz
