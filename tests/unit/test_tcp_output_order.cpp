// One ordered list of outputs: a connection's actions come back in the order it took them, each with its
// cause, and the host records them in that order (no reordering by kind).
#include "tcp_harness.hpp"

using namespace tcpsim;
using namespace tcpsim::test;

TEST_CASE("ESTABLISHED close() with unread data -> discard, CLOSED, then RST+ACK (Linux __tcp_close())") {
  Harness h = socket_established();
  h.deliver({.flags = kAck | kPsh, .seq = IRS + 1, .ack = ISS + 1, .len = 18});
  h.close();
  h.expect_actions({
      "discard unread-receive 18 (rst-close-unread)",
      "state ESTABLISHED -> CLOSED (rst-close-unread)",
      "note closed",
      "segment " + describe_expected({.flags = kRst | kAck, .seq = ISS + 1, .ack = IRS + 19, .wnd = 65517,
                                      .rule = Rule::RstCloseUnread}),
  });
}

TEST_CASE("FIN-WAIT-2 rcv FIN -> ACK first, then TIME-WAIT and its timer (Linux tcp_fin())") {
  Harness h = socket_fin_wait_2();
  h.now = sec(1);
  h.deliver({.flags = kFin | kAck, .seq = IRS + 1, .ack = ISS + 2});
  h.expect_actions({
      "note eof",
      "segment " + describe_expected({.flags = kAck, .seq = ISS + 2, .ack = IRS + 2, .wnd = 65535, .rule = Rule::Ack}),
      "timer fin-wait-2 cancelled",
      "state FIN-WAIT-2 -> TIME-WAIT (rcv-fin)",
      "timer time-wait armed for 61s",
  });
}

TEST_CASE("ESTABLISHED rcv RST with unacknowledged data -> error, discard, CLOSED (Linux tcp_reset())") {
  Harness h = socket_established();
  h.send(14);
  h.drain();
  h.deliver({.flags = kRst, .seq = IRS + 1});
  h.expect_actions({
      "note error(ECONNRESET)",
      "discard unacked-send 14 (rcv-rst)",
      "timer retransmit cancelled",
      "state ESTABLISHED -> CLOSED (rcv-rst)",
      "note closed",
  });
}

TEST_CASE("SYN-SENT retransmission timeout -> the timer fired first, then the SYN again, then the timer re-armed") {
  Harness h = socket_syn_sent();
  h.fire(TimerKind::Retransmit);
  const std::vector<std::string> got = [&] {
    std::vector<std::string> v;
    for (const Output& a : h.out.actions) v.push_back(describe_action(a));
    return v;
  }();
  REQUIRE(got.size() == 3);
  CHECK(got[0] == "timer retransmit fired");
  CHECK(got[1].rfind("segment SYN seq=", 0) == 0);
  CHECK(got[2].rfind("timer retransmit armed for ", 0) == 0);
}
