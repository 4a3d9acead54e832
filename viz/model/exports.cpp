#include "model/exports.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "export/pcapng.hpp"

namespace tcpsim::viz {

std::string branch_slug(const std::string& branch) {
  if (branch.empty() || branch == "original") return "";
  std::string s;
  for (char c : branch) s += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '-';
  return s;
}

std::string branch_file(const std::string& scenario_path, const std::string& branch) {
  const std::string slug = branch_slug(branch);
  return export_base(scenario_path, false) + "-" + (slug.empty() ? std::string("copy") : slug) + ".scn";
}

std::string export_base(const std::string& scenario_path, bool twin, const std::string& branch) {
  std::string base = scenario_path.empty() ? std::string("tcpsim") : scenario_path;
  const size_t dot = base.rfind('.');
  if (dot != std::string::npos && dot > 0 && base.find('/', dot) == std::string::npos) base.resize(dot);
  if (const std::string slug = branch_slug(branch); !slug.empty()) base += "-" + slug;
  return twin ? base + "-twin" : base;
}

ExportFile pcapng_file(const Session& session, bool twin, NodeId at, const std::string& branch) {
  const Run* run = twin ? session.twin() : session.fault();
  if (!run) return {};
  const Run* other = twin ? session.fault() : session.twin();
  PcapngOptions options;
  options.view.node = at;
  if (other) options.other = &other->trace;
  ExportFile f;
  f.path = export_base(session.path(), twin, branch);
  if (at != kNoNode && at < run->trace.nodes.size()) f.path += "-at-" + run->trace.nodes[at].name;
  f.path += ".pcapng";
  Pcapng capture = export_pcapng(run->trace, options);
  f.bytes = std::move(capture.bytes);
  f.what = std::to_string(capture.packets.size()) + " packets";
  return f;
}

std::string ladder_svg(const Session& session, const SvgOptions& options) {
  return ladder_svg(session.runs(), session.path(), options);
}

ExportFile svg_file(const Session& session, const SvgOptions& options, const std::string& branch) {
  ExportFile f;
  f.bytes = ladder_svg(session, options);
  if (f.bytes.empty()) return {};
  f.path = export_base(session.path(), options.twin, branch) + ".svg";
  f.what = "the ladder diagram";
  return f;
}

std::string write_export(const ExportFile& file) {
  if (file.path.empty()) return "Nothing to export: the scenario has no such run.";
  std::ofstream out(file.path, std::ios::binary);
  if (out) out.write(file.bytes.data(), static_cast<std::streamsize>(file.bytes.size()));
  if (!out || !out.flush()) return "Could not write " + file.path + ": " + std::strerror(errno);
  return "Wrote " + file.path + (file.what.empty() ? "" : " (" + file.what + ")");
}

}  // namespace tcpsim::viz
