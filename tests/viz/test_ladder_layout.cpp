// The ladder's layout on real scenarios (parsed from text with Session::load_text): where arrows start
// and end in pixels, lanes, crosses, resets, packets in flight, the ghost twin and its callout,
// culling and folding, hit-testing, and that no two texts overlap on the library scenarios.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "ladder/ladder_frame.hpp"  // mark_text
#include "ladder/ladder_layout.hpp"
#include "model/session.hpp"

using namespace tcpsim;
using namespace tcpsim::viz;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string library_file(const std::string& name) { return std::string(TCPSIM_SCENARIO_DIR) + "/" + name; }

/// Two hosts 20 ms apart: the story clock makes 20 ms = 0.6 story seconds.
const char* kHandshake =
    "host client 10.0.0.1\n"
    "host server 10.0.0.2\n"
    "link client server delay 20ms\n"
    "at 0ms server listen 80\n"
    "at 0ms client connect server:80\n"
    "at 100ms client send \"hello\"\n";

/// A session, its runs' indexes and moments, and an input for a 1000 x 600 canvas at (0, 100).
struct Ladder {
  Session session;
  std::unique_ptr<MomentBuilder> moments, twin_moments;
  std::unique_ptr<LadderIndex> index, twin_index;
  Moment moment;
  std::optional<Moment> ghost;
  LadderInput in;

  explicit Ladder(const std::string& text, const std::string& name = "test.scn") {
    REQUIRE(session.load_text(text, name));
    moments = std::make_unique<MomentBuilder>(*session.fault());
    index = std::make_unique<LadderIndex>(*session.fault());
    if (session.twin()) {
      twin_moments = std::make_unique<MomentBuilder>(*session.twin());
      twin_index = std::make_unique<LadderIndex>(*session.twin());
    }
    in.run = session.fault();
    in.index = index.get();
    in.area = {0, 100, 1000, 600};
    in.camera.top = 0;
    in.camera.pixels_per_story = 100;
    at(run().trace.end_time);
  }
  const Run& run() const { return *session.fault(); }
  Box plot() const { return ladder_plot(in.area, in.metrics); }
  /// Shows the runs at simulated time `t` (every step up to it applied), the twin as the ghost.
  void at(Time t) {
    moment = moments->at(run().steps_until(t), t);
    in.moment = &moment;
    if (twin_moments) {
      const Run& o = *session.twin();
      ghost = twin_moments->at(o.steps_until(t), t);
      in.ghost = true;
      in.other = &o;
      in.other_index = twin_index.get();
      in.other_moment = &*ghost;
      in.divergence = &session.divergence();
    }
  }
  /// Fits the whole run in the plot, as the "Fit" button does.
  void fit() { fit_camera(in.camera, run(), plot().h, ladder_reserve(in.metrics)); }
  LadderLayout layout() const { return layout_ladder(in); }
  /// Pixel row of simulated time t.
  float y(Time t) const { return plot().y + static_cast<float>(in.camera.y(run().clock.story(t))); }
};

const LadderArrow* arrow_of(const LadderLayout& l, uint32_t segment) {
  for (const LadderArrow& a : l.arrows) {
    if (a.segment == segment) return &a;
  }
  return nullptr;
}

const LadderArrow* ghost_of(const LadderLayout& l, uint32_t segment) {
  for (const LadderArrow& a : l.ghosts) {
    if (a.segment == segment) return &a;
  }
  return nullptr;
}

/// Every shown text box of a layout, with what it is.
std::vector<std::pair<Box, std::string>> shown_texts(const LadderLayout& l) {
  std::vector<std::pair<Box, std::string>> v;
  auto add = [&](const LadderLabel& x) {
    if (x.shown) v.push_back({x.box, x.text});
  };
  for (const LadderArrow& a : l.arrows) {
    add(a.label);
    add(a.reason);
  }
  for (const LadderArrow& a : l.ghosts) {
    add(a.label);
    add(a.reason);
  }
  for (const LadderBand& b : l.bands) add(b.label);
  for (const LadderBand& b : l.ghost_bands) add(b.label);
  for (const LadderMark& m : l.marks) add(m.label);
  for (const LadderGap& g : l.gaps) add(g.label);
  if (l.callout.shown) v.push_back({l.callout.box, l.callout.title});
  return v;
}

}  // namespace

