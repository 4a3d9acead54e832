#pragma once
// Private to the scenario parser (parser*.cpp), split by feature:
//   parser.cpp             the line driver: lines, `at`/twin/fault, which statement a line is; the result
//   parser_statements.cpp  declarations and timed actions, one function per statement
//   parser_expect.cpp      expectations (`expect ...`), whole-run and ordered
//   parser_trigger.cpp     `after ...`: what a triggered action waits for
//   parser_values.cpp      values: times, durations, ports, flags, endpoints, sequence expressions, results
//   parser_names.cpp       names: declared, used before their declaration, checked once the file is read
// Each line is read on its own (lexer.hpp splits it into words); a problem abandons that line only, so
// one run reports every broken line. Names may be used before they are declared (an `expect` can name a
// socket an earlier call created, a `link` can come before its hosts), so they are collected while
// reading and checked once the whole file is read.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "scenario/ast.hpp"
#include "scenario/lexer.hpp"
#include "scenario/parser.hpp"
#include "tcp/config.hpp"

namespace tcpsim::parsing {

using scn::Problem;
using scn::shown;
using scn::Token;

constexpr size_t kMaxShownErrors = 20;              // a fix-and-rerun loop needs no more
constexpr size_t kMaxKeptErrors = 10000;            // bounds memory on garbage input
constexpr size_t kMaxFileBytes = size_t{16} << 20;  // 16 MiB
constexpr size_t kMaxNameLength = 64;

// Thrown to abandon the current line; parse_line()'s caller turns it into a Diagnostic.
struct LineError {
  uint32_t col;
  std::string message;
  std::string hint;
};

/// Abandons the current line with a message at column `col`.
[[noreturn]] inline void fail(uint32_t col, std::string message, std::string hint = "") {
  throw LineError{col, std::move(message), std::move(hint)};
}

/// A word as a message quotes it: 'word'.
std::string q(std::string_view w);
/// A token as a message shows it: a word in single quotes, a string as written.
std::string q(const Token& t);
/// True for an ASCII digit.
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
/// ASCII upper case.
std::string upper(std::string_view w);
/// ASCII lower case.
std::string lower(std::string_view w);
/// "a, b and c" (at most `max` words, then ", ...").
std::string join(const std::vector<std::string>& words, size_t max = 12);
/// "did you mean 'X'?" when a candidate is close, else `otherwise`.
std::string suggest(std::string_view word, const std::vector<std::string>& candidates, std::string otherwise);
/// The hint for an unknown socket option: its C spelling ("SO_KEEPALIVE") named as the scenario does.
std::string sockopt_hint(std::string_view word, const std::vector<std::string>& names);
/// True when `w` is one of `words`.
bool word_in(std::string_view w, const std::vector<std::string>& words);

inline const std::vector<std::string> kStatements = {"title", "summary", "seed",  "host",  "firewall", "nat",    "link",
                                              "set",   "rule",    "rules", "limit", "note",     "expect", "at", "after",
                                              "process"};
inline const std::vector<std::string> kTimedStatements = {"link", "set", "rule", "rules", "note", "expect"};
inline const std::vector<std::string> kCalls = {"socket",   "listen",   "bind",  "accept", "connect",    "send",
                                         "recv",     "shutdown", "close", "abort",  "setsockopt", "getsockopt"};
inline const std::vector<std::string> kVerbs = {"socket", "listen", "bind",       "accept",     "connect", "send",   "recv",
                                         "shutdown", "close", "abort", "setsockopt", "getsockopt", "crash",  "restart",
                                         "inject", "forget", "kill"};
// Words a name cannot be: every statement keyword (a line's first word decides what it is) and
// the words that mean something in a name's place.
inline const std::vector<std::string> kReservedExtra = {"twin", "fault", "all", "no", "any", "next", "nothing"};
inline const std::vector<std::string> kLinkOptions = {"delay", "jitter", "loss", "dup", "reorder", "bandwidth", "queue"};
inline const std::vector<std::string> kFlagNames = {"SYN", "FIN", "RST", "PSH", "ACK"};
inline const std::vector<std::string> kSeqVars = {"rcv.nxt", "snd.nxt", "snd.una", "rcv.wnd", "iss", "irs"};

/// The call a keyword names (the keyword is known to be one of kCalls).
CallKind call_kind(std::string_view w);
/// Every `set` key, for suggestions.
const std::vector<std::string>& setting_names();
/// Every errno name errno.hpp knows, for suggestions: "ok", "EOF" and ECONNRESET and friends.
const std::vector<std::string>& result_names();
/// Every RFC state name, for suggestions.
const std::vector<std::string>& state_names();
/// Links are undirected: `link a b` and `link b a` are the same link.
std::pair<std::string, std::string> link_key(std::string_view a, std::string_view b);
/// A dotted quad (at most 15 characters) into `ip`.
bool parse_ip_word(std::string_view w, uint32_t* ip);

// The words of one line from `pos` to `end`, read left to right.
class Cursor {
 public:
  Cursor(const std::vector<Token>& toks, size_t pos, size_t end) : toks_(toks), pos_(pos), end_(end) {}

