#include "model/state_strip.hpp"

#include <algorithm>
#include <cmath>

#include "ladder/text_wrap.hpp"

namespace tcpsim::viz {

namespace {

/// A piece of a card before it is placed: it may share a line with the piece before it (`joins`).
struct Piece {
  std::string text;
  StripRole role;
  bool bold;
  bool big;
  bool joins;
};

std::vector<Piece> pieces_of(const DiagramEndpoint& e, bool causes) {
  std::vector<Piece> p;
  p.push_back({e.info.label, StripRole::Name, false, false, false});
  p.push_back({std::string(state_name(e.info.state)), StripRole::State, true, true, true});
  // A listener listening has nothing more to say (it came from CLOSED by listen()).
  const bool listening = e.info.listener && e.info.state == State::Listen;
  if (e.has_last && !listening) {
    p.push_back({"from " + std::string(state_name(e.last.from)), StripRole::From, false, false, false});
    if (causes && !e.last.cause.empty()) p.push_back({e.last.cause, StripRole::Cause, false, false, true});
  }
  return p;
}

/// `text` in lines at most `w` wide; none when a word alone is wider (the card wants a smaller font:
/// a state name is never broken).
std::vector<std::string> wrap(const std::string& text, float w, float font, bool bold, const MeasureText& measure) {
  const TextWidth width = [&](std::string_view t) { return measure(t, font, bold); };
  for (size_t i = 0; i < text.size();) {
    const size_t j = std::min(text.find(' ', i), text.size());
    if (width(std::string_view(text).substr(i, j - i)) > w) return {};
    i = j + 1;
  }
  return wrap_words(text, w, width);
}

/// One card laid out at (x, y), `w` wide; false when some word does not fit.
bool card(const DiagramEndpoint& e, size_t index, float x, float y, float w, float font, float state_font,
          bool causes, const MeasureText& measure, StripCard& out) {
  out = {};
  out.endpoint = index;
  const float pad = std::round(font * 0.3f), sw = std::round(font * 0.6f), space = std::round(font * 0.4f);
  const float left = x + pad, right = x + w - pad;
  // Lines of pieces, each piece at its x; heights and tops come once a line is complete.
  std::vector<std::vector<StripText>> lines(1);
  float cx = left + sw + space;  // the first line starts after the colour swatch
  for (const Piece& p : pieces_of(e, causes)) {
    const float f = p.big ? state_font : font;
    const float pw = measure(p.text, f, p.bold);
    // Beside the piece before it when there is room, else on a line of its own (wrapped at spaces).
    if (p.joins && !lines.back().empty() && cx + space + pw <= right) {
      lines.back().push_back({{cx + space, 0, pw, f}, p.text, p.role, f, p.bold});
      cx += space + pw;
      continue;
    }
    if (!lines.back().empty()) {
      lines.emplace_back();
      cx = left;
    }
    const std::vector<std::string> words = wrap(p.text, right - cx, f, p.bold, measure);
    if (words.empty()) return false;
    for (size_t k = 0; k < words.size(); ++k) {
      if (k > 0) {
        lines.emplace_back();
        cx = left;
      }
      const float lw = measure(words[k], f, p.bold);
      lines.back().push_back({{cx, 0, lw, f}, words[k], p.role, f, p.bold});
      cx += lw;
    }
  }
  float top = y + pad;
  for (std::vector<StripText>& line : lines) {
    float lh = 0;
    for (const StripText& t : line) lh = std::max(lh, t.font);
    for (StripText& t : line) {
      t.box.y = top + lh - t.font;  // bottoms aligned: a name beside its large state reads as one line
      out.texts.push_back(t);
    }
    if (&line == &lines.front()) out.swatch = {left, top + lh - font + std::round((font - sw) / 2), sw, sw};
    top += lh + std::round(font * 0.15f);
  }
  out.box = {x, y, w, top - std::round(font * 0.15f) + pad - y};
  return true;
}

/// The strip at the largest font that fits (else the shortest there is), with or without causes.
StripLayout layout_cards(const DiagramView& v, float w, float h, const MeasureText& measure, float max_font,
                         bool causes) {
  StripLayout best;
  const float gap = 6;
  // Largest font first; at each, the column count that needs the least height.
  for (float font = std::max(max_font, kBackRowFont); font >= kBackRowFont - 1e-3f; font -= 1) {
    const float state_font = std::round(font * 1.25f);
    const int most = std::max<int>(1, static_cast<int>(std::min<size_t>(v.endpoints.size(), 4)));
    for (int cols = 1; cols <= most; ++cols) {
      StripLayout l;
      l.font = font;
      l.state_font = state_font;
      l.columns = cols;
      const float cw = std::floor((w - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols));
      // Each card under the shortest column so far (a listener's card is one line: no room wasted
      // beside a taller one).
      std::vector<float> bottom(static_cast<size_t>(cols), -gap);
      bool ok = cw > font * 4;
      for (size_t i = 0; ok && i < v.endpoints.size(); ++i) {
        const size_t col = static_cast<size_t>(std::min_element(bottom.begin(), bottom.end()) - bottom.begin());
        StripCard c;
        ok = card(v.endpoints[i], i, static_cast<float>(col) * (cw + gap), bottom[col] + gap, cw, font, state_font, causes,
                  measure, c);
        bottom[col] = c.box.bottom();
        l.cards.push_back(std::move(c));
      }
      if (!ok) continue;
      l.height = std::max(0.0f, *std::max_element(bottom.begin(), bottom.end()));
      l.fits = l.height <= h;
      // The fewest rows that fit; should none fit at any font, the shortest there is.
      if (l.fits ? !best.fits || l.height < best.height : !best.fits && (best.cards.empty() || l.height < best.height)) {
        best = l;
      }
    }
    if (best.fits) return best;
  }
  return best;
}

}  // namespace

StripLayout layout_strip(const DiagramView& v, float w, float h, const MeasureText& measure, float max_font) {
  // Only when nothing fits do the cards leave out why each changed state (the ladder still says it):
  // six connections in a short panel keep their names and states readable from the back row.
  const StripLayout with_causes = layout_cards(v, w, h, measure, max_font, true);
  return with_causes.fits ? with_causes : layout_cards(v, w, h, measure, max_font, false);
}

}  // namespace tcpsim::viz
