#include "trace/event_log.hpp"

#include <limits>
#include <stdexcept>

#include "trace/trace.hpp"

namespace tcpsim {

EventLog::EventLog() = default;
EventLog::EventLog(const EventLog&) = default;
EventLog::EventLog(EventLog&&) noexcept = default;
EventLog& EventLog::operator=(const EventLog&) = default;
EventLog& EventLog::operator=(EventLog&&) noexcept = default;
EventLog::~EventLog() = default;

void EventLog::start_block(Time t) { bases_.push_back(t); }

void EventLog::push_back_other(const Event& e, uint64_t dt) {
  constexpr uint64_t kMax32 = std::numeric_limits<uint32_t>::max();
  const uint64_t t = static_cast<uint64_t>(e.t);
  const auto type = static_cast<uint8_t>(e.type);
  bool fits = e.conn <= 0xFFFF && type <= kTypeMask && (dt < kFar || far_.size() < kMax32 - kFar);
  Packed p{};
  uint8_t flags = 0;
  if (e.value == 0) {
    fits = fits && e.ref <= kMax32;
    p.x = e.ref;
  } else if (e.ref == 0) {
    flags = kValue;
    if (e.value <= kMax32) {
      p.x = static_cast<uint32_t>(e.value);
    } else if (e.value - t <= kMax32) {
      flags |= kRelative;  // A timer's deadline, a little after the event.
      p.x = static_cast<uint32_t>(e.value - t);
    } else {
      fits = false;
    }
  } else {
    fits = false;
  }
  if (!fits) {
    p = Packed{};
    p.type = kWide;
    p.x = static_cast<uint32_t>(wide_.size());
    wide_.push_back(e);
  } else {
    if (dt < kFar) {
      p.dt = static_cast<uint32_t>(dt);
    } else {
      p.dt = kFar + static_cast<uint32_t>(far_.size());  // after an idle stretch
      far_.push_back(e.t);
    }
    p.type = static_cast<uint8_t>(type | flags);
    p.a = e.a;
    p.b = e.b;
    p.rule = static_cast<uint8_t>(e.rule);
    p.node = e.node;
    p.conn = static_cast<uint16_t>(e.conn);
  }
  packed_.push_back(p);
}

Event EventLog::operator[](size_t i) const {
  const Packed& p = packed_[i];
  if (p.type & kWide) return wide_[p.x];
  Event e;
  e.t = p.dt >= kFar ? far_[p.dt - kFar] : static_cast<Time>(static_cast<uint64_t>(bases_[i / kBlock]) + p.dt);
  e.type = static_cast<EventType>(p.type & kTypeMask);
  e.a = p.a;
  e.b = p.b;
  e.rule = static_cast<Rule>(p.rule);
  e.node = p.node;
  e.conn = p.conn;
  if (p.type & kValue) {
    e.value = (p.type & kRelative) ? static_cast<uint64_t>(e.t) + p.x : p.x;
  } else {
    e.ref = p.x;
  }
  return e;
}

Event EventLog::at(size_t i) const {
  if (i >= size()) throw std::out_of_range("EventLog::at");
  return (*this)[i];
}

Event EventLog::front() const { return (*this)[0]; }
Event EventLog::back() const { return (*this)[size() - 1]; }

uint64_t EventLog::memory_bytes() const {
  return packed_.memory_bytes() + (bases_.capacity() + far_.capacity()) * sizeof(Time) +
         wide_.capacity() * sizeof(Event);
}

EventLog::const_reverse_iterator EventLog::rbegin() const { return const_reverse_iterator(end()); }
EventLog::const_reverse_iterator EventLog::rend() const { return const_reverse_iterator(begin()); }

size_t EventLog::wide() const { return wide_.size(); }

}  // namespace tcpsim