TEST_CASE("arrows: a segment runs from the sender's lane at its send time to the receiver's at its arrival",
          "[ladder]") {
  Ladder t(kHandshake);
  const LadderLayout l = t.layout();
  // Header: round(17 * 2.5 + 10) = 53 pixels, so the plot starts at 153; story 0.6 s = 60 px.
  REQUIRE(l.plot.y == Approx(153.0f));
  const SegmentRecord& syn = t.run().trace.segments[0];
  REQUIRE(syn.seg.flags == kSyn);
  REQUIRE(syn.sent_at == 0);
  REQUIRE(t.run().trace.fate(0).end_at == ms(20));
  const LadderArrow* a = arrow_of(l, 0);
  REQUIRE(a);
  CHECK(a->style == ArrowStyle::Syn);
  CHECK(a->from.x == Approx(l.lanes[0].x));
  CHECK(a->from.y == Approx(153.0f));
  CHECK(a->to.x == Approx(l.lanes[1].x));
  CHECK(a->to.y == Approx(213.0f));
  CHECK_FALSE(a->in_flight);
  // The SYN+ACK goes back, 20 ms later, sloped the other way.
  const LadderArrow* b = arrow_of(l, 1);
  REQUIRE(b);
  CHECK(b->from.x == Approx(l.lanes[1].x));
  CHECK(b->from.y == Approx(213.0f));
  CHECK(b->to.x == Approx(l.lanes[0].x));
  CHECK(b->to.y == Approx(273.0f));
  CHECK(a->label.text == "SYN seq=0");
  CHECK(b->label.text == "SYN+ACK seq=0 ack=1");
  // The data segment's label carries its length; len=0 is never written.
  const LadderArrow* data = arrow_of(l, 3);
  REQUIRE(data);
  CHECK(data->label.text == "PSH+ACK seq=1 ack=1 len=5");
  CHECK(data->style == ArrowStyle::Data);
}

TEST_CASE("arrows: labels switch to absolute numbers", "[ladder]") {
  Ladder t(kHandshake);
  t.in.absolute = true;
  const LadderLayout l = t.layout();
  const LadderArrow* b = arrow_of(l, 1);
  REQUIRE(b);
  const Segment& s = t.run().trace.segments[1].seg;
  CHECK(b->label.text == "SYN+ACK seq=" + std::to_string(s.seq.v) + " ack=" + std::to_string(s.ack.v));
}

TEST_CASE("lanes: one per node in path order, hosts coloured, the firewall in the middle", "[ladder]") {
  Ladder t(read_file(library_file("11-firewall-reject.scn")));
  const LadderLayout l = t.layout();
  REQUIRE(l.lanes.size() == 3);
  CHECK(l.lanes[0].title == "client");
  CHECK(l.lanes[0].detail == "10.0.0.1");
  CHECK(l.lanes[0].colour == 0);
  CHECK(l.lanes[1].title == "fw");
  CHECK(l.lanes[1].detail == "firewall");
  CHECK(l.lanes[1].colour == -1);
  CHECK(l.lanes[2].title == "server");
  CHECK(l.lanes[2].colour == 1);
  // Evenly spaced, left to right.
  CHECK(l.lanes[0].x < l.lanes[1].x);
  CHECK(l.lanes[1].x - l.lanes[0].x == Approx(l.lanes[2].x - l.lanes[1].x));
  // The rejected SYN dies at the firewall's lane, with its rule's line.
  const LadderArrow* syn = arrow_of(l, 0);
  REQUIRE(syn);
  CHECK(syn->dropped);
  CHECK(syn->to.x == Approx(l.lanes[1].x));
  CHECK(syn->reason.text == "firewall (line 15)");
}

TEST_CASE("drops: a lost segment ends in a cross halfway along its link, at the time it was lost", "[ladder]") {
  Ladder t(
      "host client 10.0.0.1\nhost server 10.0.0.2\nlink client server delay 20ms loss 100%\n"
      "at 0ms server listen 80\nat 0ms client connect server:80\n");
  t.fit();
  const LadderLayout l = t.layout();
  const SegmentFate s = t.run().trace.fate(0);
  REQUIRE(s.drop == DropReason::Loss);
  REQUIRE(s.end_node == kNoNode);
  const LadderArrow* a = arrow_of(l, 0);
  REQUIRE(a);
  CHECK(a->dropped);
  CHECK_FALSE(a->in_flight);
  CHECK(a->to.x == Approx((l.lanes[0].x + l.lanes[1].x) / 2));
  CHECK(a->to.y == Approx(t.y(s.end_at)));
  CHECK(a->reason.text == "lost");
  CHECK(a->reason.shown);
}

