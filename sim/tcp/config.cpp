#include "tcp/config.hpp"

namespace tcpsim {

const std::vector<SettingInfo>& setting_keys() {
  static const std::vector<SettingInfo> keys = {
      {"mss", SettingType::Bytes, 64, 65495, "MSS option sent on SYN, and the largest segment sent (default 1460)"},
      {"rcvbuf", SettingType::Bytes, 1, 65535, "receive buffer and largest window, no scaling (default 65535)"},
      {"sndbuf", SettingType::Bytes, 1, int64_t{1} << 30, "send buffer; send() blocks when full (default 131072)"},
      {"rto-initial", SettingType::Duration, ms(1), 3600 * kSec, "RFC 6298 initial RTO (default 1s)"},
      {"rto-min", SettingType::Duration, ms(1), 3600 * kSec, "floor of RTTVAR, added to SRTT in the RTO (Linux default 200ms)"},
      {"rto-max", SettingType::Duration, ms(1), 3600 * kSec, "upper bound on RTO (Linux default 120s)"},
      {"syn-retries", SettingType::Count, 0, 255, "SYN retransmissions before ETIMEDOUT (Linux default 6)"},
      {"syn-linear-timeouts", SettingType::Count, 0, 255,
       "SYN retransmissions one RTO apart before the backoff doubles (Linux >= 6.5 default 4)"},
      {"synack-retries", SettingType::Count, 0, 255, "SYN,ACK retransmissions (Linux default 5)"},
      {"retries2", SettingType::Count, 0, 255, "data retransmissions before ETIMEDOUT (Linux default 15)"},
      {"msl", SettingType::Duration, 0, 3600 * kSec, "maximum segment lifetime; TIME-WAIT lasts 2*MSL (default 30s)"},
      {"fin-timeout", SettingType::Duration, 0, 3600 * kSec, "orphaned FIN-WAIT-2 lifetime (Linux default 60s)"},
      {"keepalive-idle", SettingType::Duration, kSec, 30 * 86400 * kSec, "idle time before the first probe (default 2h)"},
      {"keepalive-intvl", SettingType::Duration, kSec, 86400 * kSec, "time between probes (default 75s)"},
      {"keepalive-cnt", SettingType::Count, 1, 255, "unanswered probes before ETIMEDOUT (default 9)"},
      {"rfc5961", SettingType::Bool, 0, 1, "challenge ACKs for in-window RST and SYN (default on)"},
      {"rfc1337", SettingType::Bool, 0, 1, "ignore RST in TIME-WAIT (Linux default off)"},
      {"dupack-threshold", SettingType::Count, 1, 64, "duplicate ACKs that trigger fast retransmit (default 3)"},
      {"backlog", SettingType::Count, 1, 65535, "default listen() backlog (default 128)"},
      {"abort-on-overflow", SettingType::Bool, 0, 1,
       "reset, not drop, a handshake's final ACK when the accept queue is full (Linux default off)"},
      {"ack-ratelimit", SettingType::Duration, 0, 3600 * kSec,
       "at most one out-of-window or challenge ACK per interval (Linux tcp_invalid_ratelimit, default 500ms)"},
      {"orphan-retries", SettingType::Count, 0, 255,
       "retransmissions of a connection its application closed (Linux tcp_orphan_retries: 8)"},
      {"delayed-ack", SettingType::Bool, 0, 1,
       "Linux's delayed ACK: quick-ack at first, then ACKs wait 40-200 ms to ride on data; and Linux's receive window (default off)"},
      {"congestion-control", SettingType::Bool, 0, 1,
       "Linux's congestion window: 10 segments, slow start, 1 segment after a timeout (default off)"},
      {"sndbuf-autotune", SettingType::Bool, 0, 1,
       "Linux's send buffer: memory, 2 x max(10, cwnd) skbs, grown on ACKs while a writer waits (default off; not with `sndbuf`)"},
      {"isn", SettingType::Count, 0, 4294967295LL, "ISS of the host's next connection (default: drawn from the seed)"},
  };
  return keys;
}

const SettingInfo* find_setting(std::string_view key) {
  for (const SettingInfo& s : setting_keys()) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

bool apply_setting(TcpConfig& c, std::string_view key, int64_t v) {
  const auto u32 = static_cast<uint32_t>(v);
  if (key == "mss") c.mss = static_cast<uint16_t>(v);
  else if (key == "rcvbuf") c.rcvbuf = u32;
  else if (key == "sndbuf") {
    c.sndbuf = u32;
    c.sndbuf_set = true;  // Linux sock_setsockopt(SO_SNDBUF): SOCK_SNDBUF_LOCK, no autotuning after.
  }
  else if (key == "rto-initial") c.rto_initial = v;
  else if (key == "rto-min") c.rto_min = v;
  else if (key == "rto-max") c.rto_max = v;
  else if (key == "syn-retries") c.syn_retries = u32;
  else if (key == "syn-linear-timeouts") c.syn_linear_timeouts = u32;
  else if (key == "synack-retries") c.synack_retries = u32;
  else if (key == "retries2") c.retries2 = u32;
  else if (key == "msl") c.msl = v;
  else if (key == "fin-timeout") c.fin_timeout = v;
  else if (key == "keepalive-idle") c.keepalive_idle = v;
  else if (key == "keepalive-intvl") c.keepalive_intvl = v;
  else if (key == "keepalive-cnt") c.keepalive_cnt = u32;
  else if (key == "rfc5961") c.rfc5961 = v != 0;
  else if (key == "rfc1337") c.rfc1337 = v != 0;
  else if (key == "dupack-threshold") c.dupack_threshold = u32;
  else if (key == "backlog") c.backlog = u32;
  else if (key == "abort-on-overflow") c.abort_on_overflow = v != 0;
  else if (key == "isn") c.isn = v;
  else if (key == "ack-ratelimit") c.ack_ratelimit = v;
  else if (key == "orphan-retries") c.orphan_retries = u32;
  else if (key == "delayed-ack") c.delayed_ack = v != 0;
  else if (key == "congestion-control") c.congestion_control = v != 0;
  else if (key == "sndbuf-autotune") c.sndbuf_autotune = v != 0;
  else return false;
  return true;
}

}  // namespace tcpsim
