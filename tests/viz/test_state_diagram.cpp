// The state diagram laid out without a window, measured with the fonts the visualizer loads: no text
// covers another text, a box, an arrow or a name tag, at the sizes the app uses and at every moment of
// every library scenario.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "font_metrics.hpp"
#include "library_moments.hpp"
#include "model/state_diagram_layout.hpp"
#include "tcp/transitions.hpp"

using namespace tcpsim;
using namespace tcpsim::viz;

namespace {

const MeasureText kMeasure = [](std::string_view t, float size, bool bold) {
  return test::imgui_text_width(t, size, bold);
};

std::string describe(const Box& b) {
  std::ostringstream s;
  s << "(" << b.x << "," << b.y << " " << b.w << "x" << b.h << ")";
  return s.str();
}

/// A text on the figure and what it may touch: its own arrow (a label straddling it, a cause on its
/// route), its own box (a tag on the box's edge).
struct Text {
  Box box;
  std::string what;
  int own_arrow = -1;
  const std::vector<Point>* own_route = nullptr;
  int own_box = -1;
};

/// Everything wrong with a scene and its overlay: texts over texts, boxes, state names, arrows, routes,
/// or off the canvas.
std::vector<std::string> problems(const FigureScene& s, const DiagramView& v = {}, const DiagramOverlay& o = {}) {
  std::vector<Text> texts;
  for (const PlacedLabel& l : s.placed) {
    if (l.straddle) {
      for (const PlacedText& t : l.lines) texts.push_back({t.box, "label '" + t.text + "'", l.edge});
    } else {
      std::string words;
      for (const PlacedText& t : l.lines) words += (words.empty() ? "" : " / ") + t.text;
      texts.push_back({l.box, "label '" + words + "'", -1});
      for (const PlacedText& t : l.lines) {
        if (t.box.x < l.box.x - 0.5f || t.box.right() > l.box.right() + 0.5f) texts.back().what += " (line outside)";
      }
    }
  }
  for (const NameTag& t : o.tags) {
    texts.push_back({t.box, "tag '" + t.text + "'", -1, nullptr, static_cast<int>(v.endpoints[t.endpoint].box)});
  }
  for (const OwnTransition& t : o.transitions) {
    if (t.cause_shown) texts.push_back({t.cause_box, "cause '" + t.cause + "'", -1, t.cause_on_route ? &t.path : nullptr});
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < texts.size(); ++i) {
    const Text& a = texts[i];
    if (a.box.x < 0 || a.box.y < 0 || a.box.right() > s.w || a.box.bottom() > s.h) {
      out.push_back(a.what + " off the canvas " + describe(a.box));
    }
    for (size_t j = i + 1; j < texts.size(); ++j) {
      if (a.box.overlaps(texts[j].box)) out.push_back(a.what + " covers " + texts[j].what);
    }
    for (size_t b = 0; b < s.boxes.size(); ++b) {
      const std::string name(figure5().boxes[b].name);
      if (static_cast<int>(b) != a.own_box && a.box.overlaps(s.boxes[b])) out.push_back(a.what + " covers the box " + name);
      if (a.box.overlaps(s.names[b])) out.push_back(a.what + " covers the name " + name);
    }
    for (size_t e = 0; e < s.arrows.size(); ++e) {
      if (static_cast<int>(e) == a.own_arrow) continue;
      if (polyline_crosses(s.arrows[e], a.box)) {
        const EdgeLabel& l = figure5().edges[e].label;
        out.push_back(a.what + " crosses the arrow of '" + std::string(l.trigger) + "' " + describe(a.box));
      }
    }
    for (const OwnTransition& t : o.transitions) {
      if (!(a.own_route && same_path(t.path, *a.own_route)) && polyline_crosses(t.path, a.box)) {
        out.push_back(a.what + " crosses the route of '" + t.cause + "'");
      }
    }
  }
  // A straddling label's arrow runs between its two lines, not through them.
  for (const PlacedLabel& l : s.placed) {
    if (!l.straddle) continue;
    for (const PlacedText& t : l.lines) {
      if (polyline_crosses(s.arrows[static_cast<size_t>(l.edge)], t.box)) out.push_back("'" + t.text + "' sits on its arrow");
    }
  }
  return out;
}

}  // namespace

