// Predict mode on screen: the question in large type with its choices as big numbered buttons, then
// the verdict with the rule that decided it, and the tally at the end of the run. It takes the place
// of the narration and the console (whose summary would give the answer away) and grows up over the
// bottom of the ladder as far as it needs; the arrow being asked about stays in view above it.
#include <imgui_internal.h>  // BringWindowToDisplayFront: above the panels without taking the keyboard

#include <GLFW/glfw3.h>

#include <algorithm>
#include <string>

#include "app/panels.hpp"
#include "app/theme.hpp"
#include "app/ui_common.hpp"
#include "render/event_text.hpp"

namespace tcpsim::viz {

namespace {

/// The asks Shift+Q steps through, as (segments, states, calls).
constexpr bool kAskCycle[][3] = {{1, 0, 1}, {1, 0, 0}, {1, 1, 0}, {1, 1, 1}, {0, 1, 0}, {0, 0, 1}, {0, 1, 1}};

void set_ask(AppState& app, const PredictAsk& ask) {
  app.predict.set_ask(ask, app.run(), app.playback.step());
  predict_sync(app.predict, app.playback, app.run());
  app.say("Predict asks about " + ask.describe());
}

void cycle_ask(AppState& app) {
  PredictAsk a = app.predict.ask();
  size_t at = 0;
  for (size_t k = 0; k < std::size(kAskCycle); ++k) {
    if (kAskCycle[k][0] == a.segments && kAskCycle[k][1] == a.states && kAskCycle[k][2] == a.calls) at = k;
  }
  const bool* next = kAskCycle[(at + 1) % std::size(kAskCycle)];
  a.segments = next[0];
  a.states = next[1];
  a.calls = next[2];
  set_ask(app, a);
}

void answer(AppState& app, size_t choice) {
  if (!predict_answer(app.predict, app.playback, app.run(), choice)) return;
  app.refresh_moment();
}

/// Text in a font, wrapped at the window's right edge.
void wrapped(ImFont* font, Rgba colour, const std::string& text) {
  if (font) ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, col4(colour));
  ImGui::TextWrapped("%s", text.c_str());
  ImGui::PopStyleColor();
  if (font) ImGui::PopFont();
}

/// The rule that decided it: "close() with unread data — RFC 1122 §4.2.2.13; Linux tcp_close()", then
/// its sentence.
void rule_lines(const AppState& app, const Question& q) {
  if (!q.has_rule) return;
  const Palette& p = palette_of(app);
  wrapped(nullptr, p.text, q.rule.label + "  \u2014  " + q.rule.cite);
  wrapped(nullptr, p.dim, q.rule.text);
}

void question_body(AppState& app, const Question& q) {
  const Palette& p = palette_of(app);
  if (!q.context.empty()) wrapped(nullptr, p.dim, q.context);
  wrapped(app.fonts.large, p.text, q.prompt);
  ImGui::Spacing();
  // The choices: big buttons, as many to a row as fit, numbered for the keys 1..9.
  ImGui::PushFont(app.fonts.large ? app.fonts.large : ImGui::GetFont());
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(14 * app.scale, 8 * app.scale));
  const float right = ImGui::GetWindowContentRegionMax().x;
  for (size_t k = 0; k < q.choices.size(); ++k) {
    const std::string label = std::to_string(k + 1) + "   " + q.choices[k] + "##choice" + std::to_string(k);
    const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + 2 * ImGui::GetStyle().FramePadding.x;
    if (k > 0) {
      ImGui::SameLine(0, 12 * app.scale);
      if (ImGui::GetCursorPosX() + w > right) ImGui::NewLine();
    }
    if (ImGui::Button(label.c_str())) answer(app, k);
  }
  ImGui::PopStyleVar();
  ImGui::PopFont();
  ImGui::Spacing();
  wrapped(nullptr, p.dim,
          "Keys 1\u2013" + std::to_string(std::min<size_t>(q.choices.size(), 9)) +
              " give the class's answer; the step is shown after it.  Esc or Q leaves predict mode.");
}

void verdict_body(AppState& app, const Answered& a) {
  const Palette& p = palette_of(app);
  wrapped(app.fonts.large, a.right() ? p.ok : p.error, (a.right() ? "\u2713 " : "\u2717 ") + a.verdict());
  wrapped(app.fonts.mono, p.text, a.question.fact);
  ImGui::Spacing();
  rule_lines(app, a.question);
}

void tally_body(AppState& app) {
  const Palette& p = palette_of(app);
  const PredictState& pr = app.predict;
  wrapped(app.fonts.large, p.text, pr.score());
  size_t shown = 0;
  for (const TallyEntry& e : pr.tally()) {
    if (e.right || ++shown > 6) continue;
    wrapped(nullptr, p.error,
            "\u2717 " + render::format_ms(e.t) + " s  " + e.prompt + "  The class said " + e.said + "; it was " +
                e.truth + ".");
  }
  if (shown > 6) wrapped(nullptr, p.dim, "... and " + std::to_string(shown - 6) + " more missed.");
  if (shown == 0 && pr.asked() > 0) wrapped(nullptr, p.ok, "\u2713 Every prediction was right.");
  wrapped(nullptr, p.dim, "Home plays the run again (answered questions show their verdicts).  Q leaves predict mode.");
}

}  // namespace

