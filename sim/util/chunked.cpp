#include "util/chunked.hpp"

#include <mutex>

#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/mman.h>
#define TCPSIM_CHUNKED_MMAP 1
#endif

namespace tcpsim::chunk_memory {

namespace {

/// The pool: the region being cut into pieces, and the pieces given back. Shared by every trace in
/// the process (the visualizer runs what-if forks on other threads), so it takes a lock; a piece
/// is 128 KiB of trace, so the lock is taken once per thousands of records.
struct Pool {
  std::mutex lock;
  char* next = nullptr;  ///< Next piece of the current region.
  char* end = nullptr;
  std::vector<void*> free;
  size_t in_use = 0;
};

Pool& pool() {
  static Pool* p = new Pool;  // never destroyed: pieces may be given back during static destruction
  return *p;
}

/// A fresh region of kRegion bytes, aligned to kRegion.
char* new_region() {
#ifdef TCPSIM_CHUNKED_MMAP
  // Twice the size, then the unaligned ends given back: what remains is one aligned 2 MiB region
  // that the kernel can back with a single huge page.
  void* p = mmap(nullptr, 2 * kRegion, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<uintptr_t>(p);
  const uintptr_t aligned = (start + kRegion - 1) & ~(uintptr_t{kRegion} - 1);
  if (aligned > start) munmap(p, aligned - start);
  if (const uintptr_t end = start + 2 * kRegion; end > aligned + kRegion) {
    munmap(reinterpret_cast<void*>(aligned + kRegion), end - aligned - kRegion);
  }
#ifdef MADV_HUGEPAGE
  madvise(reinterpret_cast<void*>(aligned), kRegion, MADV_HUGEPAGE);
#endif
  return reinterpret_cast<char*>(aligned);
#else
  return static_cast<char*>(::operator new(kRegion, std::align_val_t{alignof(std::max_align_t)}));
#endif
}

}  // namespace

void* take_piece() {
  Pool& p = pool();
  std::lock_guard<std::mutex> guard(p.lock);
  ++p.in_use;
  if (!p.free.empty()) {
    void* piece = p.free.back();
    p.free.pop_back();
    return piece;
  }
  if (p.next == p.end) {
    p.next = new_region();
    p.end = p.next + kRegion;
  }
  void* piece = p.next;
  p.next += kPiece;
  return piece;
}

void give_piece(void* piece) {
  Pool& p = pool();
  std::lock_guard<std::mutex> guard(p.lock);
  --p.in_use;
  p.free.push_back(piece);
}

size_t pieces_in_use() {
  Pool& p = pool();
  std::lock_guard<std::mutex> guard(p.lock);
  return p.in_use;
}

size_t pieces_free() {
  Pool& p = pool();
  std::lock_guard<std::mutex> guard(p.lock);
  return p.free.size();
}

}  // namespace tcpsim::chunk_memory
