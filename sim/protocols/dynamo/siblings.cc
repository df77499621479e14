// Siblings (siblings.h).
#include "sim/protocols/dynamo/siblings.h"

#include <algorithm>
#include <charconv>

namespace dsim::dynamo {

VectorClock Sibling::clock() const {
  VectorClock result = context;
  if (dot.counter > result.get(dot.node)) result.set(dot.node, dot.counter);
  return result;
}

std::string Sibling::to_string() const {
  return value + "@" + context.to_string() + "+" + std::to_string(dot.node) + ":" + std::to_string(dot.counter);
}

std::optional<Sibling> Sibling::parse(std::string_view text) {
  std::size_t at = text.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = text.substr(at + 1);
  std::size_t plus = rest.find('+');
  if (plus == std::string_view::npos) return std::nullopt;
  std::optional<VectorClock> context = VectorClock::parse(rest.substr(0, plus));
  std::optional<VectorClock> dot = VectorClock::parse(rest.substr(plus + 1));
  if (!context || !dot || dot->entries().size() != 1) return std::nullopt;
  Sibling sibling;
  sibling.value = std::string(text.substr(0, at));
  sibling.context = *context;
  sibling.dot = Dot{dot->entries().begin()->first, dot->entries().begin()->second};
  return sibling;
}

namespace {

bool supersedes(const Sibling& a, const Sibling& b, SupersedeRule rule) {
  return rule == SupersedeRule::dots ? a.supersedes(b) : a.clock().descends(b.clock());
}

}  // namespace

bool SiblingSet::insert(const Sibling& version, SupersedeRule rule) {
  for (const Sibling& held : versions_) {
    if (held.dot == version.dot || supersedes(held, version, rule)) return false;
  }
  std::erase_if(versions_, [&](const Sibling& held) { return supersedes(version, held, rule); });
  auto at = std::lower_bound(versions_.begin(), versions_.end(), version,
                             [](const Sibling& a, const Sibling& b) { return a.dot < b.dot; });
  versions_.insert(at, version);
  return true;
}

bool SiblingSet::merge(const SiblingSet& other, SupersedeRule rule) {
  bool changed = false;
  for (const Sibling& version : other.versions_) changed = insert(version, rule) || changed;
  return changed;
}

VectorClock SiblingSet::context() const {
  VectorClock result;
  for (const Sibling& version : versions_) result = VectorClock::merge(result, version.clock());
  return result;
}

std::string SiblingSet::encode() const {
  std::string text;
  for (const Sibling& version : versions_) {
    if (!text.empty()) text += ";";
    text += version.to_string();
  }
  return text;
}

std::optional<SiblingSet> SiblingSet::decode(std::string_view text) {
  SiblingSet set;
  while (!text.empty()) {
    std::size_t semicolon = text.find(';');
    std::optional<Sibling> version = Sibling::parse(text.substr(0, semicolon));
    if (!version) return std::nullopt;
    set.insert(*version);
    if (semicolon == std::string_view::npos) break;
    text.remove_prefix(semicolon + 1);
  }
  return set;
}

}  // namespace dsim::dynamo
