#pragma once
// Connections' TCB snapshots, stored as differences (issue 11 §2): each connection has its own byte
// stream in which a snapshot is written as the 32-bit words that changed since that connection's
// previous one (a mask of them, then each one's wrapping difference as a zigzag varint). Every
// kKeyEvery-th snapshot of a connection is a key, written against zero, so the snapshot in force at
// any event is rebuilt in O(kKeyEvery) from the key before it. A second stream keeps which connection
// took each snapshot, so that all of them can be read back in the order they were taken. About 10
// bytes a snapshot instead of 80. Writing one compares the snapshot's words with the latest's
// in place (SSE2, no conversion) and copies a short record with one fixed-size store: about 220
// instructions (issue 11 §4), the varints of the changed words the largest part.
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <type_traits>
#include <vector>

#include "tcp/segment.hpp"
#include "tcp/state.hpp"
#include "util/chunked.hpp"
#include "util/time.hpp"

namespace tcpsim {

/// A connection's variables after a step that changed them (for the visualizer's TCB panel).
///
/// The fields are laid out as 20 32-bit words with no padding (checked below), the ones that change
/// most often first: TcbLog compares and stores a snapshot as those words without converting it.
struct TcbSnapshot {
  uint32_t event = 0;       ///< Holds from events[event] on (events.size() when it was taken).
  Seq snd_una;              ///< SND.UNA
  uint64_t unread = 0;      ///< Received in order, not yet read by the application
  uint64_t unacked = 0;     ///< Sent, not yet acknowledged
  Seq rcv_nxt;              ///< RCV.NXT
  Seq snd_nxt;              ///< SND.NXT
  uint64_t unsent = 0;      ///< Written by the application, not yet sent
  Time t = 0;
  uint32_t snd_wnd = 0;     ///< SND.WND (the peer's window)
  uint32_t rcv_wnd = 0;     ///< RCV.WND as last advertised
  uint64_t out_of_order = 0;///< Held above a hole
  State state = State::Closed;
  uint8_t zero_[3] = {};    ///< Always 0 (fills the state's word).
  uint32_t rcvbuf = 0;      ///< Receive buffer size
  uint32_t sndbuf = 0;      ///< Send buffer size
  uint32_t conn = 0;
  /// Same connection variables (time, event and buffer sizes aside): a step that changes none of
  /// these takes no snapshot.
  bool operator==(const TcbSnapshot& o) const {
    return state == o.state && snd_una == o.snd_una && snd_nxt == o.snd_nxt && snd_wnd == o.snd_wnd &&
           rcv_nxt == o.rcv_nxt && rcv_wnd == o.rcv_wnd && unread == o.unread && out_of_order == o.out_of_order &&
           unacked == o.unacked && unsent == o.unsent;
  }
  /// Every field the same (what the store must give back).
  bool same(const TcbSnapshot& o) const {
    return *this == o && t == o.t && conn == o.conn && event == o.event && rcvbuf == o.rcvbuf && sndbuf == o.sndbuf;
  }
};
static_assert(sizeof(TcbSnapshot) == 80 && std::has_unique_object_representations_v<TcbSnapshot>,
              "a TcbSnapshot is 20 words without padding (TcbLog stores its words)");

/// The TCB snapshots of a run, append-only, in the order they were taken.
class TcbLog {
  struct Conn;

 public:
  /// A connection's every kKeyEvery-th snapshot is stored whole.
  static constexpr uint32_t kKeyEvery = 32;
  /// A snapshot as the words the stream stores: TcbSnapshot's own, in its field order (64-bit
  /// values low word first; the connection id, last, is not stored).
  static constexpr int kWords = 20;
  using Words = std::array<uint32_t, kWords>;

  /// The snapshot in force for a connection at some moment, and the one it replaced.
  struct AsOf {
    std::optional<TcbSnapshot> now;
    std::optional<TcbSnapshot> before;
  };

