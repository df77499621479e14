// The search's visited set (see visited_set.h).
#include "sim/check/visited_set.h"

namespace dsim {
namespace {

// The finaliser of splitmix64 (Steele, Lea and Flood, 2014) folded over the words: cheap, and it
// spreads keys that differ in one bit of one word across the whole table.
std::uint64_t hash_words(const std::uint64_t* words, std::size_t count) {
  std::uint64_t hash = 0x9e3779b97f4a7c15ULL ^ count;
  for (std::size_t i = 0; i < count; ++i) {
    hash ^= words[i];
    hash *= 0xbf58476d1ce4e5b9ULL;
    hash ^= hash >> 31;
    hash *= 0x94d049bb133111ebULL;
    hash ^= hash >> 29;
  }
  return hash;
}

}  // namespace

bool VisitedSet::equal(std::uint64_t offset, const std::uint64_t* words, std::size_t count) const {
  if (arena_[offset] != count) return false;
  for (std::size_t i = 0; i < count; ++i) {
    if (arena_[offset + 1 + i] != words[i]) return false;
  }
  return true;
}

bool VisitedSet::insert(const std::uint64_t* words, std::size_t count) {
  if ((size_ + 1) * 2 > slots_.size()) grow();
  std::uint64_t hash = hash_words(words, count);
  std::size_t mask = slots_.size() - 1;
  for (std::size_t index = hash & mask;; index = (index + 1) & mask) {
    Slot& slot = slots_[index];
    if (slot.offset == 0) {
      slot.hash = hash;
      slot.offset = arena_.size() + 1;
      arena_.push_back(count);
      arena_.insert(arena_.end(), words, words + count);
      ++size_;
      return true;
    }
    if (slot.hash == hash && equal(slot.offset - 1, words, count)) return false;
  }
}

void VisitedSet::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.offset == 0) continue;
    std::size_t index = slot.hash & mask;
    while (slots_[index].offset != 0) index = (index + 1) & mask;
    slots_[index] = slot;
  }
}

}  // namespace dsim
