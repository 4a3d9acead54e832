#pragma once
// The `tcpsim` subcommands, one function each, called by main.cpp once CLI11 has read the flags.
// Each returns the process exit code.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tcpsim::cli {

/// Exit codes of every command.
constexpr int kExitOk = 0;          ///< Done; every expectation held.
constexpr int kExitFailed = 1;      ///< An expectation failed (`check`).
constexpr int kExitBadInput = 2;    ///< Bad usage, a missing or malformed file, an error while running.

/// How views are drawn (`run`, `diff`, `list`).
struct ViewFlags {
  std::optional<long> width;        ///< --width (else the terminal's).
  std::string colour = "auto";      ///< --color auto|always|never
  std::string theme = "dark";       ///< --theme dark|light
  bool ascii = false;               ///< --ascii
  bool absolute = false;            ///< --absolute
};

/// `tcpsim run FILE`.
struct RunArgs {
  std::string file;
  std::vector<std::string> also;    ///< --also LINE...: scenario lines run after the file's last (a what-if).
  bool twin = false;
  std::optional<uint64_t> seed;
  bool timers = false;
  bool all = false;                 ///< --all: every segment on its own line (no folding).
  ViewFlags view;
};

/// `tcpsim check FILE...`.
struct CheckArgs {
  std::vector<std::string> files;
  std::vector<std::string> also;    ///< --also LINE...: added to each file.
  std::optional<uint64_t> seed;
  bool quiet = false;
  std::string colour = "auto";
  std::string theme = "dark";       ///< --theme dark|light
};

/// `tcpsim diff FILE`.
struct DiffArgs {
  std::string file;
  std::vector<std::string> also;    ///< --also LINE...: compare the what-if with the original fault run.
  std::optional<uint64_t> seed;
  size_t rows = 0;
  ViewFlags view;
};

/// `tcpsim trace FILE`.
struct TraceArgs {
  std::string file;
  std::vector<std::string> also;    ///< --also LINE...: scenario lines run after the file's last.
  bool twin = false;
  std::optional<uint64_t> seed;
  bool json = false;
  std::string out;                  ///< -o: write here instead of stdout.
  bool absolute = false;
};

/// `tcpsim export FILE`: the run in formats other tools read.
struct ExportArgs {
  std::string file;
  std::vector<std::string> also;    ///< --also LINE...: scenario lines run after the file's last.
  std::string pcap;                 ///< --pcap OUT: a pcapng capture ("-": standard output).
  std::string svg;                  ///< --svg OUT: the ladder diagram as SVG ("-": standard output).
  std::string theme = "light";      ///< --theme light|dark (SVG).
  std::string at;                   ///< --at NODE: the capture is taken at this node's interface.
  bool wire = false;                ///< --wire: the capture is taken on the wire (the default).
  bool twin = false;
  bool no_ghost = false;            ///< --no-ghost: the SVG without the other run's ghost and callout.
  std::string from;                 ///< --from TIME: the SVG draws only from this simulated time...
  std::string to;                   ///< --to TIME: ...up to this one.
  std::optional<uint64_t> seed;
};

/// `tcpsim list`.
struct ListArgs {
  std::string dir;                  ///< Empty: TCPSIM_SCENARIOS, else the built-in directory, else ./scenarios.
  ViewFlags view;
};

/// `tcpsim pkt FILE.pkt...` (pkt_command.cpp).
struct PktArgs {
  std::vector<std::string> files;
  bool to_scn = false;              ///< --to-scn: print the converted scenario instead of running.
  bool lenient = false;             ///< --lenient: skip what cannot run, with a warning.
  bool strict_options = false;      ///< --strict-options: a TCP option tcpsim does not send fails.
  CLI::App* cmd = nullptr;          ///< The subcommand, once added.
};
/// Adds the `pkt` subcommand to `app`, filling `args`.
void add_pkt_command(CLI::App& app, PktArgs& args);
int pkt_command(const PktArgs& args);

/// Replaces a FILE argument by the file it names (a path, a library name or number: see
/// resolve_scenario()); false, with the reason on stderr, when it names none.
bool resolve_file_arg(std::string& file);

/// Each command: runs it and returns the process exit code.
int run_command(const RunArgs& args);
int check_command(const CheckArgs& args);
int diff_command(const DiffArgs& args);
int trace_command(const TraceArgs& args);
int export_command(const ExportArgs& args);
int list_command(const ListArgs& args);

}  // namespace tcpsim::cli