  /// Reads every snapshot in the order taken (a forward pass that keeps each connection's latest).
  class const_iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = TcbSnapshot;
    using difference_type = std::ptrdiff_t;
    using pointer = const TcbSnapshot*;
    using reference = const TcbSnapshot&;
    const_iterator() = default;
    const_iterator(const TcbLog* log, size_t i);
    /// The current snapshot; the reference stays valid until the iterator moves.
    const TcbSnapshot& operator*() const { return cur_; }
    const TcbSnapshot* operator->() const { return &cur_; }
    const_iterator& operator++();
    bool operator==(const const_iterator& o) const { return i_ == o.i_; }
    bool operator!=(const const_iterator& o) const { return i_ != o.i_; }

   private:
    void load();
    const TcbLog* log_ = nullptr;
    size_t i_ = 0;
    size_t order_pos_ = 0;               ///< Next byte of the order stream.
    uint32_t conn_ = 0;                  ///< Connection of the current snapshot.
    std::vector<uint32_t> pos_;          ///< Per connection: next byte of its stream.
    std::vector<uint32_t> count_;        ///< Per connection: snapshots read.
    std::vector<Words> last_;            ///< Per connection: latest snapshot read, as words.
    TcbSnapshot cur_;
  };

  /// Appends a snapshot (taken after every one appended before it). Its connection id indexes a
  /// table, so ids are small and dense (ConnRecord ids).
  void push_back(const TcbSnapshot& s);
  /// Appends a snapshot unless the connection's latest one holds the same variables (operator==);
  /// returns whether it did. A connection's first snapshot is always appended.
  bool push_back_changed(const TcbSnapshot& s);
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// The snapshot appended last.
  const TcbSnapshot& back() const;
  /// A connection's latest snapshot, or null when it has none.
  const TcbSnapshot* latest(uint32_t conn) const;
  /// Number of snapshots of a connection.
  uint32_t count(uint32_t conn) const;
  /// The connection's k-th snapshot (0-based, k < count(conn)).
  TcbSnapshot nth(uint32_t conn, uint32_t k) const;
  /// The connection's snapshot in force once `applied` events have happened (the latest one with
  /// event <= applied) and the snapshot before that one.
  AsOf as_of(uint32_t conn, uint32_t applied) const;
  /// Just the snapshot in force (as_of(conn, applied).now).
  std::optional<TcbSnapshot> at(uint32_t conn, uint32_t applied) const { return as_of(conn, applied).now; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }
  /// Heap bytes held.
  uint64_t memory_bytes() const;

 private:
  static constexpr uint32_t kBlock = 64;  ///< Bytes of a connection's stream stored together.
  using Block = std::array<uint8_t, kBlock>;
  /// Where a key snapshot starts in its connection's stream, and its event.
  struct Key {
    uint32_t pos = 0;
    uint32_t event = 0;
  };
  struct Conn {
    std::vector<uint32_t> blocks;  ///< Indices into blocks_, in stream order.
    std::vector<Key> keys;         ///< Snapshot k * kKeyEvery starts at keys[k].
    uint32_t bytes = 0;            ///< Length of the stream.
    uint32_t count = 0;            ///< Snapshots written.
    TcbSnapshot last;              ///< The latest one (what the next is written against).
    Block* block = nullptr;        ///< The stream's last block (chunks never move).
  };
  /// Reads one connection's stream from a byte position.
  class Reader;

  /// Appends n bytes to a connection's stream (a new block when the current one is full).
  void put_bytes(Conn& c, const uint8_t* p, uint32_t n);
  /// push_back and push_back_changed: `changed_only` skips a snapshot equal to the latest.
  bool append(const TcbSnapshot& s, bool changed_only);
  /// Adds entries for connections up to `conn`.
  [[gnu::noinline]] void add_conns(uint32_t conn);

  std::vector<Conn> conns_;    ///< By connection id.
  Chunked<Block> blocks_;      ///< Every connection's stream, kBlock bytes at a time.
  Chunked<uint8_t> order_;     ///< Per snapshot in order: its connection, a varint of the difference from the previous.
  size_t size_ = 0;
  uint32_t last_conn_ = 0;
  uint64_t index_bytes_ = 0;   ///< Heap bytes of conns_ and each connection's vectors.
};

}  // namespace tcpsim
