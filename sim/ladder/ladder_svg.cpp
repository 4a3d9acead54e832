// The ladder as SVG (see ladder_svg.hpp): the run at its end and the camera that shows all of it at a
// readable zoom, the visualizer's layout of it (layout_ladder), and the document around the ladder:
// title, which run, the summary, a legend of what appears, a footnote.
#include "ladder/ladder_svg.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "ladder/ladder_frame.hpp"  // mark_text(), seconds_text()
#include "ladder/ladder_layout.hpp"
#include "ladder/ladder_svg_pen.hpp"
#include "ladder/moment.hpp"

namespace tcpsim::viz {

namespace {

using svg::Face;
using svg::num;
using svg::Pen;
using svg::Type;

/// Words of `text` in lines at most `w` pixels wide.
std::vector<std::string> wrap(const Pen& pen, const std::string& text, float w, Type t) {
  std::vector<std::string> lines;
  std::string line, word;
  auto flush_word = [&] {
    if (word.empty()) return;
    const std::string longer = line.empty() ? word : line + " " + word;
    if (!line.empty() && pen.width(longer, t) > w) {
      lines.push_back(line);
      line = word;
    } else {
      line = longer;
    }
    word.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t') {
      flush_word();
    } else {
      word += c;
    }
  }
  flush_word();
  if (!line.empty()) lines.push_back(line);
  return lines;
}

/// What the legend explains: only the kinds that appear in the diagram.
struct Legend {
  bool syn = false, fin = false, data = false, ack = false, rst = false, dropped = false, ghost = false;
};

Legend legend_of(const LadderLayout& l) {
  Legend g;
  auto style = [&](ArrowStyle st) {
    g.syn |= st == ArrowStyle::Syn;
    g.fin |= st == ArrowStyle::Fin;
    g.data |= st == ArrowStyle::Data;
    g.ack |= st == ArrowStyle::Ack;
    g.rst |= st == ArrowStyle::Rst;
  };
  for (const LadderArrow& a : l.arrows) {
    style(a.style);
    g.dropped |= a.dropped;
  }
  for (const LadderBand& b : l.bands) {
    style(b.style);
    g.dropped |= b.dropped;
  }
  g.ghost = !l.ghosts.empty() || !l.ghost_bands.empty();
  return g;
}

/// One row (or more) of legend entries from `y`: a sample of each kind and its words. Returns the bottom.
float draw_legend(Pen& pen, const Legend& g, bool viewing_twin, float x0, float y, float right) {
  struct Entry {
    ArrowStyle style;
    const char* text;
    int kind;  // 0 arrow, 1 dropped, 2 ghost
  };
  std::vector<Entry> entries;
  if (g.syn) entries.push_back({ArrowStyle::Syn, "SYN", 0});
  if (g.data) entries.push_back({ArrowStyle::Data, "data", 0});
  if (g.ack) entries.push_back({ArrowStyle::Ack, "ACK", 0});
  if (g.fin) entries.push_back({ArrowStyle::Fin, "FIN", 0});
  if (g.rst) entries.push_back({ArrowStyle::Rst, "RST: reset (heavy, barred head)", 0});
  if (g.dropped) entries.push_back({ArrowStyle::Ack, "dropped: ✗ and why", 1});
  if (g.ghost) {
    entries.push_back({ArrowStyle::Ack, viewing_twin ? "what the fault run does instead (dashed)"
                                                     : "what the graceful twin does instead (dashed)", 2});
  }
  if (entries.empty()) return y;
  const float sample = 34 * pen.s, gap = 8 * pen.s, space = 22 * pen.s, row = pen.lh + 8 * pen.s;
  pen.open("legend");
  float x = x0;
  for (const Entry& e : entries) {
    const Type t{pen.label.em, e.style == ArrowStyle::Rst && e.kind == 0};
    const float w = sample + gap + pen.width(e.text, t);
    if (x > x0 && x + w > right) {
      x = x0;
      y += row;
    }
    const float mid = y + row / 2;
    LadderArrow a;
    a.style = e.style;
    a.from = {x, mid};
    a.to = a.full = a.control = {x + sample - (e.kind == 1 ? 7 * pen.s : 0), mid};  // the cross stays in its slot
    if (e.kind == 2) {
      a.ghost = true;
      a.control = {x + sample / 2, mid};
      svg::draw_ghost(pen, a);
    } else {
      a.dropped = e.kind == 1;
      svg::draw_arrow(pen, a);
    }
    const Rgba c = e.kind == 1 ? drop_rgba(pen.p) : pen.p.text;
    pen.text(x + sample + gap, mid - pen.lh / 2 + pen.ascent(t), e.text, c, t);
    x += w + space;
  }
  pen.close();
  return y + row;
}

/// A mark the diagram could not show in full (no room, or cut short): listed under it, since paper
/// has no tooltip.
struct Overflow {
  Time t = 0;
  std::string where;  // "client", or "fw – server" for a mark on a link
  std::string text;
  MarkKind kind = MarkKind::State;
};

/// At most this many overflow lines (a long run may hide thousands of marks).
constexpr size_t kMaxOverflow = 12;

/// The marks of [from, to] (to < 0: the end) not shown in full.
std::vector<Overflow> overflow(const Run& run, const LadderIndex& ix, const LadderLayout& l, Time from, Time to,
                               size_t& more) {
  std::vector<const LadderLabel*> shown(run.trace.events.size(), nullptr);
  for (const LadderMark& m : l.marks) {
    if (m.label.shown) shown[m.event] = &m.label;
  }
  auto lane_name = [&](size_t k) { return run.trace.nodes[run.lanes[std::min(k, run.lanes.size() - 1)]].name; };
  std::vector<Overflow> out;
  more = 0;
  for (const LadderIndex::Mark& k : ix.marks) {
    if (k.kind == MarkKind::Note || k.pos2 == LadderIndex::kMargin) continue;
    const Time t = run.trace.events[k.event].t;
    if (t < from || (to >= 0 && t > to)) continue;  // outside the window drawn (--from, --to)
    std::string full = ladder::mark_text(run.trace, ix, k.event, k.kind);
    if (shown[k.event] && shown[k.event]->text == full) continue;
    if (out.size() == kMaxOverflow) {
      ++more;
      continue;
    }
    const size_t lane = k.pos2 / 2u;
    const std::string where = k.pos2 % 2 == 0 ? lane_name(lane) : lane_name(lane) + " – " + lane_name(lane + 1);
    out.push_back({run.trace.events[k.event].t, where, std::move(full), k.kind});
  }
  return out;
}

/// The overflow under the ladder, from `y`: "0.050 s   client: connect(server:81) = -1 ECONNREFUSED …".
/// Returns the bottom.
float draw_overflow(Pen& pen, const std::vector<Overflow>& lines, size_t more, float x, float y) {
  if (lines.empty()) return y;
  const Palette& p = pen.p;
  pen.open("overflow");
  pen.text(x, y + pen.ascent(pen.label), "Not shown in full above (no room):", p.dim, pen.label);
  y += pen.lh + 4 * pen.s;
  float time_w = 0;
  for (const Overflow& o : lines) time_w = std::max(time_w, pen.width(ladder::seconds_text(o.t, 3), pen.label));
  for (const Overflow& o : lines) {
    const float base = y + pen.ascent(pen.label);
    pen.text(x + time_w, base, ladder::seconds_text(o.t, 3), p.dim, pen.label, "end");
    pen.text(x + time_w + 12 * pen.s, base, o.where + ": " + o.text, mark_rgba(p, o.kind), pen.label, {},
             o.kind == MarkKind::CallFailed ? "overflow failed" : "overflow");
    y += pen.lh + 3 * pen.s;
  }
  if (more) {
    pen.text(x + time_w + 12 * pen.s, y + pen.ascent(pen.label), "… and " + std::to_string(more) + " more", p.dim,
             pen.label);
    y += pen.lh + 3 * pen.s;
  }
  pen.close();
  return y;
}

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// The scenario's title (its file's name when it has none).
std::string title_of(const std::string& path, const Run& run) {
  return run.trace.title.empty() ? base_name(path) : run.trace.title;
}

/// The scenario's summary in one paragraph.
std::string summary_of(const Run& run) {
  std::string s = run.trace.summary;
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

/// The title block: the scenario's title, which run, its summary (wrapped). Returns the bottom.
float draw_title_block(Pen& pen, const std::string& path, const Run& run, const std::string& which, float margin,
                       float right) {
  const Trace& t = run.trace;
  const Type big{1.6f * pen.label.em, true};
  float y = margin;
  pen.open("title-block");
  pen.text(margin, y + pen.ascent(big), title_of(path, run), pen.p.text, big, {}, "title");
  y += pen.line(big) + 4 * pen.s;
  const std::string sub = which + " · seed " + std::to_string(t.seed) + " · " + base_name(path);
  pen.text(margin, y + pen.ascent(pen.label), sub, pen.p.dim, pen.label, {}, "subtitle");
  y += pen.lh + 8 * pen.s;
  for (const std::string& line : wrap(pen, summary_of(run), right - margin, pen.label)) {
    pen.text(margin, y + pen.ascent(pen.label), line, pen.p.text, pen.label, {}, "summary");
    y += pen.lh + 3 * pen.s;
  }
  pen.close();
  return y;
}

/// Plot pixels per story second: the visualizer's readable zoom, a little roomier (a page has the height).
constexpr double kZoomOverReadable = 1.5;
/// A run too long for this many pixels is squeezed (its arrows fold into bands) rather than drawn taller.
constexpr double kMaxPlotHeight = 20000;

/// The camera and canvas that show the whole run, or the window [from, to], at (at least) the readable
/// zoom, with room above its start and below its end: the visualizer's reserve for the last marks,
/// and room for the callout's box when there is a ghost (a short run has no free corner for it otherwise).
void fit_whole_run(LadderInput& in, float width, Time from, Time to) {
  const float lh = in.metrics.line_height, s = in.metrics.scale;
  const double top_pad = 1.5 * lh, reserve = ladder_reserve(in.metrics) + (in.ghost ? 4 * lh : 0);
  const double s0 = from > 0 ? in.run->clock.story(from) : 0;
  const double s1 = to >= 0 ? in.run->clock.story(to) : in.run->clock.end();
  const double story = std::max(s1 - s0, 1e-3);
  double zoom = readable_zoom(1e9, s) * kZoomOverReadable;
  double plot_h = top_pad + story * zoom + reserve;
  if (plot_h > kMaxPlotHeight) {
    zoom = (kMaxPlotHeight - top_pad - reserve) / story;
    plot_h = kMaxPlotHeight;
  }
  in.camera.pixels_per_story = zoom;
  in.camera.top = s0 - top_pad / zoom;
  in.camera.follow = false;
  const float header = ladder_plot({0, 0, width, 1000}, in.metrics).y;
  const float inset = 12 * s;
  in.area = {inset, 0, width - 2 * inset, header + static_cast<float>(std::ceil(plot_h))};
}

}  // namespace

struct SvgLadder::Parts {
  Parts(const Run& run, const Run* other, bool ghost)
      : index(run), moment(MomentBuilder(run).at(run.steps.events.size(), run.trace.end_time)) {
    if (!ghost) return;
    other_index.emplace(*other);
    other_moment = MomentBuilder(*other).at(other->steps_until(run.trace.end_time), run.trace.end_time);
  }
  Face regular = Face::regular();
  Face bold = Face::bold();
  LadderIndex index;
  Moment moment;
  std::optional<LadderIndex> other_index;
  std::optional<Moment> other_moment;
};

SvgLadder::~SvgLadder() = default;

SvgLadder::SvgLadder(const Run& run, const Run* other, const Divergence& divergence, const std::string& headline,
                     const SvgOptions& o) {
  const bool ghost = o.ghost && other && !divergence.identical;
  parts = std::make_unique<Parts>(run, other, ghost);
  const Parts& p = *parts;
  const float s = 1.0f;
  const float lh = 16.0f * s;  // as the visualizer at scale 1: ImGui's font size is ascent + descent
  em = lh / (p.regular.ascent() + p.regular.descent());
  // The run at its end, the other run (the ghost) at the same time.
  in.run = &run;
  in.index = &p.index;
  in.moment = &p.moment;
  in.absolute = o.absolute;
  in.metrics.scale = s;
  in.metrics.line_height = lh;
  const float e = em;
  in.metrics.text_width = [&p, e](std::string_view t) {
    return (svg::emphasised(t) ? p.bold : p.regular).width(svg::printable(t), e);
  };
  in.metrics.title_width = [&p, e](std::string_view t) { return p.bold.width(svg::printable(t), 1.25f * e); };
  in.text_clear_of_arrows = true;
  if (ghost) {
    in.ghost = true;
    in.other = other;
    in.other_index = &*p.other_index;
    in.other_moment = &*p.other_moment;
    in.divergence = &divergence;
    in.headline = headline;
    in.viewing_twin = o.twin;
  }
  fit_whole_run(in, std::max(480.0f, o.width), o.from, o.to);
  layout = layout_ladder(in);
}

std::unique_ptr<SvgLadder> svg_ladder(const RunPair& runs, const SvgOptions& o) {
  const Run* run = o.twin ? runs.twin.get() : runs.fault.get();
  if (!run) return nullptr;
  return std::make_unique<SvgLadder>(*run, o.twin ? runs.fault.get() : runs.twin.get(), runs.divergence,
                                     runs.headline, o);
}

std::string ladder_svg(const RunPair& runs, const std::string& path, const SvgOptions& o) {
  const std::unique_ptr<SvgLadder> ladder = svg_ladder(runs, o);
  if (!ladder) return {};
  const Run* run = ladder->in.run;
  const Run* other = o.twin ? runs.fault.get() : runs.twin.get();
  const LadderLayout& layout = ladder->layout;
  const LadderIndex& index = *ladder->in.index;
  const Face& regular = ladder->parts->regular;
  const Face& bold = ladder->parts->bold;
  const float s = ladder->in.metrics.scale, lh = ladder->in.metrics.line_height, em = ladder->em;
  const float width = std::max(480.0f, o.width);

  // Title block and legend; the ladder; what found no room in it; a footnote.
  const Palette& palette = o.light ? presentation_palette() : dark_palette();
  std::string body;
  Pen pen{body, palette, regular, bold, s, lh, Type{em, false}, Type{1.25f * em, true}};
  const float margin = 18 * s;
  std::string which = o.twin ? "Graceful twin" : (other ? "Fault run" : "Run");
  if (o.from > 0 || o.to >= 0) {
    which += " from " + ladder::seconds_text(o.from, 3) + " to " +
             ladder::seconds_text(o.to >= 0 ? o.to : run->trace.end_time, 3);
  }
  float y = draw_title_block(pen, path, *run, which, margin, width - margin);
  y = draw_legend(pen, legend_of(layout), o.twin, margin, y + 4 * s, width - margin) + 6 * s;
  const float top = std::round(y);
  body += "<g class=\"ladder\" transform=\"translate(0," + num(top) + ")\">\n";
  body += "<clipPath id=\"tcpsim-ladder\"><rect x=\"0\" y=\"0\" width=\"" + num(width) + "\" height=\"" +
          num(layout.area.bottom()) + "\"/></clipPath>\n";
  body += "<g clip-path=\"url(#tcpsim-ladder)\">\n";
  svg::draw_ladder(pen, layout);
  body += "</g>\n</g>\n";
  size_t more = 0;
  y = draw_overflow(pen, overflow(*run, index, layout, o.from, o.to, more), more, margin, top + layout.area.bottom() + 8 * s);
  std::string foot = "Time runs down.";
  if (!layout.gaps.empty()) foot += " Shaded stretches are idle time, shortened (their length is written on them).";
  pen.text(margin, y + 4 * s + pen.ascent(pen.label), foot, palette.dim, pen.label, {}, "footnote");
  const float height = std::ceil(y + 4 * s + lh + margin / 2);

  std::string doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  doc += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + num(width) + "\" height=\"" +
         num(height) + "\" viewBox=\"0 0 " + num(width) + " " + num(height) + "\"" +
         " font-family=\"'DejaVu Sans', Verdana, sans-serif\" font-size=\"" + num(em) + "\" xml:space=\"preserve\">\n";
  doc += "<title>" + xml_escape(title_of(path, *run)) + "</title>\n";
  doc += "<desc>" + xml_escape(summary_of(*run)) + "</desc>\n";
  Pen page{doc, palette, regular, bold, s, lh, pen.label, pen.title};
  page.open("background");
  page.rect({0, 0, width, height}, palette.background, 0);
  page.close();
  doc += body;
  doc += "</svg>\n";
  return doc;
}

}  // namespace tcpsim::viz
