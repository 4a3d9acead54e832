// The packetdrill parser (pkt_parser.hpp): line by line over the lexer's tokens. A line's problem
// is recorded and the parser goes on with the next line, so one run reports every problem (up to
// kMaxProblems).
#include "pkt/pkt_parser.hpp"

#include <fstream>
#include <sstream>

#include "pkt/pkt_lexer.hpp"
#include "tcp/segment.hpp"

namespace tcpsim::pkt {

std::string Problem::format(const std::string& file) const {
  static const char* kinds[] = {"error", "unsupported", "warning", "note"};
  std::string s = file;
  if (loc.line) s += ":" + std::to_string(loc.line) + ":" + std::to_string(loc.col);
  return s + ": " + kinds[static_cast<int>(kind)] + ": " + message;
}

bool Script::failed() const {
  for (const Problem& p : problems) {
    if (p.kind == Problem::Kind::Error || p.kind == Problem::Kind::Unsupported) return true;
  }
  return false;
}

bool parse_seconds(std::string_view text, Time* out) {
  Time whole = 0;
  size_t i = 0;
  size_t digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
    whole = whole * 10 + (text[i] - '0');
    if (whole > 1'000'000) return false;
  }
  Time frac = 0;
  Time scale = kSec;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
      if (scale == 1) return false;  // Finer than a nanosecond.
      scale /= 10;
      frac += (text[i] - '0') * scale;
    }
  }
  if (i != text.size() || digits == 0) return false;
  *out = whole * kSec + frac;
  return true;
}

namespace {

/// A line's problem: the parser records it and moves to the next line.
struct LineError {
  Problem problem;
};

class Parser {
 public:
  Parser(std::string_view text, const std::string& file, bool lenient) : lenient_(lenient) {
    script_.file = file;
    if (text.size() > kMaxScriptBytes) {
      script_.problems.push_back({Problem::Kind::Error, {}, "script is too large (" + std::to_string(text.size()) +
                                                               " bytes; the limit is 4 MiB)"});
      return;
    }
    // Variants first (`#ifdef linux`): the lexer sees the branch that applies, on its own lines.
    variants_ = select_variants(text, script_.problems);
    toks_ = lex(variants_, script_.problems);
  }

  Script run() {
    size_t i = 0;
    while (i < toks_.size() && toks_[i].kind != Token::Kind::End) {
      size_t end = i;
      while (toks_[end].kind != Token::Kind::Newline && toks_[end].kind != Token::Kind::End) ++end;
      if (end > i) {
        pos_ = i;
        end_ = end;
        try {
          line();
        } catch (const LineError& e) {
          add(e.problem);
        }
      }
      i = end + (toks_[end].kind == Token::Kind::Newline ? 1 : 0);
      if (script_.problems.size() >= kMaxProblems) {
        add({Problem::Kind::Error, toks_[i < toks_.size() ? i : toks_.size() - 1].loc,
             "too many problems: stopped reading here"});
        break;
      }
    }
    return std::move(script_);
  }

 private:
  // ---- Tokens of the current line ----
  bool done() const { return pos_ >= end_; }
  const Token& cur() const { return toks_[pos_ < end_ ? pos_ : end_]; }
  const Token& take() {
    const Token& t = cur();
    if (pos_ < end_) ++pos_;
    return t;
  }
  [[noreturn]] void fail(Loc at, std::string message) const {
    throw LineError{{Problem::Kind::Error, at, std::move(message)}};
  }
  /// "'x'", or "the end of the line".
  static std::string show(const Token& t) {
    if (t.kind == Token::Kind::Newline || t.kind == Token::Kind::End) return "the end of the line";
    std::string s = t.text.size() > 40 ? t.text.substr(0, 40) + "..." : t.text;
    return "'" + s + "'";
  }
  const Token& expect(std::string_view p, const std::string& context) {
    if (!cur().is(p)) fail(cur().loc, "expected '" + std::string(p) + "' " + context + ", got " + show(cur()));
    return take();
  }
  uint64_t number(const std::string& what, uint64_t max) {
    const Token& t = cur();
    if (t.kind != Token::Kind::Number) fail(t.loc, "expected " + what + ", got " + show(t));
    take();
    uint64_t v = 0;
    const bool hex = t.text.size() > 1 && (t.text[1] == 'x' || t.text[1] == 'X');
    if (t.text.find('.') != std::string::npos) fail(t.loc, "expected a whole number for " + what + ", got " + show(t));
    for (size_t k = hex ? 2 : 0; k < t.text.size(); ++k) {
      const char c = t.text[k];
      const uint64_t d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
      v = v * (hex ? 16 : 10) + d;
      if (v > max) fail(t.loc, what + " " + show(t) + " is too large (at most " + std::to_string(max) + ")");
    }
    if (hex && t.text.size() == 2) fail(t.loc, "expected hex digits after '0x'");
    return v;
  }
  void add(Problem p) {
    if (p.kind == Problem::Kind::Unsupported && lenient_) {
      p.kind = Problem::Kind::Warning;
      p.message += " (skipped: --lenient)";
    }
    script_.problems.push_back(std::move(p));
  }
  /// A construct tcpsim does not run: the line is left out (and the script fails unless lenient).
  [[noreturn]] void unsupported(Loc at, std::string message) const {
    throw LineError{{Problem::Kind::Unsupported, at, std::move(message)}};
  }

