// sim/kernel without the kernel: the comparison of two runs, the packet reader, and what a scenario
// maps to (no root needed; the real runs are the ctest `kernel` label's).
#if TCPSIM_KERNEL_CHECK
#include <catch2/catch.hpp>

#include <string>

#include "export/packet.hpp"
#include "kernel/compare.hpp"
#include "kernel/mapping.hpp"
#include "kernel/wire.hpp"
#include "scenario/also.hpp"
#include "scenario/parser.hpp"
#include "scenario/runner.hpp"

using namespace tcpsim;

namespace {
const std::string kLibrary = std::string(TCPSIM_SCENARIO_DIR) + "/";

Trace run_file(const std::string& name, const std::vector<std::string>& also = {}) {
  const ParseResult r = parse_scenario_file_with_also(kLibrary + name, also);
  REQUIRE(r.ok());
  return run_scenario(*r.scenario, RunKind::Fault);
}
}  // namespace

TEST_CASE("kernel-check: the same run agrees with itself", "[kernel]") {
  const Trace t = run_file("02-graceful-close.scn");
  const kernel::Comparison c = kernel::compare_runs(t, t, sec(1));
  CHECK_FALSE(c.first);
  CHECK(c.known.empty());
  CHECK(c.segments == 11);
  CHECK(c.connections == 1);
  CHECK(c.calls == 10);
  CHECK(kernel::format_comparison(c) ==
        "agrees: 11 segments in 1 connection, 10 calls (flags, relative seq/ack, length; results; times within 10 ms + "
        "10 %)\n");
}

TEST_CASE("kernel-check: the first difference, with tcpsim's rule", "[kernel]") {
  // With a 10-byte window at the server, tcpsim's client sends 10 of the 18 bytes; "the kernel" all of them.
  const Trace kernel_side = run_file("06-close-unread-data.scn");
  const Trace sim = run_file("06-close-unread-data.scn", {"set server rcvbuf 10"});
  const kernel::Comparison c = kernel::compare_runs(kernel_side, sim, sec(1));
  REQUIRE(c.first);
  CHECK(c.first->category == "segments");
  CHECK(c.first->where == "client -> server:80 #1, segment 3 from client");
  CHECK(c.first->kernel == "PSH+ACK seq=1 ack=1 len=18 at 100.0 ms");
  CHECK(c.first->tcpsim == "ACK seq=1 ack=1 len=10 at 100.0 ms");
  CHECK(c.first->rule == "data: send() (RFC 9293 §3.10.2)");
  CHECK(kernel::format_comparison(c) ==
        "differs\n"
        "segments (the first difference): client -> server:80 #1, segment 3 from client\n"
        "  the kernel: PSH+ACK seq=1 ack=1 len=18 at 100.0 ms\n"
        "  tcpsim:     ACK seq=1 ack=1 len=10 at 100.0 ms\n"
        "  tcpsim's rule: data: send() (RFC 9293 §3.10.2)\n"
        "  compared: 6 segments in 1 connection, 7 calls\n");
}

TEST_CASE("kernel-check: a call only one run made is a difference", "[kernel]") {
  const Trace kernel_side = run_file("06-close-unread-data.scn");
  const Trace sim = run_file("06-close-unread-data.scn", {"at 190ms server recv"});
  const kernel::Comparison c = kernel::compare_runs(kernel_side, sim, sec(1));
  REQUIRE(c.first);
  CHECK(c.first->category == "calls");
  CHECK(c.first->kernel == "no such call");
  CHECK(c.first->tcpsim == "server recv() = 18 at 190.0 ms");
}

