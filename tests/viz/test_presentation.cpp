// Presentation mode on a 1280x720 projector, laid out as the app lays it out (panel_layout) and
// measured with the fonts it loads: every panel's text fits the room it gets, whole, at every step of
// every library scenario.
#include <catch2/catch.hpp>

#include <algorithm>

#include "font_metrics.hpp"
#include "library_moments.hpp"
#include "model/console_view.hpp"
#include "model/inspector_view.hpp"
#include "ladder/ladder_layout.hpp"
#include "model/session.hpp"
#include "model/panel_layout.hpp"
#include "model/state_diagram_layout.hpp"
#include "model/state_strip.hpp"
#include "model/tcb_view.hpp"

using namespace tcpsim;
using namespace tcpsim::viz;

namespace {

/// The window at 1280x720 in presentation mode (text 1.6 times larger), laid out as the app does.
struct Projector {
  static constexpr float kFont = 16.0f * 1.6f;  ///< theme.cpp's presentation font size.
  PanelMetrics m = panel_metrics(kFont, 1.6f, true);
  PanelRects rects = panel_layout(m.frame_height, 1280, 720, m);  // the menu bar is one frame tall
  /// The room inside a panel: its padding off, and a scrollbar's width when it scrolls.
  float inner(const Box& b, bool scrolls = true) const { return b.w - 2 * m.window_padding - (scrolls ? 14 * m.scale : 0); }
  static TextWidth regular() {
    return [](std::string_view t) { return test::imgui_text_width(t, kFont, false); };
  }
  static TextWidth bold() {
    return [](std::string_view t) { return test::imgui_text_width(t, kFont * 1.25f, true); };
  }
  static TextWidth mono() {
    return [](std::string_view t) { return test::imgui_mono_width(t, kFont); };
  }
};

/// The ladder's input on the projector for `run`, its camera fitted as a freshly opened scenario's.
LadderInput projector_ladder(const Projector& p, const Run& run, const LadderIndex& index) {
  const Box& r = p.rects.ladder;
  LadderInput in;
  in.run = &run;
  in.index = &index;
  in.area = {r.x, r.y + p.m.frame_height, r.w, r.h - p.m.frame_height};  // under the panel's title bar
  in.metrics.scale = p.m.scale;
  in.metrics.line_height = Projector::kFont;
  in.metrics.text_width = Projector::regular();
  in.metrics.title_width = Projector::bold();
  const Box plot = ladder_plot(in.area, in.metrics);
  fit_camera(in.camera, run, plot.h, ladder_reserve(in.metrics), readable_zoom(plot.h, p.m.scale));
  return in;
}

/// The widest of some lines.
float widest(const std::vector<std::string>& lines, const TextWidth& w) {
  float x = 0;
  for (const std::string& l : lines) x = std::max(x, w(l));
  return x;
}

}  // namespace