  // ---- Lines ----
  void line() {
    const Token& first = cur();
    if (first.kind == Token::Kind::Python) {
      unsupported(first.loc, "%{ }% Python blocks are not supported (tcpsim runs no Python)");
    }
    if (first.is("-") && pos_ + 1 < end_ && toks_[pos_ + 1].is("-") && !toks_[pos_ + 1].space_before) {
      option_line();
      return;
    }
    if (script_.events.size() >= kMaxEvents) fail(first.loc, "too many events (the limit is 100000)");
    Event e;
    e.loc = first.loc;
    if (first.kind == Token::Kind::Shell) {
      e.time.kind = EventTime::Kind::Relative;  // A shell line without a time runs right after the line before.
    } else {
      e.time = event_time();
    }
    const Token& head = cur();
    if (head.is("<") || head.is(">")) {
      e.what = packet();
    } else if (head.kind == Token::Kind::Shell) {
      take();
      e.what = Shell{head.text};
    } else if (head.kind == Token::Kind::Word && pos_ + 1 < end_ && toks_[pos_ + 1].is("(")) {
      e.what = syscall();
    } else if (head.kind == Token::Kind::Python) {
      unsupported(head.loc, "%{ }% Python blocks are not supported (tcpsim runs no Python)");
    } else {
      fail(head.loc, "expected a packet ('<' or '>'), a system call or a `shell command` after the time, got " +
                         show(head));
    }
    if (!done()) fail(cur().loc, "unexpected " + show(cur()) + " at the end of the line");
    script_.events.push_back(std::move(e));
  }

  // `--tolerance_usecs=1000`, `--ip_version=ipv4`, ...
  void option_line() {
    const Loc at = cur().loc;
    take();
    take();
    const Token& name = cur();
    if (name.kind != Token::Kind::Word || name.space_before) fail(name.loc, "expected an option name after '--'");
    take();
    std::string value;
    if (cur().is("=")) {
      take();
      while (!done()) value += take().text;
    }
    if (!done()) fail(cur().loc, "unexpected " + show(cur()) + " after the option");
    if (name.text == "tolerance_usecs") {
      Time t = 0;
      if (!parse_seconds(value, &t) || value.find('.') != std::string::npos) {
        fail(name.loc, "--tolerance_usecs needs a whole number of microseconds, got '" + value + "'");
      }
      script_.tolerance = t / kSec * kUs;
    } else if (name.text == "ip_version") {
      if (value != "ipv4") unsupported(name.loc, "--ip_version=" + value + ": tcpsim runs IPv4 only");
    } else if (name.text != "local_ip" && name.text != "remote_ip" && name.text != "bind_port" &&
               name.text != "connect_port") {
      unsupported(name.loc, "option --" + name.text + " is not supported");
    }
    script_.options.push_back({name.text, value, at});
  }

  // `0`, `+0.1`, `*`, `0.1~0.2`, `0.1...0.2`.
  EventTime event_time() {
    EventTime t;
    if (cur().is("*")) {
      take();
      t.kind = EventTime::Kind::Any;
      return t;
    }
    bool rel = false;
    t.t = time_value(&rel);
    t.kind = rel ? EventTime::Kind::Relative : EventTime::Kind::Absolute;
    if (cur().is("~")) {
      take();
      t.range_end = time_value(&t.range_end_relative);
    } else if (cur().is("...")) {
      take();
      t.call_end = time_value(&t.call_end_relative);
    }
    return t;
  }
  Time time_value(bool* relative) {
    *relative = false;
    if (cur().is("+")) {
      take();
      *relative = true;
    }
    const Token& n = cur();
    if (n.kind != Token::Kind::Number) {
      fail(n.loc, "expected a time (e.g. 0, 0.100, +0.1 or *), got " + show(n));
    }
    take();
    Time v = 0;
    if (!parse_seconds(n.text, &v)) fail(n.loc, "bad time " + show(n) + " (seconds, at most 1000000, to the nanosecond)");
    return v;
  }

