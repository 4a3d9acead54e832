#include "render/ladder_text.hpp"

#include <algorithm>
#include <optional>
#include <ostream>
#include <sstream>

#include "render/arrow.hpp"
#include "render/event_text.hpp"
#include "render/fold.hpp"
#include "render/lanes.hpp"
#include "render/rich.hpp"
#include "trace/describe.hpp"
#include "util/blocks.hpp"

namespace tcpsim {

namespace {

using render::Glyphs;
using render::Ink;
using render::Rich;
using render::Row;

/// Whether a fired timer did anything visible (sent a segment or changed a state). A keepalive timer that
/// only finds the connection was not idle long enough, say, merely re-arms itself.
bool timer_had_effect(const Trace& tr, size_t fired) {
  const Event& f = tr.events[fired];
  for (size_t i = fired + 1; i < tr.events.size(); ++i) {
    const Event& e = tr.events[i];
    if (e.t != f.t || e.type == EventType::TimerFired) break;
    if (e.conn == f.conn && (e.type == EventType::SegmentSent || e.type == EventType::StateChanged)) return true;
  }
  return false;
}

/// Renders one trace as a ladder. One instance per call; it keeps the layout and the lanes' state.
class Ladder {
 public:
  Ladder(const Trace& trace, const LadderOptions& options)
      : tr_(trace), opt_(options), g_(render::glyphs(options.ascii)) {
    width_ = std::max<size_t>(options.width, 40);
    nums_ = render::numbers_for(trace, options.absolute);
    answered_ = render::answered_segments(trace);
    down_.assign(trace.nodes.size(), false);
    layout();
  }

  /// Writes the ladder to `os` as it is drawn, never held whole (util/blocks.hpp).
  void render(std::ostream& os) {
    BlockWriter block(os);
    block_ = &block;
    header();
    for (size_t i = 0; i < tr_.events.size(); ++i) {
      const Event& e = tr_.events[i];
      if (!opt_.all_segments && e.type == EventType::SegmentSent && render::foldable(tr_, e.ref)) {
        pending_.push_back(i);
        continue;
      }
      if (silent(e, i)) continue;  // Draws nothing: a run of like segments goes on across it.
      fold_pending();
      event(e);
    }
    fold_pending();
    footer();
    block.flush();
    block_ = nullptr;
  }

 private:
  void layout() {
    size_t tw = render::format_ms(tr_.end_time).size();
    for (const Event& e : tr_.events) tw = std::max(tw, render::format_ms(e.t).size());
    time_w_ = static_cast<long>(std::max<size_t>(tw, 5));
    order_ = render::lane_order(tr_);
    const long first = time_w_ + 4;
    const long last = static_cast<long>(width_) - 2;
    const std::vector<long> cols = render::lane_columns(order_.size(), first, last);
    x_.assign(tr_.nodes.size(), first);
    index_.assign(tr_.nodes.size(), 0);
    for (size_t i = 0; i < order_.size(); ++i) {
      x_[order_[i]] = cols[i];
      index_[order_[i]] = i;
    }
    first_x_ = cols.empty() ? first : cols.front();
    last_x_ = cols.empty() ? first : cols.back();
  }

  long x_of(NodeId n) const { return n < x_.size() ? x_[n] : first_x_; }

  /// An empty row with every lane drawn (dotted while its host is down).
  Row lanes() const {
    Row row(width_);
    for (NodeId n : order_) row.put(x_[n], down_[n] ? g_.lane_down : g_.lane, Ink::Lane);
    return row;
  }

  /// Before a row at time t: after a long quiet stretch (TIME-WAIT, a retransmission back-off), a row
  /// of dotted lanes that says how much time passed.
  void gap_before(Time t) {
    if (last_t_ && t - *last_t_ >= kSec) {
      Row gap(width_);
      for (NodeId n : order_) gap.put(x_[n], g_.lane_down, Ink::Lane);
      const Rich later = render::rich(" " + format_duration(t - *last_t_) + " later ", Ink::Dim);
      const long mid = order_.size() > 1 ? (x_[order_[0]] + x_[order_[1]]) / 2 : first_x_ + 10;
      gap.put(mid - static_cast<long>(later.size()) / 2, later);
      block_->text += gap.str(opt_.colour);
      block_->text += '\n';
      block_->pass_on();
    }
    last_t_ = t;
  }

