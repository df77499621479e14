// The per-thread message block cache. See message_pool.h for why it exists.
#include "sim/core/message_pool.h"

#include <atomic>
#include <new>

namespace dsim::message_pool {
namespace {

constexpr std::size_t kGranule = 16;
constexpr std::size_t kClassCount = kLargestPooledBytes / kGranule;

struct FreeBlock {
  FreeBlock* next;
};

// Trivially destructible on purpose: it stays usable until the thread is gone, so a message
// freed by a later thread_local destructor still finds it (and then bypasses the cache).
struct FreeLists {
  FreeBlock* heads[kClassCount];
  std::size_t counts[kClassCount];
  bool drained;
};
constinit thread_local FreeLists free_lists{};

// Counted only when a thread exits, so the hot path touches no shared memory.
std::atomic<std::size_t> returned_at_thread_exit{0};

void drain(FreeLists& lists) noexcept {
  for (std::size_t size_class = 0; size_class < kClassCount; ++size_class) {
    FreeBlock* block = lists.heads[size_class];
    while (block != nullptr) {
      FreeBlock* next = block->next;
      ::operator delete(block);
      block = next;
    }
    returned_at_thread_exit.fetch_add(lists.counts[size_class], std::memory_order_relaxed);
    lists.heads[size_class] = nullptr;
    lists.counts[size_class] = 0;
  }
}

// Its destructor returns the thread's cache to the global heap at thread exit.
struct Drainer {
  ~Drainer() {
    drain(free_lists);
    free_lists.drained = true;
  }
};
thread_local Drainer drainer;

std::size_t size_class_of(std::size_t bytes) { return (bytes + kGranule - 1) / kGranule - 1; }

}  // namespace

void* allocate(std::size_t bytes) {
  if (bytes == 0 || bytes > kLargestPooledBytes || free_lists.drained) [[unlikely]] {
    return ::operator new(bytes);
  }
  std::size_t size_class = size_class_of(bytes);
  FreeBlock* block = free_lists.heads[size_class];
  if (block != nullptr) [[likely]] {
    free_lists.heads[size_class] = block->next;
    --free_lists.counts[size_class];
    return block;
  }
  (void)&drainer;  // makes sure this thread's cache is drained when the thread exits
  return ::operator new((size_class + 1) * kGranule);
}

void release(void* block, std::size_t bytes) noexcept {
  if (block == nullptr) return;
  if (bytes == 0 || bytes > kLargestPooledBytes || free_lists.drained) [[unlikely]] {
    ::operator delete(block);
    return;
  }
  std::size_t size_class = size_class_of(bytes);
  if (free_lists.counts[size_class] >= kMaxCachedPerClass) [[unlikely]] {
    ::operator delete(block);
    return;
  }
  auto* free_block = static_cast<FreeBlock*>(block);
  free_block->next = free_lists.heads[size_class];
  free_lists.heads[size_class] = free_block;
  ++free_lists.counts[size_class];
}

std::size_t cached_blocks_this_thread() noexcept {
  std::size_t total = 0;
  for (std::size_t count : free_lists.counts) total += count;
  return total;
}

std::size_t blocks_returned_at_thread_exit() noexcept {
  return returned_at_thread_exit.load(std::memory_order_relaxed);
}

}  // namespace dsim::message_pool
