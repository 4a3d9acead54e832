#include "model/branches.hpp"

#include <algorithm>

#include "model/editor_model.hpp"
#include "scenario/also.hpp"
#include "model/whatif.hpp"

namespace tcpsim::viz {

namespace {

/// The first error of a session that did not parse: "unknown host 'sever'" when it is in the new
/// line, else as the editor lists it ("line 14: ...").
std::string first_error(const Session& s, uint32_t new_line) {
  if (s.errors().empty()) return "the scenario did not parse";
  const Diagnostic& d = s.errors().front();
  std::string m = (d.line && d.line != new_line ? "line " + std::to_string(d.line) + ": " : std::string()) + d.message;
  if (!d.hint.empty()) m += " (" + d.hint + ")";
  return m;
}

/// Line `n` (1-based) of `text`, without its end.
std::string line_text(std::string_view text, uint32_t n) {
  const size_t at = offset_of(text, n);
  size_t end = text.find('\n', at);
  if (end == std::string_view::npos) end = text.size();
  if (end > at && text[end - 1] == '\r') --end;
  return std::string(text.substr(at, end - at));
}

/// The 1-based numbers of the lines of `text` that read exactly like one of `wanted`.
std::vector<uint32_t> find_lines(std::string_view text, const std::vector<std::string>& wanted) {
  std::vector<uint32_t> out;
  const uint32_t n = line_count(text);
  for (uint32_t i = 1; i <= n; ++i) {
    const std::string l = line_text(text, i);
    if (std::find(wanted.begin(), wanted.end(), l) != wanted.end()) out.push_back(i);
  }
  return out;
}

}  // namespace

std::vector<uint32_t> Branches::what_if_lines(std::string_view text) const {
  std::vector<std::string> wanted;
  for (int i = list_.empty() ? -1 : static_cast<int>(current_); i > 0; i = list_[static_cast<size_t>(i)].parent) {
    wanted.push_back(list_[static_cast<size_t>(i)].text_line);
  }
  return find_lines(text, wanted);
}

std::vector<uint32_t> Branches::lines_with(std::string_view text, const std::string& also) const {
  std::vector<uint32_t> out = what_if_lines(text);
  for (uint32_t l : find_lines(text, {also})) out.push_back(l);
  return out;
}

void Branches::start() {
  list_.clear();
  redo_.clear();
  Branch original;
  original.name = "original";
  list_.push_back(std::move(original));
  current_ = 0;
}

const Branch* Branches::parent() const {
  if (list_.empty() || list_[current_].parent < 0) return nullptr;
  return &list_[static_cast<size_t>(list_[current_].parent)];
}

Time Branches::forked_at() const {
  Time at = -1;
  for (int i = list_.empty() ? -1 : static_cast<int>(current_); i > 0; i = list_[static_cast<size_t>(i)].parent) {
    const Time t = list_[static_cast<size_t>(i)].at;
    at = at < 0 ? t : std::min(at, t);
  }
  return at;
}

const Session* Branches::parent_session() const {
  const Branch* p = parent();
  return p ? &p->parked : nullptr;
}

ForkResult Branches::fork(Session& live, const Run& viewed, std::string_view statement, size_t step, Time now) {
  if (list_.empty()) start();
  if (!live.scenario()) return {false, "the scenario has errors: fix them first"};
  if (statement.find_first_of("\r\n") != std::string_view::npos) return {false, "a what-if is one line"};
  if (statement.find_first_not_of(" \t") == std::string_view::npos) return {false, "the what-if is empty"};
  const Scenario& sc = *live.scenario();
  const std::string name = "what-if " + std::to_string(list_.size());
  const uint32_t shown = viewed.applied(step);
  // First the moment on screen itself; if the new line would run before events already shown at that
  // same time (an arrival, a timer), the first moment after them, which is always safe.
  std::vector<Time> tries{likely_fork_time(viewed, step, now)};
  if (const Time safe = fork_time(viewed, step, now, true); safe != tries.front()) tries.push_back(safe);
  for (size_t k = 0; k < tries.size(); ++k) {
    const Time at = tries[k];
    if (at >= sc.time_limit) {
      return {false, "the run stops at " + time_words(sc.time_limit) + " ('limit time'): nothing can happen after it"};
    }
    const Inserted ins = insert_timed_line(live.text(), sc, at, statement, name);
    const std::string text_line = line_text(ins.text, ins.line);
    Session next;
    if (!next.load_text(ins.text, live.path(), lines_with(ins.text, text_line))) {
      return {false, first_error(next, ins.line)};
    }
    const Run* same = viewed.trace.run == RunKind::Twin ? next.twin() : next.fault();
    if (!same || !same_prefix(same->trace, viewed.trace, shown)) {
      if (k + 1 < tries.size()) continue;
      // Cannot happen by construction (nothing of the old run lies between the moment and the line's
      // time); say so rather than show a branch that rewrote what the class already saw.
      return {false, "the what-if would change what is already shown; step forward and try again"};
    }
    Branch b;
    b.name = name;
    b.line = "at " + time_words(at) + " " + std::string(statement);
    b.line_no = ins.line;
    b.text_line = text_line;
    b.at = at;
    b.step = step;
    return adopt(live, std::move(next), std::move(b));
  }
  return {false, "no room for a what-if here"};
}

ForkResult Branches::fork_line(Session& live, std::string_view line) {
  if (list_.empty()) start();
  if (line.find_first_of("\r\n") != std::string_view::npos) return {false, "--also takes one line"};
  // Exactly the text `tcpsim ... --also LINE` reads, so both run the same.
  std::string text = live.text();
  if (!text.empty() && text.back() != '\n') text += '\n';
  const uint32_t line_no = line_count(text);
  text = append_also(live.text(), {std::string(line)});
  Session next;
  const std::string name = "what-if " + std::to_string(list_.size());
  if (!next.load_text(text, live.path(), lines_with(text, std::string(line)))) return {false, first_error(next, line_no)};
  Branch b;
  b.name = name;
  b.line = std::string(line);
  b.line_no = line_no;
  b.text_line = std::string(line);
  // Where it may part: the line's own time, as the parser read it.
  b.at = 0;
  for (const Action& a : next.scenario()->actions) {
    if (a.loc.line == line_no) b.at = a.at;
  }
  return adopt(live, std::move(next), std::move(b));
}

ForkResult Branches::adopt(Session& live, Session next, Branch b) {
  redo_.clear();
  b.parent = static_cast<int>(current_);
  list_[current_].parked = std::move(live);
  live = std::move(next);
  const std::string said = b.name + ": " + b.line;
  list_.push_back(std::move(b));
  current_ = list_.size() - 1;
  compare_with_parent(live);
  return {true, said};
}

void Branches::compare_with_parent(const Session& live) {
  Branch& b = list_[current_];
  const Session* p = parent_session();
  if (!live.fault() || !p || !p->fault()) {
    b.from_parent = Divergence{};
    b.from_parent_headline.clear();
    return;
  }
  // Named as the callout and its tooltip read: "At 0.150s what-if 1 sends RST+ACK where the original run ...".
  RunNames names;
  names.left = b.name;
  names.right = b.parent == 0 ? "the original run" : list_[static_cast<size_t>(b.parent)].name;
  names.left_heading = b.name;
  names.right_heading = b.parent == 0 ? "original" : names.right;
  b.from_parent = find_divergence(live.fault()->trace, p->fault()->trace);
  b.from_parent_headline = diff_headline(live.fault()->trace, p->fault()->trace, names);
}

void Branches::resimulated(const Session& live) {
  if (!list_.empty()) compare_with_parent(live);
}

void Branches::switch_to(Session& live, size_t i) {
  if (i >= list_.size() || i == current_) return;
  list_[current_].parked = std::move(live);
  live = std::move(list_[i].parked);
  list_[i].parked = Session{};
  current_ = i;
  // Its parent may have been edited and re-simulated since.
  compare_with_parent(live);
}

bool Branches::undo(Session& live) {
  if (list_.size() <= 1) return false;
  // The newest branch is the last one; nothing was forked from it since (forks append).
  const size_t last = list_.size() - 1;
  if (current_ == last) switch_to(live, static_cast<size_t>(list_[last].parent));
  redo_.push_back(std::move(list_[last]));
  list_.pop_back();
  return true;
}

bool Branches::redo(Session& live) {
  if (redo_.empty()) return false;
  Branch b = std::move(redo_.back());
  redo_.pop_back();
  list_.push_back(std::move(b));
  switch_to(live, list_.size() - 1);
  return true;
}

}  // namespace tcpsim::viz
