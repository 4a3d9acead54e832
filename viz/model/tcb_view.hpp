#pragma once
// The TCB panel: for each endpoint, the variables of RFC 9293 §3.3.1 (SND.UNA, SND.NXT, SND.WND,
// RCV.NXT, RCV.WND), its two buffers split into their parts, and its armed timers counting down.
// Relative numbers by default (SND.* from the ISS, RCV.* from the IRS, as Wireshark does).
#include <cstdint>
#include <string>
#include <vector>

#include "ladder/endpoints.hpp"
#include "ladder/mark_forms.hpp"  // timer_display_name()
#include "ladder/text_wrap.hpp"

namespace tcpsim::viz {

/// One variable: "SND.NXT" "19".
struct TcbField {
  std::string name;      ///< "SND.NXT".
  std::string value;     ///< "19".
  bool changed = false;  ///< Changed at the step just taken.
};

/// What a part of a buffer holds.
enum class BufferPart : uint8_t {
  Unread,      ///< Receive: arrived in order, not read by the application yet.
  OutOfOrder,  ///< Receive: held above a hole.
  Unacked,     ///< Send: sent, not acknowledged yet.
  Unsent,      ///< Send: written by the application, not sent yet.
  Free,
};

/// One part of a bar.
struct BarPart {
  BufferPart part = BufferPart::Free;  ///< What it holds.
  uint64_t bytes = 0;                  ///< How much.
};

/// A buffer as a bar: its parts in order, and a caption ("18 unread").
struct BufferBar {
  std::string name;             ///< "recv", "send".
  uint64_t size = 0;            ///< The buffer's size in bytes.
  std::vector<BarPart> parts;   ///< Every part (zero-sized ones included), Free last.
  std::string caption;          ///< "18 unread".
  /// Pixel widths of the parts for a bar `width` pixels wide: proportional, but a part that holds
  /// any byte is at least `min_px` wide (18 bytes of 64 KiB must show).
  std::vector<float> widths(float width, float min_px) const;
};

/// An armed timer: "retransmit 0.180 s".
struct TimerLine {
  TimerKind kind = TimerKind::Retransmit;  ///< Which timer.
  Time left = 0;         ///< Deadline minus now.
  std::string text;      ///< "retransmit 0.180 s".
};

/// One endpoint's card.
struct TcbCard {
  EndpointInfo ep;               ///< Whose card.
  bool have_tcb = false;         ///< Snapshot found (connections only, once they exist).
  std::vector<TcbField> fields;  ///< SND.UNA, SND.NXT, SND.WND, RCV.NXT, RCV.WND.
  BufferBar send, receive;       ///< The two buffers.
  std::vector<TimerLine> timers; ///< Armed timers, soonest first.
  std::string gone;              ///< When CLOSED after existing: "gone: ESTABLISHED → CLOSED (rcv RST)",
                                 ///< or "closed: LAST-ACK → CLOSED (rcv ACK of FIN)" after an orderly close.
  std::vector<std::string> discarded;  ///< "discarded 18 unread bytes".
};

/// The panel at one moment.
struct TcbView {
  std::vector<TcbCard> cards;           ///< Connections.
  std::vector<std::string> listeners;   ///< "server listens on 10.0.0.2:80".
};

/// How the panel measures its text.
struct TcbFonts {
  TextWidth text;          ///< The panel's font.
  TextWidth bold;          ///< The state's bold font.
  TextWidth mono;          ///< The values' font.
  float swatch = 12;       ///< The host's colour square before the name, with its gap.
  float cell_pad = 4;      ///< A table cell's padding on each side.
  float bar_min = 70;      ///< The narrowest a buffer bar may be with its caption beside it.
  float label = 40;        ///< Room for "send"/"recv" before a bar.
  float timer_icon = 14;   ///< The clock face before a countdown, with its gap.
};

/// A card fitted to its column: every text in lines no wider than the column.
struct TcbCardFit {
  std::vector<std::string> name;       ///< The endpoint's name.
  bool state_beside = false;           ///< The state in bold on the name's (last) line, else under it.
  bool grid = true;                    ///< Variables in RFC 9293's grid, else one "SND.UNA 1" a line.
  bool captions_beside = true;         ///< Buffer captions beside their bars, else under them.
  std::vector<std::string> send_caption, receive_caption;  ///< Captions (wrapped when under the bar).
  std::vector<std::string> gone;       ///< "gone: ESTABLISHED → CLOSED (rcv RST)", wrapped.
  std::vector<std::string> discarded;  ///< "discarded 18 unread bytes", each wrapped.
  std::vector<std::string> nothing_left;  ///< kNothingLeft, wrapped, after a reset that threw nothing away.
  std::vector<std::string> timers;     ///< Countdowns, wrapped after the clock face.
  float widest = 0;                    ///< The widest thing it draws (never more than the column).
};

/// What the panel writes for card `c` in a column `width` pixels wide.
TcbCardFit fit_card(const TcbCard& c, float width, const TcbFonts& f);

/// "nothing was left in its buffers": said under a reset's card that threw nothing away.
inline constexpr const char* kNothingLeft = "nothing was left in its buffers";

/// A countdown: "0.180 s" under 10 s, "59.8 s" above, "expired" when past.
std::string countdown_text(Time left);

/// The TCB panel of `run` at `m`; numbers absolute when `absolute`.
TcbView tcb_view(const Run& run, const Moment& m, bool absolute);

}  // namespace tcpsim::viz
