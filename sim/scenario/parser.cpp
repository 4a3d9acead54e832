// The scenario parser. Each line is read on its own (lexer.hpp splits it into words); a problem
// abandons that line only, so one run reports every broken line. Names may be used before they
// are declared (an `expect` can name a socket an earlier call created, a `link` can come before
// its hosts), so they are collected while reading and checked once the whole file is read.
#include "scenario/parser.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <new>
#include <unordered_map>
#include <unordered_set>

#include "scenario/also.hpp"
#include "scenario/lexer.hpp"
#include "tcp/config.hpp"
#include "tcp/segment.hpp"

namespace tcpsim {

namespace {

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

[[noreturn]] void fail(uint32_t col, std::string message, std::string hint = "") {
  throw LineError{col, std::move(message), std::move(hint)};
}

std::string q(std::string_view w) { return "'" + shown(w) + "'"; }
// A token as a message shows it: a word in single quotes, a string as written.
std::string q(const Token& t) { return t.word() ? q(t.text) : shown(t.text); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string upper(std::string_view w) {
  std::string s(w);
  for (char& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return s;
}

std::string lower(std::string_view w) {
  std::string s(w);
  for (char& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return s;
}

std::string join(const std::vector<std::string>& words, size_t max = 12) {
  std::string out;
  for (size_t i = 0; i < words.size() && i < max; ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  if (words.size() > max) out += ", ...";
  return out;
}

// "did you mean 'X'?" when a candidate is close, else `otherwise`.
std::string suggest(std::string_view word, const std::vector<std::string>& candidates, std::string otherwise) {
  std::string near = word.size() <= 64 ? did_you_mean(std::string(word), candidates) : "";
  return near.empty() ? otherwise : "did you mean '" + near + "'?";
}

bool word_in(std::string_view w, const std::vector<std::string>& words) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

const std::vector<std::string> kStatements = {"title", "summary", "seed",  "host",  "firewall", "nat",    "link",
                                              "set",   "rule",    "rules", "limit", "note",     "expect", "at"};
const std::vector<std::string> kTimedStatements = {"link", "set", "rule", "rules", "note", "expect"};
const std::vector<std::string> kCalls = {"listen",   "accept", "connect", "send",      "recv",
                                         "shutdown", "close",  "abort",   "setsockopt"};
const std::vector<std::string> kVerbs = {"listen", "accept",     "connect", "send",    "recv",   "shutdown", "close",
                                         "abort",  "setsockopt", "crash",   "restart", "inject", "forget"};
// Words a name cannot be: every statement keyword (a line's first word decides what it is) and
// the words that mean something in a name's place.
const std::vector<std::string> kReservedExtra = {"twin", "fault", "all", "no", "any"};
const std::vector<std::string> kLinkOptions = {"delay", "jitter", "loss", "dup", "reorder", "bandwidth", "queue"};
const std::vector<std::string> kFlagNames = {"SYN", "FIN", "RST", "PSH", "ACK"};
const std::vector<std::string> kSeqVars = {"rcv.nxt", "snd.nxt", "snd.una", "rcv.wnd", "iss", "irs"};

CallKind call_kind(std::string_view w) {
  for (int k = 0; k <= static_cast<int>(CallKind::SetSockOpt); ++k) {
    if (w == call_name(static_cast<CallKind>(k))) return static_cast<CallKind>(k);
  }
  return CallKind::Close;
}

const std::vector<std::string>& setting_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const SettingInfo& s : setting_keys()) v.emplace_back(s.key);
    return v;
  }();
  return names;
}

// Every errno name errno.hpp knows, for suggestions: "ok", "EOF" and ECONNRESET and friends.
const std::vector<std::string>& result_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v = {"ok", "EOF"};
    for (int i = 1; i < 256; ++i) {
      const auto e = static_cast<Errno>(i);
      if (parse_errno(errno_name(e)) == e) v.emplace_back(errno_name(e));
    }
    return v;
  }();
  return names;
}

const std::vector<std::string>& state_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (int i = 0; i < kStateCount; ++i) v.emplace_back(state_name(static_cast<State>(i)));
    return v;
  }();
  return names;
}

// Links are undirected: `link a b` and `link b a` are the same link.
std::pair<std::string, std::string> link_key(std::string_view a, std::string_view b) {
  return a < b ? std::make_pair(std::string(a), std::string(b)) : std::make_pair(std::string(b), std::string(a));
}

bool parse_ip_word(std::string_view w, uint32_t* ip) { return w.size() <= 15 && parse_ip(std::string(w), ip); }

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

const char* node_kind_name(NodeKind k) {
  switch (k) {
    case NodeKind::Host:
      return "a host";
    case NodeKind::Firewall:
      return "a firewall";
    case NodeKind::Nat:
      return "a nat";
  }
  return "a node";
}

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
  void parse_inject(Cursor& c, const Stmt& s);
  void parse_forget(Cursor& c, const Stmt& s);
  void parse_expect(Cursor& c, const Stmt& s);
  void parse_sends_options(Cursor& c, Expectation& e);

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

Parser::Parser(std::string_view text, const std::string& file, uint32_t also_first) {
  sc_.file = file;
  split_lines(text);
  if (also_first > 0 && also_first <= sc_.lines.size()) sc_.also_first = also_first;
}

