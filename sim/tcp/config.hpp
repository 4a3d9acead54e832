#pragma once
// Per-host TCP settings. Defaults follow Linux; every one can be set per scenario
// (`set HOST key value`) so a class need not wait two hours for a keepalive.
#include <cstdint>
#include <string_view>
#include <vector>

#include "util/time.hpp"

namespace tcpsim {

/// TCP parameters of one host. Names in comments are the scenario keys.
struct TcpConfig {
  uint16_t mss = 1460;             ///< `mss`: MSS option sent on SYN and the largest segment sent.
  uint32_t rcvbuf = 65535;         ///< `rcvbuf`: receive buffer; the window never exceeds 65535 (no scaling).
  uint32_t sndbuf = 131072;        ///< `sndbuf`: send buffer; send() blocks when it is full.
  Time rto_initial = sec(1);       ///< `rto-initial`: RFC 6298 §2.1 initial RTO.
  Time rto_min = ms(200);          ///< `rto-min`: Linux TCP_RTO_MIN.
  Time rto_max = sec(120);         ///< `rto-max`: Linux TCP_RTO_MAX.
  uint32_t syn_retries = 6;        ///< `syn-retries`: Linux net.ipv4.tcp_syn_retries.
  uint32_t syn_linear_timeouts = 4;  ///< `syn-linear-timeouts`: Linux (>= 6.5) net.ipv4.tcp_syn_linear_timeouts.
  uint32_t synack_retries = 5;     ///< `synack-retries`: Linux net.ipv4.tcp_synack_retries.
  uint32_t retries2 = 15;          ///< `retries2`: Linux net.ipv4.tcp_retries2 (retransmissions, counted).
  Time msl = sec(30);              ///< `msl`: TIME-WAIT lasts 2*MSL (60 s, as Linux's TCP_TIMEWAIT_LEN).
  Time fin_timeout = sec(60);      ///< `fin-timeout`: Linux tcp_fin_timeout for orphaned FIN-WAIT-2.
  Time keepalive_idle = sec(7200); ///< `keepalive-idle`: Linux tcp_keepalive_time.
  Time keepalive_intvl = sec(75);  ///< `keepalive-intvl`: Linux tcp_keepalive_intvl.
  uint32_t keepalive_cnt = 9;      ///< `keepalive-cnt`: Linux tcp_keepalive_probes.
  bool rfc5961 = true;             ///< `rfc5961`: challenge ACKs for RST/SYN; off shows RFC 793's rule.
  bool rfc1337 = false;            ///< `rfc1337`: on = ignore RSTs in TIME-WAIT (Linux default off).
  uint32_t dupack_threshold = 3;   ///< `dupack-threshold`: RFC 5681 fast retransmit after this many.
  uint32_t backlog = 128;          ///< `backlog`: default listen() backlog.
  bool abort_on_overflow = false;  ///< `abort-on-overflow`: Linux tcp_abort_on_overflow (reset, not drop, the
                                   ///< handshake's final ACK when the accept queue is full).
  Time ack_ratelimit = ms(500);    ///< `ack-ratelimit`: at most one out-of-window ACK or challenge ACK per
                                   ///< this interval (Linux tcp_invalid_ratelimit; 0 = no limit).
  uint32_t orphan_retries = 8;     ///< `orphan-retries`: retransmissions of an orphaned connection
                                   ///< (its application closed it) before it is dropped (Linux: 0 means 8).
  bool delayed_ack = false;        ///< `delayed-ack`: Linux's delayed ACK (quick-ack, pingpong, 40-200 ms
                                   ///< timer) and the receive window it depends on (tcp_select_window());
                                   ///< off = every ACK at once, as the lessons draw them.
  bool congestion_control = false; ///< `congestion-control`: Linux's congestion window (Reno: IW10, slow start,
                                   ///< loss window); off = limited by the peer's window only, as the lessons draw it.
  bool sndbuf_autotune = false;    ///< `sndbuf-autotune`: Linux's send buffer, memory sized by the congestion window
                                   ///< (tcp_sndbuf_expand()); ignored on a host whose `sndbuf` was set (SOCK_SNDBUF_LOCK).
  bool sndbuf_set = false;         ///< A `sndbuf` line set the buffer (Linux SO_SNDBUF's SOCK_SNDBUF_LOCK).
  int64_t isn = -1;                ///< `isn`: ISS of this host's next connection (-1 = draw from the seed).
};

/// How a setting's value is written in a scenario file.
enum class SettingType : uint8_t { Duration, Count, Bytes, Bool };

/// One `set HOST KEY VALUE` key.
struct SettingInfo {
  std::string_view key;   ///< e.g. "keepalive-idle".
  SettingType type;
  int64_t min;            ///< Smallest allowed value (durations in ns).
  int64_t max;            ///< Largest allowed value.
  std::string_view doc;   ///< One line for docs and hints.
};

/// Every setting key, in the order the docs list them.
const std::vector<SettingInfo>& setting_keys();
/// The setting named `key`, or nullptr.
const SettingInfo* find_setting(std::string_view key);
/// Stores a validated value into `cfg`. Returns false for an unknown key.
bool apply_setting(TcpConfig& cfg, std::string_view key, int64_t value);

}  // namespace tcpsim
