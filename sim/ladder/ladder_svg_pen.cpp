// The SVG export's pen: text (UTF-8, escaping, widths measured with stb_truetype in the font the
// document names), colours made legible on paper, and the SVG elements themselves.
#include "ladder/ladder_svg_pen.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "ladder/ladder_svg.hpp"
#include "util/text.hpp"

#if __has_include(<stb/stb_truetype.h>)
#define TCPSIM_HAVE_STB_TRUETYPE 1
// Every function static: the visualizer also links Debian's libstb (through libimgui), which exports
// the same names.
#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#include <stb/stb_truetype.h>
#endif

namespace tcpsim::viz {

namespace svg {

namespace {

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string hex(Rgba c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  return buf;
}

/// Relative luminance (WCAG 2).
double luminance(Rgba c) {
  auto lin = [](uint8_t v) {
    const double x = v / 255.0;
    return x <= 0.04045 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double contrast(Rgba a, Rgba b) {
  const double la = luminance(a), lb = luminance(b);
  return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

/// ` fill="#rrggbb"` (with its opacity when not opaque), or ` fill="none"`.
std::string fill(Rgba c) {
  if (!c.a) return " fill=\"none\"";
  std::string s = " fill=\"" + hex(c) + "\"";
  if (c.a < 255) s += " fill-opacity=\"" + num(c.a / 255.0) + "\"";
  return s;
}

/// ` stroke="#rrggbb" stroke-width="w"` (with opacity and dashes), or nothing for a transparent colour.
std::string stroke(Rgba c, float w, std::string_view dash = {}) {
  if (!c.a || w <= 0) return "";
  std::string s = " stroke=\"" + hex(c) + "\" stroke-width=\"" + num(w) + "\"";
  if (c.a < 255) s += " stroke-opacity=\"" + num(c.a / 255.0) + "\"";
  if (!dash.empty()) s += " stroke-dasharray=\"" + std::string(dash) + "\"";
  return s;
}

std::string points(const std::vector<Point>& pts) {
  std::string s;
  for (const Point& q : pts) {
    if (!s.empty()) s += ' ';
    s += num(q.x);
    s += ',';
    s += num(q.y);
  }
  return s;
}

constexpr float kEstimate = 0.6f;  // em per character without the font

}  // namespace

std::string printable(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const char32_t c = next_code_point(s, i);
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0xFFFE || c == 0xFFFF) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c & 0xFF));
      out += c > 0xFF ? "\xEF\xBF\xBD" : buf;
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

bool emphasised(std::string_view t) { return t.starts_with("RST"); }

// ---- the font ----

struct Face::Font {
  std::vector<unsigned char> data;
#ifdef TCPSIM_HAVE_STB_TRUETYPE
  stbtt_fontinfo info{};
#endif
};

Face::Face(std::initializer_list<const char*> paths) {
#ifdef TCPSIM_HAVE_STB_TRUETYPE
  for (const char* path : paths) {
    std::ifstream f(path, std::ios::binary);
    if (!f) continue;
    auto font = std::make_unique<Font>();
    font->data.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    const unsigned char* d = font->data.data();
    if (font->data.empty() || !stbtt_InitFont(&font->info, d, stbtt_GetFontOffsetForIndex(d, 0))) continue;
    int ascent = 0, descent = 0, gap = 0;
    stbtt_GetFontVMetrics(&font->info, &ascent, &descent, &gap);
    const float unit = stbtt_ScaleForMappingEmToPixels(&font->info, 1.0f);
    ascent_ = static_cast<float>(ascent) * unit;
    descent_ = static_cast<float>(-descent) * unit;
    font_ = std::move(font);
    return;
  }
#else
  (void)paths;
#endif
}

Face::~Face() = default;

Face Face::regular() {
  return Face{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf",
              "/usr/share/fonts/TTF/DejaVuSans.ttf"};
}

Face Face::bold() {
  return Face{"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
              "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"};
}

float Face::width(std::string_view text, float em) const {
  float w = 0;
#ifdef TCPSIM_HAVE_STB_TRUETYPE
  if (font_) {
    const stbtt_fontinfo* info = &font_->info;
    const float unit = stbtt_ScaleForMappingEmToPixels(info, em);
    int prev = 0;
    for (size_t i = 0; i < text.size();) {
      const int g = stbtt_FindGlyphIndex(info, static_cast<int>(next_code_point(text, i)));
      if (g == 0) {
        w += kEstimate * em;  // the viewer takes it from another font
        prev = 0;
        continue;
      }
      int advance = 0, bearing = 0;
      stbtt_GetGlyphHMetrics(info, g, &advance, &bearing);
      if (prev) w += unit * static_cast<float>(stbtt_GetGlyphKernAdvance(info, prev, g));
      w += unit * static_cast<float>(advance);
      prev = g;
    }
    return w;
  }
#endif
  for (size_t i = 0; i < text.size();) {
    next_code_point(text, i);
    w += kEstimate * em;
  }
  return w;
}

// ---- colours and numbers ----

Rgba over(Rgba c, Rgba bg) {
  auto mix = [&](uint8_t f, uint8_t b) {
    return static_cast<uint8_t>(std::lround((f * c.a + b * (255 - c.a)) / 255.0));
  };
  return {mix(c.r, bg.r), mix(c.g, bg.g), mix(c.b, bg.b)};
}

Rgba legible(Rgba c, Rgba bg) {
  Rgba v = over(c, bg);
  const bool darken = luminance(bg) > 0.18;
  for (int k = 0; k < 20 && contrast(v, bg) < 4.5; ++k) {
    auto step = [&](uint8_t x) {
      return static_cast<uint8_t>(darken ? std::lround(x * 0.9) : std::lround(x + (255 - x) * 0.1));
    };
    v = {step(v.r), step(v.g), step(v.b)};
  }
  return v;
}

std::string num(double v) {
  if (std::fabs(v) < 0.005) return "0";
  // printf's %.2f rounds the double exactly as to_chars(fixed, 2) does (the C locale's decimal point
  // is '.'), and libc++ 13 (emscripten's) has no floating-point to_chars.
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%.2f", v);
  if (n <= 0 || n >= static_cast<int>(sizeof buf)) return "0";
  std::string s(buf, static_cast<size_t>(n));
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// ---- elements ----

void Pen::open(std::string_view cls) { out += "<g class=\"" + std::string(cls) + "\">\n"; }

void Pen::close() { out += "</g>\n"; }

void Pen::line(Point a, Point b, Rgba c, float w, std::string_view dash) {
  out += "<line x1=\"" + num(a.x) + "\" y1=\"" + num(a.y) + "\" x2=\"" + num(b.x) + "\" y2=\"" + num(b.y) + "\"" +
         stroke(c, w, dash) + "/>\n";
}

void Pen::rect(const Box& b, Rgba f, float radius, Rgba edge, float w) {
  out += "<rect x=\"" + num(b.x) + "\" y=\"" + num(b.y) + "\" width=\"" + num(b.w) + "\" height=\"" + num(b.h) + "\"" +
         (radius > 0 ? " rx=\"" + num(radius) + "\"" : "") + fill(f) + stroke(edge, w) + "/>\n";
}

void Pen::polygon(const std::vector<Point>& pts, Rgba f, Rgba edge, float w) {
  out += "<polygon points=\"" + points(pts) + "\"" + fill(f) + stroke(edge, w) + " stroke-linejoin=\"round\"/>\n";
}

void Pen::path(const std::string& d, Rgba c, float w, std::string_view dash) {
  out += "<path d=\"" + d + "\" fill=\"none\"" + stroke(c, w, dash) + "/>\n";
}

void Pen::circle(Point c, float r, Rgba f, Rgba edge, float w) {
  out += "<circle cx=\"" + num(c.x) + "\" cy=\"" + num(c.y) + "\" r=\"" + num(r) + "\"" + fill(f) + stroke(edge, w) +
         "/>\n";
}

void Pen::text(float x, float base, std::string_view t, Rgba c, Type type, std::string_view anchor,
               std::string_view cls, Rgba on, bool halo) {
  out += "<text x=\"" + num(x) + "\" y=\"" + num(base) + "\"";
  if (!cls.empty()) out += " class=\"" + std::string(cls) + "\"";
  if (type.em != label.em) out += " font-size=\"" + num(type.em) + "\"";
  if (type.bold) out += " font-weight=\"bold\"";
  if (!anchor.empty()) out += " text-anchor=\"" + std::string(anchor) + "\"";
  const Rgba bg = on.a ? on : p.background;
  out += fill(legible(c, bg));
  if (halo) out += stroke(bg, 3 * s) + " stroke-linejoin=\"round\" paint-order=\"stroke\"";
  out += '>';
  out += xml_escape(t);
  out += "</text>\n";
}

void Pen::label_box(const LadderLabel& l, Rgba fg, Rgba bg, Rgba border, bool strong, std::string_view cls) {
  if (!l.shown) return;
  rect(l.box, bg, 3 * s, border, 1.2f * s);
  const Type t{label.em, strong && emphasised(l.text)};
  text(l.box.x + 4 * s, l.box.y + 1 * s + ascent(t), l.text, fg, t, {}, cls, over(bg, p.background));
}

}  // namespace svg

std::string xml_escape(std::string_view text) {
  const std::string p = svg::printable(text);
  std::string out;
  out.reserve(p.size());
  for (char c : p) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace tcpsim::viz