// Lines end at '\n'; a '\r' before it belongs to the newline. A UTF-8 byte order mark is skipped.
void Parser::split_lines(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    const size_t stop = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(start, stop - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    sc_.lines.emplace_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
}

// Every name the file declares, so a line without `at` can be recognised as a timed line.
void Parser::prescan() {
  std::vector<Token> toks;
  Problem p;
  for (const std::string& line : sc_.lines) {
    if (!scn::tokenize_line(line, &toks, &p)) continue;
    if (toks.size() > 1 && (toks[0].is("host") || toks[0].is("firewall") || toks[0].is("nat"))) {
      prescan_names_.emplace(toks[1].text);
    }
    for (size_t i = 0; i + 1 < toks.size(); ++i) {
      if (toks[i].is("as")) prescan_names_.emplace(toks[i + 1].text);
    }
  }
}

ParseResult Parser::run() {
  prescan();
  std::vector<Token> toks;
  Problem p;
  for (size_t i = 0; i < sc_.lines.size(); ++i) {
    line_ = static_cast<uint32_t>(i + 1);
    if (!scn::tokenize_line(sc_.lines[i], &toks, &p)) {
      error(line_, p.col, p.message, p.hint);
      continue;
    }
    line_refs_.clear();
    line_sockets_.clear();
    line_link_uses_.clear();
    try {
      parse_line(toks);
      commit_line();
    } catch (const LineError& e) {
      error(line_, e.col, e.message, e.hint);
    }
    // Errors come in line order here, so later lines could only add errors nobody would see.
    if (errors_.size() >= kMaxShownErrors && i + 1 < sc_.lines.size()) {
      stopped_at_ = line_;
      break;
    }
  }
  resolve_names();
  return finish();
}

void Parser::commit_line() {
  refs_.insert(refs_.end(), line_refs_.begin(), line_refs_.end());
  for (const NameDecl& d : line_sockets_) {
    sockets_.insert(d.name);
    socket_decls_.push_back(d);
  }
  link_uses_.insert(link_uses_.end(), line_link_uses_.begin(), line_link_uses_.end());
}

void Parser::error(uint32_t line, uint32_t col, std::string message, std::string hint,
                   std::function<std::string()> lazy_hint) {
  if (errors_.size() >= kMaxKeptErrors) {
    ++dropped_errors_;
    return;
  }
  errors_.push_back(Pending{line, col, std::move(message), std::move(hint), std::move(lazy_hint)});
}

// ---------------------------------------------------------------------------------------------
// Lines

void Parser::parse_line(const std::vector<Token>& toks) {
  if (toks.empty()) return;
  Stmt s;
  size_t end = toks.size();
  if (toks.back().is("twin") || toks.back().is("fault")) {
    s.marker = &toks.back();
    s.variant = s.marker->text == "twin" ? Variant::TwinOnly : Variant::FaultOnly;
    --end;
  }
  if (end == 0) fail(s.marker->col, "expected a statement before " + q(*s.marker));
  // `host twin`, `... as fault`: a name was meant, not a marker.
  if (s.marker &&
      (toks[end - 1].is("host") || toks[end - 1].is("firewall") || toks[end - 1].is("nat") || toks[end - 1].is("as"))) {
    fail(s.marker->col, q(*s.marker) + " is a keyword and cannot be a name");
  }
  Cursor c(toks, 0, end);
  if (toks[0].is("at")) {
    s.at_tok = &c.next();
    prev_time_ = time_prefix(c.need_word("a time", "e.g. 'at 100ms' or 'at +50ms'"));
  }
  s.at = prev_time_;
  s.head = &c.need("a statement", "e.g. 'at 100ms client close'");
  if (!s.head->word()) {
    fail(s.head->col, "a line cannot start with text in quotes", "write note \"...\" for narration");
  }
  for (size_t i = c.pos() - 1; i < end; ++i) {
    if (!s.example.empty()) s.example += ' ';
    s.example += toks[i].text;
  }

  const std::string_view kw = s.head->text;
  if (kw == "title" || kw == "summary") {
    declaration_only(s);
    parse_text_decl(c, s);
  } else if (kw == "seed") {
    declaration_only(s);
    parse_seed(c, s);
  } else if (kw == "limit") {
    declaration_only(s);
    parse_limit(c);
  } else if (kw == "host") {
    declaration_only(s);
    parse_host(c, s);
  } else if (kw == "firewall" || kw == "nat") {
    declaration_only(s);
    parse_middlebox(c, s, kw == "nat");
  } else if (kw == "link") {
    const size_t third = c.pos() + 2;
    if (third < end && (toks[third].is("down") || toks[third].is("up"))) {
      timed_only(s);
      parse_link_action(c, s);
    } else {
      if (s.at_tok) {
        fail(s.at_tok->col, "a link declaration cannot have a time",
             "to cut or restore a link at a time write 'at 1s link A B down' (or 'up')");
      }
      declaration_only(s);
      parse_link_decl(c, s);
    }
  } else if (kw == "set") {
    if (!s.at_tok) declaration_only(s);
    for (Setting& setting : parse_settings(c)) {
      if (s.at_tok)
        sc_.actions.push_back(Action{s.at, s.variant, {line_, s.head->col}, SetAction{setting}});
      else
        sc_.settings.push_back(std::move(setting));
    }
  } else if (kw == "rule") {
    if (!s.at_tok) declaration_only(s);
    FirewallRule rule = parse_rule(c, s);
    if (s.at_tok)
      sc_.actions.push_back(Action{s.at, s.variant, {line_, s.head->col}, RuleAction{rule, false}});
    else
      sc_.rules.push_back(std::move(rule));
  } else if (kw == "rules") {
    timed_only(s);
    parse_rules_clear(c, s);
  } else if (kw == "note") {
    parse_note(c, s);
  } else if (kw == "expect") {
    parse_expect(c, s);
  } else if (kw == "at") {
    fail(s.head->col, "'at' given twice", "a line has one time, e.g. 'at 100ms client close'");
  } else {
    parse_subject_line(c, s);
  }
}

void Parser::declaration_only(const Stmt& s) const {
  if (s.at_tok) {
    fail(s.at_tok->col, q(s.head->text) + " is a declaration and cannot have a time",
         "declarations hold for the whole run; remove 'at ...'");
  }
  if (s.marker) {
    fail(s.marker->col, q(*s.marker) + " can only end a timed line, a note or an expectation");
  }
}

void Parser::timed_only(const Stmt& s) const {
  if (!s.at_tok) fail(s.head->col, "missing time: write 'at 100ms " + shown(s.example) + "'");
}

// ---------------------------------------------------------------------------------------------
// Declarations

void Parser::parse_text_decl(Cursor& c, const Stmt& s) {
  const bool title = s.head->is("title");
  const std::string what = title ? "the title" : "the summary";
  const Token& t = c.need(what + " in quotes", title ? "e.g. title \"Close with unread data\"" : "");
  if (t.word()) fail(t.col, what + " must be in quotes", "write " + std::string(s.head->text) + " \"...\"");
  c.finish();
  if (title) {
    if (title_line_ != 0) fail(s.head->col, "title given twice (first at " + sc_.line_ref(title_line_) + ")");
    title_line_ = line_;
    sc_.title = t.value;
  } else {
    if (summary_lines_++ > 0) sc_.summary += '\n';
    sc_.summary += t.value;
  }
}

void Parser::parse_seed(Cursor& c, const Stmt& s) {
  const Token& t = c.need_word("a number", "e.g. 'seed 7'");
  const uint64_t seed = count(t, 0, UINT64_MAX, "seed");
  c.finish();
  if (seed_line_ != 0) fail(s.head->col, "seed given twice (first at " + sc_.line_ref(seed_line_) + ")");
  seed_line_ = line_;
  sc_.seed = seed;
}

void Parser::parse_limit(Cursor& c) {
  do {
    const Token& k = c.need_word("'time', 'events' or 'memory'", "e.g. 'limit time 10min'");
    if (k.is("time")) {
      const Token& v = c.need_word("a duration", "e.g. 'limit time 10min'");
      sc_.time_limit = duration(v);
      if (sc_.time_limit == 0) fail(v.col, "the time limit must be more than 0");
    } else if (k.is("events")) {
      sc_.event_limit = count(c.need_word("a number", "e.g. 'limit events 1000000'"), 1, UINT64_MAX, "events");
    } else if (k.is("memory")) {
      // The trace's memory budget (docs/robustness.md): a run that would pass it stops with exit 2.
      const Token& v = c.need_word("a size", "e.g. 'limit memory 4GB'");
      Problem p;
      if (!scn::parse_size(v.text, &sc_.memory_limit, &p)) fail(v.col, p.message, p.hint);
      if (sc_.memory_limit < kMinMemoryLimit) fail(v.col, "the memory limit must be at least 1MB");
    } else {
      fail(k.col, "unknown limit " + q(k),
           suggest(k.text, {"time", "events", "memory"},
                   "write 'limit time 10min', 'limit events 1000000' or 'limit memory 4GB'"));
    }
  } while (!c.done());
}

void Parser::parse_host(Cursor& c, const Stmt& s) {
  const Token& name = c.need_word("a host name", "e.g. 'host client'");
  declare_node(name, NodeKind::Host);
  HostDecl h{std::string(name.text), 0, {line_, s.head->col}};
  bool given = false;
  if (!c.done()) {
    const Token& ip = c.need_word("an IP address");
    if (!parse_ip_word(ip.text, &h.ip)) {
      fail(ip.col, "expected an IPv4 address like 10.0.0.5, got " + q(ip),
           is_digit(ip.text[0]) ? "write four numbers 0..255 separated by dots" : "declare one host per line");
    }
    if (auto it = ip_owner_.find(h.ip); it != ip_owner_.end()) {
      const HostDecl& other = sc_.hosts[it->second];
      fail(ip.col, "duplicate IP address " + ip_to_string(h.ip) + ": host " + q(other.name) + " has it (" +
                       sc_.line_ref(other.loc.line) + ")");
    }
    given = true;
  }
  c.finish();
  if (given) ip_owner_.emplace(h.ip, sc_.hosts.size());
  sc_.hosts.push_back(std::move(h));
  ip_given_.push_back(given);
}

void Parser::parse_middlebox(Cursor& c, const Stmt& s, bool nat) {
  const Token& name =
      c.need_word(nat ? "a nat name" : "a firewall name", nat ? "e.g. 'nat gw idle 300s'" : "e.g. 'firewall fw'");
  declare_node(name, nat ? NodeKind::Nat : NodeKind::Firewall);
  MiddleboxDecl m{std::string(name.text), nat, 0, ForgetAction::Drop, {line_, s.head->col}};
  bool seen_forget = false;
  while (nat && !c.done()) {
    const Token& o = c.need_word("an option");
    if (o.is("idle")) {
      if (m.idle_timeout != 0) fail(o.col, "'idle' given twice");
      const Token& v = c.need_word("a duration", "e.g. 'idle 300s'");
      m.idle_timeout = duration(v);
      if (m.idle_timeout == 0) fail(v.col, "the idle timeout must be more than 0");
    } else if (o.is("forget")) {
      if (seen_forget) fail(o.col, "'forget' given twice");
      seen_forget = true;
      const Token& v = c.need_word("'drop' or 'reset'", "e.g. 'forget reset'");
      if (v.is("drop"))
        m.forget = ForgetAction::Drop;
      else if (v.is("reset"))
        m.forget = ForgetAction::Reset;
      else
        fail(v.col, "expected 'drop' or 'reset' after 'forget', got " + q(v), suggest(v.text, {"drop", "reset"}, ""));
    } else {
      fail(o.col, "unknown nat option " + q(o),
           suggest(o.text, {"idle", "forget"}, "nat options are 'idle DURATION' and 'forget drop|reset'"));
    }
  }
  c.finish();
  if (nat && m.idle_timeout == 0) {
    fail(c.prev().end_col(), "expected 'idle DURATION' for nat " + q(name),
         "e.g. 'nat " + shown(name.text) + " idle 300s': flows idle that long are forgotten");
  }
  sc_.middleboxes.push_back(std::move(m));
}

void Parser::parse_link_decl(Cursor& c, const Stmt& s) {
  const Token& a = c.need_word("two node names", "e.g. 'link client server'");
  const Token& b = c.need_word("a second node name", "e.g. 'link client server'");
  if (a.text == b.text) fail(b.col, "link from " + q(a) + " to itself", "a link joins two different nodes");
  const auto key = link_key(a.text, b.text);
  if (auto it = link_lines_.find(key); it != link_lines_.end()) {
    fail(a.col,
         "duplicate link between " + q(a) + " and " + q(b) + " (first at " + sc_.line_ref(it->second) + ")");
  }
  link_lines_.emplace(key, line_);
  LinkDecl link;
  link.a = a.text;
  link.b = b.text;
  link.loc = {line_, s.head->col};
  std::vector<std::string_view> seen;
  while (!c.done()) {
    const Token& o = c.need_word("a link option");
    if (!word_in(o.text, kLinkOptions)) {
      fail(o.col, "unknown link option " + q(o),
           suggest(o.text, kLinkOptions, "link options are delay, jitter, loss, dup, reorder, bandwidth and queue"));
    }
    if (std::find(seen.begin(), seen.end(), o.text) != seen.end()) fail(o.col, q(o) + " given twice");
    seen.push_back(o.text);
    Problem p;
    if (o.is("delay") || o.is("jitter")) {
      (o.is("delay") ? link.delay : link.jitter) =
          duration(c.need_word("a duration", "e.g. '" + std::string(o.text) + " 20ms'"));
    } else if (o.is("loss") || o.is("dup") || o.is("reorder")) {
      const Token& v = c.need_word("a percentage", "e.g. '" + std::string(o.text) + " 1%'");
      double* out = o.is("loss") ? &link.loss : o.is("dup") ? &link.duplicate : &link.reorder;
      if (!scn::parse_percent(v.text, out, &p)) fail(v.col, p.message, p.hint);
    } else if (o.is("bandwidth")) {
      const Token& v = c.need_word("a bandwidth", "e.g. 'bandwidth 10Mbit'");
      if (!scn::parse_bandwidth(v.text, &link.bandwidth, &p)) fail(v.col, p.message, p.hint);
      if (link.bandwidth == 0) fail(v.col, "bandwidth must be more than 0", "leave it out for an unlimited link");
    } else {
      link.queue =
          static_cast<uint32_t>(count(c.need_word("a number of packets", "e.g. 'queue 50'"), 1, UINT32_MAX, "queue"));
    }
  }
  use(a.text, a.col, Want::Node, "a link joins hosts, firewalls and nats");
  use(b.text, b.col, Want::Node, "a link joins hosts, firewalls and nats");
  sc_.links.push_back(std::move(link));
}

std::vector<Setting> Parser::parse_settings(Cursor& c) {
  const Token& host = c.need_word("a host name or 'all'", "e.g. 'set server msl 5s'");
  if (!host.is("all"))
    use(host.text, host.col, Want::Host, "settings are TCP parameters of a host; name one, or 'all'");
  std::vector<Setting> out;
  do {
    const Token& key = c.need_word("a setting name", "e.g. 'set " + shown(host.text) + " msl 5s'");
    const SettingInfo* info = find_setting(key.text);
    if (!info)
      fail(key.col, "unknown setting " + q(key),
           suggest(key.text, setting_names(), "settings are " + join(setting_names(), 30)));
    const Token& value = c.need_word("a value for " + q(key));
    out.push_back(
        Setting{std::string(host.text), std::string(key.text), setting_value(*info, key, value), {line_, key.col}});
  } while (!c.done());
  return out;
}

FirewallRule Parser::parse_rule(Cursor& c, const Stmt& s) {
  const Token& mb = c.need_word("a firewall or nat name", "e.g. 'rule fw reject to server:22'");
  FirewallRule rule;
  rule.middlebox = mb.text;
  rule.loc = {line_, s.head->col};
  const Token& verdict = c.need_word("'drop' or 'reject'", "e.g. 'rule fw reject to server:22'");
  if (verdict.is("reject"))
    rule.reject = true;
  else if (!verdict.is("drop")) {
    fail(verdict.col, "expected 'drop' or 'reject', got " + q(verdict), suggest(verdict.text, {"drop", "reject"}, ""));
  }
  while (!c.done()) {
    const Token& o = c.need_word("a rule option");
    if (o.is("from") || o.is("to")) {
      std::optional<EndpointRef>& side = o.is("from") ? rule.from : rule.to;
      if (side) fail(o.col, q(o) + " given twice");
      side = endpoint(c.need_word("HOST[:PORT]", "e.g. 'to server:22' or 'from any'"), false, true, "server:22");
    } else if (o.is("syn")) {
      if (rule.syn_only) fail(o.col, "'syn' given twice");
      rule.syn_only = true;
    } else {
      fail(o.col, "unknown rule option " + q(o),
           suggest(o.text, {"from", "to", "syn"}, "rule options are 'from HOST[:PORT]', 'to HOST[:PORT]' and 'syn'"));
    }
  }
  use(mb.text, mb.col, Want::Middlebox, "rules belong to a firewall or nat on the path");
  return rule;
}

// ---------------------------------------------------------------------------------------------
// Actions

void Parser::parse_link_action(Cursor& c, const Stmt& s) {
  const Token& a = c.need_word("two node names");
  const Token& b = c.need_word("a second node name");
  const Token& dir = c.next();  // parse_line saw "down" or "up" here
  c.finish();
  use(a.text, a.col, Want::Node, "a link joins hosts, firewalls and nats");
  use(b.text, b.col, Want::Node, "a link joins hosts, firewalls and nats");
  line_link_uses_.push_back(LinkUse{std::string(a.text), std::string(b.text), line_, a.col});
  sc_.actions.push_back(Action{
      s.at, s.variant, {line_, s.head->col}, LinkAction{std::string(a.text), std::string(b.text), dir.is("up")}});
}

void Parser::parse_rules_clear(Cursor& c, const Stmt& s) {
  const Token& mb = c.need_word("a firewall or nat name", "e.g. 'at 5s rules fw clear'");
  const Token& verb = c.need_word("'clear'", "e.g. 'at 5s rules fw clear'");
  if (!verb.is("clear"))
    fail(verb.col, "expected 'clear' after 'rules " + shown(mb.text) + "', got " + q(verb),
         suggest(verb.text, {"clear"}, ""));
  c.finish();
  use(mb.text, mb.col, Want::Middlebox, "rules belong to a firewall or nat on the path");
  RuleAction r;
  r.rule.middlebox = mb.text;
  r.rule.loc = {line_, s.head->col};
  r.clear = true;
  sc_.actions.push_back(Action{s.at, s.variant, {line_, s.head->col}, std::move(r)});
}

void Parser::parse_note(Cursor& c, const Stmt& s) {
  const Token& t = c.need("the note text in quotes", "e.g. note \"The server resets.\"");
  if (t.word()) fail(t.col, "the note text must be in quotes", "write note \"...\"");
  c.finish();
  sc_.actions.push_back(Action{s.at, s.variant, {line_, s.head->col}, NoteAction{t.value}});
}

// `[at T] SUBJECT VERB ...`: a call, crash, restart or inject. Also where unknown first words land.
void Parser::parse_subject_line(Cursor& c, const Stmt& s) {
  const Token& head = *s.head;
  const Token* verb = c.peek();
  const bool is_verb = verb && verb->word() && word_in(verb->text, kVerbs);
  const bool known = prescan_names_.count(std::string(head.text)) > 0;
  const auto unknown_statement = [&](const std::vector<std::string>& keywords) {
    fail(head.col, "unknown statement " + q(head),
         suggest(head.text, keywords,
                 "a line starts with a keyword such as 'host', 'link' or 'expect', or with 'at TIME'"));
  };
  if (!s.at_tok) {
    if (is_verb || (known && verb)) timed_only(s);
    unknown_statement(kStatements);
  }
  if (!is_verb && !known && !did_you_mean(std::string(head.text.substr(0, 65)), kTimedStatements).empty()) {
    unknown_statement(kTimedStatements);
  }
  const Token& v = c.need_word("a call", "e.g. 'at 100ms " + shown(head.text) + " close'");
  if (!is_verb) {
    fail(v.col, "unknown call " + q(v),
         suggest(v.text, kVerbs, "calls are " + join(kCalls, 20) + "; hosts also crash, restart and inject; nats forget"));
  }
  if (v.is("crash") || v.is("restart")) {
    c.finish();
    use(head.text, head.col, Want::Host, "only hosts crash and restart");
    sc_.actions.push_back(
        Action{s.at, s.variant, {line_, head.col}, HostAction{std::string(head.text), v.is("restart")}});
  } else if (v.is("inject")) {
    parse_inject(c, s);
  } else if (v.is("forget")) {
    parse_forget(c, s);
  } else {
    parse_call(c, s, call_kind(v.text));
  }
}

void Parser::parse_call(Cursor& c, const Stmt& s, CallKind kind) {
  CallAction call;
  call.kind = kind;
  call.subject = s.head->text;
  const size_t arrow = c.find("->");
  Cursor args = c.until(arrow);
  switch (kind) {
    case CallKind::Listen: {
      const Token& p = args.need_word("a port", "e.g. 'listen 80'");
      call.port = port(p.text, p.col);
      parse_call_options(args, call, {"backlog", "as"});
      break;
    }
    case CallKind::Accept:
      parse_call_options(args, call, {"as"});
      break;
    case CallKind::Connect: {
      const EndpointRef peer =
          endpoint(args.need_word("HOST:PORT", "e.g. 'connect server:80'"), true, false, "server:80");
      call.peer = peer.host;
      call.peer_port = peer.port;
      parse_call_options(args, call, {"from", "as"});
      break;
    }
    case CallKind::Send: {
      const Token& t = args.need("text in quotes or a size", "e.g. send \"hello\" or send 100KB");
      if (!t.word()) {
        call.has_text = true;
        call.text = t.value;
      } else {
        Problem p;
        if (!scn::parse_size(t.text, &call.bulk, &p)) fail(t.col, p.message, p.hint);
        if (call.bulk == 0) fail(t.col, "send needs at least 1 byte");
      }
      break;
    }
    case CallKind::Recv:
      if (!args.done()) {
        const Token& t = args.need_word("a byte count or 'all'");
        if (t.is("all")) {
          call.all = true;
        } else {
          Problem p;
          if (!is_digit(t.text[0])) {
            fail(t.col, "expected a byte count or 'all' after 'recv', got " + q(t), suggest(t.text, {"all"}, ""));
          }
          if (!scn::parse_size(t.text, &call.max, &p)) fail(t.col, p.message, p.hint);
          if (call.max == 0) fail(t.col, "recv needs at least 1 byte", "leave the count out to read up to 65536 bytes");
        }
      }
      break;
    case CallKind::Shutdown:
      if (!args.done()) {
        const Token& t = args.need_word("'wr', 'rd' or 'rdwr'");
        if (t.is("wr"))
          call.how = ShutdownHow::Write;
        else if (t.is("rd"))
          call.how = ShutdownHow::Read;
        else if (t.is("rdwr"))
          call.how = ShutdownHow::Both;
        else
          fail(t.col, "unknown shutdown direction " + q(t),
               suggest(t.text, {"wr", "rd", "rdwr"}, "write 'wr', 'rd' or 'rdwr'"));
      }
      break;
    case CallKind::SetSockOpt:
      parse_setsockopt(args, call);
      break;
    case CallKind::Close:
    case CallKind::Abort:
      break;
  }
  args.finish();
  if (arrow < c.end()) {
    Cursor r = c.from(arrow + 1);
    call.expect = result(r.need("a result", "e.g. '-> ok', '-> EOF' or '-> ECONNRESET'"));
    r.finish();
  }
  use(s.head->text, s.head->col, Want::Subject, "only hosts and their sockets make calls");
  sc_.actions.push_back(Action{s.at, s.variant, {line_, s.head->col}, std::move(call)});
}

void Parser::parse_call_options(Cursor& c, CallAction& call, const std::vector<std::string>& allowed) {
  std::vector<std::string_view> seen;
  while (!c.done()) {
    const Token& o = c.need_word("an option");
    if (!word_in(o.text, allowed)) {
      std::string list;
      for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a + (a == "as" ? " NAME" : " N");
      fail(o.col, "unknown option " + q(o) + " for " + q(call_name(call.kind)),
           suggest(o.text, allowed, "options of '" + std::string(call_name(call.kind)) + "': " + list));
    }
    if (std::find(seen.begin(), seen.end(), o.text) != seen.end()) fail(o.col, q(o) + " given twice");
    seen.push_back(o.text);
    if (o.is("backlog")) {
      call.backlog = static_cast<uint32_t>(count(c.need_word("a number", "e.g. 'backlog 5'"), 1, 65535, "backlog"));
    } else if (o.is("from")) {
      const Token& p = c.need_word("a port", "e.g. 'from 4000'");
      call.local_port = port(p.text, p.col);
    } else {
      const Token& n = c.need_word("a socket name", "e.g. 'as conn'");
      check_name(n);
      call.as = n.text;
      line_sockets_.push_back(NameDecl{std::string(n.text), line_, n.col});
    }
  }
}

void Parser::parse_setsockopt(Cursor& c, CallAction& call) {
  static const std::vector<std::string> kOptions = {"linger", "keepalive", "keepidle", "keepintvl", "keepcnt"};
  const Token& o = c.need_word("an option", "e.g. 'setsockopt linger 0'");
  if (o.is("linger")) {
    call.opt = SockOpt::Linger;
    const Token& v = c.need_word("'off' or a duration", "e.g. 'linger 0' (close sends RST) or 'linger 5s'");
    if (v.is("off")) {
      call.on = false;
    } else {
      call.on = true;
      // linger 0 is the classic "reset on close" idiom; 0 needs no unit here.
      call.duration = v.is("0") ? 0 : duration(v);
    }
  } else if (o.is("keepalive")) {
    call.opt = SockOpt::Keepalive;
    call.on = on_off(c.need_word("'on' or 'off'"), "keepalive");
  } else if (o.is("keepidle") || o.is("keepintvl")) {
    call.opt = o.is("keepidle") ? SockOpt::KeepIdle : SockOpt::KeepIntvl;
    const SettingInfo& info = *find_setting(o.is("keepidle") ? "keepalive-idle" : "keepalive-intvl");
    call.duration = setting_value(info, o, c.need_word("a duration", "e.g. '" + std::string(o.text) + " 10s'"));
  } else if (o.is("keepcnt")) {
    call.opt = SockOpt::KeepCnt;
    call.count = static_cast<uint32_t>(
        setting_value(*find_setting("keepalive-cnt"), o, c.need_word("a number", "e.g. 'keepcnt 3'")));
  } else {
    fail(o.col, "unknown socket option " + q(o), suggest(o.text, kOptions, "options are " + join(kOptions)));
  }
}

void Parser::parse_inject(Cursor& c, const Stmt& s) {
  const char* example = "e.g. 'at 1s fw inject client:4000 > server:80 RST seq=rcv.nxt'";
  InjectAction in;
  in.via = s.head->text;
  in.src = endpoint(c.need_word("a source address", example), false, false, "client:4000");
  const Token& gt = c.need_word("'>'", example);
  if (!gt.is(">")) fail(gt.col, "expected '>' between the source and the destination, got " + q(gt), example);
  in.dst = endpoint(c.need_word("a destination address", example), false, false, "server:80");
  in.flags = flags(c.need_word("flags", "e.g. 'RST' or 'SYN+ACK'"));
  std::vector<std::string_view> seen;
  while (!c.done()) {
    const Token& o = c.need_word("an option");
    const size_t eq = o.text.find('=');
    const std::string_view key = o.text.substr(0, eq == std::string_view::npos ? o.text.size() : eq + 1);
    if (key != "seq=" && key != "ack=" && key != "win=" && key != "data") {
      fail(o.col, "unknown inject option " + q(o),
           suggest(key, {"seq=", "ack=", "win=", "data"}, "options are seq=EXPR, ack=EXPR, win=N and data \"TEXT\""));
    }
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) fail(o.col, q(key) + " given twice");
    seen.push_back(key);
    if (key == "seq=") {
      in.seq = seq_expr(o, 4);
    } else if (key == "ack=") {
      in.ack = seq_expr(o, 4);
    } else if (key == "win=") {
      uint64_t w = 0;
      Problem p;
      if (!scn::parse_count(o.text.substr(4), 65535, &w, &p))
        fail(o.col + 4, p.message, "win is 0..65535 (no window scaling)");
      in.wnd = static_cast<uint16_t>(w);
    } else {
      const Token& t = c.need("the data in quotes", "e.g. data \"hello\"");
      if (t.word()) fail(t.col, "the data must be in quotes", "write data \"...\"");
      in.data = t.value;
    }
  }
  use(s.head->text, s.head->col, Want::Node, "segments are injected by a host, firewall or nat");
  sc_.actions.push_back(Action{s.at, s.variant, {line_, s.head->col}, std::move(in)});
}

