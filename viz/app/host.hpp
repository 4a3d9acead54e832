#pragma once
// Where the files the visualizer makes go: on the desktop they are written next to the scenario; in
// the browser (whose files live in memory) they download to the person's machine.
#include <string>

#include "model/exports.hpp"

namespace tcpsim::viz {

/// True in the browser: files download instead of being written next to the scenario.
bool files_download();
/// In the browser, downloads `bytes` under `path`'s file name and returns true; on the desktop does
/// nothing and returns false.
bool download(const std::string& path, const std::string& bytes);
/// Hands a file to the person: written at file.path on the desktop, downloaded in the browser.
/// Returns the message to show ("Wrote PATH (WHAT)", "Downloaded NAME (WHAT)", "Could not write ...").
std::string hand_over(const ExportFile& file);

}  // namespace tcpsim::viz
