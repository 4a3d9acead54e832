#pragma once
// What the command line needs to know about where its output goes: colour or not, how wide.
#include <cstddef>
#include <optional>
#include <string>

namespace tcpsim::cli {

/// Narrowest and widest output the renderers are asked for.
constexpr size_t kMinWidth = 60;
constexpr size_t kMaxWidth = 400;
/// Width when nothing says otherwise (not a terminal, no COLUMNS).
constexpr size_t kDefaultWidth = 100;

/// True when standard output is a terminal.
bool stdout_is_tty();

/// The width to render at: `flag` if given, else the terminal's width when stdout is one, else the
/// COLUMNS environment variable, else 100; clamped to [kMinWidth, kMaxWidth].
size_t output_width(std::optional<long> flag);

/// Whether to colour: "always", "never", or "auto" (a terminal, NO_COLOR unset or empty, TERM not
/// "dumb"). Any other value counts as "auto" (CLI11 has already rejected it).
bool use_colour(const std::string& mode);

}  // namespace tcpsim::cli