TEST_CASE("resets: the RST arrow is styled as a reset and its label starts with RST", "[ladder]") {
  Ladder t(read_file(library_file("06-close-unread-data.scn")));
  t.fit();
  const LadderLayout l = t.layout();
  const int64_t rst = t.session.divergence().fault_segment;
  REQUIRE(rst == 5);
  REQUIRE((t.run().trace.segments[5].seg.flags & kRst) != 0);
  const LadderArrow* a = arrow_of(l, 5);
  REQUIRE(a);
  CHECK(a->style == ArrowStyle::Rst);
  CHECK(a->label.text.rfind("RST", 0) == 0);
  CHECK(a->label.text == "RST+ACK seq=1 ack=19");
  CHECK(a->label.shown);
  for (const LadderArrow& other : l.arrows) {
    if (other.segment != 5) CHECK(other.style != ArrowStyle::Rst);
  }
  CHECK(arrow_label(t.run(), 5, false, 0) == "RST+ACK");
}

TEST_CASE("flight: a packet on its way is drawn up to where it is now", "[ladder]") {
  Ladder t(kHandshake);
  // 10 ms into the SYN's 20 ms journey: halfway, 30 px down from its start.
  t.at(ms(10));
  LadderLayout l = t.layout();
  const LadderArrow* a = arrow_of(l, 0);
  REQUIRE(a);
  CHECK(a->in_flight);
  CHECK(a->to.y == Approx(183.0f));
  CHECK(a->to.x == Approx((l.lanes[0].x + l.lanes[1].x) / 2));
  CHECK(a->full.y == Approx(213.0f));
  CHECK(l.now_y == Approx(183.0f));
  // Later, further: 15 ms is three quarters.
  t.at(ms(15));
  l = t.layout();
  a = arrow_of(l, 0);
  REQUIRE(a);
  CHECK(a->in_flight);
  CHECK(a->to.y == Approx(198.0f));
  CHECK(a->to.x == Approx(l.lanes[0].x + 0.75f * (l.lanes[1].x - l.lanes[0].x)));
  // Segments not yet sent are not drawn: the SYN+ACK leaves at 20 ms.
  CHECK(arrow_of(l, 1) == nullptr);
  CHECK(l.arrows.size() == 1);
}

TEST_CASE("ghost: the twin's FIN+ACK starts beside the RST, at the same time, with a callout", "[ladder]") {
  Ladder t(read_file(library_file("06-close-unread-data.scn")));
  t.fit();
  const Divergence& d = t.session.divergence();
  REQUIRE(d.fault_segment == 5);
  REQUIRE(d.twin_segment == 5);
  const Time sent = t.run().trace.segments[5].sent_at;
  REQUIRE(sent == ms(200));
  REQUIRE(t.session.twin()->trace.segments[5].sent_at == sent);
  t.at(ms(220));
  const LadderLayout l = t.layout();
  const LadderArrow* real = arrow_of(l, 5);
  const LadderArrow* ghost = ghost_of(l, 5);
  REQUIRE(real);
  REQUIRE(ghost);
  CHECK(ghost->ghost);
  CHECK(ghost->style == ArrowStyle::Fin);
  // Same row (both runs share the time axis up to here), a few pixels to the side.
  CHECK(ghost->from.y == Approx(real->from.y));
  CHECK(ghost->from.y == Approx(t.y(sent)));
  CHECK(ghost->from.x != Approx(real->from.x));
  CHECK(std::fabs(ghost->from.x - real->from.x) <= 12.0f);
  // It arrives when the twin's FIN arrived, bowing below the real arrow so both can be seen.
  CHECK(ghost->to.y == Approx(t.y(t.session.twin()->trace.fate(5).end_at)));
  CHECK(ghost->control.y > (ghost->from.y + ghost->to.y) / 2 + 10);
  CHECK(ghost->label.text == "twin: FIN+ACK seq=1 ack=19");
  REQUIRE(l.callout.shown);
  CHECK(l.callout.title == "Here the graceful twin sends FIN+ACK instead");
  CHECK(l.callout.reason == "(server close() with unread data — RFC 1122 §4.2.2.13)");
  // Segments the twin sends exactly as the fault run did get no ghost: the first ghost is the FIN.
  for (const LadderArrow& g : l.ghosts) CHECK(g.segment >= 5);

  // Before the RST is sent, there is no callout.
  t.at(ms(150));
  CHECK_FALSE(t.layout().callout.shown);
  // Toggled off: no ghost, no callout.
  t.at(ms(220));
  t.in.ghost = false;
  const LadderLayout off = t.layout();
  CHECK(off.ghosts.empty());
  CHECK(off.ghost_bands.empty());
  CHECK_FALSE(off.callout.shown);
}