  /// Appends a row; the time is printed only when it differs from the last one printed.
  void emit(Row row, std::optional<Time> t = std::nullopt, bool force_time = false) {
    if (t) gap_before(*t);
    if (t) {
      const std::string s = render::format_ms(*t);
      if (s != shown_time_ || force_time) {
        row.put(2 + time_w_ - static_cast<long>(s.size()), render::rich(s));
        shown_time_ = s;
      }
    }
    block_->text += row.str(opt_.colour);
    block_->text += '\n';
    block_->pass_on();
  }

  /// Text spanning the width from the first lane (notes, footer lines), wrapped.
  void banner(const Rich& text, std::optional<Time> t, size_t indent, bool force_time = false) {
    const long from = std::min(first_x_, static_cast<long>(width_) / 4);
    const size_t room = width_ - static_cast<size_t>(from);
    const std::vector<Rich> lines = render::wrap(text, room, indent);
    for (size_t k = 0; k < lines.size(); ++k) {
      Row row(width_);
      row.put(from, lines[k]);
      emit(std::move(row), k == 0 ? t : std::nullopt, force_time);
    }
  }

  /// Text written at a node's lane: left lane left-aligned after it, right lane right-aligned before
  /// it, middle lanes beside it. Wraps rather than running over another lane (an outer host's text
  /// stops before the middle lane next to it, as the middle lane's own text does).
  void lane_text(NodeId node, const Rich& text, Time t) {
    const size_t n = order_.size();
    const size_t idx = node < index_.size() ? index_[node] : 0;
    const long x = x_of(node);
    long lo = first_x_ + 2;
    long hi = last_x_ - 2;
    enum class Align { Left, Right } align = Align::Left;
    if (n <= 1 || idx == 0) {
      align = Align::Left;
      lo = x + 2;
      if (n <= 1) hi = static_cast<long>(width_) - 1;
      if (n >= 3) hi = x_[order_[1]] - 2;
    } else if (idx == n - 1) {
      align = Align::Right;
      hi = x - 2;
      if (n >= 3) lo = x_[order_[n - 2]] + 2;
    } else {
      // A middle lane: its text beside its line, never over it, so the lane stays readable. After it,
      // unless only the space before it holds the text on one line.
      const long next = x_[order_[idx + 1]] - 2;
      const long prev = x_[order_[idx - 1]] + 2;
      const auto len = static_cast<long>(text.size());
      if (len > next - x - 1 && len <= x - 2 - prev + 1) {
        align = Align::Right;
        lo = prev;
        hi = x - 2;
      } else {
        align = Align::Left;
        lo = x + 2;
        hi = next;
      }
    }
    if (hi - lo + 1 < 12) {  // Too many lanes for the width: use the whole line.
      lo = first_x_;
      hi = static_cast<long>(width_) - 1;
      align = Align::Left;
    }
    const auto room = static_cast<size_t>(hi - lo + 1);
    const std::vector<Rich> lines = render::wrap(text, room, 2);
    // Several lines form one block, aligned by its widest line, so continuations line up.
    long len = 0;
    for (const Rich& l : lines) len = std::max(len, static_cast<long>(l.size()));
    for (size_t k = 0; k < lines.size(); ++k) {
      Row row = lanes();
      long at = lo;
      if (align == Align::Right) at = hi - len + 1;
      row.put(at, lines[k]);
      emit(std::move(row), k == 0 ? std::optional<Time>(t) : std::nullopt);
    }
  }

  void header() {
    const bool ascii = opt_.ascii;
    Rich title = render::rich(tr_.title.empty() ? tr_.file : tr_.title, Ink::Bold);
    std::string sub;
    if (tr_.has_twin) sub = tr_.run == RunKind::Fault ? "fault run, " : "graceful twin, ";
    sub += "seed " + std::to_string(tr_.seed);
    render::append(title, ascii ? " - " : " — ", Ink::Dim);
    render::append(title, sub, Ink::Dim);
    for (const Rich& line : render::wrap(title, width_, 2)) {
      Row row(width_);
      row.put(0, line);
      emit(std::move(row));
    }
    // Summary lines continue each other's sentences: one paragraph, wrapped to the width.
    std::string summary = tr_.summary;
    std::replace(summary.begin(), summary.end(), '\n', ' ');
    if (!summary.empty()) {
      for (const Rich& line : render::wrap(render::rich(summary), width_, 0)) {
        Row row(width_);
        row.put(0, line);
        emit(std::move(row));
      }
    }
    emit(Row(width_));
    lane_headers();
  }

  /// Where a header of `len` columns goes for lane i (same alignment rule as lane text).
  long header_at(size_t i, long len) const {
    const long x = x_[order_[i]];
    if (order_.size() <= 1 || i == 0) return x;
    if (i == order_.size() - 1) return x - len + 1;
    return x - len / 2;
  }

