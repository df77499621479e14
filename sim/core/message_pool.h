// A per-thread cache of freed message blocks, so that the send/deliver cycle of a run stops
// calling malloc and free: MessageOf<T> routes its operator new/delete here. Blocks are rounded up
// to 16-byte size classes; larger messages go straight to the global heap. A sweep runs one
// simulation per thread, so a thread_local cache needs no lock. What a thread has cached goes
// back to the global heap when the thread exits. Addresses never reach a decision, so the cache
// cannot change a run's outcome.
#pragma once

#include <cstddef>

namespace dsim::message_pool {

// Messages up to this size are pooled.
inline constexpr std::size_t kLargestPooledBytes = 256;
// At most this many free blocks are kept per size class and thread; the rest are freed at once.
inline constexpr std::size_t kMaxCachedPerClass = std::size_t{1} << 16;

void* allocate(std::size_t bytes);
// `bytes` must be the size passed to allocate for this block.
void release(void* block, std::size_t bytes) noexcept;

// Free blocks cached by the calling thread (for tests).
std::size_t cached_blocks_this_thread() noexcept;
// Cached blocks handed back to the global heap by exiting threads so far, over all threads.
std::size_t blocks_returned_at_thread_exit() noexcept;

}  // namespace dsim::message_pool