  // `< S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7>`
  Packet packet() {
    Packet p;
    p.inbound = take().is("<");
    flags(p);
    const Loc seq_at = cur().loc;
    const uint64_t start = number("the start sequence number", UINT32_MAX);
    expect(":", "between the start and end sequence numbers");
    const uint64_t end = number("the end sequence number", UINT32_MAX);
    expect("(", "before the payload length");
    const uint64_t len = number("the payload length", 65535);
    expect(")", "after the payload length");
    if (static_cast<uint32_t>(end - start) != len) {
      fail(seq_at, "sequence range " + std::to_string(start) + ":" + std::to_string(end) + " is " +
                       std::to_string(static_cast<uint32_t>(end - start)) + " bytes, not " + std::to_string(len));
    }
    p.start = static_cast<uint32_t>(start);
    p.end = static_cast<uint32_t>(end);
    p.len = static_cast<uint32_t>(len);
    while (!done()) {
      const Token& k = cur();
      if (k.is("ack")) {
        take();
        if (p.ack) fail(k.loc, "'ack' given twice");
        p.ack = static_cast<uint32_t>(number("an acknowledgment number", UINT32_MAX));
      } else if (k.is("win")) {
        take();
        if (p.win) fail(k.loc, "'win' given twice");
        p.win = static_cast<uint32_t>(number("a window", 65535));
      } else if (k.is("<")) {
        if (p.has_options) fail(k.loc, "a second option list");
        take();
        options(p);
      } else if (k.is("urg")) {
        unsupported(k.loc, "urgent data ('urg') is not supported (tcpsim models no urgent pointer)");
      } else if (k.is("(") || k.is("[")) {
        unsupported(k.loc, "IP-level fields (" + show(k) + " after a packet: ECN marks, TOS, flow label) are not supported");
      } else {
        fail(k.loc, "unexpected " + show(k) + " in a packet (expected 'ack N', 'win N' or '<options>')");
      }
    }
    if ((p.flags & kAck) && !p.ack && p.inbound) fail(p.flags_loc, "an inbound packet with '.' (ACK) needs 'ack N'");
    return p;
  }

  // Flags written together, right after `<`/`>`: `S`, `S.`, `.`, `P.`, `F.`, `R`, `R.`, `SEW`.
  void flags(Packet& p) {
    const Token& first = cur();
    p.flags_loc = first.loc;
    if (first.kind != Token::Kind::Word && !first.is(".")) {
      fail(first.loc, "expected packet flags (S F R P . E W, e.g. 'S.'), got " + show(first));
    }
    std::string text;
    do {
      text += take().text;
    } while (!done() && !cur().space_before && (cur().kind == Token::Kind::Word || cur().is(".")));
    for (size_t k = 0; k < text.size(); ++k) {
      const Loc at{first.loc.line, first.loc.col + static_cast<uint32_t>(k)};
      const char c = text[k];
      uint8_t bit = 0;
      switch (c) {
        case 'S': bit = kSyn; break;
        case 'F': bit = kFin; break;
        case 'R': bit = kRst; break;
        case 'P': bit = kPsh; break;
        case '.': bit = kAck; break;
        case 'E': p.ece = true; continue;
        case 'W': p.cwr = true; continue;
        case 'U': unsupported(at, "the URG flag is not supported (tcpsim models no urgent data)");
        default: fail(at, std::string("unknown flag '") + c + "' (flags are S F R P . E W)");
      }
      if (p.flags & bit) fail(at, std::string("flag '") + c + "' given twice");
      p.flags |= bit;
    }
  }

  // `mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7` up to `>`; or `...` (any options).
  void options(Packet& p) {
    p.has_options = true;
    if (cur().is("...")) {
      take();
      p.any_options = true;
      expect(">", "after '<...'");
      return;
    }
    if (cur().is(">")) {
      take();
      return;
    }
    for (;;) {
      const Token& name = cur();
      TcpOpt o;
      o.loc = name.loc;
      if (name.kind != Token::Kind::Word) fail(name.loc, "expected a TCP option (mss, sackOK, TS, nop, wscale), got " + show(name));
      take();
      if (name.text == "mss") {
        o.kind = TcpOpt::Kind::Mss;
        o.a = static_cast<uint32_t>(number("an MSS", 65535));
      } else if (name.text == "sackOK") {
        o.kind = TcpOpt::Kind::SackOk;
      } else if (name.text == "TS") {
        o.kind = TcpOpt::Kind::Timestamp;
        expect("val", "after 'TS'");
        o.a = static_cast<uint32_t>(number("a TS value", UINT32_MAX));
        expect("ecr", "after the TS value");
        o.b = static_cast<uint32_t>(number("a TS echo reply", UINT32_MAX));
      } else if (name.text == "nop") {
        o.kind = TcpOpt::Kind::Nop;
      } else if (name.text == "eol") {
        o.kind = TcpOpt::Kind::Eol;
      } else if (name.text == "wscale") {
        o.kind = TcpOpt::Kind::WindowScale;
        o.a = static_cast<uint32_t>(number("a window scale", 255));
      } else if (name.text == "sack") {
        o.kind = TcpOpt::Kind::Sack;
        size_t blocks = 0;
        while (cur().kind == Token::Kind::Number) {
          number("a SACK block start", UINT32_MAX);
          expect(":", "in a SACK block");
          number("a SACK block end", UINT32_MAX);
          ++blocks;
        }
        if (blocks == 0) fail(name.loc, "expected SACK blocks (START:END) after 'sack'");
      } else if (name.text == "FO" || name.text == "md5" || name.text == "exp" || name.text == "mpcapable" ||
                 name.text == "dss" || name.text == "tcpao") {
        unsupported(name.loc, "TCP option '" + name.text + "' is not supported");
      } else {
        fail(name.loc, "unknown TCP option " + show(name) + " (known: mss, sackOK, TS val N ecr N, nop, eol, wscale, sack)");
      }
      p.options.push_back(o);
      if (cur().is(",")) {
        take();
        continue;
      }
      expect(">", "at the end of the option list");
      return;
    }
  }