  /// Places one header per lane if they all fit with a space between them.
  bool try_headers(const std::vector<Rich>& texts, bool time_label) {
    Row row(width_);
    long prev_end = time_label ? 1 + time_w_ : -2;
    for (size_t i = 0; i < texts.size(); ++i) {
      const long len = static_cast<long>(texts[i].size());
      const long at = header_at(i, len);
      if (at <= prev_end + 1 || at + len > static_cast<long>(width_)) return false;
      row.put(at, texts[i]);
      prev_end = at + len - 1;
    }
    if (time_label) row.put(2 + time_w_ - 4, render::rich("time", Ink::Dim));
    emit(std::move(row));
    return true;
  }

  void lane_headers() {
    std::vector<Rich> full, names, details;
    for (NodeId n : order_) {
      const NodeRecord& node = tr_.nodes[n];
      const std::string detail = node.kind == NodeKind::Host ? ip_to_string(node.ip)
                                                              : "(" + std::string(node_kind_name(node.kind)) + ")";
      Rich f = render::rich(node.name, Ink::Bold);
      render::append(f, " " + detail);
      full.push_back(f);
      names.push_back(render::rich(node.name, Ink::Bold));
      details.push_back(render::rich(detail));
    }
    if (!try_headers(full, true)) {
      // Narrow: names on one row, addresses under them; cut what still does not fit.
      if (!try_headers(names, true)) {
        Row row(width_);
        for (size_t i = 0; i < order_.size(); ++i) {
          const long room = i + 1 < order_.size() ? x_[order_[i + 1]] - x_[order_[i]] - 1 : 12;
          row.put(x_[order_[i]], render::clip(names[i], static_cast<size_t>(std::max(room, 1L)), g_.ellipsis));
        }
        emit(std::move(row));
      } else {
        try_headers(details, false);
      }
    }
    emit(lanes());
  }

  /// True for an event that draws no row (so it does not interrupt a run of like segments).
  bool silent(const Event& e, size_t index) const {
    switch (e.type) {
      case EventType::SegmentDelivered: return render::verdict_text(tr_, e.ref, answered_[e.ref]).empty();
      case EventType::TimerFired: return !opt_.all_timers && !timer_had_effect(tr_, index);
      case EventType::TimerArmed:
      case EventType::TimerCancelled: return !opt_.all_timers;
      case EventType::AppReturn: return !render::call_waited(tr_.calls[e.ref]);
      case EventType::SegmentDropped:
      case EventType::SegmentForwarded:
      case EventType::SegmentIgnored:  // Told where the segment arrived.
      case EventType::ConnCreated: return true;  // Drawn on the segment's arrow, or not worth a line.
      default: return false;
    }
  }

  /// Draws the segments held back since the last row: each connection's run of at least kMinFold
  /// like segments (render/fold.hpp) as one line where its first was sent, the others one by one.
  void fold_pending() {
    if (pending_.empty()) return;
    struct Group {
      render::SegmentRoute route;
      uint32_t conn = 0;
      render::Fold fold;
    };
    std::vector<Group> groups;
    std::vector<size_t> group_of(pending_.size());
    for (size_t k = 0; k < pending_.size(); ++k) {
      const uint32_t seg = tr_.events[pending_[k]].ref;
      const render::SegmentRoute route = render::segment_route(tr_, seg);
      const uint32_t conn = tr_.segments[seg].conn;
      auto g = std::find_if(groups.begin(), groups.end(), [&](const Group& x) { return x.route == route && x.conn == conn; });
      if (g == groups.end()) g = groups.insert(groups.end(), Group{route, conn, {}});
      g->fold.members.push_back(seg);
      group_of[k] = static_cast<size_t>(g - groups.begin());
    }
    for (size_t k = 0; k < pending_.size(); ++k) {
      const Event& e = tr_.events[pending_[k]];
      const render::Fold& fold = groups[group_of[k]].fold;
      if (fold.members.size() < kMinFold) {
        segment(e);
      } else if (fold.members.front() == e.ref) {
        render::ArrowSpec a = arrow_spec(tr_.segments[e.ref], e.ref);
        a.label = fold.label(tr_, nums_, static_cast<size_t>(std::max(last_x_ - first_x_ - 3, 1L)));
        a.arrival = render::format_ms(tr_.fate(fold.members.back()).end_at);
        draw(a, e.t);
        folded_ = true;
      }
    }
    pending_.clear();
  }

