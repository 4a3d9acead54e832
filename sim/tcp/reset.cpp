#include "tcp/reset.hpp"

namespace tcpsim {

std::optional<Segment> reset_reply(const Segment& in) {
  // RFC 9293 §3.10.7.1: "An incoming segment containing a RST is discarded."
  if (in.flags & kRst) return std::nullopt;
  Segment r;
  r.src = in.dst;
  r.dst = in.src;
  r.wnd = 0;
  if (in.flags & kAck) {
    // RFC 9293 §3.10.7.1: "If the ACK bit is on, <SEQ=SEG.ACK><CTL=RST>".
    r.seq = in.ack;
    r.flags = kRst;
  } else {
    // RFC 9293 §3.10.7.1: "If the ACK bit is off, sequence number zero is used,
    // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>".
    r.seq = Seq(0);
    r.ack = in.seq + in.seg_len();
    r.flags = kRst | kAck;
  }
  return r;
}

}  // namespace tcpsim
