#include "commands.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <tuple>

#include "export/pcapng.hpp"
#include "ladder/ladder_svg.hpp"
#include "render/diff_text.hpp"
#include "render/event_dump.hpp"
#include "render/event_text.hpp"
#include "render/ladder_text.hpp"
#include "render/rich.hpp"
#include "scenario/also.hpp"
#include "scenario/diagnostic.hpp"
#include "scenario/expect.hpp"
#include "scenario/lexer.hpp"
#include "scenario/library.hpp"
#include "scenario/parser.hpp"
#include "scenario/runner.hpp"
#include "output.hpp"
#include "terminal.hpp"
#include "trace/trace_json.hpp"

namespace tcpsim::cli {

namespace {

void out(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

/// At most this many run errors, or failed expectations of one file, are printed (as the parser
/// shows at most 20 errors); a last line says how many more there were.
constexpr size_t kMaxShown = 20;

/// Parses a scenario file with the --also lines, printing its diagnostics (or why it cannot be read)
/// on stderr.
ParseResult load(const std::string& path, const std::vector<std::string>& also) {
  ParseResult r = parse_scenario_file_with_also(path, also);
  for (const Diagnostic& d : r.warnings) std::cerr << d.format() << "\n";
  if (r.ok()) return r;
  for (const Diagnostic& d : r.errors) std::cerr << d.format() << (d.format().ends_with('\n') ? "" : "\n");
  if (r.errors.empty()) std::cerr << path << ": error: cannot read the scenario\n";
  return r;
}

/// Prints a run's errors as `file:line: error: message` (`--also #2: error: ...` for an --also line),
/// naming the run when there are two (`run`, else the fault run or the graceful twin); true when
/// there were any.
bool report_run_errors(const Scenario& sc, const Trace& trace, std::string run = "") {
  if (run.empty() && trace.has_twin) run = trace.run == RunKind::Twin ? "the graceful twin" : "the fault run";
  const std::string in_run = run.empty() ? "" : " (in " + run + ")";
  for (size_t i = 0; i < trace.errors.size() && i < kMaxShown; ++i) {
    const RunError& e = trace.errors[i];
    std::cerr << sc.where(e.line) << ": error: " << e.message << in_run << "\n";
  }
  // Capped like the parser's errors: a million failing lines need the first few, not a million.
  if (trace.errors.size() > kMaxShown) {
    std::cerr << sc.file << ": error: too many errors: " << trace.errors.size() - kMaxShown << " more not shown"
              << in_run << "\n";
  }
  return !trace.errors.empty();
}

/// The run reached its memory budget (`limit memory`): its partial trace is not drawn or written, since
/// minutes of output for a run cut at an arbitrary event would only delay the message that matters.
bool over_budget(const Trace& trace) { return trace.stop_reason.starts_with("memory limit"); }

/// --color and --theme as the renderers take them.
render::Colours colours(const std::string& colour, const std::string& theme) {
  return render::Colours(use_colour(colour), theme == "light");
}

/// " with colour" wrapper for a line of `check` output.
std::string paint(const std::string& text, render::Ink ink, render::Colours colour) {
  render::Row row(render::display_width(text));
  row.put(0, render::rich(text, ink));
  return row.str(colour);
}

std::filesystem::path scenario_dir(const std::string& flag) {
  return flag.empty() ? std::filesystem::path(scenario_library_dir()) : std::filesystem::path(flag);
}

/// The file a FILE argument names (a path, a library name or number); says why on stderr when none.
std::optional<std::string> resolve_file(const std::string& given) {
  ScenarioPath p = resolve_scenario(given, scenario_library_dir());
  if (p.ok()) return std::move(p.path);
  std::cerr << "tcpsim: error: " << p.error << "\n";
  return std::nullopt;
}

/// "the fault run stopped at the 4h time limit (14400.000)", for a run a `limit` cut: a check that
/// passed on a cut run only says what happened before the cut.
std::string stopped_early(const Trace& trace) {
  std::string run = "the run";
  if (trace.has_twin) run = trace.run == RunKind::Twin ? "the graceful twin" : "the fault run";
  // stop_reason reads "time limit 4h": said as "the 4h time limit".
  const std::string& why = trace.stop_reason;
  const size_t cut = why.rfind(' ');
  const std::string limit = cut == std::string::npos ? why : why.substr(cut + 1) + " " + why.substr(0, cut);
  return run + " stopped at the " + limit + " (" + render::format_ms(trace.end_time) + ")";
}

/// A scenario and one of its runs.
struct Loaded {
  Scenario scenario;
  Trace trace;
};

/// Parses FILE with the --also lines and runs the fault run (or, with `twin`, the graceful twin);
/// messages on stderr and nothing returned when the file is bad or has no twin to show.
std::optional<Loaded> load_and_run(const std::string& file, const std::vector<std::string>& also, bool twin,
                                   std::optional<uint64_t> seed) {
  ParseResult r = load(file, also);
  if (!r.ok()) return std::nullopt;
  if (twin && !r.scenario->has_twin()) {
    std::cerr << file << ": error: --twin: this scenario has no graceful twin (no line is marked 'twin' or 'fault')\n";
    return std::nullopt;
  }
  Trace trace = run_scenario(*r.scenario, twin ? RunKind::Twin : RunKind::Fault, seed);
  if (over_budget(trace)) {
    report_run_errors(*r.scenario, trace);
    return std::nullopt;
  }
  return Loaded{std::move(*r.scenario), std::move(trace)};
}

/// Sets what every view (the ladder, the diff) takes from --width, --color, --ascii and --absolute.
template <typename Options>
void apply_view(const ViewFlags& v, Options& o) {
  o.width = output_width(v.width);
  o.colour = colours(v.colour, v.theme);
  o.ascii = v.ascii;
  o.absolute = v.absolute;
}

/// True when a diagnostic is about an --also line rather than the file.
bool about_also(const Diagnostic& d) { return d.file.starts_with("--also #"); }

}  // namespace

bool resolve_file_arg(std::string& file) {
  std::optional<std::string> found = resolve_file(file);
  if (found) file = std::move(*found);
  return found.has_value();
}

int run_command(const RunArgs& a) {
  const std::optional<Loaded> run = load_and_run(a.file, a.also, a.twin, a.seed);
  if (!run) return kExitBadInput;
  const Trace& trace = run->trace;
  LadderOptions o;
  apply_view(a.view, o);
  o.all_timers = a.timers;
  o.all_segments = a.all;
  // Every ladder row ends with '\n', so the errors that follow on stderr start on a line of their own.
  Output output;
  output.open("-");
  render_ladder(trace, o, output.stream());
  if (!output.close()) {
    std::cerr << "tcpsim: error: " << output.error() << "\n";
    return kExitBadInput;
  }
  return report_run_errors(run->scenario, trace) ? kExitBadInput : kExitOk;
}

int check_command(const CheckArgs& a) {
  const render::Colours colour = colours(a.colour, a.theme);
  size_t passed = 0;
  size_t failed = 0;
  size_t unreadable = 0;
  bool bad = false;
  for (const std::string& given : a.files) {
    std::fflush(stdout);  // Keep stdout and stderr lines in order when both go to one place.
    const std::optional<std::string> found = resolve_file(given);
    const ParseResult parsed = found ? load(*found, a.also) : ParseResult{};
    const std::string& file = found ? *found : given;
    const std::optional<Scenario>& sc = parsed.scenario;
    if (!sc) {
      // A file that was never checked is counted, so the totals cannot read as a clean pass.
      bad = true;
      ++unreadable;
      std::fflush(stdout);
      // With several files an --also line may fit some and not others: say which file this was.
      const bool also = std::any_of(parsed.errors.begin(), parsed.errors.end(), about_also);
      out(paint("ERROR", render::Ink::Rst, colour) + " " + file +
          (also ? " (the --also lines do not fit this file)\n" : " (unreadable: see the error above)\n"));
      continue;
    }
    std::vector<CheckResult> results;
    std::vector<RunKind> runs{RunKind::Fault};
    if (sc->has_twin()) runs.push_back(RunKind::Twin);
    bool run_errors = false;
    std::vector<std::string> cut;  // Per run cut by a limit: "the fault run stopped at the 4h time limit (14400.000)".
    for (RunKind k : runs) {
      // check prints verdicts and run errors, never a TCB value: its runs skip the snapshots (RunOptions).
      const Trace trace = run_scenario(*sc, k, a.seed, RunOptions{.record_tcbs = false});
      std::fflush(stdout);
      run_errors |= report_run_errors(*sc, trace);
      for (CheckResult& r : check_expectations(*sc, trace)) results.push_back(std::move(r));
      if (trace.truncated) cut.push_back(stopped_early(trace));
    }
    std::string stopped;
    if (cut.size() == 2 && cut[0].substr(cut[0].find(" stopped")) == cut[1].substr(cut[1].find(" stopped"))) {
      stopped = "; both runs" + cut[0].substr(cut[0].find(" stopped"));
    } else {
      for (const std::string& c : cut) stopped += "; " + c;
    }
    size_t file_failed = 0;
    for (const CheckResult& r : results) {
      if (r.passed) continue;
      if (++file_failed > kMaxShown) continue;
      std::string line = sc->where(r.line) + ": ";
      if (r.run == RunKind::Twin) line += "[twin] ";
      out(line + r.message + "\n");
    }
    if (file_failed > kMaxShown) {
      out(file + ": too many failures: " + std::to_string(file_failed - kMaxShown) + " more not shown\n");
    }
    passed += results.size() - file_failed;
    failed += file_failed;
    const std::string n = std::to_string(results.size()) + (results.size() == 1 ? " expectation" : " expectations");
    bad |= run_errors;
    if (run_errors) {
      std::string detail = "errors while running";
      if (!results.empty()) detail += "; " + std::to_string(file_failed) + " of " + n + " failed";
      out(paint("ERROR", render::Ink::Rst, colour) + " " + file + " (" + detail + stopped + ")\n");
    } else if (file_failed) {
      out(paint("FAIL", render::Ink::Rst, colour) + " " + file + " (" + std::to_string(file_failed) + " of " + n +
          " failed" + stopped + ")\n");
    } else if (!a.quiet) {
      out(paint("PASS", render::Ink::Good, colour) + " " + file + " (" + n + stopped + ")\n");
    }
  }
  std::string totals = std::to_string(passed) + " passed, " + std::to_string(failed) + " failed";
  if (unreadable) totals += ", " + std::to_string(unreadable) + " unreadable";
  out(totals + "\n");
  std::fflush(stdout);
  if (bad) return kExitBadInput;
  return failed ? kExitFailed : kExitOk;
}

namespace {

/// Prints the diff of two runs, then the errors met in each (both, even if the first had some).
int show_diff(const DiffArgs& a, const Scenario& left_sc, const Trace& left, const Scenario& right_sc,
              const Trace& right, const RunNames& names) {
  DiffOptions o;
  apply_view(a.view, o);
  o.max_rows = a.rows;
  o.names = names;
  if (!over_budget(left) && !over_budget(right)) {
    Output output;
    output.open("-");
    render_diff(left, right, o, output.stream());
    if (!output.close()) {
      std::cerr << "tcpsim: error: " << output.error() << "\n";
      return kExitBadInput;
    }
  }
  const bool left_errors = report_run_errors(left_sc, left, names.left);
  const bool right_errors = report_run_errors(right_sc, right, names.right);
  return left_errors || right_errors ? kExitBadInput : kExitOk;
}

}  // namespace

int diff_command(const DiffArgs& a) {
  const ParseResult parsed = load(a.file, a.also);
  const std::optional<Scenario>& sc = parsed.scenario;
  if (!sc) return kExitBadInput;
  if (!a.also.empty()) {
    // The what-if (the fault run with the lines) against the original fault run: where does the
    // what-if part from what the file alone does? The visualizer draws a branch the same way.
    const ParseResult original = load(a.file, {});
    if (!original.ok()) return kExitBadInput;
    const Trace branch = run_scenario(*sc, RunKind::Fault, a.seed);
    const Trace base = run_scenario(*original.scenario, RunKind::Fault, a.seed);
    return show_diff(a, *sc, branch, *original.scenario, base, RunNames::what_if());
  }
  if (!sc->has_twin()) {
    std::cerr << a.file << ": error: nothing to compare: this scenario has no graceful twin "
              << "(mark the lines that differ with 'twin' or 'fault')\n";
    return kExitBadInput;
  }
  const Trace fault = run_scenario(*sc, RunKind::Fault, a.seed);
  const Trace twin = run_scenario(*sc, RunKind::Twin, a.seed);
  return show_diff(a, *sc, fault, *sc, twin, RunNames{});
}

int trace_command(const TraceArgs& a) {
  const std::optional<Loaded> run = load_and_run(a.file, a.also, a.twin, a.seed);
  if (!run) return kExitBadInput;
  const Trace& trace = run->trace;
  // Written as it is made: the JSON of a long run is far larger than its trace (issue 10).
  Output output;
  if (output.open(a.out)) {
    if (a.json) {
      write_trace_json(trace, output.stream());
      output.stream() << "\n";
    } else {
      render_event_dump(trace, a.absolute, output.stream());
    }
  }
  if (!output.close()) {
    std::cerr << "tcpsim: error: " << output.error() << "\n";
    return kExitBadInput;
  }
  return report_run_errors(run->scenario, trace) ? kExitBadInput : kExitOk;
}

namespace {

/// Writes an export to `path` ("-": standard output); on failure says why and returns false.
bool write_output(const std::string& path, const std::string& bytes) {
  if (path == "-") {
    out(bytes);
    std::fflush(stdout);
    return true;
  }
  errno = 0;
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (f) f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  f.close();
  if (!f) {
    const int err = errno;
    std::cerr << "tcpsim export: error: cannot write '" << path << "'"
              << (err ? std::string(": ") + std::strerror(err) : std::string()) << "\n";
    return false;
  }
  return true;
}

/// Where a summary line goes: stderr when the export itself fills stdout (`--pcap - | tshark -r -`).
std::ostream& summary_stream(const std::string& path) { return path == "-" ? std::cerr : std::cout; }

std::string written_to(const std::string& path) { return path == "-" ? std::string("standard output") : path; }

}  // namespace

int export_command(const ExportArgs& a) {
  // Every output is an option, so one must be given.
  if (a.pcap.empty() && a.svg.empty()) {
    std::cerr << "tcpsim export: error: nothing to export: give an output, --pcap OUT (a pcapng capture for "
                 "Wireshark) or --svg OUT (the ladder diagram for slides)\nRun 'tcpsim export --help' for the options.\n";
    return kExitBadInput;
  }
  if (a.pcap == "-" && a.svg == "-") {
    std::cerr << "tcpsim export: error: --pcap - and --svg - cannot both write to standard output\n";
    return kExitBadInput;
  }
  if (a.pcap.empty() && (!a.at.empty() || a.wire)) {
    std::cerr << "tcpsim export: error: --at and --wire choose where a capture is taken: use them with --pcap OUT\n";
    return kExitBadInput;
  }
  if (a.svg.empty() && (a.no_ghost || !a.from.empty() || !a.to.empty())) {
    std::cerr << "tcpsim export: error: --no-ghost, --from and --to choose what the SVG draws: use them with --svg OUT\n";
    return kExitBadInput;
  }
  // The window, in the scenario's own time syntax ("89s", "1.5min").
  Time from = 0, to = -1;
  for (auto [flag, text, out] : {std::tuple{"--from", &a.from, &from}, std::tuple{"--to", &a.to, &to}}) {
    scn::Problem p;
    if (!text->empty() && !scn::parse_duration(*text, out, &p)) {
      std::cerr << "tcpsim export: error: " << flag << " " << *text << ": " << p.message
                << (p.hint.empty() ? "" : " (" + p.hint + ")") << "\n";
      return kExitBadInput;
    }
  }
  if (to >= 0 && to <= from) {
    std::cerr << "tcpsim export: error: --to " << a.to << " is not after --from " << (a.from.empty() ? "0" : a.from)
              << "\n";
    return kExitBadInput;
  }
  const ParseResult parsed = load(a.file, a.also);
  const std::optional<Scenario>& sc = parsed.scenario;
  if (!sc) return kExitBadInput;
  if (a.twin && !sc->has_twin()) {
    std::cerr << a.file << ": error: --twin: this scenario has no graceful twin (no line is marked 'twin' or 'fault')\n";
    return kExitBadInput;
  }
  const RunKind kind = a.twin ? RunKind::Twin : RunKind::Fault;
  const RunKind other_kind = a.twin ? RunKind::Fault : RunKind::Twin;
  std::string run_name = a.twin ? "the graceful twin of " : "the fault run of ";
  run_name += a.file;
  if (!a.also.empty()) run_name += a.also.size() == 1 ? " with its --also line" : " with its --also lines";
  // The run, and the other one (the capture says where the two part, the SVG draws its ghost), from
  // the one parse above. The SVG draws runs with their indexes (sim/ladder): then the capture takes
  // its traces from them.
  std::optional<viz::RunPair> runs;
  std::optional<Trace> own, own_other;
  const Trace* other = nullptr;
  if (!a.svg.empty()) runs = viz::run_pair(*sc, a.seed);
  const viz::Run* run = runs ? (a.twin ? runs->twin.get() : runs->fault.get()) : nullptr;
  if (run) {
    const viz::Run* o = a.twin ? runs->fault.get() : runs->twin.get();
    other = o ? &o->trace : nullptr;
  } else {
    own = run_scenario(*sc, kind, a.seed);
    if (!a.pcap.empty() && sc->has_twin()) other = &own_other.emplace(run_scenario(*sc, other_kind, a.seed));
  }
  const Trace& trace = run ? run->trace : *own;
  if (over_budget(trace) || (other && over_budget(*other))) {
    report_run_errors(*sc, trace);
    if (other) report_run_errors(*sc, *other);
    return kExitBadInput;
  }

  if (!a.pcap.empty()) {
    PcapngOptions o;
    o.other = other;
    if (!a.at.empty()) {
      o.view.node = trace.node_by_name(a.at);
      if (o.view.node == kNoNode) {
        std::vector<std::string> names;
        for (const NodeRecord& n : trace.nodes) names.push_back(n.name);
        std::cerr << a.file << ": error: --at " << a.at << ": no such node; a capture can be taken at "
                  << capture_points(trace);
        const std::string near = did_you_mean(a.at, names);
        if (!near.empty()) std::cerr << " (did you mean '" << near << "'?)";
        std::cerr << ", or on the wire (--wire)\n";
        return kExitBadInput;
      }
    }
    // Written as it is made: a long run's capture is never held whole (issue 10).
    Output output;
    CaptureCounts counts;
    if (output.open(a.pcap)) counts = write_pcapng(trace, o, output.stream());
    if (!output.close()) {
      std::cerr << "tcpsim export: error: " << output.error() << "\n";
      return kExitBadInput;
    }
    const size_t n = counts.packets;
    summary_stream(a.pcap) << "wrote " << written_to(a.pcap) << ": " << n << (n == 1 ? " packet" : " packets")
                           << " at " << view_name(trace, o.view) << ", " << counts.commented << " with comments (" << run_name
                           << ")\n";
  }

  if (!a.svg.empty()) {
    // The visualizer's ladder layout, drawn as SVG (sim/ladder).
    viz::SvgOptions o;
    o.twin = a.twin;
    o.light = a.theme != "dark";
    o.ghost = !a.no_ghost;
    o.from = from;
    o.to = to;
    const Time end = (a.twin ? runs->twin : runs->fault)->trace.end_time;
    if (from > end) {
      std::cerr << a.file << ": error: --from " << a.from << " is after the run's end at " << render::format_ms(end)
                << "s\n";
      return kExitBadInput;
    }
    const std::string svg = viz::ladder_svg(*runs, a.file, o);
    if (svg.empty()) {
      std::cerr << a.file << ": error: nothing to draw\n";
      return kExitBadInput;
    }
    if (!write_output(a.svg, svg)) return kExitBadInput;
    summary_stream(a.svg) << "wrote " << written_to(a.svg) << ": the ladder diagram of " << run_name << " ("
                          << (o.light ? "light" : "dark") << " theme, " << svg.size() / 1024
                          << " KB)\n";
  }
  std::cout.flush();
  return report_run_errors(*sc, trace) ? kExitBadInput : kExitOk;
}

int list_command(const ListArgs& a) {
  namespace fs = std::filesystem;
  const fs::path dir = scenario_dir(a.dir);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    std::cerr << "tcpsim: error: no scenario directory '" << dir.string()
              << "' (give one with --dir, or set TCPSIM_SCENARIOS)\n";
    return kExitBadInput;
  }
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".scn" && e.is_regular_file(ec)) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end(), [](const fs::path& x, const fs::path& y) { return x.filename() < y.filename(); });
  if (files.empty()) {
    std::cerr << "tcpsim: no *.scn files in '" << dir.string() << "'\n";
    return kExitOk;
  }
  const size_t width = output_width(a.view.width);
  const render::Colours colour = colours(a.view.colour, a.view.theme);
  size_t name_w = 0;
  for (const fs::path& p : files) name_w = std::max(name_w, render::display_width(p.stem().string()));
  for (const fs::path& p : files) {
    const ParseResult r = parse_scenario_file(p.string());
    std::string name = p.stem().string();
    name.resize(name_w + (name.size() - render::display_width(name)), ' ');
    render::Rich line = render::rich(name + "  ", render::Ink::Bold);
    if (!r.ok()) {
      const std::string why = r.errors.empty() ? std::string("unreadable") : r.errors.front().message;
      render::append(line, "(does not parse: line " + std::to_string(r.errors.empty() ? 0 : r.errors.front().line) +
                               ": " + why + ")",
                     render::Ink::Error);
    } else {
      render::append(line, r.scenario->title.empty() ? std::string("(no title)") : r.scenario->title);
      const std::string& summary = r.scenario->summary;
      const std::string first = summary.substr(0, summary.find('\n'));
      // The first summary line, dimmed, cut to what is left of the line (if enough is left).
      const size_t used = line.size() + 3;
      if (!first.empty() && used + 20 <= width) {
        render::Rich more = render::rich(first, render::Ink::Dim);
        render::append(line, a.view.ascii ? " - " : " — ", render::Ink::Dim);
        const render::Rich clipped = render::clip(more, width - used, a.view.ascii ? "..." : "…");
        line.insert(line.end(), clipped.begin(), clipped.end());
      }
    }
    render::Row row(std::max(width, line.size()));
    row.put(0, line);
    out(row.str(colour) + "\n");
  }
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace tcpsim::cli
