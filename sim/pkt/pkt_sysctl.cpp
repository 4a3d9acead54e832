// `sysctl -w NAME=VALUE` in a script (pkt_convert.hpp): the TCP settings tcpsim models, by their Linux
// names and, where the meaning is the same, other systems' (FreeBSD's net.inet.tcp.*).
#include <string_view>

#include "pkt/pkt_convert.hpp"

namespace tcpsim::pkt {

namespace {

struct Mapping {
  std::string_view name;  ///< Without the "net.ipv4." / "net.inet.tcp." prefix.
  std::string_view key;   ///< tcpsim's `set` key.
  std::string_view unit;  ///< "" (count), "s" or "ms" (a duration), "bool".
};

// Linux Documentation/networking/ip-sysctl.rst names and their tcpsim keys (sim/tcp/config.cpp).
constexpr Mapping kLinux[] = {
    {"tcp_rfc1337", "rfc1337", "bool"},
    {"tcp_syn_retries", "syn-retries", ""},
    {"tcp_synack_retries", "synack-retries", ""},
    {"tcp_retries2", "retries2", ""},
    {"tcp_orphan_retries", "orphan-retries", ""},
    {"tcp_fin_timeout", "fin-timeout", "s"},
    {"tcp_keepalive_time", "keepalive-idle", "s"},
    {"tcp_keepalive_intvl", "keepalive-intvl", "s"},
    {"tcp_keepalive_probes", "keepalive-cnt", ""},
    {"tcp_invalid_ratelimit", "ack-ratelimit", "ms"},
    {"tcp_abort_on_overflow", "abort-on-overflow", "bool"},
    {"tcp_max_syn_backlog", "backlog", ""},
};

// FreeBSD names with the same meaning.
constexpr Mapping kBsd[] = {
    {"keepidle", "keepalive-idle", "ms"},
    {"keepintvl", "keepalive-intvl", "ms"},
    {"keepcnt", "keepalive-cnt", ""},
    {"finwait2_timeout", "fin-timeout", "ms"},
};

// Settings that change only what tcpsim does not model: accepted, with a note.
constexpr std::string_view kUnmodelled[] = {
    "tcp_sack", "tcp_dsack", "tcp_fack", "tcp_timestamps", "tcp_window_scaling", "tcp_ecn", "tcp_ecn_fallback",
    "tcp_moderate_rcvbuf", "tcp_no_metrics_save", "tcp_early_retrans", "tcp_frto", "tcp_min_tso_segs",
    "tcp_tso_win_divisor", "tcp_autocorking", "tcp_recovery", "tcp_thin_linear_timeouts", "tcp_mtu_probing",
    "tcp_slow_start_after_idle", "tcp_congestion_control", "tcp_fastopen", "tcp_pacing_ss_ratio",
    "tcp_pacing_ca_ratio", "tcp_min_rtt_wlen", "tcp_rmem", "tcp_wmem", "tcp_challenge_ack_limit",
    "tcp_syncookies", "tcp_tw_reuse", "sack.enable", "rfc1323", "ecn.enable",
};

bool numeric(const std::string& v) {
  if (v.empty() || v.size() > 9) return false;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string sysctl_setting(const std::string& full, const std::string& value, std::string* note) {
  std::string_view name = full;
  const Mapping* table = kLinux;
  size_t size = std::size(kLinux);
  if (name.substr(0, 9) == "net.ipv4.") {
    name.remove_prefix(9);
  } else if (name.substr(0, 13) == "net.inet.tcp.") {
    name.remove_prefix(13);
    table = kBsd;
    size = std::size(kBsd);
  } else {
    return "";
  }
  for (std::string_view u : kUnmodelled) {
    if (name == u) {
      *note = full + " changes only what tcpsim does not model (SACK, timestamps, window scaling, ECN, "
                     "buffer tuning, congestion control, host caches): accepted, no effect";
      return "";
    }
  }
  for (size_t i = 0; i < size; ++i) {
    const Mapping& m = table[i];
    if (name != m.name) continue;
    if (!numeric(value)) return "";
    std::string v = value;
    if (m.unit == "bool") v = value == "0" ? "off" : "on";
    else if (m.unit == "s" || m.unit == "ms") v += std::string(m.unit);
    return std::string(m.key) + " " + v;
  }
  return "";
}

}  // namespace tcpsim::pkt
