// Values in scenario lines (parser_impl.hpp): times, durations, counts, ports, flags, settings,
// endpoints, sequence-number expressions and call results; and the small helpers messages use.
#include <algorithm>

#include "scenario/parser_impl.hpp"
#include "tcp/segment.hpp"

namespace tcpsim::parsing {

std::string q(std::string_view w) { return "'" + shown(w) + "'"; }
std::string q(const Token& t) { return t.word() ? q(t.text) : shown(t.text); }

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

std::string join(const std::vector<std::string>& words, size_t max) {
  std::string out;
  for (size_t i = 0; i < words.size() && i < max; ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  if (words.size() > max) out += ", ...";
  return out;
}

std::string suggest(std::string_view word, const std::vector<std::string>& candidates, std::string otherwise) {
  // "backlog=5": scenario options are words with their values after a space, as in the docs.
  const size_t eq = word.find('=');
  if (eq != std::string_view::npos && eq > 0 && eq + 1 < word.size() && word_in(word.substr(0, eq), candidates)) {
    return "write '" + std::string(word.substr(0, eq)) + " " + shown(word.substr(eq + 1)) + "', with a space, not '='";
  }
  std::string near = word.size() <= 64 ? did_you_mean(std::string(word), candidates) : "";
  return near.empty() ? otherwise : "did you mean '" + near + "'?";
}

bool word_in(std::string_view w, const std::vector<std::string>& words) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

CallKind call_kind(std::string_view w) {
  for (int k = 0; k < static_cast<int>(kCallKindCount); ++k) {
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

const std::vector<std::string>& result_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v = {"ok", "EOF", "killed"};
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

std::pair<std::string, std::string> link_key(std::string_view a, std::string_view b) {
  return a < b ? std::make_pair(std::string(a), std::string(b)) : std::make_pair(std::string(b), std::string(a));
}

bool parse_ip_word(std::string_view w, uint32_t* ip) { return w.size() <= 15 && parse_ip(std::string(w), ip); }

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
      // A zero that switches a limit off needs no unit (`set all ack-ratelimit 0`, as `linger 0`);
      // only where 0 is in range, so `rto-min 0` still says the unit is missing.
      v = t.is("0") && info.min == 0 ? 0 : duration(t);
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
  } else if (t.is("killed")) {
    r.kind = ResultPattern::Kind::Killed;  // The call's process was killed while it waited (kill -9).
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
                 "a result is ok, EOF, killed, a number, an error name such as ECONNRESET, or text in quotes"));
  }
  return r;
}


/// The hint for an unknown socket option: the C spelling a reader knows from setsockopt(2)
/// ("SO_KEEPALIVE", "tcp_keepidle") named as the scenario does, else the nearest name.
std::string sockopt_hint(std::string_view word, const std::vector<std::string>& names) {
  struct Spelling {
    const char* c_name;
    const char* name;
    const char* example;
  };
  static const Spelling kSpellings[] = {
      {"SO_LINGER", "linger", "setsockopt linger 0"},       {"SO_KEEPALIVE", "keepalive", "setsockopt keepalive on"},
      {"TCP_KEEPIDLE", "keepidle", "setsockopt keepidle 10s"}, {"TCP_KEEPINTVL", "keepintvl", "setsockopt keepintvl 5s"},
      {"TCP_KEEPCNT", "keepcnt", "setsockopt keepcnt 3"},     {"SO_REUSEADDR", "reuseaddr", "setsockopt reuseaddr on"},
      {"O_NONBLOCK", "nonblock", "setsockopt nonblock on"},   {"SOCK_NONBLOCK", "nonblock", "setsockopt nonblock on"}};
  std::string upper;
  for (char ch : word) upper += static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
  if (upper == "SO_ERROR") return "SO_ERROR is read, not set: 'getsockopt SO_ERROR'";
  for (const Spelling& sp : kSpellings) {
    if (upper == sp.c_name) {
      return "the scenario calls " + std::string(sp.c_name) + " '" + sp.name + "', e.g. '" + sp.example + "'";
    }
  }
  if (upper.rfind("SO_", 0) == 0 || upper.rfind("TCP_", 0) == 0 || upper.rfind("IP_", 0) == 0) {
    return "tcpsim does not model " + shown(upper) + "; its socket options are " + join(names);
  }
  return suggest(word, names, "options are " + join(names));
}


}  // namespace tcpsim::parsing
