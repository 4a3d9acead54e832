#pragma once
// The trace as JSON (`tcpsim trace FILE --json`), written and read with nlohmann-json.
// The schema is documented in docs/trace-format.md; `version` changes when it does.
#include <nlohmann/json.hpp>

#include <ostream>

#include "trace/trace.hpp"

namespace tcpsim {

/// The whole trace as a JSON document.
nlohmann::json trace_to_json(const Trace& trace);
/// Writes trace_to_json(trace).dump(2) to `os` (the same bytes, without the trailing newline) one
/// element at a time: memory stays that of one element, not the document's (`tcpsim trace --json`).
void write_trace_json(const Trace& trace, std::ostream& os);
/// Reads a document written by trace_to_json back into a Trace. Throws nlohmann::json::exception
/// (or std::invalid_argument for an unknown version) on malformed input.
Trace trace_from_json(const nlohmann::json& doc);

}  // namespace tcpsim