// `at T NAT forget`: the nat loses its whole flow table at once, as a reboot or `conntrack -F` does;
// the flows' later segments meet its `forget drop|reset`.
void Parser::parse_forget(Cursor& c, const Stmt& s) {
  c.finish();
  use(s.head->text, s.head->col, Want::Nat, "");
  sc_.actions.push_back(Action{s.at, s.variant, {line_, s.head->col}, ForgetFlowsAction{std::string(s.head->text)}});
}

// ---------------------------------------------------------------------------------------------
// Expectations

void Parser::parse_expect(Cursor& c, const Stmt& s) {
  Expectation e;
  e.variant = s.variant;
  e.loc = {line_, s.head->col};
  const Token& first = c.need_word("what to expect", "e.g. 'expect client state CLOSED'");
  if (first.is("no")) {
    e.kind = Expectation::Kind::NoSends;
    e.flags = flags(c.need_word("flags", "e.g. 'expect no RST from server'"));
    const Token& from = c.need_word("'from HOST'", "e.g. 'expect no RST from server'");
    if (!from.is("from"))
      fail(from.col, "expected 'from' after the flags, got " + q(from), "write 'expect no RST from server'");
    const Token& host = c.need_word("a host name", "e.g. 'expect no RST from server'");
    c.finish();
    e.subject = host.text;
    use(host.text, host.col, Want::Node, "segments are sent by hosts, firewalls and nats");
  } else {
    e.subject = first.text;
    const Token& what =
        c.need_word("'sends', 'state' or a call", "e.g. 'expect " + shown(first.text) + " state CLOSED'");
    if (what.is("sends")) {
      use(first.text, first.col, Want::Node, "segments are sent by hosts, firewalls and nats");
      if (c.peek() && c.peek()->is("no")) {
        c.next();
        e.kind = Expectation::Kind::NoSends;
        e.flags = flags(c.need_word("flags", "e.g. 'expect server sends no RST'"));
        c.finish();
      } else {
        e.kind = Expectation::Kind::Sends;
        e.flags = flags(c.need_word("flags", "e.g. 'expect server sends RST+ACK'"));
        parse_sends_options(c, e);
      }
    } else if (what.is("state")) {
      e.kind = Expectation::Kind::State;
      const Token& st = c.need_word("a state", "e.g. 'CLOSED' or 'TIME-WAIT'");
      const std::optional<State> state = st.text.size() <= 32 ? parse_state(st.text) : std::nullopt;
      if (!state)
        fail(st.col, "unknown state " + q(st), suggest(st.text, state_names(), "states are " + join(state_names())));
      e.state = *state;
      c.finish();
      if (s.at_tok) e.at = s.at;
      use(first.text, first.col, Want::Subject, "states belong to hosts and sockets");
    } else if (word_in(what.text, kCalls)) {
      e.kind = Expectation::Kind::Call;
      e.call = call_kind(what.text);
      if (c.peek() && c.peek()->is("->")) c.next();
      e.result = result(c.need("a result", "e.g. 'ECONNRESET', 'EOF' or 'ok'"));
      c.finish();
      use(first.text, first.col, Want::Subject, "only hosts and their sockets make calls");
    } else {
      std::vector<std::string> words = {"sends", "state"};
      words.insert(words.end(), kCalls.begin(), kCalls.end());
      fail(what.col, "unknown expectation " + q(what),
           suggest(what.text, words, "write 'sends', 'state' or a call such as 'recv'"));
    }
  }
  if (s.at_tok && e.kind != Expectation::Kind::State) {
    fail(s.at_tok->col, "only 'expect ... state' can have a time",
         "other expectations cover the whole run; remove 'at ...'");
  }
  sc_.expectations.push_back(std::move(e));
}

