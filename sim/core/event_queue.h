// The pending-event queue: a binary min-heap ordered by (time, sequence). The sequence number is
// assigned when an event is scheduled, so events at the same virtual time run in the order they
// were scheduled, on every machine. Entries are 24 bytes; the event bodies live in the
// simulator's slab and the heap holds only their slot numbers.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/time.h"

namespace dsim {

struct QueueEntry {
  TimeUs time;
  std::uint64_t sequence;
  std::uint32_t slot;
};

class EventQueue {
 public:
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const QueueEntry& top() const { return heap_.front(); }
  TimeUs next_time() const { return heap_.empty() ? kTimeNever : heap_.front().time; }

  void push(TimeUs time, std::uint32_t slot) {
    heap_.push_back(QueueEntry{time, next_sequence_++, slot});
    sift_up(heap_.size() - 1);
  }

  QueueEntry pop() {
    QueueEntry result = heap_.front();
    QueueEntry last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down_from_root(last);
    return result;
  }

  std::uint64_t scheduled_count() const { return next_sequence_; }
  void reserve(std::size_t capacity) { heap_.reserve(capacity); }

 private:
  static bool earlier(const QueueEntry& a, const QueueEntry& b) {
    return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
  }

  void sift_up(std::size_t index) {
    QueueEntry moving = heap_[index];
    while (index > 0) {
      std::size_t parent = (index - 1) / 2;
      if (!earlier(moving, heap_[parent])) break;
      heap_[index] = heap_[parent];
      index = parent;
    }
    heap_[index] = moving;
  }

  // Places `moving` (the old last element) starting from the root: the hole travels down along
  // the smaller children, which saves half the comparisons of a swap-based sift.
  void sift_down_from_root(const QueueEntry& moving) {
    std::size_t size = heap_.size();
    std::size_t index = 0;
    while (true) {
      std::size_t child = 2 * index + 1;
      if (child >= size) break;
      if (child + 1 < size && earlier(heap_[child + 1], heap_[child])) ++child;
      if (!earlier(heap_[child], moving)) break;
      heap_[index] = heap_[child];
      index = child;
    }
    heap_[index] = moving;
  }

  std::vector<QueueEntry> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace dsim