namespace {
/// A two-host trace made by hand: client 10.0.0.1:40000, server 10.0.0.2:80.
Trace hand_trace() {
  Trace t;
  t.nodes.push_back({"client", NodeKind::Host, 0x0A000001});
  t.nodes.push_back({"server", NodeKind::Host, 0x0A000002});
  return t;
}
void put(Trace& t, bool from_client, uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len, Time at) {
  SegmentRecord r;
  const Endpoint c{0x0A000001, 40000}, s{0x0A000002, 80};
  r.seg.src = from_client ? c : s;
  r.seg.dst = from_client ? s : c;
  r.seg.flags = flags;
  r.seg.seq = Seq(seq);
  r.seg.ack = Seq(ack);
  r.seg.data.len = len;
  r.sent_at = at;
  r.from = from_client ? 0 : 1;
  r.to = from_client ? 1 : 0;
  t.segments.push_back(r);
}
/// Handshake (ISNs 1000 and 5000), then 10 bytes from the client; the server's ACK at `ack_at`, then
/// (if `fin_at` >= 0) the server's FIN at `fin_at`, which carries that ACK when `ack_at` < 0.
Trace request(Time ack_at, Time fin_at) {
  Trace t = hand_trace();
  put(t, true, kSyn, 1000, 0, 0, ms(0));
  put(t, false, kSyn | kAck, 5000, 1001, 0, ms(20));
  put(t, true, kAck, 1001, 5001, 0, ms(40));
  put(t, true, kAck | kPsh, 1001, 5001, 10, ms(100));
  if (ack_at >= 0) put(t, false, kAck, 5001, 1011, 0, ack_at);
  if (fin_at >= 0) put(t, false, kFin | kAck, 5001, 1011, 0, fin_at);
  return t;
}
}  // namespace

TEST_CASE("kernel-check: Linux's delayed ACK is a known gap, and the comparison goes on past it", "[kernel]") {
  // tcpsim acknowledges the request at once (120 ms); Linux 40 ms later.
  kernel::Comparison c = kernel::compare_runs(request(ms(160), -1), request(ms(120), -1), sec(1));
  CHECK_FALSE(c.first);
  REQUIRE(c.known.size() == 1);
  CHECK(c.known[0].category == "model gap: delayed ACK");
  CHECK(c.known[0].kernel == "ACK seq=1 ack=11 len=0 at 160.0 ms");
  CHECK(c.known[0].tcpsim == "ACK seq=1 ack=11 len=0 at 120.0 ms");
  // Linux's ACK rode on its FIN: tcpsim's separate ACK has no counterpart, and the FINs are compared.
  c = kernel::compare_runs(request(-1, ms(150)), request(ms(120), ms(150)), sec(1));
  CHECK_FALSE(c.first);
  REQUIRE(c.known.size() == 1);
  CHECK(c.known[0].category == "model gap: delayed ACK (the ACK rode on the next segment)");
  // A gap never hides a difference after it: the FIN comes 100 ms late.
  c = kernel::compare_runs(request(-1, ms(250)), request(ms(120), ms(150)), sec(1));
  REQUIRE(c.first);
  CHECK(c.first->category == "timing");
  CHECK(c.first->kernel == "FIN+ACK seq=1 ack=11 len=0 at 250.0 ms");
  // An ACK 20 ms late is within the tolerance (10 ms + 10 %); one 280 ms late is past TCP_DELACK_MAX
  // (200 ms): no delayed ACK, a timing difference.
  CHECK_FALSE(kernel::compare_runs(request(ms(140), -1), request(ms(120), -1), sec(1)).first);
  c = kernel::compare_runs(request(ms(400), -1), request(ms(120), -1), sec(1));
  REQUIRE(c.first);
  CHECK(c.first->category == "timing");
}

TEST_CASE("kernel-check: calls are compared by value and errno", "[kernel]") {
  // The fault run's connect() is refused; the twin's succeeds (on another line: told as two calls).
  const Trace refused = run_file("05-connection-refused.scn");
  const kernel::Comparison same = kernel::compare_runs(refused, refused, sec(1));
  CHECK_FALSE(same.first);
  CHECK(same.calls == 2);
}

