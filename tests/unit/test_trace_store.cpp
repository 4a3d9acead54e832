// The trace's compact stores: TCB snapshots as differences (TcbLog), packed events (EventLog) and
// the chunks under them (Chunked). What goes in comes back, field for field, by index, by
// connection and moment, and in order.
#include "scenario_helpers.hpp"

#include <limits>
#include <map>
#include <random>

using namespace tcpsim;
using namespace tcpsim::testing;

namespace {

std::string show(const TcbSnapshot& s) {
  return "conn " + std::to_string(s.conn) + " t " + std::to_string(s.t) + " event " + std::to_string(s.event) +
         " state " + std::string(state_name(s.state)) + " una " + std::to_string(s.snd_una.v) + " nxt " +
         std::to_string(s.snd_nxt.v) + " wnd " + std::to_string(s.snd_wnd) + " rnxt " + std::to_string(s.rcv_nxt.v) +
         " rwnd " + std::to_string(s.rcv_wnd) + " rbuf " + std::to_string(s.rcvbuf) + " unread " +
         std::to_string(s.unread) + " ooo " + std::to_string(s.out_of_order) + " unacked " + std::to_string(s.unacked) +
         " unsent " + std::to_string(s.unsent) + " sbuf " + std::to_string(s.sndbuf);
}

/// A random walk of snapshots over a few connections: small steps mostly, sometimes jumps of any
/// size, sequence numbers that pass 2^32 and 64-bit counters near their top.
std::vector<TcbSnapshot> random_snapshots(uint32_t seed, size_t n, uint32_t conns) {
  std::mt19937_64 rng(seed);
  std::vector<TcbSnapshot> last(conns + 1);
  for (uint32_t c = 1; c <= conns; ++c) {
    last[c].conn = c;
    last[c].snd_una = Seq(0xFFFFFFFFu - static_cast<uint32_t>(rng() % 5000));  // wraps soon
    last[c].snd_nxt = last[c].snd_una;
    last[c].rcv_nxt = Seq(static_cast<uint32_t>(rng()));
    last[c].unread = c == 2 ? std::numeric_limits<uint64_t>::max() - 3 : 0;  // a counter at the top
    last[c].rcvbuf = 65535;
    last[c].sndbuf = 16384;
  }
  std::vector<TcbSnapshot> out;
  Time t = 0;
  uint32_t event = 0;
  auto step = [&](uint64_t small) -> uint64_t {
    const uint64_t r = rng() % 100;
    if (r < 70) return rng() % small;
    if (r < 90) return (rng() % small) * static_cast<uint64_t>(-1);  // a step down
    return rng();                                                      // anything
  };
  for (size_t i = 0; i < n; ++i) {
    const auto c = static_cast<uint32_t>(1 + rng() % conns);
    TcbSnapshot s = last[c];
    t += static_cast<Time>(rng() % 3 == 0 ? 0 : rng() % 50'000'000);
    event += static_cast<uint32_t>(rng() % 4);
    s.t = t;
    s.event = event;
    if (rng() % 4 == 0) s.state = static_cast<State>(rng() % 11);
    if (rng() % 2) s.snd_una = Seq(s.snd_una.v + 1460 * static_cast<uint32_t>(rng() % 3));
    if (rng() % 2) s.snd_nxt = Seq(s.snd_una.v + static_cast<uint32_t>(rng() % 65536));
    if (rng() % 3 == 0) s.snd_wnd = static_cast<uint32_t>(step(65536));
    if (rng() % 2) s.rcv_nxt = Seq(s.rcv_nxt.v + static_cast<uint32_t>(step(3000)));
    if (rng() % 3 == 0) s.rcv_wnd = static_cast<uint32_t>(rng() % 65536);
    if (rng() % 2) s.unread += step(5000);
    if (rng() % 5 == 0) s.out_of_order = step(1u << 20);
    if (rng() % 2) s.unacked = step(100000);
    if (rng() % 2) s.unsent += step(1u << 30);
    if (rng() % 50 == 0) s.rcvbuf = static_cast<uint32_t>(rng());
    if (rng() % 50 == 0) s.sndbuf = static_cast<uint32_t>(rng());
    last[c] = s;
    out.push_back(s);
  }
  return out;
}

/// The snapshot of `conn` in force once `applied` events have happened, and the one before, by
/// scanning everything.
std::pair<std::optional<TcbSnapshot>, std::optional<TcbSnapshot>> scan(const std::vector<TcbSnapshot>& all,
                                                                       uint32_t conn, uint32_t applied) {
  std::optional<TcbSnapshot> now, before;
  for (const TcbSnapshot& s : all) {
    if (s.conn != conn || s.event > applied) continue;
    before = now;
    now = s;
  }
  return {now, before};
}

bool same(const std::optional<TcbSnapshot>& a, const std::optional<TcbSnapshot>& b) {
  return a.has_value() == b.has_value() && (!a || a->same(*b));
}

}  // namespace

