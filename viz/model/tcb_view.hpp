#pragma once
// The TCB panel: for each endpoint, the variables of RFC 9293 §3.3.1 (SND.UNA, SND.NXT, SND.WND,
// RCV.NXT, RCV.WND), its two buffers split into their parts, and its armed timers counting down.
// Relative numbers by default (SND.* from the ISS, RCV.* from the IRS, as Wireshark does).
#include <cstdint>
#include <string>
#include <vector>

#include "model/endpoints.hpp"

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

/// Names of timers as the panel shows them ("retransmit", "TIME-WAIT").
std::string timer_display_name(TimerKind k);
/// A countdown: "0.180 s" under 10 s, "59.8 s" above, "expired" when past.
std::string countdown_text(Time left);

/// The TCB panel of `run` at `m`; numbers absolute when `absolute`.
TcbView tcb_view(const Run& run, const Moment& m, bool absolute);

}  // namespace tcpsim::viz
