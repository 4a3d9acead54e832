#include "model/console_view.hpp"

#include <algorithm>

#include "ladder/endpoints.hpp"
#include "ladder/mark_forms.hpp"
#include "render/event_text.hpp"

namespace tcpsim::viz {

std::vector<Span> spans_of(const render::Rich& r) {
  std::vector<Span> out;
  for (const render::Cell& c : r) {
    if (out.empty() || out.back().ink != c.ink) out.push_back({"", c.ink});
    out.back().text += c.glyph;
  }
  return out;
}

std::string plain(const std::vector<Span>& spans) {
  std::string s;
  for (const Span& p : spans) s += p.text;
  return s;
}

std::vector<std::vector<Span>> wrap_spans(const std::vector<Span>& spans, float width, const TextWidth& measure) {
  std::vector<std::string> pieces;
  for (const Span& s : spans) pieces.push_back(s.text);
  std::vector<std::vector<Span>> out;
  for (const auto& line : wrap_pieces(pieces, width, width, measure)) {
    out.emplace_back();
    for (const WrappedPiece& w : line) out.back().push_back({w.text, spans[w.piece].ink});
  }
  return out;
}

AppliedEvents::AppliedEvents(const Trace& trace, uint32_t applied) {
  const size_t n = trace.events.size();
  all_ = applied >= n;
  if (applied == 0) return;
  last_ = trace.events[applied - 1].t;
  // The applied events that share the last one's time.
  uint32_t first = applied - 1;
  while (first > 0 && trace.events[first - 1].t == last_) --first;
  for (uint32_t i = first; i < applied; ++i) tail_.push_back({trace.events[i].type, trace.events[i].ref});
}

bool AppliedEvents::has(EventType type, uint32_t ref, Time t) const {
  if (all_) return true;
  if (t < last_) return true;
  if (t > last_) return false;
  return std::find(tail_.begin(), tail_.end(), std::make_pair(type, ref)) != tail_.end();
}

std::vector<ConsoleColumn> console_view(const Run& run, const Moment& m) {
  const Trace& t = run.trace;
  std::vector<ConsoleColumn> cols;
  for (NodeId n : run.lanes) {
    if (n >= t.nodes.size() || t.nodes[n].kind != NodeKind::Host) continue;
    ConsoleColumn c;
    c.node = n;
    c.lane = lane_of(run, n);
    c.host = t.nodes[n].name;
    c.down = n < m.host_down.size() && m.host_down[n];
    cols.push_back(std::move(c));
  }
  const AppliedEvents applied(t, m.applied);
  const render::Glyphs& g = render::glyphs(false);
  // The call the step just taken issued or returned, if any.
  int64_t fresh_call = -1;
  if (m.last_event >= 0) {
    const Event& e = t.events[static_cast<size_t>(m.last_event)];
    if (e.type == EventType::AppCall || e.type == EventType::AppReturn) fresh_call = e.ref;
  }
  for (const CallRecord& call : t.calls) {
    if (call.issued > applied.last_time() && !(m.applied >= t.events.size())) break;  // calls are in issue order
    const uint32_t ref = call.id - 1;
    if (!applied.has(EventType::AppCall, ref, call.issued)) continue;
    auto col = std::find_if(cols.begin(), cols.end(), [&](const ConsoleColumn& c) { return c.node == call.node; });
    if (col == cols.end()) continue;
    ConsoleLine line;
    line.call = call.id;
    const bool returned = call.returned >= 0 && applied.has(EventType::AppReturn, ref, call.returned);
    if (returned) {
      line.t = call.returned;
      line.spans = spans_of(render::call_result_text(t, call));
      // The fd accept() returns is the connection the other panels name: say which.
      if (const std::string named = accepted_name(t, call); !named.empty()) line.spans.push_back({named, render::Ink::Dim});
      line.failed = call.err != Errno::None || call.ret < 0;
    } else {
      line.t = call.issued;
      line.spans = spans_of(render::call_issued_text(t, call, g));
      line.pending = true;
    }
    line.time = render::format_ms(line.t);
    line.fresh = fresh_call == static_cast<int64_t>(ref);
    const bool sigpipe = returned && call.sigpipe;
    col->lines.push_back(std::move(line));
    if (sigpipe) {
      ConsoleLine note;
      note.t = call.returned;
      note.time = render::format_ms(call.returned);
      note.spans = {{"SIGPIPE raised: by default it terminates the process", render::Ink::Warn}};
      col->lines.push_back(std::move(note));
    }
  }
  // Newest at the bottom: a call moves down when it returns.
  for (ConsoleColumn& c : cols) {
    std::stable_sort(c.lines.begin(), c.lines.end(), [](const ConsoleLine& a, const ConsoleLine& b) { return a.t < b.t; });
  }
  return cols;
}

}  // namespace tcpsim::viz