TEST_CASE("tcb log: random snapshot sequences come back whole, in order, by index and by moment") {
  for (uint32_t seed : {1u, 2u, 3u, 77u}) {
    const uint32_t conns = seed == 77 ? 1 : 5;
    const std::vector<TcbSnapshot> ref = random_snapshots(seed, 1500, conns);
    TcbLog log;
    for (const TcbSnapshot& s : ref) log.push_back(s);
    REQUIRE(log.size() == ref.size());
    CHECK(log.back().same(ref.back()));
    // In order, field for field.
    size_t i = 0;
    for (const TcbSnapshot& s : log) {
      INFO("seed " << seed << " snapshot " << i << ": " << show(s) << " vs " << show(ref[i]));
      REQUIRE(s.same(ref[i]));
      ++i;
    }
    CHECK(i == ref.size());
    // By connection: the k-th, the latest, and the one in force at every event index.
    std::map<uint32_t, std::vector<TcbSnapshot>> by_conn;
    for (const TcbSnapshot& s : ref) by_conn[s.conn].push_back(s);
    for (const auto& [conn, v] : by_conn) {
      REQUIRE(log.count(conn) == v.size());
      CHECK(log.latest(conn)->same(v.back()));
      for (uint32_t k = 0; k < v.size(); ++k) REQUIRE(log.nth(conn, k).same(v[k]));
      for (uint32_t applied = 0; applied <= ref.back().event + 1; ++applied) {
        const auto [now, before] = scan(ref, conn, applied);
        const TcbLog::AsOf got = log.as_of(conn, applied);
        INFO("seed " << seed << " conn " << conn << " applied " << applied);
        REQUIRE(same(got.now, now));
        REQUIRE(same(got.before, before));
      }
    }
    CHECK_FALSE(log.latest(conns + 1));
    CHECK_FALSE(log.at(conns + 1, 100));
  }
}

TEST_CASE("tcb log: a key every kKeyEvery snapshots; the moment at a key sees the snapshot before it") {
  TcbLog log;
  std::vector<TcbSnapshot> ref;
  for (uint32_t i = 0; i < 3 * TcbLog::kKeyEvery + 5; ++i) {
    TcbSnapshot s;
    s.conn = 1;
    s.t = Time{1000} * i;
    s.event = 2 * i + 1;  // snapshot i holds from event 2i+1 on
    s.snd_una = Seq(0xFFFFF000u + 1460 * i);  // passes 2^32 on the way
    s.unacked = i;
    ref.push_back(s);
    log.push_back(s);
  }
  for (uint32_t k : {TcbLog::kKeyEvery - 1, TcbLog::kKeyEvery, TcbLog::kKeyEvery + 1, 2 * TcbLog::kKeyEvery}) {
    const TcbLog::AsOf a = log.as_of(1, ref[k].event);
    REQUIRE(a.now);
    REQUIRE(a.before);
    CHECK(a.now->same(ref[k]));
    CHECK(a.before->same(ref[k - 1]));
    // Between two snapshots the earlier one holds.
    CHECK(log.at(1, ref[k].event + 1)->same(ref[k]));
  }
  CHECK_FALSE(log.at(1, 0));
  CHECK(log.at(1, 1)->same(ref[0]));
  CHECK_FALSE(log.as_of(1, 1).before);
  CHECK(log.at(1, UINT32_MAX)->same(ref.back()));
  // A small step costs a few bytes, not the 88 of a whole snapshot.
  CHECK(log.memory_bytes() < ref.size() * 88 / 2 + 8192);
}


