// The SVG for slides (issue 15), by its geometry: the layout svg_ladder() hands to the SVG writer, in
// the SVG's own coordinates and font. On every library scenario, both runs: no arrow or ghost crosses
// a shown text (marks on the lanes, call results, other arrows' labels); the callout never covers a
// ghost; the other run's traffic is never drawn into this run's folded idle stretches. Then
// --no-ghost and a window (--from, --to).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "ladder/ladder_layout.hpp"
#include "ladder/ladder_svg.hpp"
#include "scenario/library.hpp"
#include "scenario/parser.hpp"

using namespace tcpsim;
using namespace tcpsim::viz;

namespace {

std::string library_file(const std::string& name) { return std::string(TCPSIM_SCENARIO_DIR) + "/" + name; }

RunPair runs_of(const std::string& name) {
  const ParseResult r = parse_scenario_file(library_file(name));
  REQUIRE(r.ok());
  return run_pair(*r.scenario, std::nullopt);
}

/// True when the straight piece p-q passes through the inside of `b` (a piece that only touches an
/// edge, within half a pixel, does not count).
bool crosses(Point p, Point q, Box b) {
  b = {b.x + 0.5f, b.y + 0.5f, b.w - 1.0f, b.h - 1.0f};
  return b.w > 0 && b.h > 0 && segment_crosses(p, q, b);
}

Point on_curve(const LadderArrow& a, float t) {
  const float u = 1 - t;
  return {u * u * a.from.x + 2 * u * t * a.control.x + t * t * a.to.x,
          u * u * a.from.y + 2 * u * t * a.control.y + t * t * a.to.y};
}

/// True when the arrow's drawn line (a straight line, or a ghost's curve) passes through `b`.
bool arrow_crosses(const LadderArrow& a, const Box& b) {
  if (!a.ghost) return crosses(a.from, a.to, b);
  constexpr int kPieces = 48;
  Point prev = a.from;
  for (int k = 1; k <= kPieces; ++k) {
    const Point next = on_curve(a, static_cast<float>(k) / kPieces);
    if (crosses(prev, next, b)) return true;
    prev = next;
  }
  return false;
}

struct Text {
  Box box;
  std::string what;
  const LadderArrow* owner = nullptr;  ///< The arrow it labels (its own line may touch it).
};

std::vector<Text> shown_texts(const LadderLayout& l) {
  std::vector<Text> out;
  auto add = [&](const LadderLabel& label, const LadderArrow* owner) {
    if (label.shown) out.push_back({label.box, label.text, owner});
  };
  for (const auto* list : {&l.arrows, &l.ghosts}) {
    for (const LadderArrow& a : *list) {
      add(a.label, &a);
      add(a.reason, &a);
    }
  }
  for (const LadderBand& b : l.bands) add(b.label, nullptr);
  for (const LadderBand& b : l.ghost_bands) add(b.label, nullptr);
  for (const LadderMark& m : l.marks) add(m.label, nullptr);
  for (const LadderGap& g : l.gaps) add(g.label, nullptr);
  return out;
}

}  // namespace

TEST_CASE("svg for slides: no arrow crosses a text, the callout covers no ghost, no ghost in an idle stretch",
          "[svg][slides][library]") {
  const std::vector<std::string> library = library_names(TCPSIM_SCENARIO_DIR);
  REQUIRE(library.size() >= 19);
  for (const std::string& f : library) {
    const RunPair runs = runs_of(f + ".scn");
    for (bool twin : {false, true}) {
      if (twin && !runs.twin) continue;
      SvgOptions o;
      o.twin = twin;
      const auto ladder = svg_ladder(runs, o);
      REQUIRE(ladder);
      const LadderLayout& l = ladder->layout;
      const std::vector<Text> texts = shown_texts(l);
      for (const auto* list : {&l.arrows, &l.ghosts}) {
        for (const LadderArrow& a : *list) {
          for (const Text& t : texts) {
            if (t.owner == &a) continue;
            INFO(f << (twin ? " (twin)" : "") << ": " << a.label.text << (a.ghost ? " (ghost)" : "") << " crosses '"
                   << t.what << "'");
            CHECK_FALSE(arrow_crosses(a, t.box));
          }
        }
      }
      if (l.callout.shown) {
        for (const LadderArrow& g : l.ghosts) {
          INFO(f << (twin ? " (twin)" : "") << ": the callout covers the ghost " << g.label.text);
          CHECK_FALSE(arrow_crosses(g, l.callout.box));
        }
      }
      for (const LadderGap& gap : l.gaps) {
        auto inside = [&](float y) { return y > gap.y0 + 0.5f && y < gap.y1 - 0.5f; };
        for (const LadderArrow& g : l.ghosts) {
          INFO(f << (twin ? " (twin)" : "") << ": ghost " << g.label.text << " in the idle stretch " << gap.label.text);
          CHECK_FALSE(inside(g.from.y));
          CHECK_FALSE(inside(g.full.y));
        }
        for (const LadderBand& b : l.ghost_bands) {
          for (const Point& p : b.outline) {
            INFO(f << (twin ? " (twin)" : "") << ": ghost band " << b.label.text << " in " << gap.label.text);
            CHECK_FALSE(inside(p.y));
          }
        }
      }
    }
  }
}

