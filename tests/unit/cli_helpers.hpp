#pragma once
// Running the `tcpsim` binary as a user does, for the tests of its commands: a fresh temporary
// directory per test, and a run's exit code, standard output and standard error.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace cli_test {

/// A scenario with a twin, for the command tests: the server closes with the request unread, so its
/// TCP resets; in the twin it reads the request first and closes with a FIN.
inline const char* const kGood = R"(# A reset the client sees.
title "close with unread data"
host client 10.0.0.1
host server 10.0.0.2
link client server delay 20ms
at 0ms    server listen 80
at 0ms    client connect server:80
at 100ms  client send "GET / HTTP/1.1\r\n\r\n"
at 150ms  server accept
at 190ms  server recv          twin
at 200ms  server close
at 300ms  client recv
expect server sends RST+ACK seq=1 ack=19
expect client recv ECONNRESET
expect server sends FIN+ACK seq=1 ack=19   twin
expect client recv EOF                     twin
)";


/// What a run of the command left: its exit code, stdout and stderr.
struct Result {
  int code = -1;
  std::string out;  ///< stdout
  std::string err;  ///< stderr
};

/// A file's bytes ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A temporary directory removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static int n = 0;
    path = std::filesystem::temp_directory_path() /
           ("tcpsim-cli-test-" + std::to_string(getpid()) + "-" + std::to_string(++n));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  /// Writes a file and returns its path.
  std::string write(const std::string& name, const std::string& text) const {
    const std::filesystem::path p = path / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
};

/// Runs `tcpsim ARGS` (ARGS already shell-quoted) under `env`, with stderr captured to a file in `dir`.
inline Result run_tcpsim(const std::string& args, const TempDir& dir, const std::string& env = "NO_COLOR=1 COLUMNS=100") {
  const std::filesystem::path err = dir.path / "stderr.txt";
  const std::string cmd = "env " + env + " '" TCPSIM_BIN_DIR "/tcpsim' " + args + " 2>'" + err.string() + "'";
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = slurp(err);
  return r;
}

/// The lines of `s`.
inline std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace cli_test
