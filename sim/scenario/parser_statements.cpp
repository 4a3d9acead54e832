// Statements (parser_impl.hpp), in the order docs/scenario-format.md gives them: declarations, timed
// actions, expectations. Each reads one line's words after the driver (parser.cpp) has taken off
// its time and twin/fault marker.
#include <algorithm>

#include "scenario/parser_impl.hpp"
#include "tcp/segment.hpp"

namespace tcpsim::parsing {

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
  if (!c.done() && !c.peek()->is("raw")) {
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
  // `raw`: no TCP of its own (a packetdrill script's remote side): it only injects.
  if (!c.done() && c.peek()->is("raw")) {
    c.next();
    h.raw = true;
  }
  c.finish();
  if (given) ip_owner_.emplace(h.ip, sc_.hosts.size());
  sc_.hosts.push_back(std::move(h));
  ip_given_.push_back(given);
}

// `process NAME on HOST`: a program of its own on HOST. Its calls are written `at T NAME CALL ...`;
// `at T HOST kill NAME` kills it (kill -9).
void Parser::parse_process(Cursor& c, const Stmt& s) {
  const char* example = "e.g. 'process nginx on server'";
  const Token& name = c.need_word("a process name", example);
  check_name(name);
  const Token& on = c.need_word("'on HOST'", example);
  if (!on.is("on")) fail(on.col, "expected 'on' after the process name, got " + q(on), example);
  const Token& host = c.need_word("a host name", example);
  c.finish();
  if (auto it = nodes_.find(std::string(name.text)); it != nodes_.end()) {
    fail(name.col, "duplicate name " + q(name) + " (already declared at " + sc_.line_ref(it->second.line) + ")");
  }
  if (auto it = processes_.find(std::string(name.text)); it != processes_.end()) {
    fail(name.col, "duplicate process " + q(name) + " (already declared at " +
                       sc_.line_ref(sc_.processes[it->second].loc.line) + ")");
  }
  use(host.text, host.col, Want::Host, "a process runs on a host");
  processes_.emplace(std::string(name.text), sc_.processes.size());
  sc_.processes.push_back(ProcessDecl{std::string(name.text), std::string(host.text), {line_, s.head->col}});
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
         suggest(v.text, kVerbs, "calls are " + join(kCalls, 20) + "; hosts also crash, restart, kill and inject; nats forget"));
  }
  if (v.is("crash") || v.is("restart")) {
    c.finish();
    use(head.text, head.col, Want::Host, "only hosts crash and restart");
    sc_.actions.push_back(
        Action{s.at, s.variant, {line_, head.col}, HostAction{std::string(head.text), v.is("restart"), false, {}}});
  } else if (v.is("kill")) {
    parse_kill(c, s);
  } else if (v.is("inject")) {
    parse_inject(c, s);
  } else if (v.is("forget")) {
    parse_forget(c, s);
  } else {
    parse_call(c, s, call_kind(v.text));
  }
}