TEST_CASE("ghost: viewing the twin, the fault run's RST is the ghost", "[ladder]") {
  Ladder t(read_file(library_file("06-close-unread-data.scn")));
  t.fit();
  MomentBuilder twin(*t.session.twin()), fault(t.run());
  const Time now = ms(220);
  const Moment tm = twin.at(t.session.twin()->steps_until(now), now);
  const Moment fm = fault.at(t.run().steps_until(now), now);
  LadderInput in = t.in;
  in.run = t.session.twin();
  in.index = t.twin_index.get();
  in.moment = &tm;
  in.other = &t.run();
  in.other_index = t.index.get();
  in.other_moment = &fm;
  in.viewing_twin = true;
  const LadderLayout l = layout_ladder(in);
  const LadderArrow* ghost = ghost_of(l, 5);
  REQUIRE(ghost);
  CHECK(ghost->style == ArrowStyle::Rst);
  CHECK(ghost->label.text == "fault run: RST+ACK seq=1 ack=19");
  REQUIRE(l.callout.shown);
  CHECK(l.callout.title == "Here the fault run sends RST+ACK instead");
  CHECK(l.callout.reason == "(server close() with unread data — RFC 1122 §4.2.2.13)");
}

TEST_CASE("ghost: a segment with another fate in the twin is called out", "[ladder]") {
  Ladder t(read_file(library_file("11-firewall-reject.scn")));
  t.fit();
  t.at(ms(50));
  const LadderLayout l = t.layout();
  REQUIRE(l.callout.shown);
  CHECK(l.callout.title == "In the graceful twin this SYN arrives");
  CHECK(l.callout.reason == "(here it dies: firewall (line 15))");
  const LadderArrow* g = ghost_of(l, 0);
  REQUIRE(g);
  CHECK_FALSE(g->dropped);
  CHECK(g->to.x == Approx(l.lanes[2].x));  // it reaches the server
}

TEST_CASE("marks: state changes and call results on the lanes, once they have happened", "[ladder]") {
  Ladder t(read_file(library_file("06-close-unread-data.scn")));
  t.fit();
  auto find = [](const LadderLayout& l, const std::string& text) -> const LadderMark* {
    for (const LadderMark& m : l.marks) {
      if (m.label.shown && m.label.text == text) return &m;
    }
    return nullptr;
  };
  LadderLayout l = t.layout();
  const LadderMark* reset = find(l, "recv() = -1 ECONNRESET (Connection reset by peer)");
  REQUIRE(reset);
  CHECK(reset->kind == MarkKind::CallFailed);
  CHECK(reset->anchor.x == Approx(l.lanes[0].x));
  CHECK(reset->anchor.y == Approx(t.y(ms(300))));
  const LadderMark* closed = find(l, "ESTABLISHED → CLOSED");
  REQUIRE(closed);
  CHECK(closed->kind == MarkKind::State);
  // The 80 ms between the RST's arrival and recv() are four link delays: kept to scale, not folded.
  CHECK(l.gaps.empty());
  CHECK(t.y(ms(300)) - t.y(ms(220)) == Approx(4 * (t.y(ms(20)) - t.y(0))));
  // At 0.25 s the recv() has not happened yet.
  t.at(ms(250));
  l = t.layout();
  CHECK(find(l, "recv() = -1 ECONNRESET (Connection reset by peer)") == nullptr);
}

TEST_CASE("culling: only what is in the viewport is laid out", "[ladder]") {
  Ladder t(
      "host client 10.0.0.1\nhost server 10.0.0.2\nlink client server delay 10ms\n"
      "at 0ms server listen 80\nat 0ms server accept\nat 0ms client connect server:80\n"
      "at 1ms client send 2MB\nat 1ms server recv all\n");
  const size_t total = t.run().trace.segments.size();
  REQUIRE(total > 1000);
  // Zoomed in on one story second in the middle of the transfer.
  t.in.camera.pixels_per_story = 600;
  t.in.camera.top = t.index->send[total / 2];
  const LadderLayout l = t.layout();
  const Box p = l.plot;
  REQUIRE(!(l.arrows.empty() && l.bands.empty()));
  for (const LadderArrow& a : l.arrows) {
    CHECK(std::max(a.from.y, a.to.y) >= p.y);
    CHECK(std::min(a.from.y, a.to.y) <= p.bottom());
  }
  for (const LadderBand& b : l.bands) {
    float lo = 1e9f, hi = -1e9f;
    for (const Point& q : b.outline) {
      lo = std::min(lo, q.y);
      hi = std::max(hi, q.y);
    }
    CHECK(hi >= p.y);
    CHECK(lo <= p.bottom());
  }
  // Found by binary search: a few hundred looked at, not the whole trace.
  CHECK(l.examined < total / 10);
}

