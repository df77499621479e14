// The grow-only counter (g_counter.h).
#include "sim/protocols/crdt/g_counter.h"

#include <algorithm>
#include <charconv>

#include "sim/protocols/crdt/text_list.h"

namespace dsim::crdt {

std::uint64_t GCounter::value() const {
  std::uint64_t sum = 0;
  for (const auto& [replica, count] : counts_) sum += count;
  return sum;
}

void GCounter::merge(const GCounter& other) {
  for (const auto& [replica, count] : other.counts_) counts_[replica] = std::max(counts_[replica], count);
}

void GCounter::merge_summing(const GCounter& other) {
  for (const auto& [replica, count] : other.counts_) counts_[replica] += count;
}

std::string GCounter::encode() const {
  std::string out;
  for (const auto& [replica, count] : counts_) {
    if (!out.empty()) out += ',';
    out += std::to_string(replica) + ":" + std::to_string(count);
  }
  return out;
}

std::optional<GCounter> GCounter::decode(std::string_view text) {
  GCounter counter;
  for (std::string_view item : split_list(text, ',')) {
    std::size_t colon = item.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::uint32_t replica = 0;
    std::uint64_t count = 0;
    if (!parse_whole(item.substr(0, colon), replica) || !parse_whole(item.substr(colon + 1), count)) return std::nullopt;
    counter.counts_[replica] = count;
  }
  return counter;
}

}  // namespace dsim::crdt