void Parser::parse_sends_options(Cursor& c, Expectation& e) {
  static const std::vector<std::string> kOptions = {"seq=", "ack=", "len=", "win=", "count"};
  while (!c.done()) {
    const Token& o = c.need_word("an option");
    const size_t eq = o.text.find('=');
    const std::string_view key = o.text.substr(0, eq == std::string_view::npos ? o.text.size() : eq + 1);
    if (!word_in(key, kOptions)) {
      fail(o.col, "unknown option " + q(o) + " for 'sends'",
           suggest(key, kOptions, "options are seq=N, ack=N, len=N, win=N and count N"));
    }
    std::optional<uint32_t>& field = key == "seq="   ? e.seq
                                     : key == "ack=" ? e.ack
                                     : key == "len=" ? e.len
                                     : key == "win=" ? e.wnd
                                                     : e.count;
    if (field) fail(o.col, q(key) + " given twice");
    if (key == "count") {
      field = static_cast<uint32_t>(count(c.need_word("a number", "e.g. 'count 2'"), 0, UINT32_MAX, "count"));
      continue;
    }
    uint64_t v = 0;
    Problem p;
    const uint64_t max = key == "win=" ? 65535 : UINT32_MAX;
    if (!scn::parse_count(o.text.substr(4), max, &v, &p)) fail(o.col + 4, p.message, p.hint);
    field = static_cast<uint32_t>(v);
  }
}