TEST_CASE("folding: zoomed all the way out, a 20 MB transfer is a handful of bands", "[ladder]") {
  Ladder t(
      "host client 10.0.0.1\nhost server 10.0.0.2\nlink client server delay 10ms loss 1%\n"
      "at 0ms server listen 80\nat 0ms server accept\nat 0ms client connect server:80\n"
      "at 1ms client send 20MB\nat 1ms server recv all\nat 1ms client shutdown\n");
  const size_t total = t.run().trace.segments.size();
  REQUIRE(total > 20000);
  t.fit();
  const LadderLayout l = t.layout();
  // Bounded by the plot's height, not by the trace.
  CHECK(l.arrows.size() + l.bands.size() <= 400);
  CHECK(l.examined < 5000);
  // Folding loses nothing: every segment sent is in exactly one arrow or band.
  size_t drawn = l.arrows.size();
  for (const LadderBand& b : l.bands) drawn += b.count;
  CHECK(drawn == t.moment.visible_segments);
  // A band says how many it holds.
  bool big = false;
  for (const LadderBand& b : l.bands) {
    if (b.count > 1000 && b.style == ArrowStyle::Data) {
      big = true;
      CHECK(b.label.text.rfind("ACK ×", 0) == 0);
    }
  }
  CHECK(big);
  // At the smallest zoom everything folds to a few bands per route.
  t.in.camera.pixels_per_story = LadderCamera::kMinZoom;
  t.in.camera.top = 0;
  const LadderLayout tiny = t.layout();
  CHECK(tiny.arrows.size() + tiny.bands.size() <= 2 * t.index->routes.size());
}

TEST_CASE("hit-testing: the arrow, its label and the marks under the mouse", "[ladder]") {
  Ladder t(read_file(library_file("06-close-unread-data.scn")));
  t.fit();
  const LadderLayout l = t.layout();
  const LadderArrow* rst = arrow_of(l, 5);
  REQUIRE(rst);
  // On the line, halfway.
  const Point mid{(rst->from.x + rst->to.x) / 2, (rst->from.y + rst->to.y) / 2};
  LadderHit h = hit_test(l, mid.x, mid.y, 6);
  CHECK(h.kind == LadderHit::Kind::Arrow);
  CHECK(h.segment == 5);
  // A few pixels off the line still counts; far off does not.
  CHECK(hit_test(l, mid.x, mid.y + 4, 6).segment == 5);
  CHECK(hit_test(l, mid.x, l.plot.bottom() - 2, 6).kind == LadderHit::Kind::None);
  // On its label.
  REQUIRE(rst->label.shown);
  h = hit_test(l, rst->label.box.x + 3, rst->label.box.y + 3, 6);
  CHECK(h.kind == LadderHit::Kind::Arrow);
  CHECK(h.segment == 5);
  // Its tooltip says what it is and why it was sent.
  const std::string tip = hit_tooltip(t.in, l, h);
  CHECK(tip.find("RST+ACK seq=1 ack=19") != std::string::npos);
  CHECK(tip.find("close() with unread data") != std::string::npos);
  CHECK(tip.find("RFC 1122 §4.2.2.13") != std::string::npos);
  // A mark.
  for (const LadderMark& m : l.marks) {
    if (!m.label.shown) continue;
    const LadderHit mh = hit_test(l, m.label.box.x + m.label.box.w / 2, m.label.box.y + m.label.box.h / 2, 6);
    CHECK(mh.kind == LadderHit::Kind::Mark);
    CHECK(mh.segment == -1);
  }
  // Outside the plot (the headers) nothing is hit.
  CHECK(hit_test(l, mid.x, l.area.y + 5, 6).kind == LadderHit::Kind::None);
}

