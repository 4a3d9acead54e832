#pragma once
// Reading a packetdrill script into its AST (pkt_ast.hpp): the subset of docs/packetdrill.md.
#include <string>
#include <string_view>
#include <vector>

#include "pkt/pkt_ast.hpp"

namespace tcpsim::pkt {

/// Parses a script. Every problem is in Script::problems with its line and column; an unsupported
/// construct is an Unsupported problem, or (with `lenient`) a Warning and the line is left out.
/// Never throws, and takes time linear in the text (bounded by kMaxScriptBytes and kMaxEvents).
Script parse_script(std::string_view text, const std::string& file, bool lenient = false);

/// Reads and parses a file (a missing or oversized file is a problem at line 0).
Script parse_script_file(const std::string& path, bool lenient = false);

/// `#ifdef NAME` / `#ifndef NAME` / `#else` / `#endif` variants (pkt_variants.cpp): the text with the
/// lines of the branches that do not apply, and the directives, left empty (line numbers stay).
/// tcpsim follows Linux: `linux`, `__linux__` and `tcpsim` are defined, no other name is. A
/// directive's problem (file:line:col) goes to `problems`.
std::string select_variants(std::string_view text, std::vector<Problem>& problems);
/// Whether `#ifdef NAME` applies.
bool variant_defined(std::string_view name);

/// Seconds as written in a script ("0.100", "1", ".5") into nanoseconds; false when it is not such
/// a number or is above 1,000,000 s.
bool parse_seconds(std::string_view text, Time* out);

}  // namespace tcpsim::pkt
