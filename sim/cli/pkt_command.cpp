// `tcpsim pkt FILE.pkt...`: packetdrill scripts run against tcpsim's TCP (sim/pkt, docs/packetdrill.md),
// reported like packetdrill; `--to-scn` prints the scenario a script converts to instead.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "pkt/pkt_run.hpp"

namespace tcpsim::cli {

void add_pkt_command(CLI::App& app, PktArgs& args) {
  CLI::App* cmd = app.add_subcommand("pkt", "Run packetdrill scripts (.pkt) against tcpsim's TCP, or convert one (--to-scn)");
  cmd->add_option("FILE", args.files, "packetdrill scripts")->required()->expected(1, -1)->type_name("");
  cmd->add_flag("--to-scn", args.to_scn, "Print the scenario the script converts to (one FILE), and do not run it");
  cmd->add_flag("--lenient", args.lenient, "Skip what tcpsim cannot run (shell lines, Python, calls) with a warning");
  cmd->add_flag("--strict-options", args.strict_options,
                "Fail when an expected packet lists a TCP option tcpsim does not send (default: a note)");
  args.cmd = cmd;
}

int pkt_command(const PktArgs& a) {
  pkt::RunOptions o;
  o.lenient = a.lenient;
  o.strict_options = a.strict_options;
  if (a.to_scn) {
    if (a.files.size() != 1) {
      std::cerr << "tcpsim pkt: error: --to-scn converts one file\n";
      return kExitBadInput;
    }
    pkt::Conversion conv;
    pkt::ScriptReport report;
    const bool ok = pkt::convert_file(a.files[0], o, &conv, &report);
    for (const std::string& n : report.notes) std::cerr << n << "\n";
    for (const std::string& e : report.errors) std::cerr << e << "\n";
    if (!ok) return kExitBadInput;
    std::cout << conv.text;
    return kExitOk;
  }
  size_t passed = 0;
  size_t failed = 0;
  bool bad = false;
  for (const std::string& file : a.files) {
    const pkt::ScriptReport r = pkt::run_script_file(file, o);
    std::fflush(stdout);
    for (const std::string& n : r.notes) std::cerr << n << "\n";
    std::cerr.flush();
    for (const std::string& e : r.errors) std::cout << e << "\n";
    switch (r.verdict) {
      case pkt::ScriptReport::Verdict::Pass:
        ++passed;
        std::cout << "PASS " << file << "\n";
        break;
      case pkt::ScriptReport::Verdict::Fail:
        ++failed;
        std::cout << "FAIL " << file << "\n";
        break;
      case pkt::ScriptReport::Verdict::BadInput:
        ++failed;
        bad = true;
        std::cout << "ERROR " << file << "\n";
        break;
    }
    std::cout.flush();
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  if (bad) return kExitBadInput;
  return failed ? kExitFailed : kExitOk;
}

}  // namespace tcpsim::cli
