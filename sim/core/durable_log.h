// The log-shaped part of a node's durable storage: the entries stored under keys of the form
// "log/" + 12 decimal digits ("log/000000000042", Raft's log), kept in an array by index instead
// of a string map. A replicated log appends one entry per index at its end, and every server of
// a cluster writes the same bytes: here an append stores a shared pointer to them, where the map
// made a tree node, a 16-character key and a copy of the value for each server (bench/README.md,
// "Issue 21, round three"). DurableStorage (node.h) routes every key of that form here, so what a
// node, a checker or the trace reads is unchanged: the same keys, the same bytes, the same order.
//
// The array is dense: an index between the first and the last stored one that holds nothing is an
// empty slot. Keys of this form are meant for a log (consecutive indexes); a put further than
// kMaxGap from the stored range stops the run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace dsim {

// A stored log entry: immutable, shared by every node's storage that holds it (Raft's servers
// store the very entry the leader made), and turned into bytes only when something reads them (a
// restart, the end-of-run record, a write under a storage model): a run that never reads its disk
// never encodes an entry.
class DurableRecord {
 public:
  virtual ~DurableRecord() = default;
  // The bytes the entry is stored as: always the same for one record (made on the first call and
  // kept, or held from the start).
  virtual const std::string& bytes() const = 0;
};
using DurableBytes = std::shared_ptr<const DurableRecord>;

// Bytes that are already bytes (a put by key, a record read back from a write).
class DurableText final : public DurableRecord {
 public:
  explicit DurableText(std::string text) : text_(std::move(text)) {}
  const std::string& bytes() const override { return text_; }

 private:
  std::string text_;
};

inline DurableBytes durable_text(std::string text) { return std::make_shared<const DurableText>(std::move(text)); }

class DurableLog {
 public:
  static constexpr std::string_view kPrefix = "log/";
  static constexpr std::size_t kDigits = 12;
  static constexpr std::size_t kKeyLength = 4 + kDigits;
  static constexpr std::int64_t kMaxIndex = 999'999'999'999;  // the largest index 12 digits hold
  static constexpr std::int64_t kMaxGap = std::int64_t{1} << 20;

  // The key an index is stored under, as entries() and the trace show it; 0 <= index <= kMaxIndex.
  static std::string key(std::int64_t index);
  // The same, written into `out` (kKeyLength characters), for callers that make one per entry.
  static void write_key(std::int64_t index, char* out);
  // The index `key` names when it has the log's form ("log/" and exactly 12 digits).
  static std::optional<std::int64_t> index_of(std::string_view key);

  bool empty() const { return count_ == 0; }
  std::size_t size() const { return count_; }  // the entries stored (empty slots not counted)
  // The lowest and the highest index stored; only when not empty.
  std::int64_t first_index() const { return first_; }
  std::int64_t last_index() const { return first_ + static_cast<std::int64_t>(slots_.size()) - 1; }

  // The bytes stored at `index`, or nullptr.
  const std::string* get(std::int64_t index) const;
  // Stores `bytes` (never null) at `index`, replacing what was there.
  void put(std::int64_t index, DurableBytes bytes);
  // Removes the entry at `index`; returns whether there was one.
  bool erase(std::int64_t index);
  // Removes every entry; returns how many there were.
  std::size_t clear();

  // Calls visit(index, bytes) for every stored entry, in index order.
  template <typename Visit>
  void for_each(Visit visit) const {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i]) visit(first_ + static_cast<std::int64_t>(i), slots_[i]->bytes());
    }
  }

 private:
  // Drops empty slots at both ends, so that first_index() and last_index() are stored entries.
  void trim();

  std::deque<DurableBytes> slots_;  // slots_[i] holds index first_ + i; null: nothing stored there
  std::int64_t first_ = 0;
  std::size_t count_ = 0;           // non-null slots
};

}  // namespace dsim