TEST_CASE("presentation at 1280x720: the strip replaces Figure 5, every card whole and 16 px or more",
          "[panels][presentation][library]") {
  const Projector p;
  const float w = p.inner(p.rects.diagram, false), h = p.rects.diagram.h - 2 * p.m.window_padding;
  const MeasureText measure = [](std::string_view t, float size, bool bold) { return test::imgui_text_width(t, size, bold); };
  // Figure 5 in this panel: its labels could not be 16 px (the panel shows the strip instead).
  const FigureScene figure = layout_figure(w - 2 * 4 * p.m.scale, h - 2 * 4 * p.m.scale, measure, Projector::kFont, p.m.scale);
  CHECK(figure.label_font < kBackRowFont);
  CHECK_FALSE(readable_from_back_row(figure));
  // The enlarged figure on the same projector is: the back row reads it there.
  const float big_w = std::min(1280 * 0.95f, 720 * 1.3f) - 2 * p.m.window_padding, big_h = 720 * 0.92f - 3 * p.m.frame_height;
  CHECK(readable_from_back_row(layout_figure(big_w, big_h, measure, Projector::kFont * 1.25f, p.m.scale)));
  const test::LibraryMoments lib;
  size_t cards = 0, without_causes = 0;
  lib.each_moment([&](const std::string& where, const Run& run, const Moment& m) {
    INFO(where);
    const DiagramView v = diagram_view(run, m);
    const StripLayout s = layout_strip(v, w, h, measure, Projector::kFont);
    CHECK(s.fits);
    // Six connections (23's clients and server ends) fit only without the causes; the ladder says them.
    bool any_cause = false, any_last = false;
    for (const StripCard& c : s.cards) {
      for (const StripText& t : c.texts) any_cause |= t.role == StripRole::Cause;
      const DiagramEndpoint& e = v.endpoints[c.endpoint];
      const bool listening = e.info.listener && e.info.state == State::Listen;  // a card of one line
      any_last |= e.has_last && !listening && !e.last.cause.empty();
    }
    if (any_last && !any_cause) {
      ++without_causes;
      CHECK(v.endpoints.size() >= 5);  // only a crowded strip leaves them out
    }
    CHECK(s.font >= kBackRowFont);
    CHECK(s.height <= h);
    REQUIRE(s.cards.size() == v.endpoints.size());
    std::vector<const StripText*> texts;
    for (const StripCard& c : s.cards) {
      ++cards;
      CHECK(c.box.x >= 0);
      CHECK(c.box.right() <= w + 0.01f);
      // Its name and its state, whole, in the card.
      std::string all;
      for (const StripText& t : c.texts) {
        INFO(t.text);
        all += t.text + " ";
        CHECK(t.font >= kBackRowFont);
        CHECK(t.box.x >= c.box.x);
        CHECK(t.box.right() <= c.box.right() + 0.01f);
        CHECK(t.box.bottom() <= c.box.bottom() + 0.01f);
        CHECK(measure(t.text, t.font, t.bold) <= t.box.w + 0.01f);
        texts.push_back(&t);
      }
      const DiagramEndpoint& e = v.endpoints[c.endpoint];
      CHECK(all.find(std::string(state_name(e.info.state))) != std::string::npos);
      if (e.has_last && !(e.info.listener && e.info.state == State::Listen)) {
        CHECK(all.find(std::string(state_name(e.last.from))) != std::string::npos);
      }
    }
    for (size_t i = 0; i < texts.size(); ++i) {
      for (size_t j = i + 1; j < texts.size(); ++j) CHECK_FALSE(texts[i]->box.overlaps(texts[j]->box));
    }
  });
  CHECK(cards > 2000);
  CHECK(without_causes > 0);
}

TEST_CASE("presentation at 1280x720: a TCB card's every line fits its column", "[panels][presentation][library]") {
  const Projector p;
  TcbFonts f;
  f.text = Projector::regular();
  f.bold = Projector::bold();
  f.mono = Projector::mono();
  f.swatch = Projector::kFont * 0.75f + 5;
  f.cell_pad = 4 * p.m.scale;
  f.bar_min = 70 * p.m.scale;
  f.label = f.text("recv ") + 2 * p.m.scale;
  f.timer_icon = Projector::kFont * 0.72f + 2 + 8 * p.m.scale;
  const float avail = p.inner(p.rects.tcb);
  const test::LibraryMoments lib;
  size_t checked = 0;
  for (bool absolute : {false, true}) {
    lib.each_moment([&](const std::string& where, const Run& run, const Moment& m) {
      INFO(where << (absolute ? " absolute" : ""));
      const TcbView v = tcb_view(run, m, absolute);
      // As ShowTcb lays the cards out: as many a row as leave each 160 px (times the scale).
      const int per_row = std::max(1, std::min(static_cast<int>(v.cards.size()), static_cast<int>(avail / (160 * p.m.scale))));
      const float column = (avail - static_cast<float>(per_row) * 2 * f.cell_pad - static_cast<float>(per_row - 1)) /
                           static_cast<float>(per_row);
      for (const TcbCard& c : v.cards) {
        const TcbCardFit fit = fit_card(c, column, f);
        ++checked;
        CHECK(fit.widest <= column);
        CHECK(widest(fit.name, f.text) + f.swatch <= column);
        CHECK(f.bold(std::string(state_name(c.ep.state))) <= column);
        for (const auto* lines : {&fit.gone, &fit.discarded, &fit.nothing_left}) CHECK(widest(*lines, f.text) <= column);
        CHECK(widest(fit.timers, f.text) + f.timer_icon <= column);
        const float caption_room = fit.captions_beside ? column - f.label - f.bar_min : column;
        CHECK(widest(fit.send_caption, f.text) <= caption_room);
        CHECK(widest(fit.receive_caption, f.text) <= caption_room);
        // What it says is all there: the reset's words and what it threw away.
        std::string gone;
        for (const std::string& l : fit.gone) gone += (gone.empty() ? "" : " ") + l;
        CHECK(gone == c.gone);
      }
      for (const std::string& l : v.listeners) CHECK(widest(wrap_words(l, avail, f.text), f.text) <= avail);
    });
  }
  CHECK(checked > 1000);
}

