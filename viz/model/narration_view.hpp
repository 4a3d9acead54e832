#pragma once
// The narration panel: the scenario's title and summary, the note for the moment shown, and any
// errors the scenario met (parse errors when it did not parse, run errors when it did).
#include <cstdint>
#include <string>
#include <vector>

#include "ladder/moment.hpp"
#include "model/session.hpp"

namespace tcpsim::viz {

/// What the narration panel shows.
struct NarrationView {
  std::string title;              ///< "Close with unread data" (the file name when there is none).
  std::string summary;            ///< The summary lines as one paragraph.
  bool has_note = false;          ///< A note is in force.
  std::string note;               ///< The note in force at this moment.
  std::string note_time;          ///< "0.220".
  int64_t note_index = -1;        ///< Index into trace.notes.
  size_t notes_total = 0;         ///< Notes in the whole run ("note 2 of 3").
  bool note_fresh = false;        ///< The note was made at the step just taken (highlighted).
  std::string note_caveat;        ///< On a what-if, a note from after the fork: "written for the original run..."
  std::vector<std::string> errors;///< "line 12: unknown host 'sever' (did you mean 'server'?)".
};

/// Joins `summary` lines into one paragraph (the file breaks lines for width, not meaning).
std::string paragraph(const std::string& lines);

/// The narration for `session`'s run `run` (may be null when the file did not parse) at `m`. On a
/// what-if branch, `forked_at` is when it first parts from the original (-1: the original itself):
/// the scenario's notes from then on were written for the original run, and say so.
NarrationView narration_view(const Session& session, const Run* run, const Moment& m, Time forked_at = -1);

}  // namespace tcpsim::viz