TEST_CASE("camera: follow keeps the now line in view; a fitted view does not move", "[ladder]") {
  Ladder t(read_file(library_file("19-lossy-transfer.scn")));
  const Box p = t.plot();
  const double reserve = ladder_reserve(t.in.metrics);
  t.fit();
  const double top = t.in.camera.top;
  for (double now : {0.0, 1.0, 5.0, t.run().clock.end()}) {
    follow_now(t.in.camera, now, t.run().clock.end(), p.h, reserve);
    CHECK(t.in.camera.top == Approx(top));
  }
  // Zoomed in, the view scrolls along and the now line stays in the plot.
  t.in.camera.pixels_per_story = 400;
  for (double now = 0; now < t.run().clock.end(); now += 0.37) {
    follow_now(t.in.camera, now, t.run().clock.end(), p.h, reserve);
    const double y = t.in.camera.y(now);
    CHECK(y >= 0);
    CHECK(y <= p.h);
  }
}

TEST_CASE("no overlaps: on every library scenario, shown texts never cover each other", "[ladder][library]") {
  const char* files[] = {"01-handshake.scn",          "02-graceful-close.scn",      "03-simultaneous-close.scn",
                         "04-half-close.scn",         "05-connection-refused.scn",  "06-close-unread-data.scn",
                         "07-linger-zero-abort.scn",  "08-crash-restart.scn",       "09-crash-keepalive.scn",
                         "10-half-open-reconnect.scn", "11-firewall-reject.scn",    "12-firewall-drop-timeout.scn",
                         "13-nat-idle-timeout.scn",   "14-old-duplicate-syn.scn",   "15-blind-rst-challenge-ack.scn",
                         "16-data-after-close.scn",   "17-write-after-rst.scn",     "18-fin-with-unread-data.scn",
                         "19-lossy-transfer.scn"};
  for (const char* f : files) {
    Ladder t(read_file(library_file(f)), f);
    // The ladder's size at 1600x900, everyday and presentation mode (1.6x text).
    for (float scale : {1.0f, 1.6f}) {
      t.in.area = {0, 108, 1070, 530};
      t.in.metrics.scale = scale;
      t.in.metrics.line_height = 16 * scale;
      t.in.metrics.text_width = [scale](std::string_view s) {
        size_t n = 0;
        for (unsigned char c : s) n += (c & 0xC0) != 0x80;
        return 8.0f * scale * static_cast<float>(n);
      };
      t.fit();
      const Time end = t.run().trace.end_time;
      for (Time now : {end / 4, end / 2, end}) {
        t.at(now);
        const LadderLayout l = t.layout();
        const auto texts = shown_texts(l);
        for (size_t i = 0; i < texts.size(); ++i) {
          INFO(f << " scale " << scale << " at " << now << ": " << texts[i].second);
          CHECK(texts[i].first.y >= l.plot.y - 0.01f);
          CHECK(texts[i].first.bottom() <= l.plot.bottom() + 0.01f);
          for (size_t j = i + 1; j < texts.size(); ++j) {
            INFO("and " << texts[j].second);
            CHECK_FALSE(texts[i].first.overlaps(texts[j].first));
          }
        }
      }
    }
  }
}

TEST_CASE("camera: a long run opens readable (a link delay keeps its pixels); Fit shows all of it", "[ladder]") {
  Ladder t(read_file(library_file("11-firewall-reject.scn")));
  const double readable = readable_zoom(t.plot().h, 1.0);
  REQUIRE(readable == Approx(kReadableDelayPixels / StoryClock::kDelayStory));  // 600 px: tall enough
  CHECK(readable_zoom(200, 1.0) == Approx(200 / kDelaysInView / StoryClock::kDelayStory));  // a short ladder
  // The whole run squeezed into 600 pixels would leave a 10 ms hop a few pixels tall.
  fit_camera(t.in.camera, t.run(), t.plot().h, ladder_reserve(t.in.metrics));
  REQUIRE(t.in.camera.pixels_per_story < readable);
  // On load the zoom stops at the readable minimum and the view starts at the beginning.
  fit_camera(t.in.camera, t.run(), t.plot().h, ladder_reserve(t.in.metrics), readable);
  CHECK(t.in.camera.pixels_per_story == Approx(readable));
  CHECK(t.y(ms(20)) - t.y(ms(10)) == Approx(kReadableDelayPixels));
  CHECK(t.y(0) > t.plot().y);
  // A short run still fits whole, above the minimum.
  Ladder h(kHandshake);
  fit_camera(h.in.camera, h.run(), h.plot().h, ladder_reserve(h.in.metrics), readable);
  CHECK(h.in.camera.pixels_per_story > readable);
  CHECK(h.y(h.run().trace.end_time) < h.plot().bottom());
}

