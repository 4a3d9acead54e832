#include "model/beside.hpp"

#include <fstream>
#include <sstream>

#include "trace/trace_json.hpp"
#include "model/session.hpp"
#include "scenario/library.hpp"
#include "tcp/segment.hpp"

namespace tcpsim::viz {

namespace {

/// "FILE:LINE:COL" of byte `byte` (1-based, as nlohmann-json counts) in `text`.
std::string where_in(const std::string& path, const std::string& text, size_t byte) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return path + ":" + std::to_string(line) + ":" + std::to_string(col);
}

/// nlohmann-json's message without its "[json.exception.parse_error.101] " prefix.
std::string plain(const std::string& what) {
  const size_t close = what.find("] ");
  return what.rfind("[json.exception", 0) == 0 && close != std::string::npos ? what.substr(close + 2) : what;
}

std::string hosts_of(const Trace& t) {
  std::string s;
  for (const NodeRecord& n : t.nodes) {
    if (n.kind != NodeKind::Host) continue;
    s += (s.empty() ? "" : ", ") + n.name + " " + ip_to_string(n.ip);
  }
  return s;
}

/// The whole file, or false with `error` set.
bool read_file(const std::string& path, std::string* text, std::string* error) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    *error = path + ": error: cannot open the file";
    return false;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  *text = ss.str();
  return true;
}

}  // namespace

std::optional<Trace> read_trace_text(const std::string& text, const std::string& path, std::string* error) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    *error = where_in(path, text, e.byte) + ": error: not a tcpsim trace (JSON, as `tcpsim kernel-check --json` "
             "writes): " + plain(e.what());
    return std::nullopt;
  }
  if (!doc.is_object() || !doc.contains("version") || !doc.contains("segments") || !doc.contains("events")) {
    *error = path + ":1:1: error: not a tcpsim trace: JSON, but without the trace's \"version\", \"segments\" and "
             "\"events\" (docs/trace-format.md)";
    return std::nullopt;
  }
  try {
    Trace t = trace_from_json(doc);
    if (t.nodes.empty()) {
      *error = path + ":1:1: error: not a tcpsim trace: it has no hosts";
      return std::nullopt;
    }
    return t;
  } catch (const std::exception& e) {
    *error = path + ":1:1: error: not a tcpsim trace: " + plain(e.what());
    return std::nullopt;
  }
}

std::optional<Trace> read_trace_file(const std::string& path, std::string* error) {
  std::string text;
  if (!read_file(path, &text, error)) return std::nullopt;
  return read_trace_text(text, path, error);
}

std::string scenario_of_recording(const std::string& path, const std::string& library_dir, std::string* error) {
  const std::optional<Trace> t = read_trace_file(path, error);
  if (!t) return "";
  if (t->file.empty()) {
    *error = path + ":1:1: error: the recording names no scenario file: tcpsim-viz FILE.scn --beside " + path;
    return "";
  }
  ScenarioPath p = resolve_scenario(t->file, library_dir);
  if (!p.ok() || !std::ifstream(p.path)) {
    // Recorded elsewhere: the library's scenario of the same name.
    const std::string base = t->file.substr(t->file.find_last_of('/') == std::string::npos ? 0 : t->file.find_last_of('/') + 1);
    p = resolve_scenario(base, library_dir);
  }
  if (!p.ok() || !std::ifstream(p.path)) {
    *error = path + ": error: it is a run of " + t->file + ", which is not here: tcpsim-viz FILE.scn --beside " + path;
    return "";
  }
  return p.path;
}

std::string check_beside(const std::string& scenario_path, const std::string& trace_path) {
  std::string error;
  const std::optional<Trace> t = read_trace_file(trace_path, &error);
  if (!t) return error;
  Session s;
  if (!s.load_file(scenario_path) || !s.fault()) {
    return scenario_path + ": error: the scenario has errors: nothing to put " + trace_path + " beside";
  }
  const Run* sim = t->run == RunKind::Twin && s.twin() ? s.twin() : s.fault();
  return scenario_mismatch(*t, sim->trace, trace_path);
}