  bool done() const { return pos_ >= end_; }
  const Token* peek() const { return done() ? nullptr : &toks_[pos_]; }
  const Token& next() { return toks_[pos_++]; }
  size_t pos() const { return pos_; }
  size_t end() const { return end_; }
  /// The token just read (the line's first one when none was).
  const Token& prev() const { return toks_[pos_ > 0 ? pos_ - 1 : 0]; }
  /// Index of the word `w` at or after the cursor, or end().
  size_t find(std::string_view w) const {
    for (size_t i = pos_; i < end_; ++i) {
      if (toks_[i].is(w)) return i;
    }
    return end_;
  }
  /// The words [pos, stop) as their own cursor.
  Cursor until(size_t stop) const { return Cursor(toks_, pos_, stop); }
  /// The words [start, end) as their own cursor.
  Cursor from(size_t start) const { return Cursor(toks_, start, end_); }

  /// The next token; at the end of the line: "expected WHAT after 'PREV'".
  const Token& need(const std::string& what, const std::string& hint = "") {
    if (done()) fail(prev().end_col(), "expected " + what + " after " + q(prev()), hint);
    return next();
  }
  /// The next token, which must be a word rather than text in quotes.
  const Token& need_word(const std::string& what, const std::string& hint = "") {
    const Token& t = need(what, hint);
    if (!t.word()) fail(t.col, "expected " + what + ", not text in quotes", hint);
    return t;
  }
  /// The line must end here.
  void finish() const {
    if (!done()) fail(peek()->col, "unexpected " + q(*peek()) + " after " + q(prev()));
  }

 private:
  const std::vector<Token>& toks_;
  size_t pos_;
  size_t end_;
};

// What a statement line starts with, once `at TIME` and a trailing twin/fault are taken off.
struct Stmt {
  const Token* head = nullptr;    ///< The first word after the time.
  const Token* at_tok = nullptr;  ///< `at`, or null.
  const Token* marker = nullptr;  ///< The trailing `twin` / `fault`, or null.
  Variant variant = Variant::Both;
  Time at = 0;          ///< The line's time, or the previous timed line's.
  std::string example;  ///< The line's words, for "write 'at 100ms ...'".
};

enum class Want : uint8_t { Host, Node, Middlebox, Subject, Nat };

// A name used somewhere, checked once every declaration is known.
struct NameRef {
  std::string name;
  Want want;
  uint32_t line;
  uint32_t col;
  const char* why;  ///< Hint when the name is of the wrong kind.
};

enum class NodeKind : uint8_t { Host, Firewall, Nat };

/// "a host", "a firewall", "a nat" (in messages).
const char* node_kind_name(NodeKind k);

struct NodeInfo {
  NodeKind kind;
  uint32_t line;
};

struct NameDecl {
  std::string name;
  uint32_t line;
  uint32_t col;
};

struct LinkUse {
  std::string a;
  std::string b;
  uint32_t line;
  uint32_t col;
};

// A problem found, before sorting; hints that need a search are computed only if shown.
struct Pending {
  uint32_t line;
  uint32_t col;
  std::string message;
  std::string hint;
  std::function<std::string()> lazy_hint;
};

class Parser {
 public:
  Parser(std::string_view text, const std::string& file, uint32_t also_first);
  ParseResult run();

 private:
  void split_lines(std::string_view text);
  void prescan();
  void parse_line(const std::vector<Token>& toks);
  void commit_line();