TEST_CASE("state diagram layout: every label beside its arrow, clear of everything, at everyday sizes",
          "[diagram][layout]") {
  // The figure's canvas at 1600x900 (the panel less its padding and one or two legend lines), and
  // around it: other window sizes give the panel a little more or less room.
  for (float w : {580.0f, 600.0f, 616.0f, 660.0f, 740.0f}) {
    for (float h : {254.0f, 264.0f, 274.0f, 300.0f, 340.0f}) {
      const FigureScene s = layout_figure(w, h, kMeasure, 16.0f, 1.0f);
      INFO("canvas " << w << "x" << h << ": label font " << s.label_font);
      CHECK(s.labels);
      CHECK(s.placed.size() == figure5().edges.size());
      CHECK(s.label_font >= 10.0f);
      for (const std::string& p : problems(s)) FAIL_CHECK(p);
    }
  }
}

TEST_CASE("state diagram overlay: at every moment of every library scenario, tags and causes cover nothing",
          "[diagram][layout][library]") {
  const test::LibraryMoments lib;
  // The everyday panel at 1600x900 with one and two legend lines, and the enlarged figure.
  for (const auto& [w, h, font] : {std::tuple{616.0f, 274.0f, 16.0f}, {616.0f, 254.0f, 16.0f}, {1130.0f, 760.0f, 20.0f}}) {
    FigureScene s = layout_figure(w, h, kMeasure, font, 1.0f);
    REQUIRE(s.labels);
    size_t moments = 0, tags = 0, causes = 0;
    lib.each_moment([&](const std::string& where, const Run& run, const Moment& m) {
      const DiagramView v = diagram_view(run, m);
      const DiagramOverlay o = place_overlay(s, v, kMeasure);
      INFO(w << "x" << h << " " << where);
      ++moments;
      tags += o.tags.size();
      for (const std::string& p : problems(s, v, o)) FAIL_CHECK(p);
      // Every endpoint has its tag, but where three or more share a box (a moment or two of 11 and 14).
      for (size_t i : o.untagged) {
        const auto sharing = std::count_if(v.endpoints.begin(), v.endpoints.end(),
                                           [&](const DiagramEndpoint& e) { return e.box == v.endpoints[i].box; });
        CHECK(sharing >= 3);
      }
      // Every transition the figure does not draw has its route, and its cause when it is the only one
      // on that route.
      for (const OwnTransition& t : o.transitions) {
        INFO(t.cause);
        CHECK(t.path.size() >= 2);
        const auto sharing = std::count_if(o.transitions.begin(), o.transitions.end(),
                                           [&](const OwnTransition& x) { return same_path(x.path, t.path); });
        if (sharing == 1) CHECK(t.cause_shown);
        causes += t.cause_shown;
      }
    });
    CHECK(moments > 1000);
    CHECK(tags > moments);  // most moments have two or more endpoints, all tagged
    CHECK(causes > 0);
  }
}

TEST_CASE("state diagram layout: the checker sees what covers what", "[diagram][layout]") {
  const FigureScene s = layout_figure(616, 274, kMeasure, 16.0f, 1.0f);
  REQUIRE(s.labels);
  CHECK(problems(s).empty());
  // A tag put over a label, another across an arrow, and one over a state's name.
  DiagramView v;
  v.endpoints.resize(3);
  v.endpoints[0].box = DiagramBox::Listen;
  v.endpoints[1].box = DiagramBox::Listen;
  v.endpoints[2].box = DiagramBox::Established;
  DiagramOverlay o;
  o.tags.push_back({0, s.placed[0].box, "over a label"});
  const Point mid = polyline_at(s.arrows[19], 0.5f).first;  // TIME-WAIT → CLOSED
  o.tags.push_back({1, {mid.x - 20, mid.y - 5, 40, 10}, "across an arrow"});
  o.tags.push_back({2, s.names[static_cast<size_t>(DiagramBox::Established)], "over a name"});
  const std::vector<std::string> p = problems(s, v, o);
  const auto said = [&](const std::string& words) {
    return std::any_of(p.begin(), p.end(), [&](const std::string& x) { return x.find(words) != std::string::npos; });
  };
  CHECK(said("covers tag 'over a label'"));
  CHECK(said("tag 'across an arrow' crosses the arrow of 'Timeout=2MSL'"));
  CHECK(said("tag 'over a name' covers the name ESTABLISHED"));
}