  // `name(arg, arg, ...) = ret [ERRNO [(text)]]`.
  Syscall syscall() {
    Syscall c;
    const Token& name = take();
    c.name = name.text;
    take();  // (
    size_t count = 0;
    if (cur().is(")")) {
      take();
    } else {
      for (;;) {
        Arg a = arg();
        if (++count > 16) fail(a.loc, "too many arguments (at most 16)");
        c.args.push_back(std::move(a));
        if (cur().is(",")) {
          take();
          continue;
        }
        expect(")", "at the end of the arguments of " + c.name + "()");
        break;
      }
    }
    expect("=", "and the result after " + c.name + "(...)");
    c.ret_loc = cur().loc;
    const bool negative = cur().is("-");
    if (negative) take();
    c.ret = static_cast<int64_t>(number("the result", INT32_MAX));
    if (negative) c.ret = -c.ret;
    if (cur().kind == Token::Kind::Word) {
      const Token& e = take();
      if (e.text.size() < 2 || e.text[0] != 'E') fail(e.loc, "expected an errno name like ECONNRESET, got " + show(e));
      if (c.ret != -1) fail(e.loc, "an errno goes with the result -1, not " + std::to_string(c.ret));
      c.errno_name = e.text;
    }
    if (cur().is("(")) {
      // The errno's text, or a comment on the result: `(Connection reset by peer)`, `(flags O_RDWR)`.
      take();
      int depth = 1;
      while (!done() && depth > 0) {
        const Token& t = take();
        if (t.is("(")) ++depth;
        if (t.is(")")) --depth;
      }
      if (depth > 0) fail(cur().loc, "missing ')' after the explanation of the result");
    }
    if (c.ret == -1 && c.errno_name.empty()) fail(c.ret_loc, "the result -1 needs an errno name, e.g. '= -1 ECONNRESET'");
    return c;
  }

  // One argument: the tokens up to a ',' or ')' outside brackets.
  Arg arg() {
    Arg a;
    a.loc = cur().loc;
    int depth = 0;
    while (!done()) {
      const Token& t = cur();
      if (depth == 0 && (t.is(",") || t.is(")"))) break;
      if (t.is("(") || t.is("[") || t.is("{")) ++depth;
      if (t.is(")") || t.is("]") || t.is("}")) {
        if (--depth < 0) fail(t.loc, "unbalanced " + show(t));
      }
      if (t.kind == Token::Kind::Word) a.names.push_back(t.text);
      if (t.kind == Token::Kind::Number) {
        uint64_t v = 0;
        for (char ch : t.text) {
          if (ch < '0' || ch > '9' || v > (uint64_t{1} << 40)) break;
          v = v * 10 + static_cast<uint64_t>(ch - '0');
        }
        a.numbers.push_back(static_cast<int64_t>(v));
      }
      if (t.kind == Token::Kind::String) a.text += "\"" + t.text + "\"";
      else a.text += t.text;
      take();
    }
    if (a.text.empty()) fail(cur().loc, "expected an argument, got " + show(cur()));
    if (depth != 0) fail(cur().loc, "missing a closing bracket in an argument");
    return a;
  }

  std::string variants_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool lenient_;
  Script script_;
};

}  // namespace

Script parse_script(std::string_view text, const std::string& file, bool lenient) {
  return Parser(text, file, lenient).run();
}

Script parse_script_file(const std::string& path, bool lenient) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Script s;
    s.file = path;
    s.problems.push_back({Problem::Kind::Error, {}, "cannot open '" + path + "'"});
    return s;
  }
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxScriptBytes) break;
  }
  return parse_script(text, path, lenient);
}

}  // namespace tcpsim::pkt