TEST_CASE("tcb log: a record holds only the 32-bit words that changed; high words and long gaps come back") {
  // The stream stores a snapshot as words: 64-bit values (time, byte counts) are two, and only the
  // words that changed are written. A low word that wraps while the high one changes, a high word that
  // changes alone, a time gap longer than 2^31 ns and a step down must all come back exactly.
  TcbLog log;
  std::vector<TcbSnapshot> ref;
  TcbSnapshot s;
  s.conn = 3;
  s.state = State::Established;
  s.rcvbuf = 65535;
  s.sndbuf = 16384;
  s.unsent = 0xFFFFFF00u;  // passes 2^32 below
  const auto add = [&] {
    ++s.event;
    ref.push_back(s);
    log.push_back(s);
  };
  add();
  s.t += 1'000'000;
  s.unsent += 0x200;  // the low word wraps, the high one goes 0 -> 1
  add();
  s.t += Time{5} << 32;  // a gap longer than 2^31 ns: the high word of the time changes
  s.unread = uint64_t{7} << 32;  // a high word alone
  add();
  s.t += 1;
  s.unread -= 1;  // both words step down
  s.unsent = 0;
  add();
  for (size_t k = 0; k < ref.size(); ++k) CHECK(log.nth(3, static_cast<uint32_t>(k)).same(ref[k]));
  size_t i = 0;
  for (const TcbSnapshot& got : log) CHECK(got.same(ref[i++]));
  CHECK(i == ref.size());

  // A steady transfer's step (time, event, SND.UNA and the unacknowledged count) costs about 10 bytes
  // (20 with the chunks' rounding up), not the 80 of a whole snapshot.
  TcbLog steady;
  TcbSnapshot b;
  b.conn = 1;
  b.state = State::Established;
  b.snd_una = Seq(123456789);
  b.unacked = 65535;
  constexpr uint32_t kSteps = 4096;
  for (uint32_t k = 0; k < kSteps; ++k) {
    b.t += 250'000;  // 0.25 ms
    b.event += 3;
    b.snd_una = b.snd_una + 1460;
    b.unacked = k % 2 ? 65535 : 65535 - 1460;
    steady.push_back(b);
  }
  CHECK(steady.memory_bytes() < kSteps * 20);
  CHECK(steady.latest(1)->same(b));
}
TEST_CASE("tcb log: push_back_changed skips a snapshot whose variables equal the latest's") {
  TcbLog log;
  TcbSnapshot s;
  s.conn = 2;
  s.state = State::Established;
  s.snd_una = Seq(1000);
  s.rcvbuf = 65535;
  CHECK(log.push_back_changed(s));  // A connection's first snapshot is always taken.
  TcbSnapshot later = s;
  later.t += 5'000'000;  // Time, event and buffer sizes are not variables (operator==).
  later.event += 4;
  later.sndbuf = 4096;
  CHECK_FALSE(log.push_back_changed(later));
  CHECK(log.size() == 1);
  CHECK(log.latest(2)->same(s));
  later.unread = 1460;  // A variable: taken, whole.
  CHECK(log.push_back_changed(later));
  CHECK(log.size() == 2);
  CHECK(log.latest(2)->same(later));
  CHECK(log.nth(2, 1).same(later));
  TcbSnapshot other = s;  // Another connection's first: taken although its variables equal conn 2's.
  other.conn = 5;
  CHECK(log.push_back_changed(other));
  CHECK(log.count(5) == 1);
  log.push_back(other);  // push_back always appends.
  CHECK(log.count(5) == 2);
}

