#include "app/start.hpp"

#include <cstdlib>

#include "app/panels.hpp"

namespace tcpsim::viz {

std::string default_scenario() {
  std::string dir = TCPSIM_SCENARIO_DIR;
  if (const char* env = std::getenv("TCPSIM_SCENARIOS"); env && *env) dir = env;
  return dir + "/06-close-unread-data.scn";
}

std::vector<StartProblem> start(AppState& app, const StartOptions& o) {
  std::vector<StartProblem> problems;
  app.view.presentation = o.presentation;
  app.open(o.file.empty() ? default_scenario() : o.file);
  for (size_t i = 0; i < o.also.size(); ++i) {
    if (std::string error; !app.add_line(o.also[i], &error)) {
      problems.push_back({i + 1, o.also[i], error});
      break;  // each what-if forks the one before: the rest would fork the wrong run
    }
  }
  if (!o.beside.empty() && !app.open_beside(o.beside)) problems.push_back({0, "--beside", app.beside.beside.error()});
  if (o.file.empty()) app.view.library = true;
  for (const std::string& what : o.show) {
    if (what == "library") app.view.library = true;
    if (what == "editor") app.view.editor = true;
    if (what == "shortcuts") app.view.help = true;
    if (what == "absolute") app.view.absolute = true;
    if (what == "twin") app.view_run(tcpsim::RunKind::Twin);
  }
  if (o.predict) {
    app.predict.set_ask(predict_ask(o.ask), nullptr, 0);
    // With a step N, the step shown is N: when it is a question, the class sees the question before it.
    app.playback.seek_step(o.at > 0 ? o.at - 1 : 0);
    TogglePredict(app);
  }
  app.playback.seek_step(o.at);
  app.refresh_moment();
  return problems;
}

}  // namespace tcpsim::viz