TEST_CASE("state diagram overlay: placed again only when who is where, or what just happened, changes",
          "[diagram][layout]") {
  const test::LibraryMoments lib;
  const Run& run = *lib.sessions[5]->fault();  // 06, close with unread data
  const MomentBuilder moments(run);
  size_t changes = 0;
  std::string before;
  for (size_t step = 0; step <= run.steps.events.size(); ++step) {
    const DiagramView v = diagram_view(run, moments.at(step, run.time_of_step(step)));
    const std::string key = overlay_key(v);
    // The same moment gives the same key; a later one only when something the overlay shows changed.
    CHECK(overlay_key(diagram_view(run, moments.at(step, run.time_of_step(step)))) == key);
    changes += key != before;
    before = key;
  }
  // Each connection's state changes and each transition's glow ending: far fewer than the steps.
  CHECK(changes > 5);
  CHECK(changes < run.steps.events.size() / 2);
  // Moving an endpoint to another box changes it.
  DiagramView v = diagram_view(run, moments.at(run.steps.events.size(), run.trace.end_time));
  const std::string key = overlay_key(v);
  v.endpoints[0].box = DiagramBox::TimeWait;
  CHECK(overlay_key(v) != key);
}

TEST_CASE("state diagram layout: a panel too small for labels draws none, and nothing breaks", "[diagram][layout]") {
  const test::LibraryMoments lib;
  const Run& run = *lib.sessions[9]->fault();  // 10, five endpoints at the end
  const DiagramView v = diagram_view(run, MomentBuilder(run).at(run.steps.events.size(), run.trace.end_time));
  for (const auto& [w, h] : {std::pair{0.0f, 0.0f}, {1.0f, 1.0f}, {48.0f, 60.0f}, {300.0f, 120.0f}, {496.0f, 170.0f}}) {
    INFO(w << "x" << h);
    FigureScene s = layout_figure(w, h, kMeasure, 16.0f, 1.0f);
    CHECK_FALSE(s.labels);
    CHECK(s.placed.empty());
    const DiagramOverlay o = place_overlay(s, v, kMeasure);
    CHECK(o.tags.size() + o.untagged.size() == v.endpoints.size());
  }
}

TEST_CASE("state diagram: the arrows and labels are the transition table's Figure 5, in its order", "[diagram]") {
  const FigureLayout& f = figure5();
  REQUIRE(f.edges.size() == kFigure5.size());
  for (size_t i = 0; i < kFigure5.size(); ++i) {
    INFO("arrow " << i);
    CHECK(f.boxes[static_cast<size_t>(f.edges[i].from)].state == kFigure5[i].from);
    CHECK(f.boxes[static_cast<size_t>(f.edges[i].to)].state == kFigure5[i].to);
    CHECK(f.edges[i].label.trigger == kFigure5[i].trigger);
    CHECK(f.edges[i].label.action == kFigure5[i].action);
  }
  // The two CLOSED boxes: an orderly close ends in the bottom one, an open starts from the top one.
  CHECK(f.edges[static_cast<size_t>(Arrow::LastAckAckOfFin)].to == DiagramBox::ClosedEnd);
  CHECK(f.edges[static_cast<size_t>(Arrow::TimeWaitTimeout)].to == DiagramBox::ClosedEnd);
  CHECK(f.edges[static_cast<size_t>(Arrow::SynSentClose)].to == DiagramBox::ClosedTop);
  CHECK(f.edges[static_cast<size_t>(Arrow::PassiveOpen)].from == DiagramBox::ClosedTop);
}

TEST_CASE("state diagram: a transition takes the arrow its table row names, else it is drawn on its own", "[diagram]") {
  // CLOSE-WAIT -> LAST-ACK by shutdown(SHUT_WR): the row names the figure's CLOSE arrow.
  const DiagramTransition shut = classify(State::CloseWait, State::LastAck, Rule::FinShutdown);
  CHECK(shut.kind == EdgeKind::Figure);
  CHECK(shut.edge == static_cast<int>(Arrow::CloseWaitClose));
  // SYN-RECEIVED -> LISTEN on a new SYN: the figure's arrow is for an RST; the row names none.
  const DiagramTransition syn = classify(State::SynReceived, State::Listen, Rule::SynInSynReceived);
  CHECK(syn.kind == EdgeKind::Abnormal);
  CHECK(syn.edge == -1);
  // SYN-SENT -> CLOSED by a crash: the arrow's boxes, not its reason.
  CHECK(classify(State::SynSent, State::Closed, Rule::HostCrash).kind == EdgeKind::Abnormal);
  CHECK(classify(State::SynSent, State::Closed, Rule::AbortNothingSent).edge == static_cast<int>(Arrow::SynSentClose));
}
