#include "model/tcb_view.hpp"

#include <algorithm>
#include <cstdio>

#include "render/event_text.hpp"
#include "util/text.hpp"

namespace tcpsim::viz {

std::vector<float> BufferBar::widths(float width, float min_px) const {
  std::vector<float> w(parts.size(), 0.0f);
  if (parts.empty() || width <= 0) return w;
  uint64_t total = 0;
  for (const BarPart& p : parts) total += p.bytes;
  if (total == 0) return w;
  // Parts that hold bytes get at least min_px; the rest of the width is shared in proportion.
  float reserved = 0;
  uint64_t rest_bytes = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].bytes == 0) continue;
    const float prop = width * static_cast<float>(static_cast<double>(parts[i].bytes) / static_cast<double>(total));
    if (prop < min_px) {
      w[i] = min_px;
      reserved += min_px;
    } else {
      rest_bytes += parts[i].bytes;
    }
  }
  const float left = std::max(0.0f, width - reserved);
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].bytes == 0 || w[i] > 0) continue;
    w[i] = left * static_cast<float>(static_cast<double>(parts[i].bytes) / static_cast<double>(rest_bytes));
  }
  return w;
}

std::string countdown_text(Time left) {
  if (left < 0) return "expired";
  char buf[48];
  const double s = static_cast<double>(left) / 1e9;
  if (s < 10) {
    std::snprintf(buf, sizeof buf, "%.3f s", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f h", s / 3600);
  }
  return buf;
}

namespace {

std::string count(uint64_t n) { return n < 10000 ? std::to_string(n) : format_bytes(n); }

/// A buffer of `size` bytes holding two kinds of bytes, then free room: "4 unread, 10 out of order".
BufferBar buffer_bar(const char* name, uint64_t size, BufferPart first, uint64_t a, const char* a_words,
                     BufferPart second, uint64_t b, const char* b_words) {
  BufferBar bar;
  bar.name = name;
  bar.size = size;
  bar.parts = {{first, a}, {second, b}, {BufferPart::Free, size > a + b ? size - a - b : 0}};
  bar.caption = count(a) + a_words;
  if (b) bar.caption += ", " + count(b) + b_words;
  return bar;
}

BufferBar receive_bar(const TcbSnapshot& s) {
  return buffer_bar("recv", s.rcvbuf, BufferPart::Unread, s.unread, " unread", BufferPart::OutOfOrder,
                    s.out_of_order, " out of order");
}

BufferBar send_bar(const TcbSnapshot& s) {
  return buffer_bar("send", s.sndbuf, BufferPart::Unacked, s.unacked, " unacked", BufferPart::Unsent, s.unsent,
                    " unsent");
}

}  // namespace

TcbCardFit fit_card(const TcbCard& c, float width, const TcbFonts& f) {
  TcbCardFit fit;
  float widest = 0;
  auto wrap = [&](const std::string& text, float room, const TextWidth& w) {
    std::vector<std::string> lines = wrap_words(text, room, w);
    for (const std::string& l : lines) widest = std::max(widest, w(l) + (width - room));
    return lines;
  };
  fit.name = wrap(c.ep.label, width - f.swatch, f.text);
  // The state beside the name when the line has room for it.
  const std::string state(state_name(c.ep.state));
  const float last = fit.name.empty() ? 0 : f.swatch + f.text(fit.name.back());
  fit.state_beside = fit.name.size() == 1 && last + f.cell_pad * 2 + f.bold(state) <= width;
  widest = std::max(widest, fit.state_beside ? last + f.cell_pad * 2 + f.bold(state) : f.bold(state));
  if (!c.gone.empty()) {
    fit.gone = wrap(c.gone, width, f.text);
    for (const std::string& d : c.discarded) {
      for (std::string& l : wrap(d, width, f.text)) fit.discarded.push_back(std::move(l));
    }
    if (c.discarded.empty() && c.ep.broken) fit.nothing_left = wrap(kNothingLeft, width, f.text);
  } else if (c.have_tcb) {
    // RFC 9293's grid when a row of it fits: "SND" and three values; else one variable a line.
    float names = std::max(f.text("SND"), f.text("RCV")), values = f.text("WND");
    float list = 0;
    for (const TcbField& x : c.fields) {
      values = std::max(values, f.mono(x.value));
      list = std::max(list, f.text(x.name) + 2 * f.cell_pad + f.mono(x.value));
    }
    const float grid = names + 3 * values + 8 * f.cell_pad;
    fit.grid = grid <= width;
    widest = std::max(widest, fit.grid ? grid : list);
    // Captions beside their bars when a bar keeps its minimum width, else under them.
    const float beside = std::max(f.text(c.send.caption), f.text(c.receive.caption)) + 2 * f.cell_pad;
    fit.captions_beside = width - f.label - beside >= f.bar_min;
    const float room = fit.captions_beside ? beside : width;
    fit.send_caption = wrap(c.send.caption, room, f.text);
    fit.receive_caption = wrap(c.receive.caption, room, f.text);
    widest = std::max(widest, f.label + (fit.captions_beside ? f.bar_min + beside : 0.0f));
  }
  for (const TimerLine& t : c.timers) {
    for (std::string& l : wrap(t.text, width - f.timer_icon, f.text)) fit.timers.push_back(std::move(l));
  }
  fit.widest = widest;
  return fit;
}

TcbView tcb_view(const Run& run, const Moment& m, bool absolute) {
  const Trace& t = run.trace;
  TcbView view;
  // What the step just taken began with: snapshots taken since then changed "just now".
  const uint32_t step_start = m.step > 0 ? run.applied(m.step - 1) : 0;
  for (const EndpointInfo& ep : endpoints_at(run, m)) {
    const ConnRecord& c = t.conn(ep.conn);
    if (ep.listener) {
      if (!ep.gone) {
        view.listeners.push_back(ep.host + " listens on " + ip_to_string(c.tuple.local.ip) + ":" +
                                 std::to_string(c.tuple.local.port));
      }
      continue;
    }
    TcbCard card;
    card.ep = ep;
    // Two names, not a structured binding: the lambda below captures them, which clang 14 refuses.
    // The snapshot in force and the one before it, rebuilt from the trace's differences.
    const TcbLog::AsOf snap = t.tcbs.as_of(ep.conn, m.applied);
    const std::optional<TcbSnapshot>& s = snap.now;
    if (s) {
      card.have_tcb = true;
      const TcbSnapshot* before = snap.before && s->event >= step_start ? &*snap.before : nullptr;
      const uint32_t iss = absolute ? 0 : c.iss.v;
      const uint32_t irs = absolute || !c.irs_known ? 0 : c.irs.v;
      auto field = [&](const char* name, uint64_t value, bool changed) {
        card.fields.push_back({name, std::to_string(value), changed && s->event >= step_start});
      };
      // Seq arithmetic wraps modulo 2^32, so relative values are plain uint32_t differences.
      field("SND.UNA", static_cast<uint32_t>(s->snd_una.v - iss), !before || before->snd_una != s->snd_una);
      field("SND.NXT", static_cast<uint32_t>(s->snd_nxt.v - iss), !before || before->snd_nxt != s->snd_nxt);
      field("SND.WND", s->snd_wnd, !before || before->snd_wnd != s->snd_wnd);
      field("RCV.NXT", static_cast<uint32_t>(s->rcv_nxt.v - irs), !before || before->rcv_nxt != s->rcv_nxt);
      // In SYN-SENT no SYN has arrived yet: RCV.NXT has no value (RFC 9293 §3.10.7.3 sets it).
      if (s->state == State::SynSent) card.fields.back().value = "\u2014";
      field("RCV.WND", s->rcv_wnd, !before || before->rcv_wnd != s->rcv_wnd);
      card.send = send_bar(*s);
      card.receive = receive_bar(*s);
    }
    for (const Moment::Armed& a : m.timers) {
      if (a.conn != ep.conn) continue;
      const Time left = a.deadline - m.now;
      card.timers.push_back({a.kind, left, timer_display_name(a.kind) + " " + countdown_text(left)});
    }
    std::sort(card.timers.begin(), card.timers.end(), [](const TimerLine& a, const TimerLine& b) { return a.left < b.left; });
    const uint32_t lc = m.last_change[ep.conn - 1];
    if (ep.gone && lc > 0) {
      const Event& e = t.events[lc - 1];
      std::string why(rule_info(e.rule).label);
      // "gone" after a reset or an abort; "closed" after the orderly exchange.
      card.gone = std::string(ep.broken ? "gone: " : "closed: ") + std::string(state_name(static_cast<State>(e.a))) +
                  " \u2192 CLOSED";
      if (!why.empty()) card.gone += " (" + why + ")";
      // The bytes thrown away are recorded at the same moment as the transition (before it when a reset
      // purges the queues and then closes, Linux tcp_reset(); after it for a later timeout).
      uint32_t first = lc - 1;
      while (first > 0 && t.events[first - 1].t == e.t) --first;
      for (uint32_t i = first; i < m.applied && i < t.events.size() && t.events[i].t == e.t; ++i) {
        const Event& d = t.events[i];
        if (d.type == EventType::Discarded && d.conn == ep.conn) card.discarded.push_back(render::discard_text(d));
      }
    }
    view.cards.push_back(std::move(card));
  }
  return view;
}

}  // namespace tcpsim::viz
