// The TCB panel: one card per connection, in its host's colour: SND.UNA, SND.NXT, SND.WND, RCV.NXT,
// RCV.WND, the send and receive buffers as bars (unread bytes in the RST colour: they are what turns
// close() into a reset), and the armed timers counting down.
#include <algorithm>
#include <cfloat>
#include <cmath>

#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/ui_common.hpp"
#include "model/tcb_view.hpp"

namespace tcpsim::viz {

namespace {

Rgba part_colour(const Palette& p, BufferPart part) {
  switch (part) {
    case BufferPart::Unread: return p.rst;
    case BufferPart::OutOfOrder: return p.timer;
    case BufferPart::Unacked: return p.fin;
    case BufferPart::Unsent: return p.syn;
    case BufferPart::Free: return p.grid;
  }
  return p.grid;
}

const char* part_name(BufferPart part) {
  switch (part) {
    case BufferPart::Unread: return "unread: received, not yet read by the application";
    case BufferPart::OutOfOrder: return "out of order: held above a hole";
    case BufferPart::Unacked: return "unacknowledged: sent, waiting for an ACK";
    case BufferPart::Unsent: return "unsent: written, not sent yet";
    case BufferPart::Free: return "free";
  }
  return "";
}

/// "send [bar] caption" on one line, or the caption under the bar (as fit_card() decided).
void buffer_bar(const AppState& app, const BufferBar& b, const std::vector<std::string>& caption, bool beside,
                const TcbFonts& f) {
  const Palette& p = palette_of(app);
  const float x0 = ImGui::GetCursorPosX();
  ImGui::TextDisabled("%s", b.name.c_str());
  ImGui::SameLine();
  ImGui::SetCursorPosX(x0 + f.label);
  const float avail = ImGui::GetContentRegionAvail().x;
  float caption_w = 0;
  for (const std::string& l : caption) caption_w = std::max(caption_w, f.text(l) + 2 * f.cell_pad);
  const float w = beside ? std::max(f.bar_min, avail - caption_w) : avail;
  const float h = ImGui::GetTextLineHeight() * 0.8f;
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float y = at.y + (ImGui::GetTextLineHeight() - h) / 2;
  ImGui::InvisibleButton(("##" + b.name).c_str(), ImVec2(w, ImGui::GetTextLineHeight()));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const std::vector<float> widths = b.widths(w, 5 * app.scale);
  float x = at.x;
  for (size_t i = 0; i < b.parts.size(); ++i) {
    if (widths[i] <= 0) continue;
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + widths[i], y + h), col(part_colour(p, b.parts[i].part)));
    x += widths[i];
  }
  dl->AddRect(ImVec2(at.x, y), ImVec2(at.x + w, y + h), col(p.lane), 0, 0, 1.0f);
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::Text("%s buffer: %llu bytes", b.name == "recv" ? "Receive" : "Send", static_cast<unsigned long long>(b.size));
    for (const BarPart& part : b.parts) {
      ImGui::TextColored(col4(part_colour(p, part.part)), "\u25A0");
      ImGui::SameLine();
      ImGui::Text("%llu  %s", static_cast<unsigned long long>(part.bytes), part_name(part.part));
    }
    ImGui::EndTooltip();
  }
  const bool unread = !b.parts.empty() && b.parts[0].part == BufferPart::Unread && b.parts[0].bytes > 0;
  ImGui::PushStyleColor(ImGuiCol_Text, col4(unread ? p.rst : p.text));
  for (size_t i = 0; i < caption.size(); ++i) {
    if (beside && i == 0) ImGui::SameLine(0, f.cell_pad);
    if (beside && i > 0) ImGui::SetCursorPosX(x0 + f.label + w + f.cell_pad);
    ImGui::TextUnformatted(caption[i].c_str());
  }
  ImGui::PopStyleColor();
}

/// A value in the mono font, highlighted when it changed at the step just taken.
void value(const AppState& app, const TcbField& f) {
  ImGui::PushFont(app.fonts.mono ? app.fonts.mono : ImGui::GetFont());
  if (f.changed) {
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const ImVec2 ts = ImGui::CalcTextSize(f.value.c_str());
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(a.x - 2, a.y), ImVec2(a.x + ts.x + 2, a.y + ts.y),
                                              col(palette_of(app).selection), 2.0f);
  }
  ImGui::TextUnformatted(f.value.c_str());
  ImGui::PopFont();
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s = %s", f.name.c_str(), f.value.c_str());
}

