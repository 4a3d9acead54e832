#pragma once
// The files the visualizer's Export menu writes: a Wireshark capture or the SVG ladder of the run on
// screen, named after the scenario and written next to it ("06-close-unread-data-at-client.pcapng",
// "06-close-unread-data-twin.svg").
#include <string>

#include "model/ladder_svg.hpp"
#include "model/session.hpp"

namespace tcpsim::viz {

/// A file to write: where, its bytes, and what it holds (for the message).
struct ExportFile {
  std::string path;
  std::string bytes;
  std::string what;  ///< "57 packets", "the ladder diagram".
};

/// The scenario's path without its extension, plus "-twin" for the twin's run.
std::string export_base(const std::string& scenario_path, bool twin);
/// The capture of one run (the twin's with `twin`), on the wire (kNoNode) or at node `at`, with the
/// other run for the "runs part here" comments.
ExportFile pcapng_file(const Session& session, bool twin, NodeId at);
/// The ladder of one run as SVG.
ExportFile svg_file(const Session& session, const SvgOptions& options);
/// Writes the file; returns the message to show: "Wrote PATH (WHAT)" or "Could not write PATH: why".
std::string write_export(const ExportFile& file);

}  // namespace tcpsim::viz