// ---------------------------------------------------------------------------------------------
// Values

Time Parser::time_prefix(const Token& t) {
  const bool relative = !t.text.empty() && t.text[0] == '+';
  Time d = 0;
  Problem p;
  if (!scn::parse_duration(t.text.substr(relative ? 1 : 0), &d, &p))
    fail(t.col + (relative ? 1 : 0), p.message, p.hint);
  if (!relative) return d;
  if (d > INT64_MAX - prev_time_) fail(t.col, "time " + q(t) + " is too large");
  return prev_time_ + d;
}

Time Parser::duration(const Token& t) {
  Time d = 0;
  Problem p;
  if (!scn::parse_duration(t.text, &d, &p)) fail(t.col, p.message, p.hint);
  return d;
}

uint64_t Parser::count(const Token& t, uint64_t min, uint64_t max, const char* what) {
  uint64_t v = 0;
  Problem p;
  if (!scn::parse_count(t.text, max, &v, &p)) fail(t.col, p.message, p.hint);
  if (v < min) fail(t.col, std::string(what) + " must be at least " + std::to_string(min));
  return v;
}

uint16_t Parser::port(std::string_view w, uint32_t col) {
  if (w.empty()) fail(col, "expected a port number after ':'", "e.g. 'server:80'");
  if (!is_digit(w[0])) fail(col, "expected a port number (1..65535), got " + q(w));
  uint64_t v = 0;
  Problem p;
  if (!scn::parse_count(w, 65535, &v, &p) || v == 0) {
    if (p.message.rfind("expected", 0) == 0) fail(col, "expected a port number (1..65535), got " + q(w));
    fail(col, "port " + shown(w) + " is out of range (1..65535)");
  }
  return static_cast<uint16_t>(v);
}