void TogglePredict(AppState& app) {
  app.predict.set_on(!app.predict.on(), app.run(), app.playback.step());
  predict_sync(app.predict, app.playback, app.run());
  // The graceful twin's ghost draws, at the same moment, the segment the class is asked about (its
  // FIN+ACK beside the coming RST): hidden while predicting, back afterwards.
  if (app.predict.on()) {
    app.ghost_before_predict = app.view.ghost;
    app.view.ghost = false;
  } else if (app.ghost_before_predict) {
    app.view.ghost = true;
  }
  app.say(app.predict.on() ? "Predict mode: asking about " + app.predict.ask().describe()
                           : "Predict mode off (" + app.predict.score() + ")");
}

void PredictShortcuts(AppState& app) {
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsKeyPressed(GLFW_KEY_Q, false)) io.KeyShift ? cycle_ask(app) : TogglePredict(app);
  if (io.KeyShift && ImGui::IsKeyPressed(GLFW_KEY_N, false)) {
    PredictAsk a = app.predict.ask();
    a.numbers = !a.numbers;
    set_ask(app, a);
  }
  if (io.KeyShift) return;
  for (int k = 0; k < 9; ++k) {
    if (ImGui::IsKeyPressed(GLFW_KEY_1 + k, false) || ImGui::IsKeyPressed(GLFW_KEY_KP_1 + k, false)) answer(app, k);
  }
}

void PredictMenu(AppState& app) {
  bool on = app.predict.on();
  if (ImGui::MenuItem("Predict: the class guesses first", "Q", &on, app.run() != nullptr)) TogglePredict(app);
  if (ImGui::BeginMenu("Predict asks about")) {
    PredictAsk a = app.predict.ask();
    bool changed = ImGui::MenuItem("Segments sent (and arrivals nobody answers)", nullptr, &a.segments);
    changed |= ImGui::MenuItem("State changes", nullptr, &a.states);
    changed |= ImGui::MenuItem("Call results", nullptr, &a.calls);
    changed |= ImGui::MenuItem("With seq/ack numbers", "Shift+N", &a.numbers);
    ImGui::TextDisabled("Shift+Q steps through the combinations");
    ImGui::EndMenu();
    if (changed) set_ask(app, a);
  }
}

void ShowPredict(AppState& app, const Rect& where) {
  if (!app.predict.on() || !app.run()) return;
  const Question* q = predict_pending(app.predict, app.playback);
  const Answered* v = q ? nullptr : app.predict.verdict(app.playback.step());
  const bool end = !q && app.playback.step() >= app.playback.steps();
  const Palette& p = palette_of(app);
  // Anchored to the bottom of the strip it covers, as tall as its text (at least the strip, at most
  // most of the window).
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(where.x, where.y + where.h), ImGuiCond_Always, ImVec2(0, 1));
  ImGui::SetNextWindowSizeConstraints(ImVec2(where.w, where.h), ImVec2(where.w, vp->Size.y * 0.62f));
  ImGui::SetNextWindowBgAlpha(1.0f);
  ImGui::Begin("Predict###predict", nullptr,
               ImGuiWindowFlags_NoTitleBar |           // the prompt is the heading
                   ImGuiWindowFlags_NoMove |           // the app places it
                   ImGuiWindowFlags_NoResize |         // sized to its text
                   ImGuiWindowFlags_AlwaysAutoResize | // likewise
                   ImGuiWindowFlags_NoScrollbar |      // the panel grows instead
                   ImGuiWindowFlags_NoSavedSettings);  // nothing to remember
  ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
  ImGui::PushTextWrapPos(ImGui::GetWindowContentRegionMax().x);
  // The running score in the corner.
  const bool tally = end && app.predict.asked() > 0;
  std::string score = "PREDICT";
  if (app.predict.asked() > 0 && !tally) {
    score += "   " + std::to_string(app.predict.right()) + " of " + std::to_string(app.predict.asked()) + " right";
  }
  const float sw = ImGui::CalcTextSize(score.c_str()).x;
  const ImVec2 top = ImGui::GetCursorPos();
  ImGui::SetCursorPos(ImVec2(ImGui::GetWindowContentRegionMax().x - sw, top.y));
  ImGui::TextColored(col4(p.note.alpha(255)), "%s", score.c_str());
  ImGui::SetCursorPos(top);
  Rgba frame = p.note;
  if (q) {
    question_body(app, *q);
  } else if (tally) {
    tally_body(app);
  } else if (v) {
    verdict_body(app, *v);
    frame = v->right() ? p.ok : p.error;
  } else {
    wrapped(app.fonts.large, p.text, "Predict mode");
    wrapped(nullptr, p.dim,
            "Playback stops before each step asked about (" + app.predict.ask().describe() +
                "): the class guesses, then sees.  Shift+Q changes what is asked, Shift+N adds seq/ack numbers, "
                "Q or Esc leaves.");
  }
  ImGui::PopTextWrapPos();
  // A heavy frame in the colour of the moment: a question (note yellow), right (green), wrong (red).
  const ImVec2 a = ImGui::GetWindowPos();
  const ImVec2 b(a.x + ImGui::GetWindowSize().x, a.y + ImGui::GetWindowSize().y);
  const float t = 4 * app.scale;
  ImGui::GetWindowDrawList()->AddRect(ImVec2(a.x + t / 2, a.y + t / 2), ImVec2(b.x - t / 2, b.y - t / 2),
                                      col(frame.alpha(255)), 0, 0, t);
  ImGui::End();
}

}  // namespace tcpsim::viz
