#include "output.hpp"

#include <cerrno>
#include <algorithm>
#include <cstring>

namespace tcpsim::cli {

namespace {
constexpr size_t kBufferBytes = 1 << 20;
}

Output::Buf::Buf() : buf_(kBufferBytes) { setp(buf_.data(), buf_.data() + buf_.size()); }

bool Output::Buf::drain() {
  const size_t n = static_cast<size_t>(pptr() - pbase());
  if (n > 0 && file && err == 0) {
    errno = 0;
    if (std::fwrite(pbase(), 1, n, file) != n) err = errno ? errno : EIO;
  }
  setp(buf_.data(), buf_.data() + buf_.size());
  return err == 0;
}

Output::Buf::int_type Output::Buf::overflow(int_type c) {
  if (!drain()) return traits_type::eof();
  if (!traits_type::eq_int_type(c, traits_type::eof())) {
    *pptr() = traits_type::to_char_type(c);
    pbump(1);
  }
  return traits_type::not_eof(c);
}

std::streamsize Output::Buf::xsputn(const char* s, std::streamsize n) {
  std::streamsize done = 0;
  while (done < n) {
    if (pptr() == epptr() && !drain()) return done;
    const std::streamsize room = epptr() - pptr();
    const std::streamsize k = std::min(room, n - done);
    std::memcpy(pptr(), s + done, static_cast<size_t>(k));
    pbump(static_cast<int>(k));
    done += k;
  }
  return done;
}

int Output::Buf::sync() {
  if (!drain()) return -1;
  if (file && std::fflush(file) != 0 && err == 0) err = errno ? errno : EIO;
  return err == 0 ? 0 : -1;
}

Output::Output() : os_(&buf_) {}

Output::~Output() {
  if (owns_ && buf_.file) std::fclose(buf_.file);
}

bool Output::open(const std::string& path) {
  path_ = path;
  if (path.empty() || path == "-") {
    buf_.file = stdout;
    return true;
  }
  errno = 0;
  buf_.file = std::fopen(path.c_str(), "wb");
  if (!buf_.file) {
    const int e = errno;
    error_ = "cannot write '" + path + "'" + (e ? std::string(": ") + std::strerror(e) : std::string());
    return false;
  }
  owns_ = true;
  return true;
}

bool Output::close() {
  os_.flush();
  buf_.pubsync();
  if (owns_ && buf_.file) {
    errno = 0;
    if (std::fclose(buf_.file) != 0 && buf_.err == 0) buf_.err = errno ? errno : EIO;
    buf_.file = nullptr;
    owns_ = false;
  }
  if (buf_.err && error_.empty()) {
    const std::string where = path_.empty() || path_ == "-" ? std::string("standard output") : "'" + path_ + "'";
    error_ = "cannot write " + where + ": " + std::strerror(buf_.err);
  }
  return error_.empty();
}

}  // namespace tcpsim::cli
