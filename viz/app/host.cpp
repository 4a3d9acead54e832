#include "app/host.hpp"

#ifdef __EMSCRIPTEN__
#include "app/browser.hpp"
#endif

namespace tcpsim::viz {

namespace {

std::string file_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool files_download() {
#ifdef __EMSCRIPTEN__
  return true;
#else
  return false;
#endif
}

bool download(const std::string& path, const std::string& bytes) {
#ifdef __EMSCRIPTEN__
  browser_download(file_name(path), bytes);
  return true;
#else
  (void)path;
  (void)bytes;
  return false;
#endif
}

std::string hand_over(const ExportFile& file) {
  if (file.path.empty() || !files_download()) return write_export(file);
  if (file.bytes.empty()) return "Nothing to download: " + file_name(file.path) + " came out empty.";
  download(file.path, file.bytes);
  return "Downloaded " + file_name(file.path) + (file.what.empty() ? "" : " (" + file.what + ")");
}

}  // namespace tcpsim::viz
