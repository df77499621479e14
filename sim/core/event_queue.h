// The pending-event queue: a 4-ary min-heap ordered by (time, sequence). The sequence number is
// assigned when an event is scheduled, so events at the same virtual time run in the order they
// were scheduled, on every machine. Entries are 24 bytes; the event bodies live in the
// simulator's slab and the heap holds only their slot numbers. Four children per node halve the
// depth of a binary heap, and a node's children sit side by side in memory, so a pop touches
// about half as many cache lines (bench/README.md has the measurement).
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

  static constexpr std::size_t kArity = 4;

  void sift_up(std::size_t index) {
    QueueEntry moving = heap_[index];
    while (index > 0) {
      std::size_t parent = (index - 1) / kArity;
      if (!earlier(moving, heap_[parent])) break;
      heap_[index] = heap_[parent];
      index = parent;
    }
    heap_[index] = moving;
  }

  // Places `moving` (the old last element) starting from the root: the hole travels down along
  // the earliest child of each level, so each level costs one move rather than a swap.
  void sift_down_from_root(const QueueEntry& moving) {
    const std::size_t size = heap_.size();
    std::size_t index = 0;
    while (true) {
      std::size_t first_child = kArity * index + 1;
      if (first_child >= size) break;
      std::size_t last_child = first_child + kArity < size ? first_child + kArity : size;
      std::size_t earliest = first_child;
      for (std::size_t child = first_child + 1; child < last_child; ++child) {
        if (earlier(heap_[child], heap_[earliest])) earliest = child;
      }
      if (!earlier(heap_[earliest], moving)) break;
      heap_[index] = heap_[earliest];
      index = earliest;
    }
    heap_[index] = moving;
  }

  std::vector<QueueEntry> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace dsim
