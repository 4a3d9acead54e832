// The run and the report of pkt_run.hpp.
#include "pkt/pkt_run.hpp"

#include <algorithm>
#include <cstdio>

#include "pkt/pkt_parser.hpp"
#include "scenario/expect.hpp"
#include "scenario/parser.hpp"
#include "scenario/runner.hpp"
#include "tcp/rules.hpp"
#include "tcp/segment.hpp"
#include "trace/describe.hpp"

namespace tcpsim::pkt {

namespace {

std::string seconds(Time t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", static_cast<double>(t) / static_cast<double>(kSec));
  return buf;
}

void add_problems(const std::vector<Problem>& ps, const std::string& file, ScriptReport* r) {
  for (const Problem& p : ps) {
    const bool stops = p.kind == Problem::Kind::Error || p.kind == Problem::Kind::Unsupported;
    (stops ? r->errors : r->notes).push_back(p.format(file));
  }
}

/// What the report says about one `>` line and the segment tcpsim sent in its place.
class PacketCheck {
 public:
  PacketCheck(const Trace& tr, const RelativeNumbers& rel) : tr_(tr), rel_(rel) {
    const NodeId local = tr.node_by_name("local");
    for (size_t i = 0; i < tr.segments.size(); ++i) {
      const SegmentRecord r = tr.segments[i];
      if (r.from == local && r.dup_of == 0) sent_.push_back(i);
    }
  }

  /// The k-th segment the local host sent (its index in the trace), or -1.
  int64_t sent(size_t k) const { return k < sent_.size() ? static_cast<int64_t>(sent_[k]) : -1; }

  /// "tcpsim sent ACK seq=1 ack=1 win=65535 at 0.200000: challenge ACK (RFC 5961 §3.2): TEXT".
  std::string what_tcpsim_did(size_t index) const {
    const SegmentRecord r = tr_.segments[index];
    const RuleInfo& info = rule_info(r.rule);
    std::string s = "tcpsim sent " + describe_segment(tr_, rel_, index) + " at " + seconds(r.sent_at);
    if (r.rule != Rule::None) s += ": " + std::string(info.label) + " (" + std::string(info.cite) + ")";
    return s;
  }

  /// packetdrill's "live packet field" lines for the fields that differ ("" when none does).
  std::vector<std::string> differences(const Outbound& o, size_t index) const {
    const SegmentRecord r = tr_.segments[index];
    const Packet& p = o.packet;
    std::vector<std::string> out;
    static const struct {
      uint8_t bit;
      const char* name;
    } kFlags[] = {{kSyn, "tcp_syn"}, {kFin, "tcp_fin"}, {kRst, "tcp_rst"}, {kPsh, "tcp_psh"}, {kAck, "tcp_ack"}};
    for (const auto& f : kFlags) {
      const int want = (p.flags & f.bit) ? 1 : 0;
      const int got = (r.seg.flags & f.bit) ? 1 : 0;
      if (want != got) out.push_back(field(std::string(f.name) + " flag", want, got));
    }
    if (rel_.seq[index] != p.start) out.push_back(field("tcp_seq", p.start, rel_.seq[index]));
    if ((p.flags & kAck) && (r.seg.flags & kAck)) {
      const uint32_t got = rel_.ack[index] + o.remote_isn;
      if (got != p.ack.value_or(0)) out.push_back(field("tcp_ack", p.ack.value_or(0), got));
    }
    if (r.seg.data.len != p.len) out.push_back(field("tcp_payload_len", p.len, r.seg.data.len));
    if (p.win && r.seg.wnd != *p.win) out.push_back(field("tcp_window", *p.win, r.seg.wnd));
    if (out.empty() && !o.any_time && (r.sent_at < o.at - o.within || r.sent_at > o.at + o.within)) {
      out.push_back("timing error: expected outbound packet at " + seconds(o.at) + " sec but happened at " +
                    seconds(r.sent_at) + " sec; tolerance " + seconds(o.within) + " sec");
    }
    return out;
  }

