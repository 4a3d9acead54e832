#pragma once
// The files the visualizer's Export menu writes: a Wireshark capture or the SVG ladder of the run on
// screen, named after the scenario and written next to it ("06-close-unread-data-at-client.pcapng",
// "06-close-unread-data-twin.svg").
#include <string>

#include "ladder/ladder_svg.hpp"
#include "model/session.hpp"

namespace tcpsim::viz {

/// A file to write: where, its bytes, and what it holds (for the message).
struct ExportFile {
  std::string path;
  std::string bytes;
  std::string what;  ///< "57 packets", "the ladder diagram".
};

/// The scenario's path without its extension, plus the branch ("-what-if-2", none for the original)
/// and "-twin" for the twin's run.
std::string export_base(const std::string& scenario_path, bool twin, const std::string& branch = "");
/// The capture of one run (the twin's with `twin`), on the wire (kNoNode) or at node `at`, with the
/// other run for the "runs part here" comments; `branch` names a what-if branch in the file name.
ExportFile pcapng_file(const Session& session, bool twin, NodeId at, const std::string& branch = "");
/// The session's ladder as SVG: ladder_svg() of its runs, named after its file.
std::string ladder_svg(const Session& session, const SvgOptions& options);
/// The ladder of one run as SVG.
ExportFile svg_file(const Session& session, const SvgOptions& options, const std::string& branch = "");
/// Where "Save as a scenario file" writes a branch: next to the scenario, "06-close-unread-data-what-if-1.scn"
/// ("...-copy.scn" for the original).
std::string branch_file(const std::string& scenario_path, const std::string& branch);
/// A branch's name as a file name part: "what-if 2" -> "what-if-2"; the original has none ("").
std::string branch_slug(const std::string& branch);
/// Writes the file; returns the message to show: "Wrote PATH (WHAT)" ("Wrote PATH" without a WHAT) or
/// "Could not write PATH: why".
std::string write_export(const ExportFile& file);

}  // namespace tcpsim::viz
