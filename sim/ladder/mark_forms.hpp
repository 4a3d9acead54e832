#pragma once
// Shorter forms of a ladder mark's words, for a lane with less room than the whole text needs (a
// projector's large font). What the reader needs is never cut by an ellipsis while a shorter form
// fits: the less important parts go first (the connection's name, which the lane and the colours also
// tell; the state left, which the mark above says; a call's arguments; a parenthesis), and the state
// entered or the errno stays to the last.
#include <functional>
#include <string>
#include <vector>

#include "ladder/ladder_index.hpp"

namespace tcpsim::viz {

/// The forms of the mark of `event` (of kind `kind`, whole text `full`) shorter than `full`, longest
/// first. `pending`: a call shown as issued ("connect(server:80) …"), its return not applied yet.
std::vector<std::string> shorter_mark_forms(const Trace& t, uint32_t event, MarkKind kind, bool pending,
                                            const std::string& full);

/// `full` when `fits` says it fits, else the first shorter form that fits, else the shortest form.
std::string fitting_mark_text(const Trace& t, uint32_t event, MarkKind kind, bool pending, const std::string& full,
                              const std::function<bool(const std::string&)>& fits);

/// Names of timers as the panels show them ("retransmit", "TIME-WAIT").
std::string timer_display_name(TimerKind k);

/// " (server #2)" after what accept() returned: the name the other panels give the new connection
/// ("accept() = fd 4 (server)"); "" for every other call.
std::string accepted_name(const Trace& t, const CallRecord& call);

}  // namespace tcpsim::viz
