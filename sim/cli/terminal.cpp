#include "terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace tcpsim::cli {

bool stdout_is_tty() { return isatty(STDOUT_FILENO) == 1; }

size_t output_width(std::optional<long> flag) {
  long w = 0;
  if (flag) {
    w = *flag;
  } else if (winsize ws{}; stdout_is_tty() && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    w = ws.ws_col;
  } else if (const char* cols = std::getenv("COLUMNS"); cols && *cols) {
    char* end = nullptr;
    const long v = std::strtol(cols, &end, 10);
    w = (end && *end == '\0' && v > 0) ? v : static_cast<long>(kDefaultWidth);
  } else {
    w = static_cast<long>(kDefaultWidth);
  }
  return static_cast<size_t>(std::clamp(w, static_cast<long>(kMinWidth), static_cast<long>(kMaxWidth)));
}

bool use_colour(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (const char* no = std::getenv("NO_COLOR"); no && *no) return false;
  if (const char* term = std::getenv("TERM"); term && std::strcmp(term, "dumb") == 0) return false;
  return stdout_is_tty();
}

}  // namespace tcpsim::cli
