#pragma once
// The application console: per host, the calls its application has made by the moment shown and how
// they ended, in the words the terminal views use ("recv() = -1 ECONNRESET (Connection reset by
// peer)"). A call still waiting reads "recv() …" until it returns; the newest line is last.
#include <cstdint>
#include <string>
#include <vector>

#include "ladder/moment.hpp"
#include "ladder/text_wrap.hpp"
#include "render/rich.hpp"

namespace tcpsim::viz {

/// A run of text in one ink.
struct Span {
  std::string text;                      ///< UTF-8.
  render::Ink ink = render::Ink::Plain;  ///< Its meaning (the palette picks the colour).
};

/// Spans from styled terminal text (consecutive cells of one ink merged).
std::vector<Span> spans_of(const render::Rich& r);
/// The text of spans without styling.
std::string plain(const std::vector<Span>& spans);

/// Spans in lines at most `width` wide (broken at spaces, a piece continuing on the next line in its
/// own colour), so that a long result reads in order under its call and nothing is cut.
std::vector<std::vector<Span>> wrap_spans(const std::vector<Span>& spans, float width, const TextWidth& measure);

/// One line of a host's console.
struct ConsoleLine {
  Time t = 0;                ///< When it was issued (pending) or returned.
  uint32_t call = 0;         ///< Call id (0: a line that is not a call, e.g. the SIGPIPE note).
  std::string time;          ///< "0.300".
  std::vector<Span> spans;   ///< "recv()" " = " "-1 ECONNRESET (Connection reset by peer)".
  bool pending = false;      ///< Issued, not returned yet.
  bool failed = false;       ///< Returned an error.
  bool fresh = false;        ///< Issued or returned at the step just taken.
  /// The line without its time stamp.
  std::string text() const { return plain(spans); }
};

/// One host's column.
struct ConsoleColumn {
  NodeId node = kNoNode;        ///< The host.
  size_t lane = 0;              ///< Colour slot.
  std::string host;             ///< "client".
  std::vector<ConsoleLine> lines;  ///< Oldest first.
  bool down = false;            ///< The host has crashed (and not restarted) by now.
};

/// Every host's calls at moment `m`, hosts in lane order.
std::vector<ConsoleColumn> console_view(const Run& run, const Moment& m);

/// Which trace events are applied at a moment, answered without replaying the trace: events before
/// the last applied one's time are, later ones are not, and the few at that very time are looked up.
class AppliedEvents {
 public:
  /// The events [0, applied) of `trace`.
  AppliedEvents(const Trace& trace, uint32_t applied);
  /// Whether the event of `type` with `ref` that happened at `t` is applied.
  bool has(EventType type, uint32_t ref, Time t) const;
  /// Time of the last applied event (-1: none).
  Time last_time() const { return last_; }

 private:
  Time last_ = -1;
  bool all_ = false;
  std::vector<std::pair<EventType, uint32_t>> tail_;  // applied events at time last_
};

}  // namespace tcpsim::viz
