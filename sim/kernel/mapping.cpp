#include "kernel/mapping.hpp"

#include <unistd.h>

#include "net/vocabulary.hpp"

namespace tcpsim::kernel {

const std::vector<std::pair<std::string, std::string>> kModelSysctls = {
    {"tcp_timestamps", "0"}, {"tcp_sack", "0"}, {"tcp_window_scaling", "0"}, {"tcp_ecn", "0"},
    // tcpsim's `congestion-control on` is Reno (RFC 5681, Linux tcp_cong.c); a new namespace inherits
    // the machine's default (cubic, or bbr), so each is told reno. No metrics cache either: a later
    // connection to the same peer would start from the cached ssthresh (tcp_init_metrics()).
    {"tcp_congestion_control", "reno"}, {"tcp_no_metrics_save", "1"}};

TcpConfig host_config(const Scenario& sc, const std::string& host) {
  TcpConfig cfg;
  for (const Setting& s : sc.settings) {
    if (s.host == "all" || s.host == host) apply_setting(cfg, s.key, s.value);
  }
  return cfg;
}

namespace {
bool kernel_has(const std::string& key) { return access(("/proc/sys/net/ipv4/" + key).c_str(), F_OK) == 0; }
std::string seconds(Time t) { return std::to_string((t + kSec - 1) / kSec); }
}  // namespace

std::vector<std::pair<std::string, std::string>> host_sysctls(const Scenario& sc, const std::string& host,
                                                               std::vector<std::string>* notes) {
  return config_sysctls(host_config(sc, host), host, notes);
}

std::vector<std::pair<std::string, std::string>> config_sysctls(const TcpConfig& c, const std::string& host,
                                                                 std::vector<std::string>* notes) {
  const TcpConfig linux_default;
  std::vector<std::pair<std::string, std::string>> out = kModelSysctls;
  const auto put = [&](const char* key, const std::string& value) {
    if (kernel_has(key)) {
      out.emplace_back(key, value);
    } else {
      notes->push_back(std::string("this kernel has no net.ipv4.") + key + ": left as it is");
    }
  };
  put("tcp_syn_retries", std::to_string(c.syn_retries));
  put("tcp_syn_linear_timeouts", std::to_string(c.syn_linear_timeouts));
  put("tcp_synack_retries", std::to_string(c.synack_retries));
  put("tcp_retries2", std::to_string(c.retries2));
  put("tcp_orphan_retries", std::to_string(c.orphan_retries));
  put("tcp_rfc1337", c.rfc1337 ? "1" : "0");
  put("tcp_abort_on_overflow", c.abort_on_overflow ? "1" : "0");
  put("tcp_fin_timeout", seconds(c.fin_timeout));
  put("tcp_keepalive_time", seconds(c.keepalive_idle));
  put("tcp_keepalive_intvl", seconds(c.keepalive_intvl));
  put("tcp_keepalive_probes", std::to_string(c.keepalive_cnt));
  put("tcp_rto_min_us", std::to_string(c.rto_min / 1000));
  put("tcp_rto_max_ms", std::to_string(c.rto_max / 1'000'000));
  put("tcp_invalid_ratelimit", std::to_string(c.ack_ratelimit / 1'000'000));
  // What Linux cannot be told: said, not skipped.
  const std::string who = host + ": ";
  if (c.msl != linux_default.msl) {
    notes->push_back(who + "msl " + format_duration(c.msl) + ": Linux's TIME-WAIT is fixed at 60 s (TCP_TIMEWAIT_LEN); "
                     "the end of TIME-WAIT is not compared");
  }
  if (c.rto_initial != linux_default.rto_initial) {
    notes->push_back(who + "rto-initial: Linux's initial RTO is fixed at 1 s (TCP_TIMEOUT_INIT)");
  }
  if (c.isn >= 0) notes->push_back(who + "isn: Linux draws its own ISNs; sequence numbers are compared relative to them");
  if (!c.rfc5961) notes->push_back(who + "rfc5961 off: Linux always applies RFC 5961");
  if (c.dupack_threshold != linux_default.dupack_threshold) {
    notes->push_back(who + "dupack-threshold: not mapped (Linux adapts net.ipv4.tcp_reordering itself)");
  }
  if (c.rcvbuf != linux_default.rcvbuf || c.sndbuf != linux_default.sndbuf) {
    notes->push_back(who + "rcvbuf/sndbuf: not mapped yet (window values are not compared)");
  }
  return out;
}

}  // namespace tcpsim::kernel
