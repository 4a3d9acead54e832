#pragma once
// Every library scenario loaded once, and a walk through every step of its runs: what the panel tests
// check the layouts at (the busiest moments among them).
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "model/library.hpp"
#include "ladder/moment.hpp"
#include "model/session.hpp"

namespace tcpsim::viz::test {

/// The library's scenarios, their fault runs and graceful twins.
struct LibraryMoments {
  std::vector<std::unique_ptr<Session>> sessions;  ///< One per file, in the library's order.
  std::vector<std::string> names;                  ///< Their file names.
  LibraryMoments() {
    for (const LibraryEntry& e : scan_library(TCPSIM_SCENARIO_DIR)) {
      std::ifstream f(std::string(TCPSIM_SCENARIO_DIR) + "/" + e.file, std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
      auto s = std::make_unique<Session>();
      REQUIRE(s->load_text(text, e.file));
      sessions.push_back(std::move(s));
      names.push_back(e.file);
    }
  }
  /// Calls `f(where, run, moment)` at every step of every run ("06-close-unread-data.scn (twin) step 12").
  template <typename F>
  void each_moment(F&& f) const {
    for (size_t i = 0; i < sessions.size(); ++i) {
      for (const Run* run : {sessions[i]->fault(), sessions[i]->twin()}) {
        if (!run) continue;
        const MomentBuilder moments(*run);
        for (size_t step = 0; step <= run->steps.events.size(); ++step) {
          f(names[i] + (run == sessions[i]->twin() ? " (twin)" : "") + " step " + std::to_string(step), *run,
            moments.at(step, run->time_of_step(step)));
        }
      }
    }
  }
};

}  // namespace tcpsim::viz::test
