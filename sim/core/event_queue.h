// The pending-event queue: a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, "Faster algorithms
// for the shortest path problem", J. ACM 37(2), 1990, §3) keyed by virtual time, which pops events
// in exact (time, scheduling order) order without storing a sequence number.
//
// Why it fits a simulator: time never runs backwards, so every push is at or after the last pop's
// time (`base`). An event lives in bucket bit_width(time XOR base): bucket 0 holds the events at
// `base` itself, bucket i those that first differ from `base` at bit i-1. A pop takes from bucket 0;
// when it is empty, the lowest non-empty bucket holds the earliest time, which becomes the new base,
// and that bucket's events are dealt out to lower buckets in their order. An event only ever moves
// down, so it is touched a few times (gossip's timers: once) with sequential reads and writes,
// where a heap sifts through scattered entries on every pop (bench/README.md has the measurements,
// and the heaps and calendar queue this was chosen over).
//
// Why the order is exact with no sequence number: an event's bucket is a function of its time and
// the base alone, so events at equal times always share a bucket; a bucket is only ever filled
// from a higher one while it is empty, so it holds one batch in its old order followed by later
// pushes. Events at equal times therefore stay in the order they were scheduled (tests/core checks
// this against a sorted reference).
//
// Memory: entries are 8 bytes, since a bucket up to 32 holds events whose time agrees with the base
// above bit 31 (the low 32 bits and the base give the time back); events 2^32 µs (71 minutes) or
// more past the base wait in a far list with their whole time. Buckets are chains of fixed-size
// chunks from one shared pool, so a bucket that empties hands its memory to the next one that
// fills, and the queue holds about its peak number of events, not a vector's worth per bucket.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

#include "sim/core/assert.h"
#include "sim/core/time.h"

namespace dsim {

struct QueueEntry {
  TimeUs time;
  std::uint32_t slot;
};

class EventQueue {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  // The most events that were ever pending at once.
  std::size_t peak_size() const { return peak_size_; }

  // The earliest pending time, or kTimeNever. Only looks: a push may still come before it (at or
  // after the last pop's time).
  TimeUs next_time() const {
    if (size_ == 0) return kTimeNever;
    if (has_lone_) return lone_.time;
    if (current_head_ < current_.size()) return static_cast<TimeUs>(base_);
    if (!lowest_known_) {
      lowest_ = lowest_pending();
      lowest_known_ = true;
    }
    return static_cast<TimeUs>(lowest_);
  }

  // `time` must not be before the last pop's: the simulator never schedules in the past.
  [[gnu::always_inline]] void push(TimeUs time, std::uint32_t slot) {
    // One signed comparison: the base is never negative, so a negative time fails it too.
    DSIM_ASSERT(time >= static_cast<TimeUs>(base_), "an event is never scheduled before the last one taken");
    if (size_ == 0) [[unlikely]] {
      // The queue's only event waits by itself: a token ring or a quiet run pushes and pops
      // without touching a bucket (and nothing can come between it and its bucket order).
      size_ = 1;
      if (peak_size_ == 0) peak_size_ = 1;
      lone_ = QueueEntry{time, slot};
      has_lone_ = true;
      return;
    }
    if (has_lone_) [[unlikely]] demote_lone();
    if (++size_ > peak_size_) peak_size_ = size_;
    place(static_cast<std::uint64_t>(time), slot);
  }

  // The earliest event, the first scheduled among equal times. The queue must not be empty.
  QueueEntry pop() {
    DSIM_ASSERT(size_ > 0, "pop from an empty event queue");
    QueueEntry entry{0, 0};
    pop_due(kTimeNever, entry);
    return entry;
  }

  // Pops the earliest event into `entry` if there is one at or before `end`, else returns false
  // and changes nothing. The simulator's loop uses this rather than next_time() then pop(), which
  // would look for the earliest time twice.
  bool pop_due(TimeUs end, QueueEntry& entry) {
    if (has_lone_) {
      if (lone_.time > end) return false;
      entry = lone_;
      base_ = static_cast<std::uint64_t>(lone_.time);
      has_lone_ = false;
      size_ = 0;
      return true;
    }
    if (current_head_ == current_.size()) [[unlikely]] {
      if (size_ == 0) return false;
      if (near_mask_ != 0) {
        // A lone event in the lowest bucket (a sparse queue: a token ring, a quiet cluster) is
        // taken at once rather than dealt to bucket 0 first.
        auto lowest_bucket = static_cast<unsigned>(std::countr_zero(near_mask_));
        const Bucket& bucket = near_[lowest_bucket];
        const Chunk& chunk = chunks_[bucket.head];
        if (chunk.count == 1 && bucket.head == bucket.tail) {
          std::uint64_t time = near_time(chunk.entries[0]);
          if (static_cast<TimeUs>(time) > end) return false;
          entry = QueueEntry{static_cast<TimeUs>(time), chunk.entries[0].slot};
          base_ = time;
          release_bucket(lowest_bucket);
          lowest_known_ = false;
          --size_;
          return true;
        }
      }
      if (next_time() > end) return false;
      refill();
    } else if (static_cast<TimeUs>(base_) > end) {
      return false;
    }
    entry = QueueEntry{static_cast<TimeUs>(base_), current_[current_head_++]};
    if (current_head_ == current_.size()) {
      current_.clear();
      current_head_ = 0;
    }
    --size_;
    return true;
  }

