#pragma once
// Where a command's output goes: standard output or a file, written as it is produced (through one
// 1 MB buffer), so a long run's trace, JSON or capture is never held whole in memory (issue 10). A
// failed open or write keeps the system's reason ("Permission denied", "No space left on device").
#include <cstdio>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

namespace tcpsim::cli {

/// A buffered std::ostream onto a FILE*, remembering the first error.
class Output {
 public:
  Output();
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  /// Opens `path` for writing ("" or "-": standard output); false, with error() set, when it cannot.
  bool open(const std::string& path);
  /// The stream to write to (valid after a successful open()).
  std::ostream& stream() { return os_; }
  /// Flushes and closes the file (standard output is flushed, not closed); false, with error() set,
  /// when a write failed.
  bool close();
  /// "cannot write 'out.json': No space left on device", once something failed.
  const std::string& error() const { return error_; }

 private:
  class Buf : public std::streambuf {
   public:
    Buf();
    FILE* file = nullptr;
    int err = 0;  ///< errno of the first failed write.
    bool drain();

   protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

   private:
    std::vector<char> buf_;
  };

  Buf buf_;
  std::ostream os_;
  std::string path_;
  std::string error_;
  bool owns_ = false;
};

}  // namespace tcpsim::cli
