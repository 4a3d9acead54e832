// `tcpsim diff`'s headline names the lesson (issue 15): the first moment where the two runs' endings
// differ (an RST where the other has a FIN, a drop where the other delivers, an error where the other
// gets data), not merely the first segment that differs. Exact headlines on library scenarios.
#include <catch2/catch.hpp>

#include <string>

#include "render/diff_lesson.hpp"
#include "render/diff_text.hpp"
#include "scenario/parser.hpp"
#include "scenario/runner.hpp"

using namespace tcpsim;

namespace {

struct Runs {
  Trace fault, twin;
};

Runs library_runs(const std::string& name) {
  const ParseResult r = parse_scenario_file(std::string(TCPSIM_SCENARIO_DIR) + "/" + name);
  REQUIRE(r.ok());
  return {run_scenario(*r.scenario, RunKind::Fault), run_scenario(*r.scenario, RunKind::Twin)};
}

std::string headline(const std::string& name) {
  const Runs r = library_runs(name);
  return diff_headline(r.fault, r.twin);
}

}  // namespace

TEST_CASE("diff headline: 13-nat-idle-timeout names the NAT's reset, not the PSH+ACK both runs send",
          "[render][diff][issue15]") {
  // RFC 4787 §4.3 / Linux conntrack: a NAT that forgot the flow rejects the segment with a reset;
  // the twin's keep-alives kept the flow, so the same segment arrives.
  const std::string h = headline("13-nat-idle-timeout.scn");
  CHECK(h ==
        "At 90.010s the fault run sends RST to client: gw: middlebox forgot the flow (stateful middlebox "
        "(conntrack/NAT)). In the graceful twin the client's segment it answers arrives at server.");
  CHECK(h.find("PSH+ACK") == std::string::npos);
  // The side-by-side view still starts where the runs part (the twin's setsockopt at 0.100 s).
  DiffOptions o;
  o.width = 400;
  const Runs r = library_runs("13-nat-idle-timeout.scn");
  CHECK(render_diff(r.fault, r.twin, o).find(h + " The runs part at 0.100s: in the graceful twin, client calls "
                                                 "setsockopt(SO_KEEPALIVE on), which returns 0") != std::string::npos);
}

TEST_CASE("diff headline: an RST where the twin has a FIN (06, 07)", "[render][diff][issue15]") {
  // RFC 1122 §4.2.2.13: close() with unread data resets; the earlier difference (the twin's recv()
  // of the request) is not the lesson.
  CHECK(headline("06-close-unread-data.scn") ==
        "At 0.200s the fault run sends RST+ACK where the graceful twin sends FIN+ACK: server close() with unread "
        "data (RFC 1122 §4.2.2.13).");
  CHECK(headline("07-linger-zero-abort.scn") ==
        "At 0.160s the fault run sends RST+ACK where the graceful twin sends FIN+ACK: server close() with SO_LINGER "
        "0 (Linux tcp_disconnect()).");
}

TEST_CASE("diff headline: a drop where the twin delivers (12), a reset answering it (11)", "[render][diff][issue15]") {
  CHECK(headline("12-firewall-drop-timeout.scn") ==
        "At 2.000s client sends PSH+ACK seq=5 ack=1 len=14 in both runs, but in the fault run fw drops it (line 20); "
        "in the graceful twin it arrives.");
  // Linux REJECT --reject-with tcp-reset: the firewall's reset, not the SYN it answers, leads.
  CHECK(headline("11-firewall-reject.scn") ==
        "At 0.020s the fault run sends RST+ACK to client: fw: firewall reject (Linux REJECT --reject-with tcp-reset "
        "(nf_send_reset)). In the graceful twin the client's segment it answers arrives at server.");
}

TEST_CASE("diff headline: a reset where the twin acknowledges (08), one the twin never sends (15)",
          "[render][diff][issue15]") {
  // RFC 9293 §3.10.7.2: the restarted server's LISTEN socket answers the old connection's ACK with RST.
  CHECK(headline("08-crash-restart.scn") ==
        "At 3.020s the fault run sends RST where the graceful twin sends ACK: server rcv ACK in LISTEN (RFC 9293 "
        "§3.10.7.2).");
  CHECK(headline("15-blind-rst-challenge-ack.scn") ==
        "At 1.000s the fault run sends RST seq=1006: attacker: injected (scenario). The graceful twin sends no such "
        "segment.");
}

TEST_CASE("diff headline: find_divergence still finds where the runs part, before the lesson the headline names",
          "[render][diff][issue15]") {
  const Runs r = library_runs("13-nat-idle-timeout.scn");
  const Divergence d = find_divergence(r.fault, r.twin);
  CHECK(d.at == ms(100));
  CHECK(diff_headline(r.fault, r.twin).rfind("At 0.100s", 0) == std::string::npos);
}

TEST_CASE("diff headline: endings both runs share are paired, whatever their times", "[render][diff][issue15]") {
  const Runs r = library_runs("06-close-unread-data.scn");
  // The twin paired with itself has no lesson; the fault run against its twin has one, at the reset.
  const RelativeNumbers fn = render::numbers_for(r.fault, false), tn = render::numbers_for(r.twin, false);
  CHECK_FALSE(diff::find_lesson(r.twin, r.twin, tn, tn, {}).found);
  const diff::Lesson l = diff::find_lesson(r.fault, r.twin, fn, tn, {});
  CHECK(l.found);
  CHECK(l.t == ms(200));
}
