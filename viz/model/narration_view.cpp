#include "model/narration_view.hpp"

#include "render/event_text.hpp"

namespace tcpsim::viz {

std::string paragraph(const std::string& lines) {
  std::string out;
  for (char c : lines) {
    if (c == '\n') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

std::string error_line(const Diagnostic& d) {
  std::string s = d.line ? "line " + std::to_string(d.line) + ": " + d.message : d.message;
  if (!d.hint.empty()) s += " (" + d.hint + ")";
  return s;
}

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

NarrationView narration_view(const Session& session, const Run* run, const Moment& m, Time forked_at) {
  NarrationView v;
  if (session.scenario()) {
    v.title = session.scenario()->title;
    v.summary = paragraph(session.scenario()->summary);
  }
  if (v.title.empty()) v.title = session.path().empty() ? std::string("(no scenario)") : base_name(session.path());
  for (const Diagnostic& d : session.errors()) v.errors.push_back(error_line(d));
  for (const Diagnostic& d : session.run_errors()) v.errors.push_back(error_line(d));
  if (!run) return v;
  const Trace& t = run->trace;
  v.notes_total = t.notes.size();
  if (m.note >= 0 && static_cast<size_t>(m.note) < t.notes.size()) {
    const NoteRecord& n = t.notes[static_cast<size_t>(m.note)];
    v.has_note = true;
    v.note = n.text;
    v.note_time = render::format_ms(n.t);
    v.note_index = m.note;
    if (forked_at >= 0 && n.t >= forked_at) {
      v.note_caveat = "Written for the original run; this what-if parts from it at " + render::format_ms(forked_at) +
                      " s, so it may no longer be true.";
    }
    v.note_fresh = m.last_event >= 0 && t.events[static_cast<size_t>(m.last_event)].type == EventType::Note &&
                   t.events[static_cast<size_t>(m.last_event)].ref == static_cast<uint32_t>(m.note);
  }
  return v;
}

}  // namespace tcpsim::viz
