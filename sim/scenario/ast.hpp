#pragma once
// A parsed scenario file: declarations, timed actions and expectations, each carrying the place in
// the file it came from. The parser (parser.hpp) builds it; the runner (runner.hpp) executes it; the
// checker (expect.hpp) compares expectations with a run's trace. See docs/scenario-format.md.
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "net/vocabulary.hpp"
#include "tcp/errno.hpp"
#include "tcp/segment.hpp"
#include "tcp/state.hpp"
#include "util/time.hpp"

namespace tcpsim {

/// 1-based line and column in the scenario file (0 = not from the file).
struct SourceLoc {
  uint32_t line = 0;
  uint32_t col = 0;
};

/// Which run a line belongs to. A fault scenario carries its graceful twin in the same file: lines
/// marked `twin` run only in the twin, lines marked `fault` only in the fault run.
enum class Variant : uint8_t { Both, FaultOnly, TwinOnly };

/// True when a line of `variant` takes part in a run of `kind`.
inline bool runs_in(Variant variant, RunKind kind) {
  return variant == Variant::Both || (variant == Variant::FaultOnly) == (kind == RunKind::Fault);
}

/// `host NAME [IP]`.
struct HostDecl {
  std::string name;
  uint32_t ip = 0;  ///< Given or assigned 10.0.0.N in declaration order.
  SourceLoc loc;
  bool raw = false; ///< `host NAME [IP] raw`: no TCP; segments reaching it are recorded, never answered.
};

/// `firewall NAME` or `nat NAME idle DURATION [forget drop|reset]`: a node on the path.
struct MiddleboxDecl {
  std::string name;
  bool nat = false;            ///< Declared with `nat` (stateful flow tracking).
  Time idle_timeout = 0;       ///< Flows idle this long are forgotten (0 = no flow tracking).
  ForgetAction forget = ForgetAction::Drop;
  SourceLoc loc;
};

/// `link A B [delay D] [jitter D] [loss P%] [dup P%] [reorder P%] [bandwidth R] [queue N]`.
struct LinkDecl {
  std::string a;
  std::string b;
  Time delay = ms(10);
  Time jitter = 0;
  double loss = 0;          ///< Probability 0..1 (the file says percent).
  double duplicate = 0;     ///< Probability 0..1.
  double reorder = 0;       ///< Probability 0..1 that a segment is held back by one extra delay.
  uint64_t bandwidth = 0;   ///< Bits per second (0 = unlimited).
  uint32_t queue = 0;       ///< Packets waiting for the wire before tail drop (0 = unlimited).
  SourceLoc loc;
};

/// A per-host TCP setting (`set HOST|all KEY VALUE`). Keys are TcpConfig's scenario keys.
struct Setting {
  std::string host;  ///< Host name, or "all".
  std::string key;   ///< e.g. "msl", "rfc5961", "keepalive-idle" (validated by the parser).
  int64_t value = 0; ///< Durations in ns, counts and sizes as numbers, booleans 0/1.
  SourceLoc loc;
};

/// `HOST[:PORT]` in a firewall rule or injection; an empty host matches any.
struct EndpointRef {
  std::string host;     ///< Host name, or a dotted quad.
  uint16_t port = 0;    ///< 0 = any port.
};

/// `rule MB drop|reject [from HOST[:PORT]] [to HOST[:PORT]] [syn]`: first match wins.
struct FirewallRule {
  std::string middlebox;
  bool reject = false;               ///< reject = answer with a TCP reset (REJECT --reject-with tcp-reset).
  std::optional<EndpointRef> from;   ///< Matches the segment's source.
  std::optional<EndpointRef> to;     ///< Matches the segment's destination.
  bool syn_only = false;             ///< Match only connection attempts (SYN without ACK).
  SourceLoc loc;
};

/// The trace's memory budget when a scenario sets none (`limit memory`): 2 GB.
constexpr uint64_t kDefaultMemoryLimit = 2'000'000'000;
/// The smallest `limit memory` (1 MB): below it even a handshake's trace would not fit.
constexpr uint64_t kMinMemoryLimit = 1'000'000;

/// How an application call is expected to end (`-> RESULT` on the call, or `expect SUBJECT CALL RESULT`).
struct ResultPattern {
  enum class Kind : uint8_t {
    Ok,     ///< `ok`: any success.
    Eof,    ///< `EOF`: recv returned 0.
    Errno,  ///< `ECONNRESET` etc.: failed with this error.
    Value,  ///< `N`: returned exactly N (bytes, 0 for EOF).
    Text,   ///< `"text"`: recv returned exactly these bytes.
    Killed, ///< `killed`: the call never returned: its process was killed while it waited.
  };
  Kind kind = Kind::Ok;
  Errno err = Errno::None;
  int64_t value = 0;
  std::string text;
  SourceLoc loc;
};

/// An application call by a host or a named socket: the socket call, who makes it, and what it should
/// return.
struct CallAction : SocketCall {
  std::string subject;        ///< Host name or socket name.
  std::optional<ResultPattern> expect;  ///< `-> RESULT`.
};

/// A sequence-number expression in `inject`: terms summed, e.g. `rcv.nxt+1000` or `4294967000`.
/// Variables name the *target's* TCB for the injected segment's connection.
struct SeqExpr {
  enum class Var : uint8_t { None, RcvNxt, SndNxt, SndUna, RcvWnd, Iss, Irs };
  struct Term {
    int sign = 1;
    Var var = Var::None;  ///< None: a number.
    uint64_t number = 0;
  };
  std::vector<Term> terms;  ///< Empty = not given.
};

/// `NODE inject SRC[:PORT] > DST[:PORT] FLAGS [seq=EXPR] [ack=EXPR] [win=N] [mss=N] [wscale=N] [sackok]
/// [ts=VAL[:ECR]] [data "TEXT" | len=N]`.
struct InjectAction {
  std::string via;       ///< Node that puts the segment on the wire.
  EndpointRef src;
  EndpointRef dst;
  uint8_t flags = 0;
  SeqExpr seq;
  SeqExpr ack;
  std::optional<uint16_t> wnd;
  std::optional<uint16_t> mss;  ///< MSS option (default: 1460 on a SYN, none otherwise; 0: none).
  TcpOptions options;    ///< wscale=, sackok, ts=: carried, shown and exported; no TCP reads them.
  std::string data;
  uint32_t len = 0;      ///< `len=N`: N generated bytes instead of `data` (0: none).
};

/// `process NAME on HOST`: a second program on the host, with sockets of its own. (Every host has its
/// own process too, named after it: the calls whose subject is the host.)
struct ProcessDecl {
  std::string name;
  std::string host;
  SourceLoc loc;
};

/// `HOST crash` / `HOST restart` / `HOST kill [PROCESS]` (kill -9 of the host's own process, or of PROCESS).
struct HostAction {
  std::string host;
  bool restart = false;
  bool kill = false;
  std::string process;  ///< kill: the process (empty: the host's own).
};

/// `link A B down|up`.
struct LinkAction {
  std::string a;
  std::string b;
  bool up = false;
};

/// `NAT forget`: the nat drops its whole flow table now, as after a reboot or `conntrack -F`.
struct ForgetFlowsAction {
  std::string middlebox;
};

/// `note "TEXT"`: narration shown at its moment.
struct NoteAction {
  std::string text;
};

/// `rule ...` at a time (adds a rule) or `rules MB clear`.
struct RuleAction {
  FirewallRule rule;
  bool clear = false;
};

/// `set HOST KEY VALUE` at a time: takes effect at once, existing connections included (each setting is
/// read when it matters); `isn` applies to the host's next connection.
struct SetAction {
  Setting setting;
};

/// `after ...`: what starts a triggered action, instead of a time. A trigger fires once, at the first
/// event that meets it; its action runs `delay` later.
struct Trigger {
  enum class Kind : uint8_t {
    Sends,    ///< `after NODE sends FLAGS`: NODE put a segment with exactly FLAGS on the wire.
    State,    ///< `after SUBJECT state STATE`: a connection of SUBJECT entered STATE.
    Returns,  ///< `after SUBJECT CALL returns [RESULT]`: such a call of SUBJECT returned (with RESULT).
    Forgets,  ///< `after NAT forgets flow`: the nat forgot a flow (idle, or `NAT forget`).
  };
  Kind kind = Kind::Sends;
  std::string subject;                  ///< Node, host or socket name.
  uint8_t flags = 0;                    ///< Sends.
  State state = State::Closed;          ///< State.
  CallKind call = CallKind::Recv;       ///< Returns.
  std::optional<ResultPattern> result;  ///< Returns: only a call that ended like this.
  Time delay = 0;                       ///< `+DELAY` after the trigger.
  size_t action = 0;                    ///< Index in Scenario::actions of the action it starts.
  SourceLoc loc;                        ///< The line, and the column of `after`.
};

/// One timed line of the scenario.
struct Action {
  Time at = 0;
  Variant variant = Variant::Both;
  SourceLoc loc;
  std::variant<CallAction, InjectAction, HostAction, LinkAction, NoteAction, RuleAction, SetAction, ForgetFlowsAction>
      what;
};

/// An `expect` line.
struct Expectation {
  enum class Kind : uint8_t {
    Sends,    ///< `[at TIME] expect [next] NODE sends FLAGS [seq=N] [ack=N] [len=N] [win=N] [within D] [count N]`
    NoSends,  ///< `expect no FLAGS from NODE` (also `expect NODE sends no FLAGS`)
    State,    ///< `[at TIME] expect SUBJECT state STATE`
    Call,     ///< `expect SUBJECT CALL RESULT`
    Nothing,  ///< `[at TIME] expect nothing from NODE until TIME`
    Ignores,  ///< `expect [no] HOST ignores FLAGS [from NODE]`: the receiver dropped it (SegmentRecord::verdict)
    Drops,    ///< `expect MB drops [no] FLAGS [from HOST] [to HOST]`: a firewall rule or a nat's flow table
    Sigpipe,  ///< `expect SUBJECT gets [no] SIGPIPE`
    Forgets,  ///< `expect NAT forgets [no] flow [of HOST]`
  };
  Kind kind = Kind::Sends;
  Variant variant = Variant::Both;  ///< Checked against the fault run, the twin, or both.
  SourceLoc loc;
  std::string subject;              ///< Host (Sends, NoSends, State) or host/socket name (Call, State).
  std::optional<Time> at;           ///< State: at this time (default: the end of the run). Sends: sent then.
  bool negated = false;             ///< Ignores, Drops, Sigpipe, Forgets: `no` (it must not happen).
  // Sends / NoSends. Flags match exactly (RST+ACK is not RST); seq/ack are relative, as the ladder shows.
  bool next = false;                ///< Sends: the next segment from NODE after the one the previous
                                    ///< ordered line of NODE matched (packetdrill's `>` line).
  Time within = 0;                  ///< Sends with `at`: the tolerance around `at` (default 0: exact).
  std::optional<Time> until;        ///< Nothing: the end of the quiet span (exclusive).
  uint8_t flags = 0;
  std::optional<uint32_t> seq;
  std::optional<uint32_t> ack;
  std::optional<uint32_t> len;
  std::optional<uint32_t> wnd;
  std::optional<uint32_t> count;    ///< Exactly this many such segments.
  std::string from;                 ///< Ignores / Drops / Forgets: the segment's source (Forgets: a flow end).
  std::string to;                   ///< Drops: the segment's destination host.
  // State.
  State state = State::Closed;
  // Call.
  CallKind call = CallKind::Recv;
  ResultPattern result;
};

/// A whole scenario file.
struct Scenario {
  std::string file;                  ///< Path as given (used in messages).
  std::string title;
  std::string summary;               ///< `summary` lines joined with '\n'.
  uint64_t seed = 1;                 ///< `seed N`; the command line's --seed overrides it.
  std::vector<HostDecl> hosts;
  std::vector<ProcessDecl> processes;  ///< `process NAME on HOST` lines.
  std::vector<MiddleboxDecl> middleboxes;
  std::vector<LinkDecl> links;
  std::vector<Setting> settings;     ///< Applied before the run, in file order.
  std::vector<FirewallRule> rules;   ///< Rules present from the start.
  std::vector<Action> actions;       ///< In file order; the runner orders them by (time, line).
  std::vector<Trigger> triggers;     ///< `after ...` lines: their actions wait for the trigger, not `at`.
  std::vector<Expectation> expectations;
  Time time_limit = 4 * 3600 * kSec; ///< `limit time D`: the run stops here.
  uint64_t event_limit = 20'000'000; ///< `limit events N`: and after this many events.
  uint64_t memory_limit = kDefaultMemoryLimit;  ///< `limit memory SIZE`: and when its trace would pass this.
  std::vector<std::string> lines;    ///< The source text, one entry per line (for messages).
  uint32_t also_first = 0;           ///< First line given with --also (also.hpp); 0: none. They follow the file's.
  /// Other lines that are what-ifs (sorted): lines the visualizer inserted when a run was forked.
  /// Like --also lines, they change a run the rest of the file was written for (see is_what_if()).
  std::vector<uint32_t> what_if_lines;

  /// The trigger that starts action `i`, or null for an action at its time.
  const Trigger* trigger_of(size_t i) const;
  /// True when some line is marked `twin` or `fault`.
  bool has_twin() const;
  /// The 1-based number of the --also line that `line` is, or 0 for a line of the file.
  uint32_t also_index(uint32_t line) const;
  /// True for a --also line or one of what_if_lines: a change to the run the file describes. The
  /// file's own lines that can no longer happen after it (a call on a host it crashed, a forged
  /// segment aimed at a connection it ended) are then told in a note, not reported as errors.
  bool is_what_if(uint32_t line) const;
  /// How a message names a line: "line 14", or "--also #2" for a line given on the command line.
  std::string line_ref(uint32_t line) const;
  /// Where a line is, at the start of a message: "file.scn:14", "--also #2", or "file.scn" for line 0.
  std::string where(uint32_t line) const;
};

}  // namespace tcpsim