TEST_CASE("presentation at 1280x720: console lines wrap in order within their column", "[panels][presentation][library]") {
  const Projector p;
  const TextWidth text = Projector::regular();
  const test::LibraryMoments lib;
  size_t lines = 0;
  lib.each_moment([&](const std::string& where, const Run& run, const Moment& m) {
    const std::vector<ConsoleColumn> cols = console_view(run, m);
    if (cols.empty()) return;
    // One column per host; each line after its time stamp ("0.300 ").
    const float column = (p.inner(p.rects.console, false) - static_cast<float>(cols.size() - 1)) / static_cast<float>(cols.size()) -
                         2 * 4 * p.m.scale - 14 * p.m.scale;
    const float room = column - Projector::mono()("00.000") - 8 * p.m.scale;
    for (const ConsoleColumn& c : cols) {
      for (const ConsoleLine& l : c.lines) {
        INFO(where << ": " << l.text());
        const auto wrapped = wrap_spans(l.spans, room, text);
        std::string again;
        for (const auto& line : wrapped) {
          std::string words;
          for (const Span& s : line) words += s.text;
          CHECK(text(words) <= room);
          again += (again.empty() ? "" : " ") + words;
          ++lines;
        }
        // Nothing lost and nothing reordered: the same words, only the spaces at the breaks changed.
        std::string want = l.text(), got = again;
        want.erase(std::remove(want.begin(), want.end(), ' '), want.end());
        got.erase(std::remove(got.begin(), got.end(), ' '), got.end());
        CHECK(got == want);
      }
    }
  });
  CHECK(lines > 1000);
}

TEST_CASE("presentation at 1280x720: the inspector's heading and hex dump fit the panel", "[panels][presentation][library]") {
  const Projector p;
  const float avail = p.inner(p.rects.inspector);
  const TextWidth text = Projector::regular(), large = Projector::bold(), mono = Projector::mono();
  const test::LibraryMoments lib;
  for (size_t i = 0; i < lib.sessions.size(); ++i) {
    const Run& run = *lib.sessions[i]->fault();
    const Moment end = MomentBuilder(run).at(run.steps.events.size(), run.trace.end_time);
    const size_t per_row = hex_bytes_per_row(avail, mono("0"));
    for (size_t seg = 0; seg < run.trace.segments.size() && seg < 64; ++seg) {
      const InspectorView v = inspector_view(run, end, static_cast<int64_t>(seg), false, per_row);
      INFO(lib.names[i] << " #" << seg + 1 << " " << v.heading);
      for (const auto& line : inspector_heading(v, avail, large, text, text(" "))) {
        float w = 0;
        for (size_t k = 0; k < line.size(); ++k) {
          w += (line[k].piece == 0 ? large : text)(line[k].text) + (k > 0 && line[k].piece != line[k - 1].piece ? text(" ") : 0);
        }
        CHECK(w <= avail + 0.01f);
      }
      for (const std::string& h : v.hex) CHECK(mono(h) <= avail);
    }
  }
  CHECK(hex_bytes_per_row(75 * 10.0f, 10.0f) == 16);
  CHECK(hex_bytes_per_row(42 * 10.0f, 10.0f) == 8);
  CHECK(hex_bytes_per_row(30 * 10.0f, 10.0f) == 4);
}

