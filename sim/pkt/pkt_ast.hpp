#pragma once
// sim/pkt/ owns packetdrill scripts (.pkt): their lexer and parser (this AST), the converter to a
// tcpsim Scenario, and the run that reports like packetdrill (docs/packetdrill.md). It may include
// sim/scenario, sim/net, sim/trace, sim/tcp and sim/util; nothing of viz/ (tests/layers checks it).
//
// The AST of one script: the events in file order, each with its place in the file, and the
// problems met while reading it (an error stops the script from running; an unsupported construct
// stops it too unless --lenient, which skips it with a warning).
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "util/time.hpp"

namespace tcpsim::pkt {

/// 1-based line and column (columns count bytes).
struct Loc {
  uint32_t line = 0;
  uint32_t col = 0;
};

/// A problem in the script: `file:line:col: message`.
struct Problem {
  enum class Kind : uint8_t { Error, Unsupported, Warning, Note };
  Kind kind = Kind::Error;
  Loc loc;
  std::string message;
  /// "t.pkt:3:5: error: ...", "t.pkt:3:1: unsupported: ...".
  std::string format(const std::string& file) const;
};

/// An event's time: `0.1` (absolute), `+0.1` (after the previous event), `*` (any time), a range
/// `0.1~0.2` (the end may be relative too), and for a blocking call `0.1...0.2` (starts, returns).
struct EventTime {
  enum class Kind : uint8_t { Absolute, Relative, Any } kind = Kind::Absolute;
  Time t = 0;                       ///< Absolute or relative start.
  std::optional<Time> range_end;    ///< `~END`: the event may happen until then (absolute once resolved).
  bool range_end_relative = false;
  std::optional<Time> call_end;     ///< `...END`: a blocking call returns then.
  bool call_end_relative = false;
};

/// One TCP option in `<...>`.
struct TcpOpt {
  enum class Kind : uint8_t { Mss, SackOk, Timestamp, Nop, WindowScale, Eol, Sack } kind = Kind::Nop;
  uint32_t a = 0;  ///< mss, wscale, TS val.
  uint32_t b = 0;  ///< TS ecr.
  Loc loc;
};

/// `<` (into the stack) or `>` (from the stack): flags, `start:end(len)`, `ack N`, `win N`, `<options>`.
struct Packet {
  bool inbound = true;          ///< `<`.
  uint8_t flags = 0;            ///< tcp/segment.hpp bits (kSyn, kFin, kRst, kPsh, kAck).
  bool ece = false;             ///< `E`: read and reported (tcpsim models no ECN).
  bool cwr = false;             ///< `W`.
  uint32_t start = 0;
  uint32_t end = 0;
  uint32_t len = 0;
  std::optional<uint32_t> ack;
  std::optional<uint32_t> win;
  bool has_options = false;     ///< An option list was written (`<>` included).
  bool any_options = false;     ///< `<...>`: whatever options.
  std::vector<TcpOpt> options;
  Loc flags_loc;
};

/// One argument of a system call: its tokens' text, joined without spaces (`[1]`, `...`,
/// `O_RDWR|O_NONBLOCK`, `{l_onoff=1,l_linger=0}`), and the numbers and names in it, in order.
struct Arg {
  std::string text;
  std::vector<std::string> names;
  std::vector<int64_t> numbers;
  Loc loc;
};

/// `name(args) = ret [ERRNO (text)]`.
struct Syscall {
  std::string name;
  std::vector<Arg> args;
  int64_t ret = 0;
  std::string errno_name;       ///< Empty when none was written.
  Loc ret_loc;
};

/// A shell line `` `...` ``: its text and, for `sysctl -w NAME=VALUE`, what tcpsim makes of it.
struct Shell {
  std::string command;
};

/// One line of the script that happens at a time.
struct Event {
  Loc loc;
  EventTime time;
  std::variant<Packet, Syscall, Shell> what;
};

/// `--NAME=VALUE` lines of the script (packetdrill's command-line options).
struct ScriptOption {
  std::string name;
  std::string value;
  Loc loc;
};

/// A whole script.
struct Script {
  std::string file;
  std::vector<Event> events;
  std::vector<ScriptOption> options;
  std::vector<Problem> problems;  ///< Errors, unsupported constructs, warnings and notes, in line order.
  Time tolerance = 4 * kMs;       ///< --tolerance_usecs (packetdrill's default: 4000).

  /// True when the script must not run: an error, or an unsupported construct (unless lenient).
  bool failed() const;
};

/// Limits that keep a hostile script bounded (it will be fuzzed).
constexpr size_t kMaxScriptBytes = 4u << 20;   ///< 4 MiB.
constexpr size_t kMaxEvents = 100000;
constexpr size_t kMaxProblems = 50;

}  // namespace tcpsim::pkt