/// The variables as a grid, the way RFC 9293 §3.3.1 names them:
///          UNA   NXT   WND
///    SND   1     19    65535
///    RCV         1     65535
void fields(const AppState& app, const TcbCard& c, bool grid) {
  if (c.fields.size() != 5) return;
  if (!grid) {
    // Too narrow for the grid: one variable a line.
    if (!ImGui::BeginTable("vars", 2, ImGuiTableFlags_SizingFixedFit)) return;
    for (const TcbField& f : c.fields) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextDisabled("%s", f.name.c_str());
      ImGui::TableSetColumnIndex(1);
      value(app, f);
    }
    ImGui::EndTable();
    return;
  }
  if (!ImGui::BeginTable("vars", 4, ImGuiTableFlags_SizingFixedFit)) return;
  ImGui::TableNextRow();
  const char* heads[] = {"", "UNA", "NXT", "WND"};
  for (int k = 0; k < 4; ++k) {
    ImGui::TableSetColumnIndex(k);
    ImGui::TextDisabled("%s", heads[k]);
  }
  // fields: SND.UNA, SND.NXT, SND.WND, RCV.NXT, RCV.WND.
  const int rows[2][3] = {{0, 1, 2}, {-1, 3, 4}};
  const char* names[2] = {"SND", "RCV"};
  for (int r = 0; r < 2; ++r) {
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", names[r]);
    for (int k = 0; k < 3; ++k) {
      ImGui::TableSetColumnIndex(k + 1);
      if (rows[r][k] >= 0) value(app, c.fields[static_cast<size_t>(rows[r][k])]);
    }
  }
  ImGui::EndTable();
}

/// How the panel measures its text, for fit_card().
TcbFonts fonts_of(const AppState& app) {
  ImFont* regular = ImGui::GetFont();
  ImFont* bold = app.fonts.large ? app.fonts.large : regular;
  ImFont* mono = app.fonts.mono ? app.fonts.mono : regular;
  const auto with = [](ImFont* font) {
    return [font](std::string_view t) { return font->CalcTextSizeA(font->FontSize, FLT_MAX, 0, t.data(), t.data() + t.size()).x; };
  };
  TcbFonts f;
  f.text = with(regular);
  f.bold = with(bold);
  f.mono = with(mono);
  f.swatch = ImGui::GetTextLineHeight() * 0.75f + 5;
  f.cell_pad = ImGui::GetStyle().CellPadding.x;
  f.bar_min = 70 * app.scale;
  f.label = ImGui::CalcTextSize("recv ").x + 2 * app.scale;
  f.timer_icon = ImGui::GetTextLineHeight() * 0.72f + 2 + ImGui::GetStyle().ItemSpacing.x;
  return f;
}

/// Lines in `colour`, one under the other.
void lines(const std::vector<std::string>& ls, Rgba colour) {
  ImGui::PushStyleColor(ImGuiCol_Text, col4(colour));
  for (const std::string& l : ls) ImGui::TextUnformatted(l.c_str());
  ImGui::PopStyleColor();
}

