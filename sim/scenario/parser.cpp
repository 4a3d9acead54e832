// The scenario parser's line driver (parser_impl.hpp says how the parser is split): the file cut into
// lines, each line's words, its `at TIME` and twin/fault marker, which statement it is; then the
// result, a Scenario or the sorted errors; and the public entry points of parser.hpp.
#include "scenario/parser.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <new>

#include "scenario/also.hpp"
#include "scenario/parser_impl.hpp"

namespace tcpsim {

namespace parsing {

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
    if (toks.size() > 1 && (toks[0].is("host") || toks[0].is("firewall") || toks[0].is("nat") || toks[0].is("process"))) {
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
      (toks[end - 1].is("host") || toks[end - 1].is("firewall") || toks[end - 1].is("nat") || toks[end - 1].is("as") ||
       toks[end - 1].is("process"))) {
    fail(s.marker->col, q(*s.marker) + " is a keyword and cannot be a name");
  }
  Cursor c(toks, 0, end);
  std::optional<Trigger> trigger;
  if (toks[0].is("at")) {
    s.at_tok = &c.next();
    prev_time_ = time_prefix(c.need_word("a time", "e.g. 'at 100ms' or 'at +50ms'"));
  } else if (toks[0].is("after")) {
    // `after ...` stands where `at TIME` would: the action waits for the trigger (parser_trigger.cpp).
    s.at_tok = &c.next();
    trigger = parse_trigger(c);
  }
  s.at = trigger ? 0 : prev_time_;
  s.head = &c.need("a statement", trigger ? "e.g. 'after server sends RST+ACK client recv'" : "e.g. 'at 100ms client close'");
  if (!s.head->word()) {
    fail(s.head->col, "a line cannot start with text in quotes", "write note \"...\" for narration");
  }
  if (trigger && (s.head->is("expect") || s.head->is("at") || s.head->is("after"))) {
    fail(s.head->col, "'after' starts an action, not " + q(*s.head),
         s.head->is("expect") ? "expectations are checked after the run: write 'at TIME expect ...' or 'expect next ...'"
                              : "a line has one trigger or one time");
  }
  const size_t actions_before = sc_.actions.size();
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
  } else if (kw == "process") {
    declaration_only(s);
    parse_process(c, s);
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
  if (trigger) {
    for (size_t i = actions_before; i < sc_.actions.size(); ++i) {
      trigger->action = i;
      trigger->loc = {line_, s.at_tok->col};
      sc_.triggers.push_back(*trigger);
    }
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
// The result

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0) base.resize(dot);
  return base;
}

namespace {

/// Warnings for firewalls and nats that no segment can cross: no two hosts lie on different sides of
/// them (every host reachable from one neighbour without passing through it is reachable from all
/// the others). A middlebox only acts on the traffic routed through it (docs/scenario-format.md).
std::vector<Diagnostic> middleboxes_off_path(const Scenario& sc) {
  std::vector<Diagnostic> out;
  std::map<std::string, std::vector<std::string>> adj;
  for (const LinkDecl& l : sc.links) {
    adj[l.a].push_back(l.b);
    adj[l.b].push_back(l.a);
  }
  std::set<std::string> hosts;
  for (const HostDecl& h : sc.hosts) hosts.insert(h.name);
  for (const MiddleboxDecl& m : sc.middleboxes) {
    // The hosts reached from each neighbour without passing through `m`, one flood per side.
    std::set<std::string> seen = {m.name};
    int sides_with_hosts = 0;
    for (const std::string& start : adj[m.name]) {
      if (seen.count(start)) continue;
      bool host = false;
      std::vector<std::string> todo = {start};
      seen.insert(start);
      while (!todo.empty()) {
        const std::string n = todo.back();
        todo.pop_back();
        host |= hosts.count(n) > 0;
        for (const std::string& next : adj[n]) {
          if (seen.insert(next).second) todo.push_back(next);
        }
      }
      sides_with_hosts += host;
    }
    if (sides_with_hosts >= 2) continue;
    Diagnostic d;
    d.file = sc.file;
    d.line = m.loc.line;
    d.col = m.loc.col;
    d.warning = true;
    const std::string kind = m.nat ? "nat" : "firewall";
    d.message = kind + " '" + m.name + "' is on no path between two hosts: no segment will cross it";
    const std::string a = sc.hosts.empty() ? "client" : sc.hosts[0].name;
    const std::string b = sc.hosts.size() < 2 ? "server" : sc.hosts[1].name;
    d.hint = "put it between them, e.g. 'link " + a + " " + m.name + "' and 'link " + m.name + " " + b + "'";
    if (m.loc.line > 0 && m.loc.line <= sc.lines.size()) d.source_line = sc.lines[m.loc.line - 1];
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

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
    out.warnings = middleboxes_off_path(sc_);
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

}  // namespace parsing

namespace {

using parsing::kMaxFileBytes;
using parsing::Parser;

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
