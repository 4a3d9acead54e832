#include "kernel_check.hpp"

#if TCPSIM_KERNEL_CHECK
#include <algorithm>
#include <iostream>

#include "commands.hpp"
#include "kernel/compare.hpp"
#include "kernel/expect_kernel.hpp"
#include "kernel/kernel_run.hpp"
#include "kernel/mapping.hpp"
#include "kernel/netns.hpp"
#include "output.hpp"
#include "render/ladder_text.hpp"
#include "scenario/also.hpp"
#include "scenario/parser.hpp"
#include "scenario/runner.hpp"
#include "terminal.hpp"
#include "trace/trace_json.hpp"

namespace tcpsim::cli {

CLI::App* add_kernel_check(CLI::App& app, KernelCheckArgs& a) {
  CLI::App* cmd = app.add_subcommand(
      "kernel-check", "Run the scenario on the real Linux TCP (root: a network namespace per host) and compare");
  cmd->add_option("FILE", a.file, "Scenario file, or a library scenario by name or number")->required()->type_name("");
  cmd->add_option("--real", a.real,
                  "A host that runs on the real Linux TCP (repeatable; default: every host); the others stay "
                  "tcpsim's simulated hosts in the same network")
      ->type_name("HOST|all")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_flag("--twin", a.twin, "The graceful twin instead of the fault run");
  cmd->add_option("--settle", a.settle_ms, "Milliseconds of real time after the last scripted event (default 500)")
      ->type_name("MS")
      ->check(CLI::Range(0L, 600000L));
  cmd->add_option("--max-time", a.max_seconds,
                  "Refuse a scenario whose run would take longer than S seconds of real time (default 30)")
      ->type_name("S")
      ->check(CLI::Range(1L, 3600L));
  cmd->add_flag("--strict", a.strict, "Known model gaps (Linux's delayed ACK) and failing expectations count as differences too (exit 1)");
  cmd->add_flag("--show", a.show, "Also draw the kernel's run as a ladder");
  cmd->add_option("--json", a.json, "Write the kernel's run as a trace (JSON) to OUT")->type_name("OUT");
  cmd->add_option("--also", a.also, "A scenario line added after the file's last, in both runs (repeatable)")
      ->type_name("LINE")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  // For tests: a line only tcpsim's run gets, so the two runs differ on purpose.
  cmd->add_option("--sim-also", a.sim_also, "")
      ->group("")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->footer(
      "Needs root, network namespaces and /dev/net/tun. Exit status: 0 the kernel agrees, 1 it differs, 2 bad input "
      "or it cannot run here (the message says why).\n"
      "Example:\n  sudo tcpsim kernel-check 02-graceful-close");
  return cmd;
}

namespace {
std::optional<Scenario> parse(const std::string& file, const std::vector<std::string>& also) {
  ParseResult r = parse_scenario_file_with_also(file, also);
  for (const Diagnostic& d : r.errors) std::cerr << d.format() << (d.format().ends_with('\n') ? "" : "\n");
  if (!r.ok() && r.errors.empty()) std::cerr << file << ": error: cannot read the scenario\n";
  return r.ok() ? std::move(r.scenario) : std::nullopt;
}
}  // namespace

int kernel_check_command(KernelCheckArgs& a) {
  if (!resolve_file_arg(a.file)) return kExitBadInput;
  const std::optional<Scenario> sc = parse(a.file, a.also);
  if (!sc) return kExitBadInput;
  if (a.twin && !sc->has_twin()) {
    std::cerr << a.file << ": error: --twin: this scenario has no graceful twin\n";
    return kExitBadInput;
  }
  const RunKind kind = a.twin ? RunKind::Twin : RunKind::Fault;
  kernel::KernelOptions opt;
  for (const std::string& h : a.real) {
    if (h == "all") continue;
    const auto decl = std::find_if(sc->hosts.begin(), sc->hosts.end(), [&](const HostDecl& d) { return d.name == h; });
    if (decl == sc->hosts.end()) {
      std::cerr << a.file << ": error: --real " << h << ": the scenario has no host '" << h << "'\n";
      return kExitBadInput;
    }
    if (decl->raw) {
      std::cerr << sc->where(decl->loc.line) << ": error: --real " << h << ": a raw host has no TCP to make real\n";
      return kExitBadInput;
    }
    opt.real.push_back(h);
  }
  if (std::find(a.real.begin(), a.real.end(), "all") != a.real.end()) opt.real.clear();
  if (const std::string why = kernel::cannot_run_reason(); !why.empty()) {
    std::cerr << "tcpsim kernel-check: error: cannot run here: " << why << "\n";
    return kExitBadInput;
  }
  Time last = 0;
  for (const Action& act : sc->actions) {
    if (runs_in(act.variant, kind)) last = std::max(last, act.at);
  }
  if (last + ms(a.settle_ms) > sec(a.max_seconds)) {
    std::cerr << a.file << ": error: its last event is at " << format_duration(last) << ": the run would take "
              << format_duration(last + ms(a.settle_ms)) << " of real time, more than --max-time " << a.max_seconds
              << " s allows (raise it, or shorten the scenario's times with `set` lines)\n";
    return kExitBadInput;
  }
  std::vector<std::string> sim_lines = a.also;
  sim_lines.push_back("set all delayed-ack on");  // Linux's delayed ACK in tcpsim's run (docs/kernel-check.md).
  sim_lines.push_back("set all congestion-control on");  // and Linux's congestion window (Reno).
  sim_lines.push_back("set all sndbuf-autotune on");  // and its send buffer (not where `sndbuf` fixed it).
  sim_lines.insert(sim_lines.end(), a.sim_also.begin(), a.sim_also.end());
  const std::optional<Scenario> sim_sc = parse(a.file, sim_lines);
  if (!sim_sc) return kExitBadInput;

  opt.kind = kind;
  opt.settle = ms(a.settle_ms);
  // tcpsim's run first (it is pure): the kernel's lasts until tcpsim's last segment plus the slack the
  // comparison allows it, so a Linux timer that fires later than tcpsim's, within the tolerance (a
  // keep-alive probe of 09 comes up to 2 s late: Linux's timer wheel rounds long timers up), is seen.
  const Trace sim = run_scenario(*sim_sc, kind);
  if (!sim.segments.empty()) {
    const Time last_seg = sim.segments.back().sent_at;
    const kernel::Tolerance tol;
    const Time until = last_seg + tol.abs + static_cast<Time>(tol.rel * static_cast<double>(last_seg));
    opt.until = std::min(until, std::max(sec(a.max_seconds), last + opt.settle));
  }
  kernel::KernelRun run = kernel::run_on_kernel(*sc, opt);
  if (run.stopped) {
    std::cerr << "tcpsim kernel-check: stopped by a signal; its namespaces and TUN devices are gone\n";
    return kExitBadInput;
  }
  if (!run.error.empty()) {
    std::cerr << "tcpsim kernel-check: error: cannot run here: " << run.error << "\n";
    return kExitBadInput;
  }
  for (const RunError& e : run.trace.errors) std::cerr << sc->where(e.line) << ": error: " << e.message << " (on the kernel)\n";
  if (a.show) {
    std::cout << "The kernel's run (" << run.trace.source << "):\n";
    LadderOptions o;
    o.width = output_width(std::nullopt);
    render_ladder(run.trace, o, std::cout);
  }
  if (!a.json.empty()) {
    Output out;
    if (!out.open(a.json)) {
      std::cerr << "tcpsim: error: " << out.error() << "\n";
      return kExitBadInput;
    }
    write_trace_json(run.trace, out.stream());
    if (!out.close()) {
      std::cerr << "tcpsim: error: " << out.error() << "\n";
      return kExitBadInput;
    }
  }
  const kernel::Comparison c = kernel::compare_runs(run.trace, sim, run.window);
  size_t reals = 0;
  for (const HostDecl& h : sc->hosts) reals += !h.raw && kernel::is_real(opt, h.name);
  std::cout << sc->file << (a.twin ? " (twin)" : "") << " on " << run.trace.source << ", " << reals << " real host"
            << (reals == 1 ? "" : "s");
  if (reals < sc->hosts.size()) std::cout << " (the others simulated by tcpsim)";
  std::cout << ", " << kernel::format_time(run.window) << " of real time\n";
  std::cout << "  each namespace: tcp_timestamps, tcp_sack, tcp_window_scaling and tcp_ecn off (tcpsim models "
               "none of them), tcp_congestion_control reno; window values are not compared\n";
  for (const std::string& n : run.notes) std::cout << "  not mapped: " << n << "\n";
  std::cout << kernel::format_comparison(c);
  const kernel::KernelExpectations ex = kernel::check_on_kernel(*sc, run.trace, run.window);
  std::cout << kernel::format_expectations(*sc, ex);
  if (!run.trace.errors.empty()) return kExitBadInput;
  const bool expectation_failed = std::any_of(ex.results.begin(), ex.results.end(), [](const CheckResult& r) { return !r.passed; });
  // A failing expectation is reported; it counts only with --strict: on a real kernel a lesson's
  // expectation can fail for a known model gap alone (02: Linux delays the ACK of the client's FIN, so
  // at 300 ms its client is still in FIN-WAIT-1), and the segments already say whether the kernel agrees.
  return c.first || (a.strict && (expectation_failed || !c.known.empty())) ? kExitFailed : kExitOk;
}

}  // namespace tcpsim::cli
#endif
