// What Figure 5 carries at one moment: each endpoint's name tag beside its box, the transitions the
// figure does not draw on routes found around its labels, and their causes beside those routes. All
// of it placed where it covers no text, no box and no arrow; what finds no place is left out (the
// legend above the figure still names every endpoint and its state).
#include <algorithm>
#include <cmath>

#include "model/state_diagram_layout.hpp"

namespace tcpsim::viz {

namespace {

Box inflate(const Box& b, float d) { return {b.x - d, b.y - d, b.w + 2 * d, b.h + 2 * d}; }

/// Everything placed so far that a tag or a cause must keep clear of.
struct Taken {
  const FigureScene& s;
  std::vector<Box> texts;
  std::vector<const std::vector<Point>*> lines;
  float clear = 2;
  /// Whether `b` covers nothing: no box (but box `own`, whose edge a tag may sit on), no state name, no
  /// label, no text placed before, no arrow (but `route`, which a cause may sit on).
  bool free(const Box& b, int own = -1, const std::vector<Point>* route = nullptr) const {
    if (b.x < 1 || b.y < 1 || b.right() > s.w - 1 || b.bottom() > s.h - 1) return false;
    for (size_t i = 0; i < s.boxes.size(); ++i) {
      if (static_cast<int>(i) != own && inflate(s.boxes[i], clear).overlaps(b)) return false;
      if (inflate(s.names[i], clear).overlaps(b)) return false;
    }
    for (const PlacedLabel& l : s.placed) {
      if (inflate(l.box, clear).overlaps(b)) return false;
    }
    for (const Box& o : texts) {
      if (inflate(o, clear).overlaps(b)) return false;
    }
    for (const std::vector<Point>& a : s.arrows) {
      if (polyline_crosses(a, inflate(b, clear * 0.75f))) return false;
    }
    for (const std::vector<Point>* a : lines) {
      if (!(route && same_path(*a, *route)) && polyline_crosses(*a, inflate(b, clear * 0.75f))) return false;
    }
    return true;
  }
};

/// The places to try for a tag `w` x `h` of box `own`, best first. The first tag of a box: the room
/// kept for it (from its start, its end or its middle), then beside the box at a few heights (the
/// side facing the middle of the figure first), above and below it. A further tag: against the one
/// before it (`before`, the last first), after it, under it, above it, before it. Last, on the box's top or bottom edge
/// (`on_edge`: it may cover the box, not its state's name).
std::vector<Box> tag_places(const FigureScene& s, int own, const std::vector<Box>& before, float w, float group_w, float h,
                            float gap, std::vector<bool>& on_edge) {
  const Box& box = s.boxes[static_cast<size_t>(own)];
  const Box& slot = s.slots[static_cast<size_t>(own)];
  std::vector<Box> out;
  for (auto prev = before.rbegin(); prev != before.rend(); ++prev) {
    out.push_back({prev->right() + kTagGap, prev->y, w, h});
    out.push_back({prev->x, prev->bottom() + kTagGap, w, h});
    out.push_back({prev->x, prev->y - h - kTagGap, w, h});
    out.push_back({prev->x - w - kTagGap, prev->y, w, h});
  }
  if (slot.w > 0 && before.empty()) {
    // The whole row against the box: at the slot's end nearest it (its middle above or below it).
    const float right_of = slot.x >= box.right() ? slot.x : -1, left_of = slot.right() <= box.x ? slot.right() - group_w : -1;
    if (right_of >= 0) out.push_back({right_of, slot.y, w, h});
    if (left_of >= 0) out.push_back({left_of, slot.y, w, h});
    out.push_back({slot.x + (slot.w - group_w) / 2, slot.y, w, h});
    out.push_back({slot.x, slot.y, w, h});
    out.push_back({slot.right() - w, slot.y, w, h});
  }
  const bool inner_right = box.x + box.w / 2 <= s.w / 2 + 1;
  for (int side = 0; side < 2; ++side) {
    const bool right = side == 0 ? inner_right : !inner_right;
    const float x = right ? box.right() + gap : box.x - gap - w;
    for (float dy : {0.0f, -0.5f, 0.5f, -1.0f, 1.0f}) out.push_back({x, box.y + (box.h - h) / 2 + dy * (h + gap), w, h});
  }
  for (float fx : {1.0f, 0.0f, 0.5f}) {
    const float x = box.x + fx * (box.w - w);
    out.push_back({x, box.y - gap - h, w, h});
    out.push_back({x, box.bottom() + gap, w, h});
  }
  on_edge.assign(out.size(), false);
  for (float fx : {1.0f, 0.0f, 0.75f, 0.25f}) {
    const float x = box.x + gap + fx * (box.w - w - 2 * gap);
    out.push_back({x, box.y - h / 2, w, h});
    out.push_back({x, box.bottom() - h / 2, w, h});
    on_edge.insert(on_edge.end(), 2, true);
  }
  for (Box& b : out) b = {std::round(b.x), std::round(b.y), w, h};
  return out;
}

/// A cause of `w` x `h` beside its route, as near its middle as it is clear; else on the route itself
/// (`on_route`: it covers that route and nothing else).
bool place_cause(const Taken& taken, const std::vector<Point>& path, float w, float h, float gap, Box& out,
                 bool& on_route) {
  on_route = false;
  const float fracs[] = {0.5f, 0.42f, 0.58f, 0.34f, 0.66f, 0.26f, 0.74f, 0.18f, 0.82f, 0.1f, 0.9f};
  for (float frac : fracs) {
    const auto [p, d] = polyline_at(path, frac);
    const Point n{-d.y, d.x};
    // Square to the route on either side, then to its left, right, top or bottom (a diagonal route
    // leaves room there that a box square to it does not use).
    const float reach = std::fabs(n.x) * w / 2 + std::fabs(n.y) * h / 2 + gap;
    const Box tries[] = {{p.x + n.x * reach - w / 2, p.y + n.y * reach - h / 2, w, h},
                         {p.x - n.x * reach - w / 2, p.y - n.y * reach - h / 2, w, h},
                         {p.x - gap - w, p.y - h / 2, w, h},
                         {p.x + gap, p.y - h / 2, w, h},
                         {p.x - w / 2, p.y - gap - h, w, h},
                         {p.x - w / 2, p.y + gap, w, h}};
    for (const Box& t : tries) {
      const Box r{std::round(t.x), std::round(t.y), w, h};
      if (taken.free(r)) {
        out = r;
        return true;
      }
    }
  }
  for (float frac : fracs) {
    const Point p = polyline_at(path, frac).first;
    const Box r{std::round(p.x - w / 2), std::round(p.y - h / 2), w, h};
    if (taken.free(r, -1, &path)) {
      out = r;
      on_route = true;
      return true;
    }
  }
  // The free place nearest the route, a few lines away at most.
  const float reach = h * 4, step = std::max(2.0f, h / 4);
  float best = 1e30f;
  for (float frac : fracs) {
    const Point p = polyline_at(path, frac).first;
    for (float y = p.y - reach; y <= p.y + reach; y += step) {
      for (float x = p.x - reach - w / 2; x <= p.x + reach - w / 2; x += step) {
        const Box r{std::round(x), std::round(y), w, h};
        const float dx = std::max({r.x - p.x, 0.0f, p.x - r.right()}), dy = std::max({r.y - p.y, 0.0f, p.y - r.bottom()});
        if (dx * dx + dy * dy < best && taken.free(r)) {
          best = dx * dx + dy * dy;
          out = r;
        }
      }
    }
  }
  return best < 1e30f;
}

}  // namespace

DiagramOverlay place_overlay(FigureScene& scene, const DiagramView& v, const MeasureText& measure) {
  DiagramOverlay o;
  const float font = scene.label_font;
  const Point pad = tag_padding(font);
  const float gap = std::max(2.0f, font * 0.25f);
  Taken taken{scene, {}, {}, 1.0f};
  // Transitions the figure does not draw get a route of their own, around the labels; the figure's
  // own arrows carry the others (their label lights up while they are fresh).
  for (size_t i = 0; i < v.endpoints.size(); ++i) {
    const DiagramEndpoint& e = v.endpoints[i];
    if (!e.has_last) continue;
    const DiagramTransition& t = e.last;
    if (t.kind == EdgeKind::Figure) {
      if (t.glow <= 0 || t.edge < 0) continue;
      if (scene.labels) {
        o.lit_labels.push_back(t.edge);
        continue;
      }
      o.transitions.push_back({i, scene.arrows[static_cast<size_t>(t.edge)], false, {}, t.cause});
      continue;
    }
    // Endpoints taking the same way share its route (each with its own cause beside it).
    const auto key = std::make_pair(static_cast<int>(t.from_box), static_cast<int>(t.to_box));
    auto it = scene.own_routes.find(key);
    if (it == scene.own_routes.end()) {
      it = scene.own_routes.emplace(key, route_around(scene, t.from_box, t.to_box)).first;
    }
    if (it->second.size() >= 2) o.transitions.push_back({i, it->second, false, {}, t.cause});
  }
  for (const OwnTransition& t : o.transitions) taken.lines.push_back(&t.path);
  // Name tags: each beside its box, those of one box together (in lane order). The legend above the
  // figure names every endpoint and its state, so a tag that finds no place is left out.
  const float h = std::ceil(font + 2 * pad.y);
  for (int b = 0; b < kDiagramBoxes; ++b) {
    std::vector<size_t> here;
    std::vector<float> widths;
    float group_w = -kTagGap;
    for (size_t i = 0; i < v.endpoints.size(); ++i) {
      if (static_cast<int>(v.endpoints[i].box) != b) continue;
      here.push_back(i);
      widths.push_back(std::ceil(measure(v.endpoints[i].info.label, font, false) + 2 * pad.x));
      group_w += widths.back() + kTagGap;
    }
    std::vector<Box> group;
    for (size_t j = 0; j < here.size(); ++j) {
      const size_t i = here[j];
      const std::string& name = v.endpoints[i].info.label;
      const float w = widths[j];
      std::vector<bool> edge;
      const std::vector<Box> places = tag_places(scene, b, group, w, group_w, h, gap, edge);
      size_t k = 0;
      while (k < places.size() && !taken.free(places[k], edge[k] ? b : -1)) ++k;
      if (k == places.size()) {
        o.untagged.push_back(i);
        continue;
      }
      o.tags.push_back({i, places[k], name});
      taken.texts.push_back(places[k]);
      group.push_back(places[k]);
    }
  }
  std::sort(o.tags.begin(), o.tags.end(), [](const NameTag& a, const NameTag& b) { return a.endpoint < b.endpoint; });
  // Causes beside their routes; else after the endpoint's name tag (which then reads "server: rcv
  // RST"), or beside the box it came from.
  for (OwnTransition& t : o.transitions) {
    if (t.cause.empty()) continue;
    const float w = std::ceil(measure(t.cause, font, false) + 2 * pad.x);
    if (place_cause(taken, t.path, w, h, gap, t.cause_box, t.cause_on_route)) {
      t.cause_shown = true;
      taken.texts.push_back(t.cause_box);
      continue;
    }
    const DiagramEndpoint& e = v.endpoints[t.endpoint];
    std::vector<Box> own_tag;
    for (const NameTag& g : o.tags) {
      if (g.endpoint == t.endpoint) own_tag.push_back(g.box);
    }
    for (const auto& [box, after] : {std::pair{e.box, own_tag}, std::pair{e.last.from_box, std::vector<Box>{}}}) {
      std::vector<bool> edge;
      const std::vector<Box> places = tag_places(scene, static_cast<int>(box), after, w, w, h, gap, edge);
      for (size_t k = 0; k < places.size() && !t.cause_shown; ++k) {
        if (edge[k] || !taken.free(places[k])) continue;
        t.cause_box = places[k];
        t.cause_shown = true;
        taken.texts.push_back(t.cause_box);
      }
      if (t.cause_shown) break;
    }
  }
  return o;
}

std::string overlay_key(const DiagramView& v) {
  std::string k;
  for (const DiagramEndpoint& e : v.endpoints) {
    k += e.info.label;
    k += '|';
    k += static_cast<char>('A' + static_cast<int>(e.box));
    if (e.has_last) {
      const DiagramTransition& t = e.last;
      k += static_cast<char>('a' + static_cast<int>(t.kind));
      k += static_cast<char>('A' + static_cast<int>(t.from_box));
      k += static_cast<char>('A' + static_cast<int>(t.to_box));
      k += std::to_string(t.edge);
      k += t.glow > 0 ? '*' : '.';
      k += t.cause;
    }
    k += '\n';
  }
  return k;
}

}  // namespace tcpsim::viz
