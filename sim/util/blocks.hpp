#pragma once
// Output made in pieces and handed to a stream in blocks of about 64 KB, so a long run's ladder, event
// list, JSON, capture or diff is never held whole in memory (issue 10), without a stream call per piece.
#include <ostream>
#include <string>

namespace tcpsim {

/// A string to append to, passed on to a stream whenever it fills a block.
class BlockWriter {
 public:
  /// Writes to `os`.
  explicit BlockWriter(std::ostream& os) : os_(os) {}
  BlockWriter(const BlockWriter&) = delete;
  BlockWriter& operator=(const BlockWriter&) = delete;

  /// The text not yet passed on: append to it.
  std::string text;
  /// Passes the text on once it holds a block (call after each whole piece: a line, a packet).
  void pass_on() {
    if (text.size() >= kBlock) flush();
  }
  /// Passes on whatever is left (call at the end).
  void flush() {
    os_.write(text.data(), static_cast<std::streamsize>(text.size()));
    text.clear();
  }

 private:
  static constexpr size_t kBlock = 65536;
  std::ostream& os_;
};

}  // namespace tcpsim