  /// Options written on a `>` line that the segment does not carry as written: tcpsim sends MSS only.
  std::vector<std::string> option_notes(const Outbound& o, size_t index) const {
    std::vector<std::string> out;
    const SegmentRecord r = tr_.segments[index];
    if (!o.packet.has_options || o.packet.any_options) return out;
    bool mss = false;
    for (const TcpOpt& t : o.packet.options) {
      switch (t.kind) {
        case TcpOpt::Kind::Mss:
          mss = true;
          if (r.seg.mss != t.a) out.push_back("option mss: expected " + std::to_string(t.a) + " vs actual " + (r.seg.mss ? std::to_string(r.seg.mss) : "none"));
          break;
        case TcpOpt::Kind::SackOk: out.push_back("option sackOK: tcpsim sends no SACK-permitted option (it models no SACK)"); break;
        case TcpOpt::Kind::Timestamp: out.push_back("option TS: tcpsim sends no timestamps (it models no RFC 7323 timestamps)"); break;
        case TcpOpt::Kind::WindowScale: out.push_back("option wscale: tcpsim sends no window scale (it models no window scaling)"); break;
        case TcpOpt::Kind::Sack: out.push_back("option sack: tcpsim sends no SACK blocks"); break;
        case TcpOpt::Kind::Nop:
        case TcpOpt::Kind::Eol: break;
      }
    }
    if (!mss && r.seg.mss) out.push_back("option mss: tcpsim sent mss " + std::to_string(r.seg.mss) + ", the script lists none");
    return out;
  }

 private:
  static std::string field(const std::string& name, uint64_t want, uint64_t got) {
    return "live packet field " + name + ": expected: " + std::to_string(want) + " vs actual: " + std::to_string(got);
  }

