#pragma once
// Private to the checker (expect*.cpp), split by feature:
//   expect.cpp          the driver, whole-run `sends`, `state` and call results
//   expect_ordered.cpp  ordered segment lines: `expect next`, `at TIME expect ... sends`, `expect nothing`
//   expect_fate.cpp     what happened to a segment or a call: `ignores`, `drops`, `gets SIGPIPE`, `forgets`
#include <map>
#include <string>
#include <vector>

#include "scenario/ast.hpp"
#include "scenario/expect.hpp"
#include "trace/trace.hpp"

namespace tcpsim::checking {

/// "at 2.010s": three decimals, as the ladder, the diff and the event list print times.
std::string at_time(Time t);
/// Expectations tell the fault run's story unless marked `twin`: an unmarked `expect` (or `-> RESULT`
/// on an unmarked call) is checked against the fault run only.
bool checked_in(Variant v, RunKind run);
/// "RST+ACK seq=1 ack=19" from an expectation's fields.
std::string wanted_segment(const Expectation& e);
/// True when segment `i` has the expectation's flags (exactly) and every field it gives.
bool fields_match(const Expectation& e, const Trace& tr, const RelativeNumbers& rel, size_t i);
/// Segments a node sent itself (link duplicates are the network's doing, not the host's).
std::vector<size_t> sent_by(const Trace& tr, NodeId n);

/// Where the ordered lines of one node have got to: the segment the previous ordered line matched.
struct OrderCursor {
  size_t pos = 0;        ///< Index into sent_by(node) of the next segment to consider.
  uint32_t line = 0;     ///< The line that matched the segment before it (0: none yet).
  size_t segment = 0;    ///< Trace index of that segment.
};

/// The ordered lines' cursors, one per node name, carried through the file in line order.
using OrderCursors = std::map<std::string, OrderCursor>;

/// `expect next NODE sends ...` and `at TIME expect NODE sends ...`: moves NODE's cursor on a match.
CheckResult check_ordered_sends(const Expectation& e, const Scenario& sc, const Trace& tr, const RelativeNumbers& rel,
                                OrderCursors& cursors);
/// `[at TIME] expect nothing from NODE until TIME`.
CheckResult check_nothing(const Expectation& e, const Scenario& sc, const Trace& tr, const RelativeNumbers& rel,
                          const OrderCursors& cursors);
/// `expect HOST ignores FLAGS ...` and `expect MB drops FLAGS ...`.
CheckResult check_fate(const Expectation& e, const Trace& tr, const RelativeNumbers& rel);
/// `expect SUBJECT gets [no] SIGPIPE`.
CheckResult check_sigpipe(const Expectation& e, const Trace& tr);
/// `expect NAT forgets [no] flow [of HOST]`.
CheckResult check_forgets(const Expectation& e, const Trace& tr);

}  // namespace tcpsim::checking
