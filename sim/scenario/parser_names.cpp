// Names in scenario lines (parser_impl.hpp): declared nodes and sockets, names used before their
// declaration, and the check once the whole file is read, with a suggestion for a misspelt one.
#include <algorithm>

#include "scenario/parser_impl.hpp"

namespace tcpsim::parsing {

const char* node_kind_name(NodeKind k) {
  switch (k) {
    case NodeKind::Host:
      return "a host";
    case NodeKind::Firewall:
      return "a firewall";
    case NodeKind::Nat:
      return "a nat";
  }
  return "a node";
}

// ---------------------------------------------------------------------------------------------
// Names

void Parser::check_name(const Token& t) const {
  const std::string_view w = t.text;
  bool valid = (w[0] >= 'a' && w[0] <= 'z') || (w[0] >= 'A' && w[0] <= 'Z');
  for (char ch : w) {
    valid = valid && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || is_digit(ch) || ch == '-' || ch == '_');
  }
  uint32_t ip = 0;
  if (!valid && parse_ip_word(w, &ip))
    fail(t.col, "expected a name before the IP address", "e.g. 'host server " + shown(w) + "'");
  if (!valid)
    fail(t.col, "invalid name " + q(w), "a name starts with a letter and has only letters, digits, '-' and '_'");
  if (w.size() > kMaxNameLength) fail(t.col, "name " + q(w) + " is too long (at most 64 characters)");
  if (word_in(w, kStatements) || word_in(w, kReservedExtra)) fail(t.col, q(w) + " is a keyword and cannot be a name");
}

void Parser::declare_node(const Token& t, NodeKind kind) {
  check_name(t);
  const std::string name(t.text);
  if (auto it = nodes_.find(name); it != nodes_.end()) {
    fail(t.col, "duplicate name " + q(name) + " (already declared at " + sc_.line_ref(it->second.line) + ")");
  }
  nodes_.emplace(name, NodeInfo{kind, line_});
}

void Parser::use(std::string_view name, uint32_t col, Want want, const char* why) {
  line_refs_.push_back(NameRef{std::string(name), want, line_, col, why});
}

std::string Parser::names_hint(const std::string& name, const std::vector<std::string>& names, const char* kind,
                               const char* declare) const {
  std::string near = did_you_mean(name, names);
  if (!near.empty()) return "did you mean '" + near + "'?";
  if (names.empty()) return declare;
  return std::string(kind) + " in this file: " + join(names, 8);
}

void Parser::resolve_names() {
  for (const HostDecl& h : sc_.hosts) host_names_.push_back(h.name);
  for (const MiddleboxDecl& m : sc_.middleboxes) middlebox_names_.push_back(m.name);
  node_names_ = host_names_;
  node_names_.insert(node_names_.end(), middlebox_names_.begin(), middlebox_names_.end());
  subject_names_ = host_names_;
  std::unordered_set<std::string> seen(subject_names_.begin(), subject_names_.end());
  for (const NameDecl& d : socket_decls_) {
    if (seen.insert(d.name).second) subject_names_.push_back(d.name);
  }
  for (const ProcessDecl& d : sc_.processes) {
    if (seen.insert(d.name).second) subject_names_.push_back(d.name);
  }

  for (const NameDecl& d : socket_decls_) {
    if (auto it = nodes_.find(d.name); it != nodes_.end()) {
      error(d.line, d.col,
            "socket name " + q(d.name) + " is already " + node_kind_name(it->second.kind) + " (" +
                sc_.line_ref(it->second.line) + ")",
            "pick another name after 'as'");
    } else if (auto p = processes_.find(d.name); p != processes_.end()) {
      error(d.line, d.col,
            "socket name " + q(d.name) + " is already a process (" + sc_.line_ref(sc_.processes[p->second].loc.line) +
                ")",
            "pick another name after 'as'");
    }
  }
  for (const NameRef& r : refs_) {
    const auto node = nodes_.find(r.name);
    const bool is_node = node != nodes_.end();
    // Lines after stopped_at_ were not read; their declarations are known only by name.
    if (stopped_at_ != 0 && !is_node && !sockets_.count(r.name) && prescan_names_.count(r.name)) continue;
    const bool is_host = is_node && node->second.kind == NodeKind::Host;
    const bool is_process = processes_.count(r.name) > 0;
    const bool is_socket = sockets_.count(r.name) > 0 || is_process;
    const std::string kind = is_node       ? node_kind_name(node->second.kind)
                             : is_process ? "a process"
                             : is_socket  ? "a socket"
                                          : "";
    const std::string name = r.name;
    switch (r.want) {
      case Want::Host:
        if (is_host) continue;
        if (!kind.empty())
          error(r.line, r.col, q(name) + " is " + kind + ", not a host", r.why);
        else
          error(r.line, r.col, "unknown host " + q(name), "",
                [this, name] { return names_hint(name, host_names_, "hosts", "declare it with 'host NAME'"); });
        break;
      case Want::Node:
        if (is_node) continue;
        if (is_socket)
          error(r.line, r.col, q(name) + " is " + kind + ", not a node", r.why);
        else
          error(r.line, r.col, "unknown node " + q(name), "", [this, name] {
            return names_hint(name, node_names_, "nodes", "declare it with 'host NAME' or 'firewall NAME'");
          });
        break;
      case Want::Middlebox:
        if (is_node && !is_host) continue;
        if (!kind.empty())
          error(r.line, r.col, q(name) + " is " + kind + ", not a firewall or nat", r.why);
        else
          error(r.line, r.col, "unknown firewall or nat " + q(name), "", [this, name] {
            return names_hint(name, middlebox_names_, "firewalls and nats", "declare one with 'firewall NAME'");
          });
        break;
      case Want::Subject:
        if (is_host || is_socket) continue;
        if (is_node)
          error(r.line, r.col, q(name) + " is " + kind + ", not a host or socket", r.why);
        else
          error(r.line, r.col, (sockets_.empty() ? "unknown host " : "unknown host or socket ") + q(name), "",
                [this, name] {
                  return names_hint(name, subject_names_,
                                    !processes_.empty() ? "hosts, processes and sockets"
                                    : sockets_.empty()  ? "hosts"
                                                        : "hosts and sockets",
                                    "declare it with 'host NAME'");
                });
        break;
      case Want::Nat:
        if (is_node && node->second.kind == NodeKind::Nat) continue;
        if (!kind.empty()) {
          error(r.line, r.col, q(name) + " is " + kind + " and tracks no flows: only a nat can forget",
                "a nat keeps a flow table: declare one with 'nat NAME idle DURATION' on the path");
        } else {
          error(r.line, r.col, "unknown nat " + q(name), "", [this, name] {
            std::vector<std::string> nats;
            for (const MiddleboxDecl& m : sc_.middleboxes) {
              if (m.nat) nats.push_back(m.name);
            }
            return names_hint(name, nats, "nats", "declare one with 'nat NAME idle DURATION'");
          });
        }
        break;
    }
  }
  for (const LinkUse& u : link_uses_) {
    if (stopped_at_ != 0) break;
    if (!nodes_.count(u.a) || !nodes_.count(u.b)) continue;  // already reported as unknown
    if (!link_lines_.count(link_key(u.a, u.b))) {
      error(u.line, u.col, "no link between " + q(u.a) + " and " + q(u.b),
            "declare it with 'link " + shown(u.a) + " " + shown(u.b) + "'");
    }
  }
}


}  // namespace tcpsim::parsing
