// A calendar queue (R. Brown, "Calendar queues: a fast O(1) priority queue implementation for the
// simulation event set problem", CACM 31(10), 1988): the candidate that the radix heap in
// sim/core/event_queue.h was measured against, kept here so the comparison in bench/README.md can
// be re-run (core_bench's BM_BareCalendar* loops). Not used by the simulator.
//
// Buckets are days of a year of `bucket_count` days `width` µs long; an event goes in the bucket
// of its day, each bucket kept sorted by (time, push number), so equal times keep their order. A pop
// walks the days from the current one and takes the first event that falls in the current year.
// The calendar doubles or halves with the number of events and re-estimates the day's length from
// the separation of the earliest events, as Brown does.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/core/event_queue.h"
#include "sim/core/time.h"

namespace dsim::bench {

class CalendarQueue {
 public:
  CalendarQueue() { rebuild(2, 1000); }

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push(TimeUs time, std::uint32_t slot) {
    insert(Entry{time, sequence_++, slot});
    if (++size_ > 2 * buckets_.size()) resize(buckets_.size() * 2);
  }

  QueueEntry pop() {
    for (;;) {
      // One year from the current day on: the first event of a day that falls within that day.
      for (std::size_t days = 0; days < buckets_.size(); ++days) {
        Bucket& bucket = buckets_[day_];
        if (bucket.head < bucket.entries.size() && bucket.entries[bucket.head].time < day_end_) {
          Entry entry = bucket.entries[bucket.head++];
          if (bucket.head == bucket.entries.size()) {
            bucket.entries.clear();
            bucket.head = 0;
          }
          --size_;
          if (size_ < buckets_.size() / 2 && buckets_.size() > 2) resize(buckets_.size() / 2);
          return QueueEntry{entry.time, entry.slot};
        }
        advance_day();
      }
      // A whole year without an event: jump straight to the earliest one (Brown's direct search).
      TimeUs earliest = kTimeNever;
      for (const Bucket& bucket : buckets_) {
        if (bucket.head < bucket.entries.size()) earliest = std::min(earliest, bucket.entries[bucket.head].time);
      }
      start_at(earliest);
    }
  }

 private:
  struct Entry {
    TimeUs time;
    std::uint64_t sequence;
    std::uint32_t slot;
    bool operator<(const Entry& other) const {
      return time < other.time || (time == other.time && sequence < other.sequence);
    }
  };
  struct Bucket {
    std::vector<Entry> entries;  // sorted; entries before `head` are taken
    std::size_t head = 0;
  };

  void insert(const Entry& entry) {
    Bucket& bucket = buckets_[static_cast<std::size_t>(entry.time / width_) & (buckets_.size() - 1)];
    // Usually the latest: append; otherwise a sorted insert after `head`.
    if (bucket.head == bucket.entries.size() || !(entry < bucket.entries.back())) {
      bucket.entries.push_back(entry);
    } else {
      auto at = std::upper_bound(bucket.entries.begin() + static_cast<std::ptrdiff_t>(bucket.head), bucket.entries.end(), entry);
      bucket.entries.insert(at, entry);
    }
    if (entry.time < day_end_ - width_) start_at(entry.time);  // before the current day
  }

  void advance_day() {
    day_ = (day_ + 1) & (buckets_.size() - 1);
    day_end_ += width_;
  }

  void start_at(TimeUs time) {
    day_ = static_cast<std::size_t>(time / width_) & (buckets_.size() - 1);
    day_end_ = (time / width_ + 1) * width_;
  }

  // Brown's day length: three times the mean separation of the earliest events (up to 25); when
  // they all fall at one time (gossip's timers do) the old length is kept rather than 0.
  TimeUs estimate_width() const {
    std::vector<Entry> sample;
    for (const Bucket& bucket : buckets_) {
      for (std::size_t i = bucket.head; i < bucket.entries.size(); ++i) sample.push_back(bucket.entries[i]);
    }
    if (sample.size() < 2) return width_;
    std::size_t count = std::min<std::size_t>(sample.size(), 25);
    std::partial_sort(sample.begin(), sample.begin() + static_cast<std::ptrdiff_t>(count), sample.end());
    TimeUs span = sample[count - 1].time - sample[0].time;
    if (span == 0) return width_;
    return std::max<TimeUs>(1, 3 * span / static_cast<TimeUs>(count - 1));
  }

  void resize(std::size_t bucket_count) { rebuild(bucket_count, estimate_width()); }

  void rebuild(std::size_t bucket_count, TimeUs width) {
    std::vector<Entry> all;
    for (const Bucket& bucket : buckets_) {
      for (std::size_t i = bucket.head; i < bucket.entries.size(); ++i) all.push_back(bucket.entries[i]);
    }
    std::sort(all.begin(), all.end());
    TimeUs day_start = day_end_ - width_;
    buckets_.assign(bucket_count, Bucket{});
    width_ = width;
    start_at(all.empty() ? std::max<TimeUs>(0, day_start) : all.front().time);
    for (const Entry& entry : all) insert(entry);
  }

  std::vector<Bucket> buckets_;
  TimeUs width_ = 1000;
  std::size_t day_ = 0;
  TimeUs day_end_ = 0;
  std::size_t size_ = 0;
  std::uint64_t sequence_ = 0;
};

}  // namespace dsim::bench