TEST_CASE("tcb log: every library run's snapshots rebuild to what a replay up to that moment held") {
  // The reference: the same run stopped after k steps (a `limit events` replay) holds each
  // connection's latest snapshot whole; the full run's differences must rebuild it at that moment.
  for (const std::string& file : library_files()) {
    ParseResult r = parse_scenario_file(file);
    REQUIRE(r.ok());
    for (RunKind kind : {RunKind::Fault, RunKind::Twin}) {
      if (kind == RunKind::Twin && !r.scenario->has_twin()) continue;
      const Trace full = run_scenario(*r.scenario, kind);
      // Reading them in order agrees with nth().
      std::map<uint32_t, uint32_t> seen;
      for (const TcbSnapshot& s : full.tcbs) REQUIRE(full.tcbs.nth(s.conn, seen[s.conn]++).same(s));
      Scenario sc = *r.scenario;
      for (uint64_t steps = 1;; steps += 1 + steps / 8) {
        sc.event_limit = steps;
        const Trace part = run_scenario(sc, kind);
        const auto applied = static_cast<uint32_t>(part.events.size());
        for (const ConnRecord& c : part.conns) {
          INFO(file << (kind == RunKind::Twin ? " (twin)" : "") << " after " << steps << " steps, connection " << c.id);
          const TcbSnapshot* want = part.tcbs.latest(c.id);
          const std::optional<TcbSnapshot> got = full.tcbs.at(c.id, applied);
          REQUIRE(got.has_value() == (want != nullptr));
          if (want) REQUIRE(got->same(*want));
        }
        if (!part.truncated) break;
      }
    }
  }
}

TEST_CASE("event log: events come back as they went in (push_back or push_ref), the ones that do not pack too") {
  std::mt19937_64 rng(5);
  std::vector<Event> ref;
  Time t = 0;
  for (int i = 0; i < 20000; ++i) {
    Event e;
    t += static_cast<Time>(rng() % 1000 == 0 ? rng() % (Time{1} << 40) : rng() % 100000);  // rare long gaps
    e.t = t;
    e.type = static_cast<EventType>(rng() % (static_cast<int>(EventType::FlowForgotten) + 1));
    e.a = static_cast<uint8_t>(rng());
    e.b = static_cast<uint8_t>(rng());
    e.rule = static_cast<Rule>(rng() % 20);
    e.node = rng() % 10 == 0 ? kNoNode : static_cast<NodeId>(rng() % 4);
    e.conn = static_cast<uint32_t>(rng() % 500 == 0 ? 70000 + rng() % 1000 : rng() % 100);
    switch (rng() % 6) {
      case 0: e.value = static_cast<uint64_t>(e.t) + rng() % 4'000'000'000; break;  // a deadline soon
      case 1: e.value = static_cast<uint64_t>(e.t) + (uint64_t{1} << 40); break;    // hours away
      case 2: e.value = rng() % 70000; break;                                        // bytes
      case 3: e.ref = static_cast<uint32_t>(rng()); e.value = rng() % 3 ? 0 : 7; break;  // a drop has both
      default: e.ref = static_cast<uint32_t>(rng() % 200000); break;
    }
    ref.push_back(e);
  }
  Event early;  // a time before its block's base still round-trips
  early.t = -5;
  early.value = UINT64_MAX;
  ref.push_back(early);
  EventLog log;
  // Every other event without a value goes in field by field, as the network records a segment's.
  for (size_t k = 0; k < ref.size(); ++k) {
    const Event& e = ref[k];
    if (e.value == 0 && k % 2 == 1) {
      log.push_ref(e.t, e.type, e.a, e.b, e.rule, e.node, e.conn, e.ref);
    } else {
      log.push_back(e);
    }
  }
  REQUIRE(log.size() == ref.size());
  auto equal = [](const Event& a, const Event& b) {
    return a.t == b.t && a.type == b.type && a.a == b.a && a.b == b.b && a.rule == b.rule && a.node == b.node &&
           a.conn == b.conn && a.ref == b.ref && a.value == b.value;
  };
  for (size_t i = 0; i < ref.size(); ++i) {
    INFO("event " << i);
    REQUIRE(equal(log[i], ref[i]));
  }
  size_t i = 0;
  for (const Event& e : log) REQUIRE(equal(e, ref[i++]));
  CHECK(equal(*log.rbegin(), ref.back()));
  CHECK(equal(log.back(), ref.back()));
  // Most pack into 16 bytes; times after a long gap take 8 more; the rest are kept whole.
  CHECK(log.wide() > 0);
  CHECK(log.wide() < ref.size() / 3);
  CHECK(log.far() > 0);
  CHECK(log.far() < ref.size() / 3);
  const EventLog copy = log;
  CHECK(equal(copy[ref.size() / 2], ref[ref.size() / 2]));
}

