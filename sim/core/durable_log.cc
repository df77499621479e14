// DurableLog (see durable_log.h).
#include "sim/core/durable_log.h"

#include <cstring>

#include "sim/core/assert.h"

namespace dsim {

void DurableLog::write_key(std::int64_t index, char* out) {
  DSIM_ASSERT(index >= 0 && index <= kMaxIndex, "a durable log index fits in 12 digits");
  std::memcpy(out, kPrefix.data(), kPrefix.size());
  // Zero-padded, so that the keys' sorted order is the log's order.
  std::uint64_t rest = static_cast<std::uint64_t>(index);
  for (std::size_t i = kKeyLength; i > kPrefix.size(); --i) {
    out[i - 1] = static_cast<char>('0' + rest % 10);
    rest /= 10;
  }
}

std::string DurableLog::key(std::int64_t index) {
  std::string text(kKeyLength, '\0');
  write_key(index, text.data());
  return text;
}

std::optional<std::int64_t> DurableLog::index_of(std::string_view key) {
  if (key.size() != kKeyLength || !key.starts_with(kPrefix)) return std::nullopt;
  std::int64_t index = 0;
  for (std::size_t i = kPrefix.size(); i < kKeyLength; ++i) {
    char c = key[i];
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + (c - '0');
  }
  return index;
}

const std::string* DurableLog::get(std::int64_t index) const {
  if (count_ == 0 || index < first_ || index > last_index()) return nullptr;
  const DurableBytes& slot = slots_[static_cast<std::size_t>(index - first_)];
  return slot ? &slot->bytes() : nullptr;
}

void DurableLog::put(std::int64_t index, DurableBytes bytes) {
  DSIM_ASSERT(bytes != nullptr, "a durable log entry has bytes");
  DSIM_ASSERT(index >= 0 && index <= kMaxIndex, "a durable log index fits in 12 digits");
  if (count_ == 0) {
    slots_.clear();
    first_ = index;
    slots_.push_back(std::move(bytes));
    count_ = 1;
    return;
  }
  if (index == last_index() + 1) {  // a log growing at its end: the common case
    slots_.push_back(std::move(bytes));
    ++count_;
    return;
  }
  DSIM_ASSERT(index >= first_ - kMaxGap && index <= last_index() + kMaxGap,
              "durable log keys are written near the log's stored range");
  while (index < first_) {
    slots_.push_front(nullptr);
    --first_;
  }
  while (index > last_index()) slots_.push_back(nullptr);
  DurableBytes& slot = slots_[static_cast<std::size_t>(index - first_)];
  if (!slot) ++count_;
  slot = std::move(bytes);
}

bool DurableLog::erase(std::int64_t index) {
  if (count_ == 0 || index < first_ || index > last_index()) return false;
  DurableBytes& slot = slots_[static_cast<std::size_t>(index - first_)];
  if (!slot) return false;
  slot.reset();
  --count_;
  trim();
  return true;
}

std::size_t DurableLog::clear() {
  std::size_t erased = count_;
  slots_.clear();
  count_ = 0;
  first_ = 0;
  return erased;
}

void DurableLog::trim() {
  if (count_ == 0) {
    clear();
    return;
  }
  while (!slots_.front()) {
    slots_.pop_front();
    ++first_;
  }
  while (!slots_.back()) slots_.pop_back();
}

}  // namespace dsim