uint8_t Parser::flags(const Token& t) {
  uint8_t f = 0;
  if (t.text.size() <= 64 && parse_flags(std::string(t.text), &f)) return f;
  // Find the part that is wrong, to point at it.
  size_t i = 0;
  for (;;) {
    size_t j = t.text.find_first_of("+,", i);
    if (j == std::string_view::npos) j = t.text.size();
    const std::string_view part = t.text.substr(i, j - i);
    const uint32_t col = t.col + static_cast<uint32_t>(i);
    uint8_t one = 0;
    if (part.empty()) fail(col, "missing flag name in " + q(t), "join flags with '+', e.g. 'RST+ACK'");
    if (part.size() > 3 || !parse_flags(std::string(part), &one)) {
      fail(col, "unknown flag " + q(part),
           suggest(part, kFlagNames, "flags are SYN, FIN, RST, PSH and ACK, joined with '+'"));
    }
    if (j == t.text.size()) break;
    i = j + 1;
  }
  fail(t.col, "too many flags in " + q(t));
}

bool Parser::on_off(const Token& t, const std::string& what) {
  if (t.is("on") || t.is("true") || t.is("yes") || t.is("1")) return true;
  if (t.is("off") || t.is("false") || t.is("no") || t.is("0")) return false;
  fail(t.col, "expected 'on' or 'off' for " + q(what) + ", got " + q(t), suggest(t.text, {"on", "off"}, ""));
}

int64_t Parser::setting_value(const SettingInfo& info, const Token& key, const Token& t) {
  const std::string name = q(key.text);
  int64_t v = 0;
  Problem p;
  switch (info.type) {
    case SettingType::Duration:
      v = duration(t);
      break;
    case SettingType::Bytes: {
      uint64_t b = 0;
      if (!scn::parse_size(t.text, &b, &p)) fail(t.col, p.message, p.hint);
      v = b > INT64_MAX ? INT64_MAX : static_cast<int64_t>(b);
      break;
    }
    case SettingType::Count: {
      uint64_t n = 0;
      if (!scn::parse_count(t.text, UINT64_MAX, &n, &p)) fail(t.col, p.message, p.hint);
      v = n > INT64_MAX ? INT64_MAX : static_cast<int64_t>(n);
      break;
    }
    case SettingType::Bool:
      return on_off(t, std::string(key.text)) ? 1 : 0;
  }
  if (v < info.min || v > info.max) {
    const bool is_time = info.type == SettingType::Duration;
    const auto show = [&](int64_t x) { return is_time ? format_duration(x) : std::to_string(x); };
    fail(t.col, name + " must be between " + show(info.min) + " and " + show(info.max) + ", got " + shown(t.text));
  }
  return v;
}