void card(const AppState& app, const TcbCard& c) {
  const Palette& p = palette_of(app);
  const TcbFonts f = fonts_of(app);
  const TcbCardFit fit = fit_card(c, ImGui::GetContentRegionAvail().x, f);
  // Header: colour, who, state.
  const Rgba hc = host_rgba(app, c.ep.lane);
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const float sw = ImGui::GetTextLineHeight() * 0.75f;
  const float dy = (ImGui::GetTextLineHeight() - sw) / 2;
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(at.x, at.y + dy), ImVec2(at.x + sw, at.y + dy + sw), col(hc), 2.0f);
  const float name_x = ImGui::GetCursorPosX() + f.swatch;
  for (const std::string& l : fit.name) {
    ImGui::SetCursorPosX(name_x);
    ImGui::TextUnformatted(l.c_str());
  }
  // The state in bold, on the name's line when the column has room for it.
  const std::string state(state_name(c.ep.state));
  if (fit.state_beside) ImGui::SameLine(0, 2 * f.cell_pad);
  ImGui::PushFont(app.fonts.large ? app.fonts.large : ImGui::GetFont());
  ImGui::PushStyleColor(ImGuiCol_Text, col4(c.ep.broken ? p.rst : p.text));
  ImGui::TextUnformatted(state.c_str());
  ImGui::PopStyleColor();
  ImGui::PopFont();

  if (!c.gone.empty()) {
    // A reset or an abort in red, with what it threw away; an orderly end quietly.
    lines(fit.gone, c.ep.broken ? p.rst : p.dim);
    lines(fit.discarded, p.error);
    lines(fit.nothing_left, p.dim);
    return;  // Its variables mean nothing any more.
  }
  if (!c.have_tcb) {
    ImGui::TextDisabled("no variables yet");
    return;
  }
  fields(app, c, fit.grid);
  buffer_bar(app, c.send, fit.send_caption, fit.captions_beside, f);
  buffer_bar(app, c.receive, fit.receive_caption, fit.captions_beside, f);
  if (app.view.timers) {
    for (const std::string& t : fit.timers) {
      // A small clock face, then the countdown.
      const float r = ImGui::GetTextLineHeight() * 0.36f;
      const ImVec2 a = ImGui::GetCursorScreenPos();
      const ImVec2 ctr(a.x + r + 1, a.y + ImGui::GetTextLineHeight() / 2);
      ImDrawList* dl = ImGui::GetWindowDrawList();
      dl->AddCircle(ctr, r, col(p.timer), 0, 1.5f);
      dl->AddLine(ctr, ImVec2(ctr.x, ctr.y - r * 0.7f), col(p.timer), 1.5f);
      dl->AddLine(ctr, ImVec2(ctr.x + r * 0.5f, ctr.y), col(p.timer), 1.5f);
      ImGui::Dummy(ImVec2(2 * r + 2, 2 * r));
      ImGui::SameLine();
      ImGui::PushStyleColor(ImGuiCol_Text, col4(p.timer));
      ImGui::TextUnformatted(t.c_str());
      ImGui::PopStyleColor();
    }
  }
}

}  // namespace

void ShowTcb(AppState& app, const Rect& where) {
  ImGui::SetNextWindowPos(ImVec2(where.x, where.y));
  ImGui::SetNextWindowSize(ImVec2(where.w, where.h));
  ImGui::Begin("TCB###tcb", nullptr,
               ImGuiWindowFlags_NoTitleBar |           // the first line says what it is
                   ImGuiWindowFlags_NoMove |           // the app lays panels out
                   ImGuiWindowFlags_NoResize |         // likewise
                   ImGuiWindowFlags_NoCollapse |       // always shown
                   ImGuiWindowFlags_NoSavedSettings);  // nothing to remember
  const Run* run = app.run();
  if (!run) {
    ImGui::TextDisabled("Connection variables (TCB): no run.");
  } else {
    const TcbView v = tcb_view(*run, app.moment, app.view.absolute);
    ImGui::TextDisabled("TCB (%s numbers)", app.view.absolute ? "absolute" : "relative");
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("RFC 9293 §3.3.1. Relative numbers count from each side's ISN, as Wireshark does. "
                        "A toggles absolute numbers.");
    }
    // Listeners have no variables: one line each, beside the heading when there is room, else last.
    std::vector<std::string> later;
    float used = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
    const float space = 16 * app.scale;
    for (const std::string& l : v.listeners) {
      if (later.empty() && used + space + ImGui::CalcTextSize(l.c_str()).x < ImGui::GetWindowContentRegionMax().x) {
        ImGui::SameLine(0, space);
        ImGui::TextDisabled("%s", l.c_str());
        used = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
      } else {
        later.push_back(l);
      }
    }
    if (v.cards.empty()) ImGui::TextDisabled("No connection yet.");
    const int per_row = std::max(1, std::min(static_cast<int>(v.cards.size()),
                                             static_cast<int>(ImGui::GetContentRegionAvail().x / (160 * app.scale))));
    if (!v.cards.empty() && ImGui::BeginTable("cards", per_row,
                                              ImGuiTableFlags_BordersInnerV |      // cards apart
                                                  ImGuiTableFlags_SizingStretchSame)) {  // equal widths
      for (const TcbCard& c : v.cards) {
        ImGui::TableNextColumn();
        ImGui::PushID(static_cast<int>(c.ep.conn));
        ImGui::BeginGroup();
        card(app, c);
        ImGui::EndGroup();
        act_on_right_click(app, c.ep.conn, c.ep.label);  // what if this connection...
        ImGui::PopID();
      }
      ImGui::EndTable();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    for (const std::string& l : later) ImGui::TextWrapped("%s", l.c_str());
    ImGui::PopStyleColor();
  }
  ImGui::End();
}

}  // namespace tcpsim::viz