TEST_CASE("kernel-check: a packet tcpsim writes reads back as the same segment", "[kernel]") {
  const Trace t = run_file("02-graceful-close.scn");
  for (size_t i = 0; i < t.segments.size(); ++i) {
    const SegmentRecord r = t.segments[i];
    const auto p = kernel::parse_packet(ipv4_tcp_packet(t, i));
    REQUIRE(p);
    CHECK(p->seg.src == r.seg.src);
    CHECK(p->seg.dst == r.seg.dst);
    CHECK(p->seg.seq == r.seg.seq);
    CHECK(p->seg.flags == r.seg.flags);
    CHECK(p->seg.mss == r.seg.mss);
    CHECK(p->payload == t.payload(r));
  }
  CHECK_FALSE(kernel::parse_packet(std::string("\x60\0\0\0", 4)));  // IPv6: not ours.
  CHECK_FALSE(kernel::parse_packet(""));
}

TEST_CASE("kernel-check: settings become sysctls; what Linux cannot be told is said", "[kernel]") {
  const ParseResult r = parse_scenario_file_with_also(kLibrary + "02-graceful-close.scn", {});
  REQUIRE(r.ok());
  std::vector<std::string> notes;
  const auto sysctls = kernel::host_sysctls(*r.scenario, "client", &notes);
  REQUIRE(sysctls.size() >= 4);
  CHECK(sysctls[0] == std::pair<std::string, std::string>{"tcp_timestamps", "0"});
  CHECK(sysctls[1] == std::pair<std::string, std::string>{"tcp_sack", "0"});
  CHECK(sysctls[2] == std::pair<std::string, std::string>{"tcp_window_scaling", "0"});
  bool msl = false;
  for (const std::string& n : notes) msl = msl || n.starts_with("client: msl 5s: Linux's TIME-WAIT is fixed at 60 s");
  CHECK(msl);
}
TEST_CASE("kernel-check: inject's numbers come from what the TUN carried (WireTcb)", "[kernel]") {
  kernel::WireTcb w;
  CHECK_FALSE(w.value(SeqExpr::Var::RcvNxt));  // Nothing on the wire yet: exit 2 naming the line.
  Segment syn;
  syn.flags = kSyn;
  syn.seq = Seq(1000);
  w.sent(syn);  // The kernel's ISN.
  CHECK(w.value(SeqExpr::Var::Iss) == 1000u);
  CHECK(w.value(SeqExpr::Var::SndNxt) == 1001u);
  CHECK_FALSE(w.value(SeqExpr::Var::Irs));
  Segment synack;
  synack.flags = kSyn | kAck;
  synack.seq = Seq(5000);
  synack.ack = Seq(1001);
  w.received(synack);
  CHECK(w.value(SeqExpr::Var::Irs) == 5000u);
  CHECK(w.value(SeqExpr::Var::RcvNxt) == 5001u);
  CHECK(w.value(SeqExpr::Var::SndUna) == 1001u);
  Segment data;
  data.flags = kAck | kPsh;
  data.seq = Seq(5001);
  data.ack = Seq(1001);
  data.data.len = 5;
  w.received(data);  // In order: RCV.NXT moves at once, before the kernel's (delayed) ACK.
  CHECK(w.value(SeqExpr::Var::RcvNxt) == 5006u);
  Segment late = data;
  late.seq = Seq(6000);
  w.received(late);  // Out of order: the kernel holds it; RCV.NXT stays.
  CHECK(w.value(SeqExpr::Var::RcvNxt) == 5006u);
  Segment ack;
  ack.flags = kAck;
  ack.seq = Seq(1001);
  ack.ack = Seq(5006);
  ack.wnd = 64235;
  w.sent(ack);
  CHECK(w.value(SeqExpr::Var::RcvWnd) == 64235u);
  Segment rst;
  rst.flags = kRst;
  rst.seq = Seq(9999);
  w.received(rst);  // A forged RST moves nothing.
  CHECK(w.value(SeqExpr::Var::RcvNxt) == 5006u);
}
#endif
