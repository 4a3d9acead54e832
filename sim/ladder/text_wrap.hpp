#pragma once
// Text fitted to a width before it is drawn, so that a panel never cuts a word it needs and a test can
// check every line against the room it gets (with the fonts the app measures with).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tcpsim::viz {

/// Width in pixels of a text in one font at one size.
using TextWidth = std::function<float(std::string_view)>;

/// `text` in lines at most `width` wide, broken at spaces. A word wider than a whole line is broken
/// between characters (it still shows whole, over two lines). Empty text gives no line.
std::vector<std::string> wrap_words(std::string_view text, float width, const TextWidth& measure);

/// The part of a piece of text that lands on one line.
struct WrappedPiece {
  size_t piece = 0;   ///< Index into the pieces.
  std::string text;   ///< The part of that piece on this line.
};

/// The pieces of a styled line (each with its own colour), in lines at most `width` wide: the pieces
/// keep their order, a piece that does not fit the rest of a line continues on the next one, broken
/// at spaces as wrap_words() does. `first` is the room on the first line (the rest get `width`).
/// Returns, per line, the parts of the pieces on it, in order.
std::vector<std::vector<WrappedPiece>> wrap_pieces(const std::vector<std::string>& pieces, float first, float width,
                                                   const TextWidth& measure);

}  // namespace tcpsim::viz