TEST_CASE("gaps: a quiet stretch of many round trips is folded and labelled with its length", "[ladder]") {
  // TIME-WAIT (MSL 5 s here): nothing on the wire between the last ACK and the end of 2 MSL.
  Ladder t(read_file(library_file("02-graceful-close.scn")));
  t.fit();
  const LadderLayout l = t.layout();
  REQUIRE_FALSE(l.gaps.empty());
  const LadderGap& g = l.gaps.back();
  CHECK(g.label.text == "9.98 s later");  // from the last ACK's arrival (0.350) to 2 MSL (10.330)
  CHECK(g.y1 - g.y0 == Approx(StoryClock::kGapStory * t.in.camera.pixels_per_story).epsilon(0.01));
}

TEST_CASE("marks: what the server's close() does is written on its lane, in order, clear of the RST", "[ladder]") {
  // At 0.200 s the server's lane has three marks (the call, the discarded bytes, the state change)
  // and the RST and the twin's FIN+ACK leave it at that very moment: the marks stack above it, as
  // far as there is room, and continue below the lines.
  Ladder t(read_file(library_file("06-close-unread-data.scn")));
  t.fit();
  const LadderLayout l = t.layout();
  const float server_x = l.lanes[1].x;
  auto on_server = [&](const std::string& text) -> const LadderMark* {
    for (const LadderMark& m : l.marks) {
      if (m.label.shown && m.label.text == text && m.anchor.x == Approx(server_x)) return &m;
    }
    return nullptr;
  };
  const LadderMark* call = on_server("close() = 0");
  const LadderMark* state = on_server("ESTABLISHED → CLOSED");
  const LadderMark* discard = on_server("discarded 18 unread bytes");
  REQUIRE(call);
  REQUIRE(state);
  REQUIRE(discard);
  for (const LadderMark* m : {call, state, discard}) {
    CHECK(m->anchor.y == Approx(t.y(ms(200))));
    CHECK(std::fabs(m->label.box.y - m->anchor.y) < 4 * t.in.metrics.line_height);  // near their moment
    CHECK(m->label.box.right() < server_x);  // written inward, beside the lane
  }
  CHECK(call->label.box.bottom() <= call->anchor.y + 0.5f);  // above the moment the RST leaves
  CHECK(call->label.box.bottom() <= discard->label.box.y);  // in the order they happened
  CHECK(discard->label.box.bottom() <= state->label.box.y);
  // No text covers the RST's line.
  const LadderArrow* rst = nullptr;
  for (const LadderArrow& a : l.arrows) {
    if (a.style == ArrowStyle::Rst) rst = &a;
  }
  REQUIRE(rst);
  for (const auto& [box, text] : shown_texts(l)) {
    if (text == rst->label.text) continue;
    for (float f = 0.02f; f < 1.0f; f += 0.02f) {
      const Point p{rst->from.x + (rst->to.x - rst->from.x) * f, rst->from.y + (rst->to.y - rst->from.y) * f};
      INFO(text);
      CHECK_FALSE((p.x > box.x && p.x < box.right() && p.y > box.y && p.y < box.bottom()));
    }
  }
}

TEST_CASE("marks: a call shows its result only once it has returned, as the console does", "[ladder]") {
  Ladder t(read_file(library_file("06-close-unread-data.scn")));
  t.fit();
  const Run& r = t.run();
  // The step that sends the server's RST: close() was called, its return comes after the RST.
  size_t rst_step = 0;
  for (size_t s = 0; s < r.steps.events.size(); ++s) {
    const Event& e = r.trace.events[r.steps.events[s]];
    if (e.type == EventType::SegmentSent && (r.trace.segments[e.ref].seg.flags & kRst)) rst_step = s + 1;
  }
  REQUIRE(rst_step > 0);
  auto server_marks = [&](size_t step) {
    t.moment = t.moments->at(step, r.time_of_step(step));
    const LadderLayout l = t.layout();
    std::vector<std::string> v;
    for (const LadderMark& m : l.marks) {
      if (m.label.shown && m.anchor.x == Approx(l.lanes[1].x) && m.anchor.y == Approx(t.y(ms(200)))) v.push_back(m.label.text);
    }
    return v;
  };
  const std::vector<std::string> sending = server_marks(rst_step);
  CHECK(std::find(sending.begin(), sending.end(), "close() …") != sending.end());
  CHECK(std::find(sending.begin(), sending.end(), "close() = 0") == sending.end());
  const std::vector<std::string> done = server_marks(r.steps_until(ms(200)));
  CHECK(std::find(done.begin(), done.end(), "close() = 0") != done.end());
  CHECK(std::find(done.begin(), done.end(), "close() …") == done.end());
}

