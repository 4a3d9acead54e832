// Routes for the transitions Figure 5 does not draw: the cheapest way from one box to another on a
// grid over the canvas, around the other boxes and every label (and the room kept for name tags),
// preferring the middle of the free room, then straightened into a few pieces.
#include <algorithm>
#include <cmath>
#include <queue>

#include "model/state_diagram_layout.hpp"

namespace tcpsim::viz {

namespace {

Box inflate(const Box& b, float d) { return {b.x - d, b.y - d, b.w + 2 * d, b.h + 2 * d}; }

/// A grid over the canvas for finding routes: which cells a route may use, and what each costs.
class RouteGrid {
 public:
  /// The grid for a route from `from` to `to`: other boxes and the labels are walls; the room kept
  /// for name tags too unless `through_slots`.
  RouteGrid(const FigureScene& s, DiagramBox from, DiagramBox to, bool through_slots) {
    cell_ = std::max(3.0f, s.label_font * 0.5f);
    cols_ = std::max(1, static_cast<int>(std::ceil(s.w / cell_)));
    rows_ = std::max(1, static_cast<int>(std::ceil(s.h / cell_)));
    blocked_.assign(static_cast<size_t>(cols_ * rows_), 0);
    extra_.assign(blocked_.size(), 0.0f);
    for (int i = 0; i < kDiagramBoxes; ++i) {
      if (i == static_cast<int>(from) || i == static_cast<int>(to)) continue;
      block(inflate(s.boxes[i], 1));
    }
    for (const PlacedLabel& l : s.placed) block(inflate(l.box, 1));
    for (const Box& b : s.slots) {
      if (b.w > 0 && !through_slots) block(inflate(b, 1));
    }
    // Keep to the middle of the free room where it can (room beside the route for its cause).
    for (int c = 0; c < static_cast<int>(blocked_.size()); ++c) {
      if (blocked_[static_cast<size_t>(c)]) continue;
      const int cx = c % cols_, cy = c / cols_;
      for (int r = 1; r <= 2 && extra_[static_cast<size_t>(c)] == 0; ++r) {
        for (int dy = -r; dy <= r; ++dy) {
          for (int dx = -r; dx <= r; ++dx) {
            const int x = cx + dx, y = cy + dy;
            if (x < 0 || y < 0 || x >= cols_ || y >= rows_ || !blocked_[static_cast<size_t>(y * cols_ + x)]) continue;
            extra_[static_cast<size_t>(c)] = r == 1 ? 1.5f : 0.6f;
          }
        }
      }
    }
    // Running along one of the figure's arrows would hide it: crossing one is fine.
    for (const std::vector<Point>& a : s.arrows) dearer_along(a, 4.0f);
  }
  /// Makes the cells a line passes through cost `cost` more at least.
  void dearer_along(const std::vector<Point>& pts, float cost) {
    for (size_t i = 0; i + 1 < pts.size(); ++i) {
      const float len = std::hypot(pts[i + 1].x - pts[i].x, pts[i + 1].y - pts[i].y);
      const int n = std::max(1, static_cast<int>(len / (cell_ * 0.5f)));
      for (int k = 0; k <= n; ++k) {
        const float t = static_cast<float>(k) / static_cast<float>(n);
        const int c = index(pts[i].x + (pts[i + 1].x - pts[i].x) * t, pts[i].y + (pts[i + 1].y - pts[i].y) * t);
        if (c >= 0) extra_[static_cast<size_t>(c)] = std::max(extra_[static_cast<size_t>(c)], cost);
      }
    }
  }
  /// The cheapest route from box `from` to box `to`, simplified to a few straight pieces; empty when
  /// there is none.
  std::vector<Point> route(const Box& from, const Box& to) const {
    const size_t n = blocked_.size();
    std::vector<float> dist(n, 1e30f);
    std::vector<int> prev(n, -1);
    using Item = std::pair<float, int>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> open;
    const Point goal{to.x + to.w / 2, to.y + to.h / 2};
    auto h = [&](int c) { return std::hypot(centre(c).x - goal.x, centre(c).y - goal.y) / cell_; };
    for (int c = 0; c < static_cast<int>(n); ++c) {
      if (from.contains(centre(c).x, centre(c).y)) {
        dist[static_cast<size_t>(c)] = 0;
        open.push({h(c), c});
      }
    }
    int end = -1;
    while (!open.empty()) {
      const auto [f, c] = open.top();
      open.pop();
      if (f - h(c) > dist[static_cast<size_t>(c)] + 1e-4f) continue;
      if (to.contains(centre(c).x, centre(c).y)) {
        end = c;
        break;
      }
      const int cx = c % cols_, cy = c / cols_;
      for (int dy = -1; dy <= 1; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
          if ((!dx && !dy) || cx + dx < 0 || cy + dy < 0 || cx + dx >= cols_ || cy + dy >= rows_) continue;
          const int d = (cy + dy) * cols_ + cx + dx;
          if (blocked_[static_cast<size_t>(d)]) continue;
          const float step = (dx && dy ? 1.4142f : 1.0f) + extra_[static_cast<size_t>(d)];
          if (dist[static_cast<size_t>(c)] + step < dist[static_cast<size_t>(d)]) {
            dist[static_cast<size_t>(d)] = dist[static_cast<size_t>(c)] + step;
            prev[static_cast<size_t>(d)] = c;
            open.push({dist[static_cast<size_t>(d)] + h(d), d});
          }
        }
      }
    }
    if (end < 0) return {};
    std::vector<Point> cells;
    for (int c = end; c >= 0; c = prev[static_cast<size_t>(c)]) cells.push_back(centre(c));
    std::reverse(cells.begin(), cells.end());
    // From the last cell inside `from` to the first inside `to`, ends on the boxes' borders.
    size_t a = 0;
    while (a + 1 < cells.size() && from.contains(cells[a + 1].x, cells[a + 1].y)) ++a;
    size_t b = cells.size() - 1;
    while (b > a + 1 && to.contains(cells[b - 1].x, cells[b - 1].y)) --b;
    std::vector<Point> pts(cells.begin() + static_cast<long>(a), cells.begin() + static_cast<long>(b) + 1);
    if (pts.size() < 2) return {};
    pts.front() = border(from, pts.front(), pts[1]);
    pts.back() = border(to, pts.back(), pts[pts.size() - 2]);
    return straighten(pts);
  }

