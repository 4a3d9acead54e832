#include "model/inspector_view.hpp"

#include <cstdio>

#include "ladder/endpoints.hpp"
#include "render/event_text.hpp"
#include "trace/describe.hpp"
#include "util/text.hpp"

namespace tcpsim::viz {

std::vector<std::string> hex_dump(std::string_view bytes, size_t per_row) {
  std::vector<std::string> out;
  if (per_row == 0) per_row = 16;
  for (size_t at = 0; at < bytes.size(); at += per_row) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04zx  ", at);
    std::string line = buf;
    std::string text;
    for (size_t i = 0; i < per_row; ++i) {
      if (i > 0 && i % 8 == 0) line += ' ';
      if (at + i < bytes.size()) {
        const auto c = static_cast<unsigned char>(bytes[at + i]);
        std::snprintf(buf, sizeof buf, "%02x ", c);
        line += buf;
        text += c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.';
      } else {
        line += "   ";
      }
    }
    out.push_back(line + " |" + text + "|");
  }
  return out;
}

size_t hex_bytes_per_row(float width, float glyph) {
  // "0000  " + 3 per byte + a space between the halves + " |" + 1 per byte + "|".
  for (size_t n : {16, 8}) {
    if (static_cast<float>(6 + 3 * n + 1 + 2 + n + 1) * glyph <= width) return n;
  }
  return 4;
}

std::string_view inspector_hint(const InspectorView& v) {
  return v.latest ? "(the latest segment; click one in the ladder)" : "(selected)";
}

std::vector<std::vector<WrappedPiece>> inspector_heading(const InspectorView& v, float width, const TextWidth& heading_font,
                                                         const TextWidth& text, float space) {
  std::vector<std::vector<WrappedPiece>> lines;
  for (const std::string& l : wrap_words(v.heading, width, heading_font)) lines.push_back({{0, l}});
  // The tag and the hint after the heading's last line while it has room, then on lines of their own.
  std::vector<std::string> rest;
  if (!v.tag.empty()) rest.push_back(v.tag);
  rest.push_back(std::string(inspector_hint(v)));
  const float after = lines.empty() ? 0 : heading_font(lines.back().front().text) + space;
  std::vector<std::string> spaced;
  for (size_t i = 0; i < rest.size(); ++i) spaced.push_back(i == 0 ? rest[i] : " " + rest[i]);
  auto more = wrap_pieces(spaced, std::max(0.0f, width - after), width, text);
  auto line_width = [&](const std::vector<WrappedPiece>& line) {
    std::string all;
    for (const WrappedPiece& p : line) all += p.text;
    return text(all);
  };
  const bool join = !lines.empty() && !more.empty() && line_width(more.front()) <= width - after;
  if (!join) more = wrap_pieces(spaced, width, width, text);
  // Pieces are numbered 1 (the tag, when there is one) and 2 (the hint).
  const size_t first = v.tag.empty() ? 2 : 1;
  for (auto& line : more) {
    for (WrappedPiece& p : line) {
      p.piece += first;
      if (!p.text.empty() && p.text.front() == ' ') p.text.erase(0, 1);
    }
  }
  if (join) {
    for (WrappedPiece& p : more.front()) lines.back().push_back(std::move(p));
    more.erase(more.begin());
  }
  for (auto& line : more) lines.push_back(std::move(line));
  return lines;
}