  void event(const Event& e) {
    switch (e.type) {
      case EventType::SegmentSent: segment(e); break;
      case EventType::SegmentDelivered: {
        const std::string v = render::verdict_text(tr_, e.ref, answered_[e.ref]);
        if (!v.empty()) lane_text(e.node, render::rich(v, Ink::Warn), e.t);
        break;
      }
      case EventType::StateChanged: lane_text(e.node, render::state_change_text(tr_, e, g_), e.t); break;
      case EventType::Discarded:
        lane_text(e.node, render::rich(render::conn_prefix(tr_, e.conn) + render::discard_text(e), Ink::Error), e.t);
        break;
      case EventType::TimerFired:
        lane_text(e.node, render::rich(render::conn_prefix(tr_, e.conn) + render::timer_text(e), Ink::Warn), e.t);
        break;
      case EventType::TimerArmed:
      case EventType::TimerCancelled:
        lane_text(e.node, render::rich(render::conn_prefix(tr_, e.conn) + render::timer_text(e), Ink::Dim), e.t);
        break;
      case EventType::AppCall: {
        const CallRecord& c = tr_.calls[e.ref];
        lane_text(e.node, render::call_waited(c) ? render::call_issued_text(tr_, c, g_) : render::call_result_text(tr_, c),
                  e.t);
        break;
      }
      case EventType::AppReturn: lane_text(e.node, render::call_result_text(tr_, tr_.calls[e.ref]), e.t); break;
      case EventType::Note: {
        Rich r = render::rich(std::string(g_.note) + " ", Ink::Note);
        render::append(r, e.ref < tr_.notes.size() ? tr_.notes[e.ref].text : "", Ink::Note);
        banner(r, e.t, display_width(g_.note) + 1);
        break;
      }
      case EventType::HostCrashed:
        lane_text(e.node, render::rich(std::string(g_.lost) + " host crashed", Ink::Error), e.t);
        if (e.node < down_.size()) down_[e.node] = true;
        break;
      case EventType::HostRestarted:
        if (e.node < down_.size()) down_[e.node] = false;
        lane_text(e.node, render::rich("host restarted", Ink::Good), e.t);
        break;
      case EventType::ProcessKilled:
        lane_text(e.node, render::rich(std::string(g_.lost) + " " + render::kill_text(tr_, e), Ink::Error), e.t);
        break;
      case EventType::LinkDown:
      case EventType::LinkUp: link_event(e); break;
      case EventType::FlowForgotten: lane_text(e.node, render::rich(render::flow_text(tr_, e, opt_.ascii), Ink::Warn), e.t); break;
      case EventType::SegmentDropped:
      case EventType::SegmentForwarded:
      case EventType::SegmentIgnored:  // Its verdict is told where the segment arrived (SegmentDelivered).
      case EventType::ConnCreated: break;  // silent()
    }
  }

  static size_t display_width(std::string_view s) { return render::display_width(s); }

  void link_event(const Event& e) {
    const bool up = e.type == EventType::LinkUp;
    const Ink ink = up ? Ink::Good : Ink::Warn;
    if (e.ref >= tr_.links.size()) return;
    const LinkRecord& l = tr_.links[e.ref];
    const long a = std::min(x_of(l.a), x_of(l.b));
    const long b = std::max(x_of(l.a), x_of(l.b));
    const Rich text = render::rich(up ? " link up " : " link down ", ink);
    if (b - a - 1 >= static_cast<long>(text.size()) + 2) {
      Row row = lanes();
      for (long x = a + 1; x < b; ++x) row.put(x, g_.dotted, ink);
      row.put(a + (b - a - static_cast<long>(text.size())) / 2 + 1, text);
      emit(std::move(row), e.t);
      return;
    }
    const std::string name = tr_.nodes[l.a].name + "-" + tr_.nodes[l.b].name;
    banner(render::rich("link " + name + (up ? " up" : " down"), ink), e.t, 2);
  }