EndpointRef Parser::endpoint(const Token& t, bool need_port, bool allow_any, const char* example) {
  const size_t colon = t.text.find(':');
  const std::string_view host = t.text.substr(0, colon);
  EndpointRef e;
  if (host.empty()) fail(t.col, "expected a host before ':' in " + q(t), std::string("e.g. '") + example + "'");
  if (is_digit(host[0])) {
    uint32_t ip = 0;
    if (!parse_ip_word(host, &ip))
      fail(t.col, q(host) + " is not an IPv4 address", "write four numbers 0..255 like 10.0.0.2, or a host name");
    e.host = host;
  } else if (allow_any && host == "any") {
    e.host.clear();
  } else {
    e.host = host;
    use(host, t.col, Want::Host, "addresses name hosts (or are dotted quads)");
  }
  if (colon != std::string_view::npos) {
    e.port = port(t.text.substr(colon + 1), t.col + static_cast<uint32_t>(colon + 1));
  } else if (need_port) {
    fail(t.end_col(), "expected a port after " + q(t), "write '" + shown(t.text) + ":80'");
  }
  return e;
}

SeqExpr Parser::seq_expr(const Token& t, size_t offset) {
  const std::string_view w = t.text.substr(offset);
  const uint32_t base = t.col + static_cast<uint32_t>(offset);
  SeqExpr e;
  if (w.empty())
    fail(base, "expected a number or a variable after " + q(t.text.substr(0, offset)), "e.g. 'seq=rcv.nxt+1000'");
  size_t i = 0;
  int sign = 1;
  if (w[0] == '+' || w[0] == '-') {
    sign = w[0] == '-' ? -1 : 1;
    i = 1;
  }
  for (;;) {
    size_t j = w.find_first_of("+-", i);
    if (j == std::string_view::npos) j = w.size();
    const std::string_view term = w.substr(i, j - i);
    const uint32_t col = base + static_cast<uint32_t>(i);
    SeqExpr::Term out;
    out.sign = sign;
    if (term.empty()) fail(col, "missing term in " + q(t), "e.g. 'seq=rcv.nxt+1000'");
    if (is_digit(term[0])) {
      Problem p;
      if (!scn::parse_count(term, UINT32_MAX, &out.number, &p))
        fail(col, p.message, "sequence numbers are 0..4294967295");
    } else {
      const std::string name = lower(term.substr(0, 16));
      const auto it = term.size() <= 16 ? std::find(kSeqVars.begin(), kSeqVars.end(), name) : kSeqVars.end();
      if (it == kSeqVars.end()) {
        fail(col, "unknown variable " + q(term),
             suggest(term, kSeqVars, "variables are rcv.nxt, snd.nxt, snd.una, rcv.wnd, iss and irs"));
      }
      out.var = static_cast<SeqExpr::Var>(1 + (it - kSeqVars.begin()));
    }
    e.terms.push_back(out);
    if (j == w.size()) break;
    sign = w[j] == '-' ? -1 : 1;
    i = j + 1;
  }
  return e;
}

