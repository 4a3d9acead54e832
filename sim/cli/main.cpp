// tcpsim: run TCP scenarios and read, in the terminal, how their connections ended.
//
//   tcpsim run FILE      the ladder diagram of a run
//   tcpsim check FILE... the scenario's expectations, pass or fail
//   tcpsim diff FILE     the fault run next to its graceful twin
//   tcpsim trace FILE    every event (or --json)
//   tcpsim export FILE   the run for other tools: a pcapng capture for Wireshark (--pcap OUT), the
//                        ladder diagram as SVG for slides (--svg OUT)
//   tcpsim list          the scenario library
//   tcpsim pkt FILE.pkt  packetdrill scripts against tcpsim's TCP (pkt_command.cpp)
//   tcpsim kernel-check FILE   (Linux, root) the scenario on the real Linux TCP, compared with tcpsim's run
//
// FILE (run, check, diff, trace, export) is a path, or a library scenario by name or number: `tcpsim run
// 06` (scenario/library.hpp).
//
// run, check, diff, trace and export take `--also LINE` (repeatable): a scenario line added after the
// file's last, so a what-if ("what if the server crashed now?") can be shown without editing the file.
//
// Exit codes: 0 ok, 1 an expectation failed, 2 bad input or usage.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "commands.hpp"
#include "kernel_check.hpp"
#include "scenario/diagnostic.hpp"

namespace {

using namespace tcpsim::cli;

const std::vector<std::string> kCommands{"run", "check", "diff", "trace", "export", "list", "pkt",
#if TCPSIM_KERNEL_CHECK
                                         "kernel-check",
#endif
};

/// What FILE may be (scenario/library.hpp).
constexpr const char* kFileHelp = "Scenario file, or a library scenario by name or number (06-close-unread-data, 06)";

/// --color auto|always|never.
void add_colour(CLI::App* cmd, std::string& mode) {
  cmd->add_option("--color,--colour", mode, "Colour: auto (when writing to a terminal and NO_COLOR is unset), always or never")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}).description(""))
      ->default_str("auto");
}

/// A whole number from `min` to `max`, checked as written (CLI11 would read "-1" as a huge unsigned).
CLI::Validator whole_number(long long min, long long max, const std::string& what) {
  return CLI::Validator(
      [=](std::string& v) -> std::string {
        const bool digits = !v.empty() && v.size() <= 18 && v.find_first_not_of("0123456789") == std::string::npos;
        if (digits && std::stoll(v) >= min && std::stoll(v) <= max) return std::string();
        return "'" + v + "' is not " + what + " (a whole number from " + std::to_string(min) + " to " +
               std::to_string(max) + ")";
      },
      "", what);
}

/// --theme dark|light: the terminal's palette.
void add_theme(CLI::App* cmd, std::string& theme) {
  cmd->add_option("--theme", theme,
                  "Colours for a dark terminal (the default) or a light one (a projector, a white background: no "
                  "yellow or faint text)")
      ->type_name("dark|light")
      ->check(CLI::IsMember({"dark", "light"}).description(""));
}

/// The flags shared by the views (run, diff, list).
void add_view_flags(CLI::App* cmd, ViewFlags& v, long& width_value, CLI::Option*& width_opt) {
  add_colour(cmd, v.colour);
  add_theme(cmd, v.theme);
  cmd->add_flag("--ascii", v.ascii, "Only 7-bit characters (no box drawing, arrows or ✗)");
  cmd->add_flag("--absolute", v.absolute, "Absolute sequence numbers (default: relative, as Wireshark shows them)");
  width_opt = cmd->add_option("--width", width_value,
                              "Columns, 60 to 400 (default: the terminal's, else $COLUMNS, else 100)")
                  ->type_name("N")
                  ->check(whole_number(60, 400, "a width"));
}

/// Reads --seed N (any 64-bit number) into an optional.
CLI::Option* add_seed(CLI::App* cmd, uint64_t& seed) {
  return cmd->add_option("--seed", seed, "Random seed for jitter, loss and ISNs (overrides the file's 'seed')")
      ->type_name("N")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            const bool digits = !v.empty() && v.size() <= 20 &&
                                v.find_first_not_of("0123456789") == std::string::npos &&
                                (v.size() < 20 || v <= "18446744073709551615");
            return digits ? std::string() : "'" + v + "' is not a seed (a whole number, 0 or more)";
          },
          "", "seed"));
}