  // Memory the queue holds, spare capacity included, for the benchmarks' bytes per pending event.
  std::size_t allocated_bytes() const {
    return current_.capacity() * sizeof(std::uint32_t) + chunks_.capacity() * sizeof(Chunk) +
           far_.capacity() * sizeof(FarEntry);
  }
  // One pending event's entry in a near bucket (the usual case), spare capacity not included.
  static constexpr std::size_t entry_bytes() { return sizeof(NearEntry); }

 private:
  // Buckets 1..32: time ^ base < 2^32, so the low 32 bits of the time suffice.
  static constexpr unsigned kNearBuckets = 32;
  static constexpr std::uint32_t kNoChunk = UINT32_MAX;
  // Small enough that the partly filled chunks at the ends of the buckets cost little in a queue
  // of a few hundred events, large enough that moving to the next chunk is rare.
  static constexpr std::uint32_t kChunkEntries = 31;

  struct NearEntry {
    std::uint32_t time_low;  // the time's low 32 bits; the high ones are the base's
    std::uint32_t slot;
  };
  struct FarEntry {
    std::uint64_t time;
    std::uint32_t slot;
  };
  struct Chunk {
    std::uint32_t count = 0;
    std::uint32_t next = kNoChunk;  // the bucket's next chunk, or the free list's
    NearEntry entries[kChunkEntries];
  };
  struct Bucket {
    std::uint32_t head = kNoChunk;
    std::uint32_t tail = kNoChunk;
  };

  // Files an event in bucket 0, a near bucket or the far list, by how far it is from the base.
  [[gnu::always_inline]] void place(std::uint64_t key, std::uint32_t slot) {
    std::uint64_t difference = key ^ base_;
    if (difference == 0) {
      current_.push_back(slot);
      return;
    }
    if (lowest_known_ && key < lowest_) lowest_ = key;
    auto bucket = static_cast<unsigned>(std::bit_width(difference));
    if (bucket <= kNearBuckets) [[likely]] {
      append(bucket - 1, NearEntry{static_cast<std::uint32_t>(key), slot});
    } else {
      place_far(key, slot);
    }
  }

  [[gnu::noinline]] void place_far(std::uint64_t key, std::uint32_t slot) { far_.push_back(FarEntry{key, slot}); }

  // A second event arrives: the lone one goes where a push would have put it (the base has not
  // moved since it came, so that is exactly where it would be).
  [[gnu::noinline]] void demote_lone() {
    has_lone_ = false;
    place(static_cast<std::uint64_t>(lone_.time), lone_.slot);
  }

  std::uint64_t near_time(NearEntry entry) const { return (base_ & ~std::uint64_t{0xffffffff}) | entry.time_low; }

  [[gnu::always_inline]] void append(unsigned bucket_index, NearEntry entry) {
    Bucket& bucket = near_[bucket_index];
    std::uint32_t tail = bucket.tail;
    if (tail == kNoChunk || chunks_[tail].count == kChunkEntries) [[unlikely]] tail = add_chunk(bucket_index);
    Chunk& chunk = chunks_[tail];
    chunk.entries[chunk.count++] = entry;
  }

  // Links a chunk from the pool (or a new one) to the end of the bucket.
  [[gnu::noinline]] std::uint32_t add_chunk(unsigned bucket_index) {
    std::uint32_t index = free_chunk_;
    if (index == kNoChunk) [[unlikely]] {
      index = new_chunk();
    } else {
      free_chunk_ = chunks_[index].next;
    }
    Chunk& chunk = chunks_[index];
    chunk.count = 0;
    chunk.next = kNoChunk;
    Bucket& bucket = near_[bucket_index];
    if (bucket.tail == kNoChunk) {
      bucket.head = index;
      near_mask_ |= std::uint32_t{1} << bucket_index;
    } else {
      chunks_[bucket.tail].next = index;
    }
    bucket.tail = index;
    return index;
  }

