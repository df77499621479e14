// The observed-remove set (or_set.h).
#include "sim/protocols/crdt/or_set.h"

#include "sim/protocols/crdt/text_list.h"

namespace dsim::crdt {

std::string TaggedElement::to_string() const {
  return element + "@" + std::to_string(tag.replica) + "." + std::to_string(tag.sequence);
}

std::optional<TaggedElement> parse_tagged(std::string_view text) {
  std::size_t at = text.rfind('@');
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  std::string_view tag = text.substr(at + 1);
  std::size_t dot = tag.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  TaggedElement tagged;
  tagged.element = std::string(text.substr(0, at));
  if (!parse_whole(tag.substr(0, dot), tagged.tag.replica) || !parse_whole(tag.substr(dot + 1), tagged.tag.sequence)) {
    return std::nullopt;
  }
  return tagged;
}

TaggedElement ORSet::add(std::string_view element, std::uint32_t replica) {
  // Tags of this replica are never forgotten (tombstones keep them), so the highest one seen is a
  // safe base for the next, across restarts too.
  std::uint64_t highest = 0;
  for (const auto* tags : {&adds_, &tombstones_}) {
    for (const TaggedElement& tagged : *tags) {
      if (tagged.tag.replica == replica && tagged.tag.sequence > highest) highest = tagged.tag.sequence;
    }
  }
  TaggedElement tagged{std::string(element), Tag{replica, highest + 1}};
  adds_.insert(tagged);
  return tagged;
}

std::vector<TaggedElement> ORSet::remove(std::string_view element) {
  std::vector<TaggedElement> removed;
  for (const TaggedElement& tagged : adds_) {
    if (tagged.element == element && !tombstones_.count(tagged)) removed.push_back(tagged);
  }
  tombstones_.insert(removed.begin(), removed.end());
  return removed;
}

bool ORSet::contains(std::string_view element) const {
  for (const TaggedElement& tagged : adds_) {
    if (tagged.element == element && !tombstones_.count(tagged)) return true;
  }
  return false;
}

std::set<std::string> ORSet::elements() const {
  std::set<std::string> result;
  for (const TaggedElement& tagged : adds_) {
    if (!tombstones_.count(tagged)) result.insert(tagged.element);
  }
  return result;
}

void ORSet::merge(const ORSet& other) {
  adds_.insert(other.adds_.begin(), other.adds_.end());
  tombstones_.insert(other.tombstones_.begin(), other.tombstones_.end());
}

void ORSet::merge_forgetting_tombstones(const ORSet& other) { adds_.insert(other.adds_.begin(), other.adds_.end()); }

namespace {

std::string encode_tags(const std::set<TaggedElement>& tags) {
  std::string out;
  for (const TaggedElement& tagged : tags) {
    if (!out.empty()) out += ',';
    out += tagged.to_string();
  }
  return out;
}

bool decode_tags(std::string_view text, std::set<TaggedElement>& tags) {
  for (std::string_view item : split_list(text, ',')) {
    std::optional<TaggedElement> tagged = parse_tagged(item);
    if (!tagged) return false;
    tags.insert(std::move(*tagged));
  }
  return true;
}

}  // namespace

std::string ORSet::encode() const { return encode_tags(adds_) + ";" + encode_tags(tombstones_); }

std::optional<ORSet> ORSet::decode(std::string_view text) {
  std::size_t semicolon = text.find(';');
  if (semicolon == std::string_view::npos) return std::nullopt;
  ORSet set;
  if (!decode_tags(text.substr(0, semicolon), set.adds_) || !decode_tags(text.substr(semicolon + 1), set.tombstones_)) {
    return std::nullopt;
  }
  return set;
}

}  // namespace dsim::crdt