  // Statements (parser.cpp is ordered as the docs are: declarations, actions, expectations).
  void declaration_only(const Stmt& s) const;
  void timed_only(const Stmt& s) const;
  void parse_text_decl(Cursor& c, const Stmt& s);
  void parse_seed(Cursor& c, const Stmt& s);
  void parse_limit(Cursor& c);
  void parse_host(Cursor& c, const Stmt& s);
  void parse_process(Cursor& c, const Stmt& s);
  void parse_kill(Cursor& c, const Stmt& s);
  void parse_middlebox(Cursor& c, const Stmt& s, bool nat);
  void parse_link_decl(Cursor& c, const Stmt& s);
  void parse_link_action(Cursor& c, const Stmt& s);
  std::vector<Setting> parse_settings(Cursor& c);
  FirewallRule parse_rule(Cursor& c, const Stmt& s);
  void parse_rules_clear(Cursor& c, const Stmt& s);
  void parse_note(Cursor& c, const Stmt& s);
  void parse_subject_line(Cursor& c, const Stmt& s);
  void parse_call(Cursor& c, const Stmt& s, CallKind kind);
  void parse_call_options(Cursor& c, CallAction& call, const std::vector<std::string>& allowed);
  void parse_setsockopt(Cursor& c, CallAction& call);
  void inject_tcp_option(const Token& o, std::string_view key, TcpOptions& opts);
  void parse_inject(Cursor& c, const Stmt& s);
  void parse_forget(Cursor& c, const Stmt& s);
  void parse_expect(Cursor& c, const Stmt& s);
  void parse_expect_nothing(Cursor& c, const Stmt& s, Expectation& e);
  void parse_expect_dropped(Cursor& c, Expectation& e, const Token& subject, const Token& what);
  void parse_sends_options(Cursor& c, const Stmt& s, Expectation& e);
  Trigger parse_trigger(Cursor& c);

  // Values.
  Time time_prefix(const Token& t);
  Time duration(const Token& t);
  uint64_t count(const Token& t, uint64_t min, uint64_t max, const char* what);
  uint16_t port(std::string_view w, uint32_t col);
  uint8_t flags(const Token& t);
  bool on_off(const Token& t, const std::string& what);
  int64_t setting_value(const SettingInfo& info, const Token& key, const Token& value);
  EndpointRef endpoint(const Token& t, bool need_port, bool allow_any, const char* example);
  SeqExpr seq_expr(const Token& t, size_t offset);
  ResultPattern result(const Token& t);

  // Names.
  void check_name(const Token& t) const;
  void declare_node(const Token& t, NodeKind kind);
  void use(std::string_view name, uint32_t col, Want want, const char* why);
  void resolve_names();
  std::string names_hint(const std::string& name, const std::vector<std::string>& names, const char* kind,
                         const char* declare) const;

  void error(uint32_t line, uint32_t col, std::string message, std::string hint = "",
             std::function<std::string()> lazy_hint = {});
  ParseResult finish();

  Scenario sc_;
  uint32_t line_ = 0;   // line being read, 1-based
  Time prev_time_ = 0;  // time of the last `at` line, for `+D` and untimed notes
  uint32_t title_line_ = 0;
  uint32_t seed_line_ = 0;
  size_t summary_lines_ = 0;

  std::unordered_map<std::string, NodeInfo> nodes_;                     // hosts, firewalls, nats
  std::unordered_set<std::string> sockets_;                             // names given with `as`
  std::unordered_map<std::string, size_t> processes_;                   // `process NAME on HOST` -> sc_.processes
  std::unordered_set<std::string> prescan_names_;                       // for guessing what a broken line meant
  std::unordered_map<uint32_t, size_t> ip_owner_;                       // explicit IP -> index in sc_.hosts
  std::vector<bool> ip_given_;                                          // per host: IP written in the file
  std::map<std::pair<std::string, std::string>, uint32_t> link_lines_;  // sorted pair -> line

  // Collected per line and kept only when the whole line parses.
  std::vector<NameRef> line_refs_;
  std::vector<NameDecl> line_sockets_;
  std::vector<LinkUse> line_link_uses_;
  std::vector<NameRef> refs_;
  std::vector<NameDecl> socket_decls_;
  std::vector<LinkUse> link_uses_;

  // Name lists for suggestions, filled by resolve_names().
  std::vector<std::string> host_names_;
  std::vector<std::string> node_names_;
  std::vector<std::string> middlebox_names_;
  std::vector<std::string> subject_names_;

  std::vector<Pending> errors_;
  size_t dropped_errors_ = 0;
  uint32_t stopped_at_ = 0;  // line after which reading stopped (too many errors), or 0
};

}  // namespace tcpsim::parsing
