#include "render/diff_words.hpp"

#include "render/event_text.hpp"
#include "trace/describe.hpp"

namespace tcpsim {

RunNames RunNames::what_if() { return {"the what-if", "the original run", "what-if", "original run"}; }

namespace diff {

bool pairable(const Item& a, const Item& b) { return tcpsim::pairable(a.moment, b.moment); }

std::string at(Time t) { return render::format_ms(t) + "s"; }

std::string capital(std::string name) {
  if (!name.empty() && name[0] >= 'a' && name[0] <= 'z') name[0] = static_cast<char>(name[0] - 32);
  return name;
}

/// "server close() with unread data (RFC 1122 §4.2.2.13)"; with a colon when the rule's label is no
/// action of the node's ("server: no connection (RFC 9293 §3.10.7.1)").
std::string because(const Item& i) {
  const std::string label(rule_info(i.rule).label);
  if (label.empty()) return i.node;
  const std::string cite = render::short_cite(i.rule);
  const bool action = label.rfind("rcv ", 0) == 0 || label.find('(') != std::string::npos;
  return i.node + (action ? " " : ": ") + label + (cite.empty() ? "" : " (" + cite + ")");
}

/// An item as a clause with its subject: "server calls recv(), which returns 0 (EOF)",
/// "client sends ACK seq=19 ack=2 to server", "server goes ESTABLISHED → CLOSED  (rcv RST)".
std::string happening(const Item& i) {
  switch (i.kind) {
    case Item::Kind::Call:
      if (i.issued) return i.node + " calls " + describe_call(*i.call);
      if (render::call_waited(*i.call)) return i.node + "'s " + describe_call(*i.call) + " returns " + describe_result(*i.call);
      return i.node + " calls " + describe_call(*i.call) + ", which returns " + describe_result(*i.call);
    case Item::Kind::Segment:
      return i.node + " sends " + i.what + " to " + i.dest + (i.died.empty() ? "" : ", but " + i.died);
    case Item::Kind::State: return i.node + " goes " + render::plain_text(i.text);
    case Item::Kind::Discard: return i.node + " discards" + i.key.substr(std::string("discarded").size());
    case Item::Kind::Other: return (i.node.empty() ? "" : i.node + " ") + i.phrase;
  }
  return i.key;
}

std::string segment_headline(const Item* f, const Item* w, const RunNames& n) {
  if (f && w) {
    if (f->what == w->what && f->node == w->node && f->t == w->t && f->dest == w->dest) {
      // The same segment, but it met a different fate.
      const std::string lead = "At " + at(f->t) + " " + f->node + " sends " + f->what + " in both runs, but ";
      if (!f->died.empty() && w->died.empty()) return lead + "in " + n.left + " " + f->died + "; in " + n.right + " it arrives.";
      if (f->died.empty() && !w->died.empty()) return lead + "in " + n.right + " " + w->died + "; in " + n.left + " it arrives.";
      return lead + "in " + n.left + " " + f->died + ", in " + n.right + " " + w->died + ".";
    }
    const bool flags_differ = f->flags != w->flags;
    const std::string fs = flags_differ ? f->flags : f->what;
    const std::string ws = flags_differ ? w->flags : w->what;
    if (f->t == w->t && f->node == w->node) {
      return "At " + at(f->t) + " " + n.left + " sends " + fs + " where " + n.right + " sends " + ws + ": " +
             because(*f) + ".";
    }
    return "At " + at(f->t) + " " + n.left + " sends " + fs + ": " + because(*f) + ". " + capital(n.right) + " sends " +
           ws + " from " + w->node + " at " + at(w->t) + " instead.";
  }
  if (f) {
    return "At " + at(f->t) + " " + n.left + " sends " + f->what + ": " + because(*f) + ". " + capital(n.right) +
           " sends no such segment.";
  }
  return "At " + at(w->t) + " " + n.right + " sends " + w->what + ": " + because(*w) + ". " + capital(n.left) +
         " sends no such segment.";
}

/// The sentence for a row where the runs differ: "At 0.300s, in the fault run, ...".
std::string difference(const Item* f, const Item* w, const std::string& opening, const RunNames& n) {
  if (f && w) {
    if (f->kind == Item::Kind::Call && !f->issued && pairable(*f, *w) && describe_call(*f->call) == describe_call(*w->call)) {
      return opening + ", " + f->node + "'s " + describe_call(*f->call) + " returns " + describe_result(*f->call) +
             " in " + n.left + " but " + describe_result(*w->call) + " in " + n.right + ".";
    }
    return opening + ": in " + n.left + ", " + happening(*f) + "; in " + n.right + ", " + happening(*w) + ".";
  }
  const Item& i = f ? *f : *w;
  return opening + ": in " + (f ? n.left : n.right) + ", " + happening(i) + "; " + (f ? n.right : n.left) +
         (i.kind == Item::Kind::Call ? " makes no such call." : " does not.");
}

}  // namespace diff
}  // namespace tcpsim
