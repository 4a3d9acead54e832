// tcpsim-svg-dump: writes a scenario's SVG ladder diagram, for the XML check (check_svg_xml.sh) and for
// looking at the export while `tcpsim export --svg` is not wired yet. Not installed.
//   tcpsim-svg-dump [--twin] [--theme light|dark] [--no-ghost] [--absolute] [--width N] SCENARIO OUT.svg
// Exit status: 0 written, 1 the scenario has errors or OUT cannot be written, 2 usage, 3 --twin for a
// scenario without a graceful twin.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "model/exports.hpp"

int main(int argc, char** argv) {
  tcpsim::viz::SvgOptions o;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--twin") {
      o.twin = true;
    } else if (a == "--no-ghost") {
      o.ghost = false;
    } else if (a == "--absolute") {
      o.absolute = true;
    } else if (a == "--theme" && i + 1 < argc) {
      const std::string theme = argv[++i];
      if (theme != "light" && theme != "dark") {
        files.clear();
        break;
      }
      o.light = theme == "light";
    } else if (a == "--width" && i + 1 < argc) {
      o.width = std::strtof(argv[++i], nullptr);
    } else if (!a.empty() && a[0] != '-') {
      files.push_back(a);
    } else {
      files.clear();
      break;
    }
  }
  if (files.size() != 2) {
    std::fprintf(stderr,
                 "usage: tcpsim-svg-dump [--twin] [--theme light|dark] [--no-ghost] [--absolute] [--width N] "
                 "SCENARIO OUT.svg\n");
    return 2;
  }
  tcpsim::viz::Session session;
  if (!session.load_file(files[0])) {
    for (const auto& e : session.errors()) std::fprintf(stderr, "%s\n", e.format().c_str());
    return 1;
  }
  if (o.twin && !session.twin()) {
    std::fprintf(stderr, "%s: no graceful twin\n", files[0].c_str());
    return 3;
  }
  const std::string svg = tcpsim::viz::ladder_svg(session, o);
  std::ofstream out(files[1], std::ios::binary);
  out << svg;
  if (!out) {
    std::fprintf(stderr, "%s: cannot write\n", files[1].c_str());
    return 1;
  }
  return 0;
}