/// --also LINE, repeatable, in order: one scenario line each, added after the file's last.
void add_also(CLI::App* cmd, std::vector<std::string>& lines, const char* what) {
  // One argument per --also (a vector option would otherwise swallow the FILE after it).
  cmd->add_option("--also", lines,
                  std::string("A what-if: add this scenario line after the file's last line (repeatable, in order), "
                              "e.g. --also \"at 150ms server crash\" --also \"expect no RST from server\"") +
                      what)
      ->type_name("LINE")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

/// "tcpsim: unknown command 'rnu' (did you mean 'run'?)" for a first word that is no command.
bool unknown_command(int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return false;
  const std::string word = argv[1];
  for (const std::string& c : kCommands) {
    if (c == word) return false;
  }
  std::cerr << "tcpsim: error: unknown command '" << word << "'";
  const std::string near = tcpsim::did_you_mean(word, kCommands);
  if (!near.empty()) std::cerr << " (did you mean '" << near << "'?)";
  std::cerr << "\nThe commands are run, check, diff, trace, export, list and pkt; see 'tcpsim --help'.\n";
  return true;
}

/// Whether to set up subcommand `name`: only the one named by the first word (a command's options cost
/// CLI11 some work to build, more than a small run), or all when the first word is no command (--help).
bool wanted(int argc, char** argv, const char* name) {
  if (argc < 2 || argv[1][0] == '-') return true;
  return std::string(argv[1]) == name;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tcpsim: an educational TCP simulator. It runs scenario files on a simulated network and shows\n"
               "which segments crossed, where an RST replaced the FIN/ACK close, and what each application saw.",
               "tcpsim"};
  app.set_version_flag("--version", std::string("tcpsim ") + TCPSIM_VERSION, "Print the version and exit");
  app.require_subcommand(0, 1);
  app.footer(
      "Examples:\n"
      "  tcpsim list\n"
      "  tcpsim run 06                                 (a library scenario by number or name)\n"
      "  tcpsim run scenarios/06-close-unread-data.scn --theme light\n"
      "  tcpsim diff scenarios/06-close-unread-data.scn\n"
      "  tcpsim check scenarios/*.scn\n"
      "  tcpsim diff scenarios/06-close-unread-data.scn --also \"at 150ms server crash\"\n"
      "  tcpsim export scenarios/06-close-unread-data.scn --pcap run.pcapng\n"
      "\n"
      "Exit status: 0 ok, 1 an expectation failed, 2 bad input or usage.");

  RunArgs run;
  uint64_t run_seed = 0;
  long run_width = 0;
  CLI::Option* run_width_opt = nullptr;
  CLI::App* run_cmd = nullptr;
  CLI::Option* run_seed_opt = nullptr;
  if (wanted(argc, argv, "run")) {
    run_cmd = app.add_subcommand("run", "Draw the ladder diagram of a scenario's run");
    run_cmd->add_option("FILE", run.file, kFileHelp)->required()->type_name("");
    run_cmd->add_flag("--twin", run.twin, "Show the graceful twin instead of the fault run");
    run_seed_opt = add_seed(run_cmd, run_seed);
    run_cmd->add_flag("--timers", run.timers, "Also show timers armed and cancelled (default: only timers that fire)");
    run_cmd->add_flag("--all", run.all, "Every segment on its own line (default: a run of like segments, as in a long "
                                        "transfer, is one line saying how many, which sequence range, and whether all "
                                        "were acknowledged)");
    add_also(run_cmd, run.also, "");
    add_view_flags(run_cmd, run.view, run_width, run_width_opt);
  }

  CheckArgs check;
  uint64_t check_seed = 0;
  CLI::App* check_cmd = nullptr;
  CLI::Option* check_seed_opt = nullptr;
  if (wanted(argc, argv, "check")) {
    check_cmd = app.add_subcommand("check", "Check the expectations of scenario files (both runs)");
    check_cmd->add_option("FILE", check.files, "Scenario files, or library scenarios by name or number")->required()->expected(1, -1)->type_name("");
    check_seed_opt = add_seed(check_cmd, check_seed);
    check_cmd->add_flag("-q,--quiet", check.quiet, "Print only failures and the totals");
    add_also(check_cmd, check.also, ". Each file gets the lines; an --also expect is checked like the file's own");
    add_colour(check_cmd, check.colour);
    add_theme(check_cmd, check.theme);
  }

  DiffArgs diff;
  uint64_t diff_seed = 0;
  long diff_width = 0;
  CLI::Option* diff_width_opt = nullptr;
  CLI::App* diff_cmd = nullptr;
  CLI::Option* diff_seed_opt = nullptr;
  if (wanted(argc, argv, "diff")) {
    diff_cmd = app.add_subcommand("diff", "Compare the fault run with its graceful twin (with --also: the what-if with the original run)");
    diff_cmd->add_option("FILE", diff.file, std::string(kFileHelp) + " (with lines marked 'twin' or 'fault')")->required()->type_name("");
    diff_seed_opt = add_seed(diff_cmd, diff_seed);
    diff_cmd->add_option("--rows", diff.rows, "Show at most N side-by-side rows (default: all)")
        ->type_name("N")
        ->check(whole_number(1, 1000000000, "a row count"));
    add_also(diff_cmd, diff.also, ". The diff then compares the what-if with the original fault run (no twin needed)");
    add_view_flags(diff_cmd, diff.view, diff_width, diff_width_opt);
  }

  TraceArgs trace;
  uint64_t trace_seed = 0;
  CLI::App* trace_cmd = nullptr;
  CLI::Option* trace_seed_opt = nullptr;
  if (wanted(argc, argv, "trace")) {
    trace_cmd = app.add_subcommand("trace", "Print every event of a run (or the whole trace as JSON)");
    trace_cmd->add_option("FILE", trace.file, kFileHelp)->required()->type_name("");
    trace_cmd->add_flag("--twin", trace.twin, "The graceful twin instead of the fault run");
    trace_seed_opt = add_seed(trace_cmd, trace_seed);
    trace_cmd->add_flag("--json", trace.json, "The trace as JSON (see docs/trace-format.md)");
    trace_cmd->add_option("-o,--output", trace.out, "Write to this file instead of standard output")->type_name("OUT");
    trace_cmd->add_flag("--absolute", trace.absolute, "Absolute sequence numbers in the event list");
    add_also(trace_cmd, trace.also, "");
  }

  ExportArgs exp;
  uint64_t export_seed = 0;
  CLI::App* export_cmd = nullptr;
  CLI::Option* export_at = nullptr;
  CLI::Option* export_wire = nullptr;
  CLI::Option* export_seed_opt = nullptr;
  if (wanted(argc, argv, "export")) {
    export_cmd =
        app.add_subcommand("export", "Export a run for other tools: a pcapng capture for Wireshark, an SVG ladder for slides");
    export_cmd->add_option("FILE", exp.file, kFileHelp)->required()->type_name("");
    export_cmd->add_option("--pcap", exp.pcap, "Write a pcapng capture of the run to OUT ('-': standard output)")
        ->type_name("OUT");
    export_at = export_cmd->add_option(
        "--at", exp.at, "Capture at this host's interface: what it sent and what reached it (or at a firewall or nat)")
        ->type_name("NODE");
    export_wire = export_cmd->add_flag(
        "--wire", exp.wire, "Capture on the wire: every segment once, when sent, even if dropped later (the default)");
    export_at->excludes(export_wire);
    export_cmd->add_option("--svg", exp.svg, "Write the ladder diagram as a standalone SVG to OUT ('-': standard output)")
        ->type_name("OUT");
    export_cmd->add_option("--theme", exp.theme, "SVG colours: light (paper, slides; the default) or dark")
        ->check(CLI::IsMember({"light", "dark"}))
        ->type_name("light|dark");
    export_cmd->add_flag("--twin", exp.twin, "The graceful twin instead of the fault run");
    export_cmd->add_flag("--no-ghost", exp.no_ghost, "SVG: leave out the other run's dashed ghost and its callout");
    export_cmd->add_option("--from", exp.from, "SVG: draw only from this simulated time on (e.g. 89s)")->type_name("TIME");
    export_cmd->add_option("--to", exp.to, "SVG: draw only up to this simulated time (e.g. 91s)")->type_name("TIME");
    add_also(export_cmd, exp.also, "");
    export_seed_opt = add_seed(export_cmd, export_seed);
    export_cmd->footer(
        "Examples:\n"
        "  tcpsim export scenarios/06-close-unread-data.scn --pcap run.pcapng\n"
        "  tcpsim export scenarios/12-firewall-drop-timeout.scn --pcap client.pcapng --at client\n"
        "  tcpsim export scenarios/06-close-unread-data.scn --pcap - | tshark -r - -V\n"
        "  tcpsim export scenarios/06-close-unread-data.scn --svg close-unread.svg --theme light\n"
        "  tcpsim export 13 --svg nat.svg --from 89s --to 91s --no-ghost");
  }

  ListArgs list;
  long list_width = 0;
  CLI::Option* list_width_opt = nullptr;
  CLI::App* list_cmd = nullptr;
  if (wanted(argc, argv, "list")) {
    list_cmd = app.add_subcommand("list", "List the scenario library");
    list_cmd->add_option("--dir", list.dir, "Directory of *.scn files (default: $TCPSIM_SCENARIOS, else the built-in library)")
        ->type_name("DIR");
    add_view_flags(list_cmd, list.view, list_width, list_width_opt);
  }

  PktArgs pkt;
  if (wanted(argc, argv, "pkt")) add_pkt_command(app, pkt);
#if TCPSIM_KERNEL_CHECK
  KernelCheckArgs kernel;
  CLI::App* kernel_cmd = wanted(argc, argv, "kernel-check") ? add_kernel_check(app, kernel) : nullptr;
#endif

  if (unknown_command(argc, argv)) return kExitBadInput;
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version: printed on stdout, exit 0.
  } catch (const CLI::ParseError& e) {
    std::string where = "tcpsim";
    for (CLI::App* sub : app.get_subcommands()) where += " " + sub->get_name();
    std::cerr << where << ": error: " << e.what() << "\n"
              << "Run '" << where << " --help' for the options.\n";
    return kExitBadInput;  // CLI11 would use 105, 106...; scripts expect 2 for usage errors.
  }

  try {
    if (pkt.cmd && pkt.cmd->parsed()) return pkt_command(pkt);
    if (run_cmd && run_cmd->parsed()) {
      if (!resolve_file_arg(run.file)) return kExitBadInput;
      if (run_seed_opt->count()) run.seed = run_seed;
      if (run_width_opt->count()) run.view.width = run_width;
      return run_command(run);
    }
    if (check_cmd && check_cmd->parsed()) {
      if (check_seed_opt->count()) check.seed = check_seed;
      return check_command(check);
    }
    if (diff_cmd && diff_cmd->parsed()) {
      if (!resolve_file_arg(diff.file)) return kExitBadInput;
      if (diff_seed_opt->count()) diff.seed = diff_seed;
      if (diff_width_opt->count()) diff.view.width = diff_width;
      return diff_command(diff);
    }
    if (trace_cmd && trace_cmd->parsed()) {
      if (!resolve_file_arg(trace.file)) return kExitBadInput;
      if (trace_seed_opt->count()) trace.seed = trace_seed;
      return trace_command(trace);
    }
    if (export_cmd && export_cmd->parsed()) {
      if (!resolve_file_arg(exp.file)) return kExitBadInput;
      if (export_seed_opt->count()) exp.seed = export_seed;
      return export_command(exp);
    }
#if TCPSIM_KERNEL_CHECK
    if (kernel_cmd && kernel_cmd->parsed()) return kernel_check_command(kernel);
#endif
    if (list_cmd && list_cmd->parsed()) {
      if (list_width_opt->count()) list.view.width = list_width;
      return list_command(list);
    }
  } catch (const std::bad_alloc&) {
    // The trace's budget (`limit memory`) should stop a run first; the machine had less to give.
    std::cerr << "tcpsim: error: out of memory; give the scenario a smaller 'limit memory' (default 2GB) or a "
                 "shorter 'limit time'\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "tcpsim: internal error: " << e.what() << "\n";
    return kExitBadInput;
  }
  std::cout << app.help();
  return kExitOk;
}