namespace {

std::string endpoint_text(const Endpoint& e) { return ip_to_string(e.ip) + ":" + std::to_string(e.port); }

std::string node_name(const Trace& t, NodeId n) { return n < t.nodes.size() ? t.nodes[n].name : std::string("nobody"); }

/// "1" / "absolute 419875754", or the other way round.
InspectorRow number_row(const char* label, uint32_t abs, uint32_t rel, bool known, bool absolute) {
  InspectorRow r;
  r.label = label;
  r.tone = Tone::Strong;
  if (!known) {
    r.value = std::to_string(abs);
    r.detail = "absolute (no ISN to count from)";
  } else if (absolute) {
    r.value = std::to_string(abs);
    r.detail = "relative " + std::to_string(rel);
  } else {
    r.value = std::to_string(rel);
    r.detail = "absolute " + std::to_string(abs);
  }
  return r;
}

RuleText rule_text(Rule r) {
  const RuleInfo& i = rule_info(r);
  return {std::string(i.label), std::string(i.cite), std::string(i.text)};
}

std::string who_sent(const Trace& t, const SegmentRecord& s) {
  const std::string node = node_name(t, s.from);
  if (s.rule == Rule::Injected) return "injected by the scenario" + (s.line ? " (line " + std::to_string(s.line) + ")" : "");
  if (s.from < t.nodes.size() && t.nodes[s.from].kind != NodeKind::Host) return "by " + node + " (a middlebox)";
  if (s.conn == 0) return "by " + node + "'s TCP (no connection)";
  // The connection's one name (conn_name), and its host when the name does not say it.
  const std::string name = conn_name(t, s.conn);
  return name.rfind(node, 0) == 0 ? "by " + name : "by " + name + " on " + node;
}

std::string where_dropped(const Trace& t, const SegmentFate& s) {
  if (s.end_link != kNoLink && s.end_link < t.links.size()) {
    const LinkRecord& l = t.links[s.end_link];
    return "on the link " + node_name(t, l.a) + " \u2013 " + node_name(t, l.b);
  }
  if (s.end_node != kNoNode) return "at " + node_name(t, s.end_node);
  return "";
}

std::string drop_why(const SegmentFate& s) {
  switch (s.drop) {
    case DropReason::Loss: return "lost (random loss on the link)";
    case DropReason::LinkDown: return "the link was down";
    case DropReason::HostDown: return "the destination host was down";
    case DropReason::Firewall:
      return s.line ? "a firewall rule (line " + std::to_string(s.line) + ")" : std::string("a firewall rule");
    case DropReason::Conntrack: return "the middlebox did not know the flow";
    case DropReason::NoRoute: return "no host has that address";
    case DropReason::QueueFull: return "the link's queue was full";
    case DropReason::None: break;
  }
  return "dropped";
}

}  // namespace

