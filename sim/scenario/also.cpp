#include "scenario/also.hpp"

#include <algorithm>
#include <optional>

namespace tcpsim {

namespace {

/// The file's text with its last line ended, so that the first --also line starts a line of its own.
std::string ended(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

/// Why an --also string is not one scenario line, or nothing when it is.
std::optional<Diagnostic> not_one_line(const std::string& line, size_t index) {
  Diagnostic d;
  d.file = "--also #" + std::to_string(index + 1);
  if (line.find_first_of("\r\n") != std::string::npos) {
    d.message = "--also takes one line";
    d.hint = "give each line its own --also, e.g. --also \"at 250ms server crash\" --also \"expect no FIN from server\"";
    return d;
  }
  if (line.find_first_not_of(" \t\v\f") == std::string::npos) {
    d.message = "--also is empty";
    d.hint = "give it a scenario line, e.g. --also \"at 250ms server crash\"";
    return d;
  }
  return std::nullopt;
}

}  // namespace

std::string append_also(std::string_view text, const std::vector<std::string>& also) {
  std::string out = ended(text);
  for (const std::string& line : also) out += line + '\n';
  return out;
}

ParseResult parse_with_also(std::string_view text, const std::string& file, const std::vector<std::string>& also) {
  if (also.empty()) return parse_scenario(text, file);
  ParseResult bad;
  for (size_t i = 0; i < also.size(); ++i) {
    if (std::optional<Diagnostic> d = not_one_line(also[i], i)) bad.errors.push_back(std::move(*d));
  }
  if (!bad.errors.empty()) return bad;
  const std::string prefix = ended(text);
  const auto file_lines = static_cast<uint32_t>(std::count(prefix.begin(), prefix.end(), '\n'));
  return parse_scenario(append_also(text, also), file, file_lines + 1);
}

ParseResult parse_scenario_file_with_also(const std::string& path, const std::vector<std::string>& also) {
  std::string text;
  if (std::optional<Diagnostic> d = read_scenario_file(path, &text)) {
    ParseResult r;
    r.errors.push_back(std::move(*d));
    return r;
  }
  return parse_with_also(text, path, also);
}

}  // namespace tcpsim