  /// The arrow of segment `index` as segment() draws it.
  render::ArrowSpec arrow_spec(const SegmentRecord& s, size_t index) const {
    render::ArrowSpec a;
    const SegmentFate f = tr_.fate(index);
    a.from = x_of(s.from);
    a.to = a.from;
    a.dropped = f.outcome == Outcome::Dropped;
    if (a.dropped) {
      if (f.end_node != kNoNode) {
        a.to = x_of(f.end_node);
      } else if (f.end_link < tr_.links.size()) {
        const LinkRecord& l = tr_.links[f.end_link];
        a.to = (x_of(l.a) + x_of(l.b)) / 2;  // Died on the wire: the cross goes mid-link.
      }
    } else if (f.end_node != kNoNode) {
      a.to = x_of(f.end_node);
    } else if (s.to != kNoNode) {
      a.to = x_of(s.to);
    }
    a.heavy = (s.seg.flags & kRst) != 0;
    a.ink = render::segment_ink(s.seg);
    a.label = render::segment_label(tr_, nums_, index);
    a.tag = render::segment_tag(tr_, index);
    a.reason = a.dropped ? render::drop_text(f) : std::string();
    a.arrival = f.outcome == Outcome::Delivered ? render::format_ms(f.end_at) : std::string("in flight");
    for (NodeId n : order_) a.lanes.push_back(x_[n]);
    a.first_col = first_x_;
    a.last_col = static_cast<long>(width_) - 1;
    return a;
  }

  void segment(const Event& e) {
    const SegmentRecord& s = tr_.segments[e.ref];
    const render::ArrowSpec a = arrow_spec(s, e.ref);
    if (a.to == a.from) {  // Never left its node (no route): say so at the lane.
      Rich r = render::rich(a.label, a.ink);
      if (a.dropped) render::append(r, " " + std::string(g_.lost) + " " + a.reason, Ink::Error);
      lane_text(s.from, r, e.t);
      return;
    }
    draw(a, e.t);
  }

  /// Draws an arrow row at time t (its label on a row above when it does not fit on the shaft).
  void draw(const render::ArrowSpec& a, Time t) {
    Row row = lanes();
    if (const std::optional<Rich> label = render::draw_arrow(a, g_, row)) {
      // The label did not fit on the shaft: a row of its own, starting where the arrow starts.
      const int dir = a.to > a.from ? 1 : -1;
      Row above = lanes();
      render::put_toward(above, a.from + 2 * dir, dir, *label);
      emit(std::move(above), t);
    }
    emit(std::move(row), t);
  }

  void footer() {
    const Time end = tr_.end_time;
    gap_before(end);
    emit(lanes());
    if (tr_.truncated) {
      banner(render::rich("stopped early: " + tr_.stop_reason + " (the run was cut here)", Ink::Warn), end, 2, true);
    } else {
      banner(render::rich("end of run", Ink::Dim), end, 2, true);
    }
    if (folded_) {
      banner(render::rich("(runs of like segments are folded into one line each; --all shows every segment)", Ink::Dim),
             std::nullopt, 2);
    }
    for (const CallRecord& c : tr_.calls) {
      if (c.returned >= 0) continue;
      std::string why = "still blocked: ";
      for (const Event& e : tr_.events) {
        if (e.type == EventType::HostCrashed && e.node == c.node && e.t >= c.issued) {
          why = "never returned (" + tr_.nodes[c.node].name + " crashed at " + render::format_ms(e.t) + "): ";
          break;
        }
      }
      banner(render::rich(why + render::call_prefix(tr_, c) + " " + describe_call(c) + " since " +
                              render::format_ms(c.issued),
                          Ink::Warn),
             std::nullopt, 2);
    }
    for (const RunError& err : tr_.errors) {
      banner(render::rich("error: line " + std::to_string(err.line) + ": " + err.message, Ink::Error), std::nullopt, 2);
    }
  }

  const Trace& tr_;
  LadderOptions opt_;
  const Glyphs& g_;
  size_t width_ = 100;
  long time_w_ = 5;
  std::vector<NodeId> order_;
  std::vector<long> x_;         // Lane column per node id.
  std::vector<size_t> index_;   // Lane index per node id.
  long first_x_ = 0;
  long last_x_ = 0;
  RelativeNumbers nums_;
  std::vector<bool> answered_;
  std::vector<bool> down_;
  BlockWriter* block_ = nullptr;  ///< Where rows go while render() runs.
  std::string shown_time_;
  std::optional<Time> last_t_;  // Time of the last row that had one (for the gap marker).
  std::vector<size_t> pending_;  ///< SegmentSent events held back to be folded (see fold_pending()).
  bool folded_ = false;          ///< Some run of segments was folded (the footer says how to see them).
  /// A connection's run of like segments shorter than this is drawn segment by segment.
  static constexpr size_t kMinFold = 6;
};

}  // namespace

std::string render_ladder(const Trace& trace, const LadderOptions& options) {
  std::ostringstream os;
  Ladder(trace, options).render(os);
  return os.str();
}

void render_ladder(const Trace& trace, const LadderOptions& options, std::ostream& os) {
  Ladder(trace, options).render(os);
}

}  // namespace tcpsim