InspectorView inspector_view(const Run& run, const Moment& m, int64_t selected, bool absolute, size_t per_row,
                             size_t max_bytes) {
  const Trace& t = run.trace;
  InspectorView v;
  size_t i = 0;
  if (selected >= 0 && static_cast<size_t>(selected) < t.segments.size()) {
    i = static_cast<size_t>(selected);
  } else if (m.visible_segments > 0) {
    i = m.visible_segments - 1;
    v.latest = true;
  } else {
    return v;
  }
  v.empty = false;
  v.segment = i;
  const SegmentRecord& s = t.segments[i];
  const Segment& g = s.seg;
  v.rst = (g.flags & kRst) != 0;
  v.heading = "#" + std::to_string(i + 1) + "  " + flags_to_string(g.flags) + "  " + node_name(t, s.from) + " \u2192 " +
              (s.to != kNoNode ? node_name(t, s.to) : endpoint_text(g.dst));
  v.tag = render::segment_tag(t, i);
  if (s.dup_of) v.tag = "duplicate of #" + std::to_string(s.dup_of);

  // Every header field.
  const bool seq_rel = run.rel.known[i] & 1, ack_rel = run.rel.known[i] & 2;
  v.header.push_back({"Source", endpoint_text(g.src), node_name(t, s.from)});
  v.header.push_back({"Destination", endpoint_text(g.dst), s.to != kNoNode ? node_name(t, s.to) : "no host"});
  v.header.push_back(number_row("SEQ", g.seq.v, run.rel.seq[i], seq_rel, absolute));
  if (g.flags & kAck) {
    v.header.push_back(number_row("ACK", g.ack.v, run.rel.ack[i], ack_rel, absolute));
  } else {
    v.header.push_back({"ACK", "\u2014", "no ACK flag: the field is not used", Tone::Dim});
  }
  v.header.push_back({"Flags", flags_to_string(g.flags), "", v.rst ? Tone::Bad : Tone::Strong});
  v.header.push_back({"Window", std::to_string(g.wnd), "bytes the sender can still receive"});
  v.header.push_back(g.mss ? InspectorRow{"MSS option", std::to_string(g.mss), "largest segment it accepts"}
                           : InspectorRow{"MSS option", "\u2014", "absent", Tone::Dim});
  v.header.push_back({"Payload", g.data.len ? format_bytes(g.data.len) : std::string("none"), ""});
  v.header.push_back({"SEG.LEN", std::to_string(g.seg_len()), "payload, +1 for SYN, +1 for FIN", Tone::Dim});

  // Its journey, as far as the moment shown goes.
  const bool sent = i < m.visible_segments;
  v.journey.push_back({"Sent", render::format_ms(s.sent_at) + " s", who_sent(t, s), sent ? Tone::Plain : Tone::Dim});
  const SegmentFate f = t.fate(i);
  const bool ended = sent && f.end_event != kNoEvent && f.end_event < m.applied;
  if (!sent) {
    v.journey.back().detail += " (later)";
  } else if (!ended) {
    v.journey.push_back({"In flight", "", f.outcome == Outcome::InFlight ? "still on its way when the run ended" : "on its way",
                         Tone::Dim});
  } else if (f.outcome == Outcome::Delivered) {
    v.journey.push_back({"Arrived", render::format_ms(f.end_at) + " s", "at " + node_name(t, f.end_node), Tone::Good});
  } else {
    std::string where = where_dropped(t, f);
    v.journey.push_back({"Dropped", render::format_ms(f.end_at) + " s",
                         drop_why(f) + (where.empty() ? "" : ", " + where), Tone::Bad});
  }
  if (s.rule != Rule::None) {
    v.has_rule = true;
    v.rule = rule_text(s.rule);
  }
  if (ended && f.outcome == Outcome::Delivered && f.verdict != Rule::None) {
    bool answered = false;
    for (size_t j = i + 1; j < m.visible_segments && j < i + 4096; ++j) {
      if (t.segments[j].reply_to == i + 1 && t.segments[j].dup_of == 0) answered = true;
    }
    v.has_verdict = true;
    v.verdict = render::verdict_text(t, i, answered);
    v.verdict_rule = rule_text(f.verdict);
  }

  // What it answers and what answered it.
  if (s.reply_to > 0 && s.reply_to <= t.segments.size()) {
    v.replies.push_back({"In reply to", "#" + std::to_string(s.reply_to),
                         render::segment_label(t, run.rel, s.reply_to - 1) + "  (" +
                             node_name(t, t.segments[s.reply_to - 1].from) + ")"});
  }
  for (size_t j = i + 1; j < m.visible_segments && j < i + 4096; ++j) {
    const SegmentRecord& r = t.segments[j];
    if (r.reply_to == i + 1 && r.dup_of == 0) {
      v.replies.push_back({"Answered by", "#" + std::to_string(j + 1),
                           render::segment_label(t, run.rel, j) + "  (" + node_name(t, r.from) + ")",
                           (r.seg.flags & kRst) ? Tone::Bad : Tone::Plain});
    }
  }

  // The payload.
  v.payload_len = g.data.len;
  if (g.data.len > 0) {
    const std::string bytes = t.payload(s, max_bytes);
    v.payload_quoted = quote_bytes(bytes, 120);
    v.hex = hex_dump(bytes, per_row);
    if (g.data.len > bytes.size()) v.more = "... " + std::to_string(g.data.len - bytes.size()) + " more bytes";
  }
  return v;
}

}  // namespace tcpsim::viz