TEST_CASE("presentation at 1280x720: ladder marks keep the state entered and the errno whole",
          "[panels][presentation][ladder][library]") {
  const Projector p;
  const test::LibraryMoments lib;
  size_t states = 0, errors = 0;
  for (size_t i = 0; i < lib.sessions.size(); ++i) {
    const Run& run = *lib.sessions[i]->fault();
    const LadderIndex index(run);
    const MomentBuilder moments(run);
    LadderInput in = projector_ladder(p, run, index);
    const Box plot = ladder_plot(in.area, in.metrics);
    for (size_t step = 0; step <= run.steps.events.size(); ++step) {
      const Moment m = moments.at(step, run.time_of_step(step));
      in.moment = &m;
      follow_now(in.camera, run.clock.story(m.now), run.clock.end(), plot.h, ladder_reserve(in.metrics));
      const LadderLayout l = layout_ladder(in);
      for (const LadderMark& mk : l.marks) {
        if (!mk.label.shown) continue;
        const Event& e = run.trace.events[mk.event];
        INFO(lib.names[i] << " step " << step << ": " << mk.label.text);
        CHECK(mk.label.box.right() <= plot.right() + 0.01f);
        if (mk.kind == MarkKind::State) {
          const std::string to(state_name(static_cast<State>(e.b)));
          CHECK(mk.label.text.size() >= to.size());
          CHECK(mk.label.text.compare(mk.label.text.size() - std::min(to.size(), mk.label.text.size()), to.size(), to) == 0);
          ++states;
        }
        if (mk.kind == MarkKind::CallFailed && e.type == EventType::AppReturn) {
          const CallRecord& c = run.trace.calls[e.ref];
          if (c.err != Errno::None) CHECK(mk.label.text.find(std::string(errno_name(c.err))) != std::string::npos);
          ++errors;
        }
      }
    }
  }
  CHECK(states > 100);
  CHECK(errors >= 5);
}


TEST_CASE("presentation at 1280x720: the ghost's callout stays inside the ladder, its lines inside the box",
          "[panels][presentation][ladder][library]") {
  const Projector p;
  const test::LibraryMoments lib;
  size_t shown = 0, wrapped = 0;
  for (size_t i = 0; i < lib.sessions.size(); ++i) {
    const Session& s = *lib.sessions[i];
    if (!s.twin()) continue;
    const Run& run = *s.fault();
    const Run& twin = *s.twin();
    const LadderIndex index(run), twin_index(twin);
    const MomentBuilder moments(run), twin_moments(twin);
    LadderInput in = projector_ladder(p, run, index);
    in.ghost = true;
    in.other = &twin;
    in.other_index = &twin_index;
    in.divergence = &s.divergence();
    const Box plot = ladder_plot(in.area, in.metrics);
    for (size_t step = 0; step <= run.steps.events.size(); ++step) {
      const Moment m = moments.at(step, run.time_of_step(step));
      const Moment g = twin_moments.at(twin.steps_until(m.now), m.now);
      in.moment = &m;
      in.other_moment = &g;
      follow_now(in.camera, run.clock.story(m.now), run.clock.end(), plot.h, ladder_reserve(in.metrics));
      const LadderLayout l = layout_ladder(in);
      if (!l.callout.shown) continue;
      ++shown;
      const LadderCallout& co = l.callout;
      INFO(lib.names[i] << " step " << step << ": " << co.title);
      CHECK(co.box.x >= l.axis_right - 0.01f);
      CHECK(co.box.right() <= plot.right() + 0.01f);
      REQUIRE_FALSE(co.title_lines.empty());
      wrapped += co.title_lines.size() > 1 || co.reason_lines.size() > 1;
      const TextWidth title = co.compact ? Projector::regular() : Projector::bold();
      CHECK(widest(co.title_lines, title) <= co.box.w - 16 * p.m.scale + 0.01f);
      CHECK(widest(co.reason_lines, Projector::regular()) <= co.box.w - 16 * p.m.scale + 0.01f);
      // Nothing of the words is lost to the wrapping.
      std::string joined;
      for (const std::string& t : co.title_lines) joined += (joined.empty() ? "" : " ") + t;
      CHECK(joined == co.title);
    }
  }
  CHECK(shown > 20);
  INFO("callouts wrapped: " << wrapped);
}
