#pragma once
// What-ifs: an instructor acts on a host, a connection, a link or a middlebox at the moment on screen
// ("what if the server crashed *now*?"). The action becomes an ordinary scenario line at that time,
// inserted where it reads in time order, so the fork is visible in the editor, savable, and the same
// as `tcpsim run FILE --also LINE`. Plain data and text: the branch list (branches.hpp) re-simulates.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ladder/ladder_layout.hpp"
#include "ladder/moment.hpp"
#include "model/session.hpp"

namespace tcpsim::viz {

/// What a what-if acts on (what was right-clicked, or a group of the Act menu).
struct ActTarget {
  enum class Kind : uint8_t { Host, Conn, Link, Middlebox };
  Kind kind = Kind::Host;
  uint32_t id = 0;  ///< NodeId for a host or middlebox, connection id (1-based) for Conn, LinkId for Link.
  bool operator==(const ActTarget& o) const { return kind == o.kind && id == o.id; }
};

/// One action a person can apply now.
struct ActOption {
  ActTarget target;
  std::string group;      ///< Who it acts on, as the panels name it: "server", "client (conn 2)", "link client–fw".
  std::string label;      ///< What it does: "crash", "close()", "forged RST: seq = RCV.NXT".
  std::string statement;  ///< The scenario line without its time: "server crash".
  std::string hint;       ///< Why it is unavailable, or what to expect ("waits: its recv() has not returned").
  bool enabled = true;
};

/// Every action that can be applied at moment `m` of `run`, grouped by target in lane order: hosts
/// (crash or restart, connect), their connections and listeners (calls, socket options, forged
/// segments), middleboxes (rules, forget), links (down or up).
std::vector<ActOption> act_options(const Run& run, const Moment& m);
/// Only those of `all` (act_options() of `run`) acting on `target` (a context menu); a host's include
/// those of its connections.
std::vector<ActOption> act_options_for(const Run& run, const std::vector<ActOption>& all, const ActTarget& target);
/// The options whose group, label or statement contain every word of `filter` (the Act palette).
std::vector<size_t> filter_options(const std::vector<ActOption>& options, std::string_view filter);

/// What a right-click at (x, y) on the ladder acts on: the connection that sent the segment or made
/// the mark under it (`hit`), else the host or middlebox of the nearest lane, or the link between
/// two neighbouring lanes when the click is between them. Nothing outside the lanes' span.
std::optional<ActTarget> ladder_target(const Run& run, const LadderLayout& layout, const LadderHit& hit, float x,
                                       float y);

/// The simulated time a what-if applied at playback position (`step`, `now`) gets, before checking:
/// at or after `now`, before the next step's event, as round as the room allows ("250ms" rather than
/// "243.771ms"). With `strict`, strictly after the last event shown (always safe: no event of the run
/// lies between it and the next step); without, it may equal the last event's time when `now` does.
Time fork_time(const Run& run, size_t step, Time now, bool strict);

/// The fork time a what-if will most likely get (what menus announce): fork_time() strictly after the
/// last event shown when an arrival, a drop or a timer was shown at that very time (a scenario line
/// at that time would run before them), else at the moment itself. Branches::fork checks it.
Time likely_fork_time(const Run& run, size_t step, Time now);

/// A scenario text with a line inserted.
struct Inserted {
  std::string text;    ///< The whole new text.
  uint32_t line = 0;   ///< The inserted line's 1-based number.
};

/// Inserts "at TIME STATEMENT  # COMMENT" into `text` (parsed as `scenario`) after the last action
/// at or before `at`, and after any lines that lean on the one before them (`at +D` and a `note`
/// without a time take their time from the previous timed line), so no other line changes meaning.
Inserted insert_timed_line(std::string_view text, const Scenario& scenario, Time at, std::string_view statement,
                           std::string_view comment = {});

/// The scenario words of a time: "250ms", "1.5s", "12.000001s".
std::string time_words(Time t);

/// True when the first `events` events of two traces are the same (a fork kept what was shown).
bool same_prefix(const Trace& a, const Trace& b, uint32_t events);

}  // namespace tcpsim::viz