 private:
  int index(float x, float y) const {
    const int cx = static_cast<int>(x / cell_), cy = static_cast<int>(y / cell_);
    return cx < 0 || cy < 0 || cx >= cols_ || cy >= rows_ ? -1 : cy * cols_ + cx;
  }
  Point centre(int c) const { return {(static_cast<float>(c % cols_) + 0.5f) * cell_, (static_cast<float>(c / cols_) + 0.5f) * cell_}; }
  void block(const Box& b) {
    for (int cy = std::max(0, static_cast<int>(b.y / cell_)); cy < rows_ && static_cast<float>(cy) * cell_ <= b.bottom(); ++cy) {
      for (int cx = std::max(0, static_cast<int>(b.x / cell_)); cx < cols_ && static_cast<float>(cx) * cell_ <= b.right(); ++cx) {
        blocked_[static_cast<size_t>(cy * cols_ + cx)] = 1;
      }
    }
  }
  /// Whether the straight piece a-b stays on cells a route may use.
  bool clear(Point a, Point b) const {
    const float len = std::hypot(b.x - a.x, b.y - a.y);
    const int n = std::max(1, static_cast<int>(len / (cell_ * 0.25f)));
    for (int k = 0; k <= n; ++k) {
      const float t = static_cast<float>(k) / static_cast<float>(n);
      const int c = index(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
      if (c >= 0 && blocked_[static_cast<size_t>(c)]) return false;
    }
    return true;
  }
  /// The fewest straight pieces through the cells (each as long as it stays clear).
  std::vector<Point> straighten(const std::vector<Point>& pts) const {
    std::vector<Point> out{pts.front()};
    size_t i = 0;
    while (i + 1 < pts.size()) {
      size_t j = pts.size() - 1;
      while (j > i + 1 && !clear(pts[i], pts[j])) --j;
      out.push_back(pts[j]);
      i = j;
    }
    return out;
  }
  /// Where the piece from `inside` towards `outside` leaves box `b`.
  static Point border(const Box& b, Point inside, Point outside) {
    Point p = inside;
    for (int k = 0; k < 24; ++k) {  // halving: the border lies between them
      const Point m{(p.x + outside.x) / 2, (p.y + outside.y) / 2};
      if (b.contains(m.x, m.y)) {
        p = m;
      } else {
        outside = m;
      }
    }
    return outside;
  }

  float cell_ = 4;
  int cols_ = 1, rows_ = 1;
  std::vector<uint8_t> blocked_;
  std::vector<float> extra_;
};

}  // namespace

std::vector<Point> route_around(const FigureScene& s, DiagramBox from, DiagramBox to) {
  // Clear of the name tags' room if it can be; else through it (the tags then go elsewhere).
  for (bool through : {false, true}) {
    std::vector<Point> r = RouteGrid(s, from, to, through).route(s.boxes[static_cast<size_t>(from)], s.boxes[static_cast<size_t>(to)]);
    if (!r.empty()) return r;
  }
  return {};
}

}  // namespace tcpsim::viz