  [[gnu::noinline]] std::uint32_t new_chunk() {
    chunks_.emplace_back();
    return static_cast<std::uint32_t>(chunks_.size() - 1);
  }

  // Hands every chunk of the bucket back to the pool and marks the bucket empty.
  void release_bucket(unsigned bucket_index) {
    Bucket& bucket = near_[bucket_index];
    chunks_[bucket.tail].next = free_chunk_;
    free_chunk_ = bucket.head;
    bucket = Bucket{};
    near_mask_ &= ~(std::uint32_t{1} << bucket_index);
  }

  // The earliest time outside bucket 0 (which is empty when this is asked): the minimum of the
  // lowest non-empty bucket, whose every time is below those of the buckets above it.
  std::uint64_t lowest_pending() const {
    std::uint64_t lowest = UINT64_MAX;
    if (near_mask_ != 0) {
      for (std::uint32_t index = near_[std::countr_zero(near_mask_)].head; index != kNoChunk;
           index = chunks_[index].next) {
        const Chunk& chunk = chunks_[index];
        for (std::uint32_t i = 0; i < chunk.count; ++i) lowest = std::min(lowest, near_time(chunk.entries[i]));
      }
    } else {
      for (FarEntry entry : far_) lowest = std::min(lowest, entry.time);
    }
    return lowest;
  }

  // Bucket 0 is empty: the earliest pending time becomes the base, and the bucket holding it is
  // dealt out, in its order, to the buckets below it (all empty).
  void refill() {
    std::uint64_t new_base = lowest_known_ ? lowest_ : lowest_pending();
    lowest_known_ = false;
    if (near_mask_ != 0) {
      auto source = static_cast<unsigned>(std::countr_zero(near_mask_));
      std::uint32_t index = near_[source].head;
      near_[source] = Bucket{};
      near_mask_ &= ~(std::uint32_t{1} << source);
      base_ = new_base;
      while (index != kNoChunk) {
        // Each chunk goes back to the pool as soon as it is read, so the buckets below can reuse
        // it at once; `append` may grow `chunks_`, so nothing here holds a reference across it.
        std::uint32_t count = chunks_[index].count;
        for (std::uint32_t i = 0; i < count; ++i) {
          NearEntry entry = chunks_[index].entries[i];
          auto bucket = static_cast<unsigned>(std::bit_width(near_time(entry) ^ base_));
          if (bucket == 0) {
            current_.push_back(entry.slot);
          } else {
            append(bucket - 1, entry);
          }
        }
        std::uint32_t next = chunks_[index].next;
        chunks_[index].next = free_chunk_;
        free_chunk_ = index;
        index = next;
      }
      return;
    }
    // Only far events remain: the base jumps to the earliest; those now within 2^32 µs come near.
    base_ = new_base;
    std::size_t kept = 0;
    for (FarEntry entry : far_) {
      auto bucket = static_cast<unsigned>(std::bit_width(entry.time ^ base_));
      if (bucket == 0) {
        current_.push_back(entry.slot);
      } else if (bucket <= kNearBuckets) {
        append(bucket - 1, NearEntry{static_cast<std::uint32_t>(entry.time), entry.slot});
      } else {
        far_[kept++] = entry;
      }
    }
    far_.resize(kept);
  }

  std::uint64_t base_ = 0;                     // the last pop's time; every pending time is >= it
  std::vector<std::uint32_t> current_;         // bucket 0: slots of the events at `base_`, in order
  std::size_t current_head_ = 0;               // the next of `current_` to pop
  std::array<Bucket, kNearBuckets> near_;      // near_[i - 1] is bucket i
  std::uint32_t near_mask_ = 0;                // bit i - 1 set when bucket i is not empty
  std::vector<Chunk> chunks_;                  // every chunk: in a bucket or on the free list
  std::uint32_t free_chunk_ = kNoChunk;        // the free list's first chunk
  std::vector<FarEntry> far_;                  // events 2^32 µs or more past the base, in push order
  mutable std::uint64_t lowest_ = 0;           // the earliest time outside bucket 0, when known
  mutable bool lowest_known_ = false;
  QueueEntry lone_{0, 0};                      // the only pending event, when has_lone_
  bool has_lone_ = false;
  std::size_t size_ = 0;
  std::size_t peak_size_ = 0;
};

}  // namespace dsim