std::string run_source_title(const Trace& t) { return t.source.empty() ? "tcpsim" : t.source; }

std::string scenario_mismatch(const Trace& beside, const Trace& sim, const std::string& path) {
  const std::string mine = hosts_of(beside), theirs = hosts_of(sim);
  if (beside.title == sim.title && mine == theirs) return "";
  std::string s = path + ":1:1: error: a run of another scenario: \"" + beside.title + "\" (" + beside.file + ")";
  if (beside.title == sim.title) s = path + ":1:1: error: a run of another version of \"" + sim.title + "\"";
  s += ", hosts " + mine + "; the scenario on screen is \"" + sim.title + "\", hosts " + theirs;
  return s + ". Open it beside its own scenario: tcpsim-viz " + (beside.file.empty() ? "FILE.scn" : beside.file) +
         " --beside " + path;
}

BesideVerdict compare_beside(const Trace& beside, const Trace& sim) {
  BesideVerdict v;
  v.comparable = true;
  // The recording ends at its own end time (kernel-check: the last event + the settle time); tcpsim's
  // later events are not compared, as `tcpsim kernel-check` does.
  v.comparison = kernel::compare_runs(beside, sim, beside.end_time);
  const kernel::Comparison& c = v.comparison;
  const std::string them = run_source_title(beside), us = run_source_title(sim);
  const std::string counts = std::to_string(c.segments) + " segments in " + std::to_string(c.connections) +
                             (c.connections == 1 ? " connection, " : " connections, ") + std::to_string(c.calls) +
                             " calls";
  if (!c.first) {
    v.headline = "They agree: " + counts + " (times within 10 ms + 10 %)";
    if (!c.known.empty()) {
      v.headline = "They agree apart from " + std::to_string(c.known.size()) + " known model gap" +
                   (c.known.size() == 1 ? "" : "s") + " (" + c.known.front().category + "): " + counts;
    }
    return v;
  }
  const kernel::Difference& d = *c.first;
  v.mark = d.t;
  v.headline = "First difference at " + kernel::format_time(d.t) + " (" + d.category + "), " + d.where + ". " + them +
               ": " + d.kernel + "; " + us + ": " + d.tcpsim + (d.rule.empty() ? "" : " (tcpsim's rule: " + d.rule + ")");
  v.mark_label = "first difference (" + d.category + ")";
  return v;
}

bool Beside::open(const std::string& path, const Run& sim) {
  std::string text;
  if (!read_file(path, &text, &error_)) return false;
  return open_text(text, path, sim);
}

bool Beside::open_text(const std::string& text, const std::string& path, const Run& sim) {
  std::string err;
  std::optional<Trace> t = read_trace_text(text, path, &err);
  if (!t) {
    error_ = err;
    return false;
  }
  if (std::string why = scenario_mismatch(*t, sim.trace, path); !why.empty()) {
    error_ = why;
    return false;
  }
  run_ = std::make_unique<Run>(std::move(*t));
  path_ = path;
  title_ = run_source_title(run_->trace);
  error_.clear();
  compare_with(sim);
  return true;
}

void Beside::compare_with(const Run& sim) {
  if (!run_) return;
  compared_ = sim.serial;
  sim_title_ = run_source_title(sim.trace);
  if (std::string why = scenario_mismatch(run_->trace, sim.trace, path_); !why.empty()) {
    verdict_ = BesideVerdict{};
    verdict_.headline = "not compared: the scenario on screen has other hosts or another title now";
    return;
  }
  verdict_ = compare_beside(run_->trace, sim.trace);
}

void Beside::close() {
  run_.reset();
  path_.clear();
  title_.clear();
  verdict_ = BesideVerdict{};
  compared_ = 0;
}

}  // namespace tcpsim::viz