  const Trace& tr_;
  const RelativeNumbers& rel_;
  std::vector<size_t> sent_;
};

}  // namespace

bool convert_file(const std::string& path, const RunOptions& options, Conversion* out, ScriptReport* report) {
  const Script script = parse_script_file(path, options.lenient);
  add_problems(script.problems, path, report);
  if (script.failed()) {
    report->verdict = ScriptReport::Verdict::BadInput;
    return false;
  }
  *out = convert(script, options.lenient);
  add_problems(out->problems, path, report);
  if (out->failed || std::any_of(out->problems.begin(), out->problems.end(),
                                 [](const Problem& p) { return p.kind == Problem::Kind::Error; })) {
    report->verdict = ScriptReport::Verdict::BadInput;
    return false;
  }
  return true;
}

bool is_pkt_path(const std::string& path) { return path.size() > 4 && path.compare(path.size() - 4, 4, ".pkt") == 0; }

ParseResult parse_pkt_as_scenario(const std::string& text, const std::string& path, std::vector<uint32_t>* origin) {
  ParseResult r;
  origin->clear();
  std::vector<std::string> lines;
  for (size_t pos = 0; pos <= text.size() && lines.size() < 1000000;) {
    const size_t nl = std::min(text.find('\n', pos), text.size());
    lines.push_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  auto add = [&](const Problem& p) {
    if (p.kind == Problem::Kind::Note) return;
    Diagnostic d;
    d.file = path;
    d.line = p.loc.line;
    d.col = p.loc.col;
    d.message = p.kind == Problem::Kind::Unsupported ? "unsupported: " + p.message : p.message;
    d.warning = p.kind == Problem::Kind::Warning;
    if (p.loc.line >= 1 && p.loc.line <= lines.size()) d.source_line = lines[p.loc.line - 1];
    r.errors.push_back(std::move(d));
  };
  const Script script = parse_script(text, path);
  for (const Problem& p : script.problems) add(p);
  if (script.failed()) return r;
  const Conversion conv = convert(script);
  for (const Problem& p : conv.problems) add(p);
  if (conv.failed || std::any_of(r.errors.begin(), r.errors.end(), [](const Diagnostic& d) { return !d.warning; })) {
    return r;
  }
  *origin = conv.origin;
  ParseResult scn = parse_scenario(conv.text, path);
  for (Diagnostic& d : scn.errors) {
    d.line = conv.pkt_line(d.line);
    d.col = 0;
    d.source_line = d.line >= 1 && d.line <= lines.size() ? lines[d.line - 1] : "";
    if (!d.warning) d.message = "the converted line does not parse: " + d.message;
    r.errors.push_back(std::move(d));
  }
  r.scenario = std::move(scn.scenario);
  return r;
}

ScriptReport run_script_file(const std::string& path, const RunOptions& options) {
  ScriptReport report;
  Conversion conv;
  if (!convert_file(path, options, &conv, &report)) return report;
  const ParseResult parsed = parse_scenario(conv.text, path + " (as a scenario)");
  if (!parsed.ok()) {
    for (const Diagnostic& d : parsed.errors) {
      const uint32_t line = conv.pkt_line(d.line);
      report.errors.push_back(path + ":" + std::to_string(line) + ": error: the converted line does not parse: " + d.message);
    }
    report.verdict = ScriptReport::Verdict::BadInput;
    return report;
  }
  const Scenario& sc = *parsed.scenario;
  const Trace trace = run_scenario(sc, RunKind::Fault);
  const uint32_t last_line = conv.origin.empty() ? 0 : *std::max_element(conv.origin.begin(), conv.origin.end());
  auto where = [&](uint32_t scn_line) {
    const uint32_t l = conv.pkt_line(scn_line);
    return path + ":" + std::to_string(l ? l : last_line);
  };
  for (const RunError& e : trace.errors) {
    report.errors.push_back(where(e.line) + ": error while running: " + e.message);
    report.verdict = ScriptReport::Verdict::BadInput;
  }
  const RelativeNumbers rel = relative_numbers(trace);
  const PacketCheck packets(trace, rel);
  const std::vector<CheckResult> results = check_expectations(sc, trace);
  report.checked = results.size();
  bool failed = false;
  for (const CheckResult& r : results) {
    auto o = std::find_if(conv.outbound.begin(), conv.outbound.end(), [&](const Outbound& x) { return x.scn_line == r.line; });
    if (o != conv.outbound.end()) {
      const size_t k = static_cast<size_t>(o - conv.outbound.begin());
      const int64_t seg = packets.sent(k);
      if (seg >= 0) {
        std::vector<std::string> notes = packets.option_notes(*o, static_cast<size_t>(seg));
        for (const std::string& n : notes) {
          if (options.strict_options) {
            report.errors.push_back(where(r.line) + ": error handling packet: " + n + " (--strict-options)");
            failed = true;
          } else if (r.passed) {
            report.notes.push_back(where(r.line) + ": note: " + n);
          }
        }
      }
      if (r.passed) continue;
      failed = true;
      if (seg < 0) {
        report.errors.push_back(where(r.line) + ": error handling packet: timed out waiting for packet (tcpsim sent " +
                                std::to_string(k) + " segments, none after that)");
      } else {
        std::vector<std::string> diffs = packets.differences(*o, static_cast<size_t>(seg));
        if (diffs.empty()) diffs.push_back("packet differs");
        report.errors.push_back(where(r.line) + ": error handling packet: " + diffs[0]);
        for (size_t i = 1; i < diffs.size(); ++i) report.errors.push_back("    and " + diffs[i]);
        report.errors.push_back("    " + packets.what_tcpsim_did(static_cast<size_t>(seg)));
      }
      report.errors.push_back("    (" + r.message + ")");
      continue;
    }
    if (r.passed) continue;
    failed = true;
    if (conv.pkt_line(r.line) == 0) {
      // The closing `expect nothing`: packetdrill's "nothing else may be sent".
      const int64_t seg = packets.sent(conv.outbound.size());
      std::string what = seg >= 0 ? packets.what_tcpsim_did(static_cast<size_t>(seg)) : r.message;
      report.errors.push_back(where(r.line) + ": error handling packet: unexpected packet: " + what);
      continue;
    }
    report.errors.push_back(where(r.line) + ": error: " + r.message);
  }
  // What the scenario cannot say: getsockopt values, return times of blocking calls, poll().
  for (const Problem& p : conv.failures) {
    report.errors.push_back(p.format(path));
    failed = true;
  }
  for (std::string& e : check_trace(trace, conv, path)) {
    report.errors.push_back(std::move(e));
    failed = true;
  }
  report.checked += conv.failures.size() + conv.checks.size();
  if (report.verdict != ScriptReport::Verdict::BadInput && failed) report.verdict = ScriptReport::Verdict::Fail;
  return report;
}

}  // namespace tcpsim::pkt