// `at T HOST kill [PROCESS]`: kill -9 of the host's own process, or of a declared one on it.
void Parser::parse_kill(Cursor& c, const Stmt& s) {
  const Token& head = *s.head;
  HostAction kill{std::string(head.text), false, true, {}};
  uint32_t col = 0;
  if (!c.done()) {
    const Token& p = c.need_word("a process name", "e.g. 'at 1s " + shown(head.text) + " kill nginx'");
    kill.process = p.text;
    col = p.col;
  }
  c.finish();
  if (auto it = processes_.find(std::string(head.text)); it != processes_.end()) {
    const ProcessDecl& d = sc_.processes[it->second];
    fail(head.col, q(head) + " is a process: a host kills it",
         "write 'at ... " + d.host + " kill " + d.name + "'");
  }
  use(head.text, head.col, Want::Host, "a host's processes are killed: write 'HOST kill [PROCESS]'");
  if (!kill.process.empty() && kill.process != kill.host) {
    const auto it = processes_.find(kill.process);
    if (it == processes_.end()) {
      std::vector<std::string> names;
      for (const ProcessDecl& d : sc_.processes) {
        if (d.host == kill.host) names.push_back(d.name);
      }
      fail(col, "unknown process " + q(kill.process) + " on " + q(kill.host),
           suggest(kill.process, names,
                   "declare it before with 'process " + kill.process + " on " + kill.host +
                       "', or write '" + kill.host + " kill' for the host's own process"));
    }
    const ProcessDecl& d = sc_.processes[it->second];
    if (d.host != kill.host) {
      fail(col, "process " + q(kill.process) + " runs on " + q(d.host) + ", not on " + q(kill.host),
           "write '" + d.host + " kill " + d.name + "'");
    }
  }
  sc_.actions.push_back(Action{s.at, s.variant, {line_, head.col}, std::move(kill)});
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
    case CallKind::Bind: {
      const Token& p = args.need_word("a port", "e.g. 'bind 80'");
      call.port = port(p.text, p.col);
      parse_call_options(args, call, {"as"});
      break;
    }
    case CallKind::Accept:
    case CallKind::Socket:
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
      } else if (!is_digit(t.text[0])) {
        // A size starts with a digit, so a word here is text that lost its quotes ("send hello").
        std::string words(t.text);
        while (!args.done()) words += " " + std::string(args.next().text);
        fail(t.col, "expected text in quotes or a size after 'send', got " + q(t),
             "quote the text: send \"" + shown(words) + "\"");
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
    case CallKind::GetSockOpt: {
      // Only SO_ERROR: how a program learns how a non-blocking connect() ended.
      const Token& o = args.need_word("an option", "e.g. 'getsockopt SO_ERROR -> ECONNREFUSED'");
      if (upper(o.text.substr(0, 16)) != "SO_ERROR" && !o.is("error")) {
        fail(o.col, "unknown option " + q(o) + " for 'getsockopt'", "tcpsim reads only SO_ERROR: 'getsockopt SO_ERROR'");
      }
      break;
    }
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
  static const std::vector<std::string> kOptions = {"linger", "keepalive", "keepidle", "keepintvl", "keepcnt",
                                                    "reuseaddr", "nonblock"};
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
  } else if (o.is("keepalive") || o.is("reuseaddr") || o.is("nonblock")) {
    call.opt = o.is("keepalive") ? SockOpt::Keepalive : o.is("reuseaddr") ? SockOpt::ReuseAddr : SockOpt::NonBlock;
    call.on = on_off(c.need_word("'on' or 'off'"), std::string(o.text));
  } else if (o.is("keepidle") || o.is("keepintvl")) {
    call.opt = o.is("keepidle") ? SockOpt::KeepIdle : SockOpt::KeepIntvl;
    const SettingInfo& info = *find_setting(o.is("keepidle") ? "keepalive-idle" : "keepalive-intvl");
    call.duration = setting_value(info, o, c.need_word("a duration", "e.g. '" + std::string(o.text) + " 10s'"));
  } else if (o.is("keepcnt")) {
    call.opt = SockOpt::KeepCnt;
    call.count = static_cast<uint32_t>(
        setting_value(*find_setting("keepalive-cnt"), o, c.need_word("a number", "e.g. 'keepcnt 3'")));
  } else {
    fail(o.col, "unknown socket option " + q(o), sockopt_hint(o.text, kOptions));
  }
}

// `at T NAT forget`: the nat loses its whole flow table at once, as a reboot or `conntrack -F` does;
// the flows' later segments meet its `forget drop|reset`.
void Parser::parse_forget(Cursor& c, const Stmt& s) {
  c.finish();
  use(s.head->text, s.head->col, Want::Nat, "");
  sc_.actions.push_back(Action{s.at, s.variant, {line_, s.head->col}, ForgetFlowsAction{std::string(s.head->text)}});
}

}  // namespace tcpsim::parsing