TEST_CASE("event log: the library's events pack in 16 bytes, but a drop's and a far deadline's") {
  for (const std::string& file : library_files()) {
    const ParseResult r = parse_scenario_file(file);
    REQUIRE(r.ok());
    const Trace t = run_scenario(*r.scenario, RunKind::Fault);
    size_t wide = 0;
    for (const Event& e : t.events) {
      const auto t0 = static_cast<uint64_t>(e.t);
      if ((e.ref && e.value) || (e.value > UINT32_MAX && e.value - t0 > UINT32_MAX)) ++wide;
    }
    INFO(file);
    CHECK(t.events.wide() == wide);
  }
}

TEST_CASE("chunked: elements stay where they were written across growing chunks and pool pieces") {
  using C = Chunked<uint64_t>;
  C c;
  const size_t n = C::kGrown + 2 * C::kLarge + 17;
  for (size_t i = 0; i < n; ++i) c.push_back(i * 7);
  REQUIRE(c.size() == n);
  const uint64_t* first = &c[0];
  const uint64_t* mid = &c[C::kGrown + 1];
  for (size_t i = 0; i < n; ++i) REQUIRE(c[i] == i * 7);
  CHECK(c.back() == (n - 1) * 7);
  CHECK(&c[0] == first);
  CHECK(&c[C::kGrown + 1] == mid);
  CHECK(C::chunk_size(0) == C::kFirst);
  CHECK(C::chunk_size(C::kGrow) == C::kLarge);
  CHECK(c.memory_bytes() >= n * sizeof(uint64_t));
  CHECK(c.memory_bytes() < (n + C::kLarge) * sizeof(uint64_t) + 4096);
  C moved = std::move(c);
  CHECK(c.empty());
  CHECK(moved[n - 1] == (n - 1) * 7);
  moved.push_back(1);
  CHECK(moved.back() == 1);
  C copy = moved;
  CHECK(copy.size() == n + 1);
  CHECK(copy[C::kGrown + C::kLarge] == (C::kGrown + C::kLarge) * 7);
  // Pieces given back are handed out again (the next trace reuses the last one's memory).
  const size_t in_use = chunk_memory::pieces_in_use();
  const size_t held = (copy.size() - C::kGrown + C::kLarge - 1) / C::kLarge;
  copy.clear();
  CHECK(chunk_memory::pieces_in_use() == in_use - held);
  const size_t free_after = chunk_memory::pieces_free();
  CHECK(free_after >= held);
  for (size_t i = 0; i < C::kGrown + 1; ++i) copy.push_back(i);
  CHECK(chunk_memory::pieces_free() == free_after - 1);
  // A small one holds about a page.
  Chunked<uint64_t> small;
  small.push_back(1);
  CHECK(small.memory_bytes() <= 4096 + 64);
}