TEST_CASE("svg for slides: the NAT scenario's busy twin is not drawn into the fault run's idle stretch",
          "[svg][slides]") {
  // 13-nat-idle-timeout: the fault run is idle for a long stretch while the twin keeps talking.
  const RunPair runs = runs_of("13-nat-idle-timeout.scn");
  const auto ladder = svg_ladder(runs, SvgOptions{});
  const LadderLayout& l = ladder->layout;
  REQUIRE_FALSE(l.gaps.empty());
  REQUIRE_FALSE(l.ghosts.empty());
  for (const LadderGap& gap : l.gaps) {
    for (const LadderArrow& g : l.ghosts) {
      CHECK((g.from.y <= gap.y0 + 0.5f || g.from.y >= gap.y1 - 0.5f));
    }
  }
}

TEST_CASE("svg for slides: --no-ghost leaves out the ghost and its callout", "[svg][slides]") {
  const RunPair runs = runs_of("06-close-unread-data.scn");
  SvgOptions o;
  REQUIRE_FALSE(svg_ladder(runs, o)->layout.ghosts.empty());
  REQUIRE(svg_ladder(runs, o)->layout.callout.shown);
  o.ghost = false;
  const auto ladder = svg_ladder(runs, o);
  CHECK(ladder->layout.ghosts.empty());
  CHECK(ladder->layout.ghost_bands.empty());
  CHECK_FALSE(ladder->layout.callout.shown);
  const std::string svg = ladder_svg(runs, "06-close-unread-data.scn", o);
  CHECK(svg.find("class=\"ghost") == std::string::npos);
  CHECK(svg.find("class=\"callout") == std::string::npos);
  CHECK(svg.find("does instead (dashed)") == std::string::npos);  // nor in the legend
  CHECK(svg.find("RST+ACK seq=1 ack=19") != std::string::npos);
}

TEST_CASE("svg for slides: --from and --to draw only that window of the run", "[svg][slides]") {
  const RunPair runs = runs_of("06-close-unread-data.scn");
  SvgOptions o;
  o.from = ms(150);
  o.to = ms(250);
  const auto ladder = svg_ladder(runs, o);
  const LadderLayout& l = ladder->layout;
  const Trace& t = runs.fault->trace;
  // Only the reset (sent at 0.200 s) and what happens around it: not the handshake, not the request.
  REQUIRE_FALSE(l.arrows.empty());
  for (const LadderArrow& a : l.arrows) {
    INFO(a.label.text);
    CHECK(t.segments[a.segment].sent_at <= ms(250));
    CHECK((t.fate(a.segment).end_at >= ms(150) || t.segments[a.segment].sent_at >= ms(150)));
  }
  CHECK(std::any_of(l.arrows.begin(), l.arrows.end(), [](const LadderArrow& a) { return a.style == ArrowStyle::Rst; }));
  CHECK(std::none_of(l.arrows.begin(), l.arrows.end(), [](const LadderArrow& a) { return a.style == ArrowStyle::Syn; }));
  // The window is shorter than the whole run, so is the picture.
  const auto whole = svg_ladder(runs, SvgOptions{});
  CHECK(l.area.h < whole->layout.area.h);
  const std::string svg = ladder_svg(runs, "06-close-unread-data.scn", o);
  CHECK(svg.find("Fault run from 0.150 s to 0.250 s · seed") != std::string::npos);
  CHECK(svg.find("SYN seq=0") == std::string::npos);
}
