#include "tcp/state.hpp"

#include <array>
#include <string>

namespace tcpsim {

namespace {
constexpr std::array<std::string_view, kStateCount> kNames = {
    "CLOSED",     "LISTEN",     "SYN-SENT",   "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
    "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING",    "LAST-ACK",     "TIME-WAIT"};
}

std::string_view state_name(State s) { return kNames[static_cast<size_t>(s)]; }

std::optional<State> parse_state(std::string_view name) {
  std::string n(name);
  for (char& c : n) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    if (c == '_') c = '-';
  }
  if (n == "SYN-RCVD") n = "SYN-RECEIVED";
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == n) return static_cast<State>(i);
  }
  return std::nullopt;
}

}  // namespace tcpsim