TEST_CASE("marks: the last moment's marks all show, above it when the view ends below it", "[ladder]") {
  // 12: at the end the client's retransmission timer fires a last time, the connection is dropped,
  // its unacknowledged bytes are discarded, it is dropped and recv() fails: four marks at one moment, at
  // the bottom.
  Ladder t(read_file(library_file("12-firewall-drop-timeout.scn")));
  t.fit();
  // Scrolled so the end of the run sits a line and a half above the bottom of the plot.
  const double end = t.run().clock.end();
  t.in.camera.top = end - (t.plot().h - 1.5 * t.in.metrics.line_height) / t.in.camera.pixels_per_story;
  const LadderLayout l = t.layout();
  std::vector<const LadderMark*> last;
  for (const LadderMark& m : l.marks) {
    if (m.anchor.y == Approx(t.y(t.run().trace.end_time)) && m.anchor.x == Approx(l.lanes[0].x)) last.push_back(&m);
  }
  REQUIRE(last.size() == 4);
  const std::vector<std::string> expected{"retransmission timer fired", "discarded 14 unacknowledged bytes",
                                          "ESTABLISHED → CLOSED",
                                          "recv() = -1 ETIMEDOUT (Connection timed out)"};
  for (size_t i = 0; i < 4; ++i) {
    INFO(i);
    CHECK(last[i]->label.shown);
    CHECK(last[i]->label.text == expected[i]);
    CHECK(last[i]->label.box.bottom() <= t.plot().bottom());
    if (i > 0) CHECK(last[i - 1]->label.box.bottom() <= last[i]->label.box.y);  // in order
  }
}

TEST_CASE("marks: an earlier mark repeating the text shown just above it on its lane keeps only its tick",
          "[ladder]") {
  // 12: the client's retransmission timer fires five times. Zoomed out, their labels would stack
  // "retransmission timer fired" down the lane; only the first of a close run shows its words.
  Ladder t(read_file(library_file("12-firewall-drop-timeout.scn")));
  t.fit();
  const float lh = t.in.metrics.line_height;
  const double fitted = t.in.camera.pixels_per_story;
  const Time now = t.run().trace.end_time;
  double first_timer = 1e30;  // story time of the first retransmission
  for (const LadderIndex::Mark& k : t.index->marks) {
    if (ladder::mark_text(t.run().trace, *t.index, k.event, k.kind) == "retransmission timer fired") {
      first_timer = std::min(first_timer, k.story);
    }
  }
  REQUIRE(first_timer < 1e30);
  size_t folded_somewhere = 0;
  for (double zoom : {0.5, 0.75, 1.0, 1.5, 2.0, 6.0}) {
    INFO("zoom " << zoom);
    t.in.camera.pixels_per_story = fitted * zoom;
    t.in.camera.top = zoom < 6 ? 0 : first_timer - 0.5;
    const LadderLayout l = t.layout();
    struct Seen {
      float y;
      std::string text;
      bool shown;
    };
    std::vector<Seen> client;  // earlier marks on the client's lane, in time order
    for (const LadderMark& m : l.marks) {
      if (m.anchor.x != Approx(l.lanes[0].x) || t.run().trace.events[m.event].t == now) continue;
      client.push_back({m.anchor.y, ladder::mark_text(t.run().trace, *t.index, m.event, m.kind), m.label.shown});
      if (m.label.shown) CHECK(m.label.text == client.back().text);
    }
    const Seen* last_shown = nullptr;
    for (const Seen& s : client) {
      // Within three lines of the same words: never written again (kRepeatLines is the exact reach).
      const bool repeat = last_shown && last_shown->text == s.text && s.y - last_shown->y < 3 * lh;
      if (repeat) {
        CHECK_FALSE(s.shown);  // a repeat close under the same words: a tick only
        ++folded_somewhere;
      }
      if (s.shown) last_shown = &s;
    }
    if (zoom == 6.0) {
      // Zoomed in (a retransmission every few lines), each one is written out.
      size_t timers = 0;
      for (const Seen& s : client) {
        if (s.text != "retransmission timer fired") continue;
        ++timers;
        CHECK(s.shown);
      }
      CHECK(timers >= 2);
    }
  }
  CHECK(folded_somewhere > 0);
}
