#pragma once
// `tcpsim-viz --input SCRIPT`: input events played into the window one frame at a time, through the
// same callbacks GLFW calls, so a test (or a prepared demo) can drive the real interface: keys, typed
// text, clicks and right-clicks at points, on a lane, a connection's card or name, or a menu item by
// its label.
//   key W; text server crash; key Enter; frames 3; rclick lane:server; click item:crash; key ctrl+z
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tcpsim::viz {

/// One scripted input.
struct InputCommand {
  enum class Kind : uint8_t {
    Key,     ///< A key press and release (`key ctrl+shift+z`, `key Enter`, `key W`).
    Text,    ///< Characters typed (`text server crash`).
    Click,   ///< A left click (`click 300,400`, `click lane:server`, `click item:crash`, `click conn:web`).
    RClick,  ///< A right click, the same forms.
    Move,    ///< The pointer moves (`move 300,400`).
    Frames,  ///< Let N frames pass (`frames 3`).
  };
  Kind kind = Kind::Frames;
  int key = 0;             ///< GLFW key code.
  bool ctrl = false, shift = false, alt = false;
  std::string text;        ///< Text typed, or where to click: "lane:server", "item:crash", "conn:web".
  enum class Where : uint8_t { Point, Named } where = Where::Point;
  float x = 0, y = 0;
  int frames = 1;
};

/// Parses a script: commands separated by ';'. On an error, returns false and says what and where.
bool parse_input_script(std::string_view script, std::vector<InputCommand>* out, std::string* error);

}  // namespace tcpsim::viz
