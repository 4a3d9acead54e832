#include "tcp/outputs.hpp"

namespace tcpsim {

std::string_view timer_name(TimerKind k) {
  switch (k) {
    case TimerKind::Retransmit: return "retransmit";
    case TimerKind::Persist: return "persist";
    case TimerKind::Keepalive: return "keepalive";
    case TimerKind::TimeWait: return "time-wait";
    case TimerKind::FinWait2: return "fin-wait-2";
    case TimerKind::DelayedAck: return "delayed-ack";
  }
  return "?";
}

std::string_view discard_name(DiscardKind k) {
  switch (k) {
    case DiscardKind::UnreadReceive: return "unread-receive";
    case DiscardKind::OutOfOrder: return "out-of-order";
    case DiscardKind::UnsentSend: return "unsent-send";
    case DiscardKind::UnackedSend: return "unacked-send";
  }
  return "?";
}

}  // namespace tcpsim