ResultPattern Parser::result(const Token& t) {
  ResultPattern r;
  r.loc = {line_, t.col};
  if (!t.word()) {
    r.kind = ResultPattern::Kind::Text;
    r.text = t.value;
    return r;
  }
  const std::string up = upper(t.text.substr(0, 32));
  Problem p;
  if (t.text.size() <= 32 && up == "OK") {
    r.kind = ResultPattern::Kind::Ok;
  } else if (t.text.size() <= 32 && up == "EOF") {
    r.kind = ResultPattern::Kind::Eof;
  } else if (is_digit(t.text[0])) {
    uint64_t v = 0;
    if (!scn::parse_count(t.text, INT64_MAX, &v, &p)) fail(t.col, p.message, p.hint);
    r.kind = ResultPattern::Kind::Value;
    r.value = static_cast<int64_t>(v);
  } else if (auto e = t.text.size() <= 32 ? parse_errno(up) : std::nullopt) {
    r.kind = ResultPattern::Kind::Errno;
    r.err = *e;
  } else {
    fail(t.col, "unknown result " + q(t),
         suggest(t.text, result_names(),
                 "a result is ok, EOF, a number, an error name such as ECONNRESET, or text in quotes"));
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Names

void Parser::check_name(const Token& t) const {
  const std::string_view w = t.text;
  bool valid = (w[0] >= 'a' && w[0] <= 'z') || (w[0] >= 'A' && w[0] <= 'Z');
  for (char ch : w) {
    valid = valid && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || is_digit(ch) || ch == '-' || ch == '_');
  }
  uint32_t ip = 0;
  if (!valid && parse_ip_word(w, &ip))
    fail(t.col, "expected a name before the IP address", "e.g. 'host server " + shown(w) + "'");
  if (!valid)
    fail(t.col, "invalid name " + q(w), "a name starts with a letter and has only letters, digits, '-' and '_'");
  if (w.size() > kMaxNameLength) fail(t.col, "name " + q(w) + " is too long (at most 64 characters)");
  if (word_in(w, kStatements) || word_in(w, kReservedExtra)) fail(t.col, q(w) + " is a keyword and cannot be a name");
}

void Parser::declare_node(const Token& t, NodeKind kind) {
  check_name(t);
  const std::string name(t.text);
  if (auto it = nodes_.find(name); it != nodes_.end()) {
    fail(t.col, "duplicate name " + q(name) + " (already declared at " + sc_.line_ref(it->second.line) + ")");
  }
  nodes_.emplace(name, NodeInfo{kind, line_});
}

void Parser::use(std::string_view name, uint32_t col, Want want, const char* why) {
  line_refs_.push_back(NameRef{std::string(name), want, line_, col, why});
}

std::string Parser::names_hint(const std::string& name, const std::vector<std::string>& names, const char* kind,
                               const char* declare) const {
  std::string near = did_you_mean(name, names);
  if (!near.empty()) return "did you mean '" + near + "'?";
  if (names.empty()) return declare;
  return std::string(kind) + " in this file: " + join(names, 8);
}

void Parser::resolve_names() {
  for (const HostDecl& h : sc_.hosts) host_names_.push_back(h.name);
  for (const MiddleboxDecl& m : sc_.middleboxes) middlebox_names_.push_back(m.name);
  node_names_ = host_names_;
  node_names_.insert(node_names_.end(), middlebox_names_.begin(), middlebox_names_.end());
  subject_names_ = host_names_;
  std::unordered_set<std::string> seen(subject_names_.begin(), subject_names_.end());
  for (const NameDecl& d : socket_decls_) {
    if (seen.insert(d.name).second) subject_names_.push_back(d.name);
  }

  for (const NameDecl& d : socket_decls_) {
    if (auto it = nodes_.find(d.name); it != nodes_.end()) {
      error(d.line, d.col,
            "socket name " + q(d.name) + " is already " + node_kind_name(it->second.kind) + " (" +
                sc_.line_ref(it->second.line) + ")",
            "pick another name after 'as'");
    }
  }
  for (const NameRef& r : refs_) {
    const auto node = nodes_.find(r.name);
    const bool is_node = node != nodes_.end();
    // Lines after stopped_at_ were not read; their declarations are known only by name.
    if (stopped_at_ != 0 && !is_node && !sockets_.count(r.name) && prescan_names_.count(r.name)) continue;
    const bool is_host = is_node && node->second.kind == NodeKind::Host;
    const bool is_socket = sockets_.count(r.name) > 0;
    const std::string kind = is_node ? node_kind_name(node->second.kind) : is_socket ? "a socket" : "";
    const std::string name = r.name;
    switch (r.want) {
      case Want::Host:
        if (is_host) continue;
        if (!kind.empty())
          error(r.line, r.col, q(name) + " is " + kind + ", not a host", r.why);
        else
          error(r.line, r.col, "unknown host " + q(name), "",
                [this, name] { return names_hint(name, host_names_, "hosts", "declare it with 'host NAME'"); });
        break;
      case Want::Node:
        if (is_node) continue;
        if (is_socket)
          error(r.line, r.col, q(name) + " is a socket, not a node", r.why);
        else
          error(r.line, r.col, "unknown node " + q(name), "", [this, name] {
            return names_hint(name, node_names_, "nodes", "declare it with 'host NAME' or 'firewall NAME'");
          });
        break;
      case Want::Middlebox:
        if (is_node && !is_host) continue;
        if (!kind.empty())
          error(r.line, r.col, q(name) + " is " + kind + ", not a firewall or nat", r.why);
        else
          error(r.line, r.col, "unknown firewall or nat " + q(name), "", [this, name] {
            return names_hint(name, middlebox_names_, "firewalls and nats", "declare one with 'firewall NAME'");
          });
        break;
      case Want::Subject:
        if (is_host || is_socket) continue;
        if (is_node)
          error(r.line, r.col, q(name) + " is " + kind + ", not a host or socket", r.why);
        else
          error(r.line, r.col, (sockets_.empty() ? "unknown host " : "unknown host or socket ") + q(name), "",
                [this, name] {
                  return names_hint(name, subject_names_, sockets_.empty() ? "hosts" : "hosts and sockets",
                                    "declare it with 'host NAME'");
                });
        break;
      case Want::Nat:
        if (is_node && node->second.kind == NodeKind::Nat) continue;
        if (!kind.empty()) {
          error(r.line, r.col, q(name) + " is " + kind + " and tracks no flows: only a nat can forget",
                "a nat keeps a flow table: declare one with 'nat NAME idle DURATION' on the path");
        } else {
          error(r.line, r.col, "unknown nat " + q(name), "", [this, name] {
            std::vector<std::string> nats;
            for (const MiddleboxDecl& m : sc_.middleboxes) {
              if (m.nat) nats.push_back(m.name);
            }
            return names_hint(name, nats, "nats", "declare one with 'nat NAME idle DURATION'");
          });
        }
        break;
    }
  }
  for (const LinkUse& u : link_uses_) {
    if (stopped_at_ != 0) break;
    if (!nodes_.count(u.a) || !nodes_.count(u.b)) continue;  // already reported as unknown
    if (!link_lines_.count(link_key(u.a, u.b))) {
      error(u.line, u.col, "no link between " + q(u.a) + " and " + q(u.b),
            "declare it with 'link " + shown(u.a) + " " + shown(u.b) + "'");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The result

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base;
}

ParseResult Parser::finish() {
  const bool any_host =
      std::any_of(nodes_.begin(), nodes_.end(), [](const auto& n) { return n.second.kind == NodeKind::Host; });
  if (!any_host && stopped_at_ == 0) error(0, 0, "no hosts declared", "declare one with 'host client'");

  ParseResult out;
  if (errors_.empty()) {
    // Hosts without an IP get 10.0.0.N, N = 1, 2, ... in declaration order, skipping written IPs.
    uint32_t next = (10u << 24) + 1;
    for (size_t i = 0; i < sc_.hosts.size(); ++i) {
      if (ip_given_[i]) continue;
      while (ip_owner_.count(next)) ++next;
      sc_.hosts[i].ip = next++;
    }
    if (title_line_ == 0) sc_.title = base_name(sc_.file);
    out.scenario = std::move(sc_);
    return out;
  }
  // Line order, with whole-file problems (line 0) last.
  const auto key = [](const Pending& p) { return std::make_pair(p.line == 0 ? UINT32_MAX : p.line, p.col); };
  std::stable_sort(errors_.begin(), errors_.end(), [&](const Pending& a, const Pending& b) { return key(a) < key(b); });
  const size_t total = errors_.size() + dropped_errors_;
  for (size_t i = 0; i < errors_.size() && i < kMaxShownErrors; ++i) {
    Pending& p = errors_[i];
    Diagnostic d;
    d.file = sc_.file;
    d.line = p.line;
    // An --also line is a one-line source of its own: "--also #2:1:10: error: ...".
    if (sc_.also_index(p.line)) {
      d.file = sc_.line_ref(p.line);
      d.line = 1;
    }
    d.col = p.col;
    d.message = std::move(p.message);
    d.hint = p.hint.empty() && p.lazy_hint ? p.lazy_hint() : std::move(p.hint);
    if (p.line > 0 && p.line <= sc_.lines.size()) d.source_line = sc_.lines[p.line - 1];
    out.errors.push_back(std::move(d));
  }
  if (total > kMaxShownErrors || stopped_at_ != 0) {
    Diagnostic d;
    d.file = sc_.file;
    d.message = stopped_at_ != 0 ? "too many errors: stopped reading after " + sc_.line_ref(stopped_at_)
                                 : "too many errors: " + std::to_string(total - kMaxShownErrors) + " more not shown";
    d.hint = "fix these and run again";
    out.errors.push_back(std::move(d));
  }
  return out;
}

/// The one message for a file over the size limit, read or given as text (docs/scenario-format.md).
std::string too_large(const std::string& bytes) {
  return "scenario is too large (" + bytes + " bytes; the limit is 16 MiB)";
}

ParseResult one_error(const std::string& file, std::string message) {
  ParseResult r;
  Diagnostic d;
  d.file = file;
  d.message = std::move(message);
  r.errors.push_back(std::move(d));
  return r;
}

}  // namespace

ParseResult parse_scenario(std::string_view text, const std::string& file) { return parse_scenario(text, file, 0); }

ParseResult parse_scenario(std::string_view text, const std::string& file, uint32_t also_first) {
  try {
    if (text.size() > kMaxFileBytes) {
      return one_error(file, too_large(std::to_string(text.size())));
    }
    Parser parser(text, file, also_first);
    return parser.run();
  } catch (const std::bad_alloc&) {
    return one_error(file, "out of memory while reading the scenario");
  } catch (...) {
    return one_error(file, "internal error while reading the scenario");
  }
}

std::optional<Diagnostic> read_scenario_file(const std::string& path, std::string* text) {
  const auto problem = [&](std::string message) {
    std::optional<Diagnostic> d{Diagnostic{}};
    d->file = path;
    d->message = std::move(message);
    return d;
  };
  try {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return problem("cannot open '" + path + "': " + std::strerror(errno));
    text->clear();
    char buf[1 << 16];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
      text->append(buf, n);
      if (text->size() > kMaxFileBytes) {
        std::fclose(f);
        return problem(too_large("more than " + std::to_string(kMaxFileBytes)));
      }
    }
    const int err = std::ferror(f) ? errno : 0;
    std::fclose(f);
    if (err != 0) return problem("cannot read '" + path + "': " + std::strerror(err));
    return std::nullopt;
  } catch (...) {
    return problem("out of memory while reading '" + path + "'");
  }
}

ParseResult parse_scenario_file(const std::string& path) { return parse_scenario_file_with_also(path, {}); }

}  // namespace tcpsim
