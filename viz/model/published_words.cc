// The sentinels the protocols publish, as words (published_words.h). Each row cites the view.h
// that declares the sentinel.
#include "viz/model/published_words.h"

#include <array>
#include <span>

#include <nlohmann/json.hpp>

#include "sim/core/view.h"
#include "sim/protocols/cache/view.h"
#include "sim/protocols/jobs/view.h"
#include "sim/protocols/lock/view.h"
#include "sim/protocols/log/view.h"
#include "sim/protocols/raft/view.h"

namespace dsim::viz {
namespace {

struct Sentinel {
  std::string_view key;
  std::int64_t value;
  std::string_view word;
};

// Top-level keys, each as its view.h declares it.
constexpr std::array kTopLevel{
    Sentinel{view::kLeader.name, -1, "none known"},  // Raft, Paxos, and the lock and config groups
    Sentinel{raft::view::kVotedFor.name, -1, "none"},
    Sentinel{jobs::view::kWorkerJob.name, -1, "none"},  // idle, or polling for a job
    Sentinel{lock::view::kHolder.name, -1, "none"},     // no live lease
    Sentinel{lock::view::kToken.name, 0, "none"},
    Sentinel{lock::view::kLeaseExpiresUs.name, -1, "none"},
    Sentinel{lock::view::kLastWriter.name, -1, "none"},
    Sentinel{lock::view::kLeaseToken.name, -1, "none"},
    Sentinel{lock::view::kLeaseDeadlineUs.name, -1, "none"},
    Sentinel{cache::view::kHitRatioPermille.name, -1, "no reads"},
    Sentinel{cache::view::kLatencyP99Us.name, -1, "none finished"},
};

// Inside the log's JSON values (log/view.h): a partition's "leader" as a broker or the controller
// sees it, the group's "committed" offsets and a consumer's "positions", by partition.
constexpr std::array kInside{
    Sentinel{"leader", -1, "none"},
    Sentinel{"committed", -1, "never"},
    Sentinel{"positions", -1, "none"},
};

bool holds_log_json(std::string_view key) {
  return dsim::log::view::kPartition.holds(key) || dsim::log::view::kAssignment.holds(key) || key == dsim::log::view::kGroup.name ||
         key == dsim::log::view::kConsumer.name;
}

std::optional<std::string_view> find(std::span<const Sentinel> table, std::string_view key, std::int64_t value) {
  for (const Sentinel& sentinel : table) {
    if (sentinel.key == key && sentinel.value == value) return sentinel.word;
  }
  return std::nullopt;
}

std::optional<std::string_view> inside_word(std::string_view holder, const nlohmann::json& value) {
  if (!value.is_number_integer()) return std::nullopt;
  return find(kInside, holder, value.get<std::int64_t>());
}

// Replaces sentinels inside `value` (members named in kInside, and the items of arrays so named).
bool replace_inside(nlohmann::json& value) {
  bool changed = false;
  if (!value.is_object()) return false;
  for (auto& [member, item] : value.items()) {
    if (auto word = inside_word(member, item)) {
      item = std::string(*word);
      changed = true;
    } else if (item.is_array()) {
      for (nlohmann::json& element : item) {
        if (auto element_word = inside_word(member, element)) {
          element = std::string(*element_word);
          changed = true;
        }
      }
    } else if (item.is_object()) {
      changed = replace_inside(item) || changed;
    }
  }
  return changed;
}

}  // namespace

std::optional<std::string_view> sentinel_word(std::string_view key, std::int64_t value) {
  return find(kTopLevel, key, value);
}

std::optional<std::string> with_sentinel_words(std::string_view key, std::string_view json_text) {
  // Cheap refusals first: the inspector asks for every key every frame.
  if (json_text.find('-') == std::string_view::npos && json_text != "0") return std::nullopt;
  nlohmann::json value = nlohmann::json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (value.is_discarded()) return std::nullopt;
  if (value.is_number_integer()) {
    auto word = sentinel_word(key, value.get<std::int64_t>());
    if (!word) return std::nullopt;
    return nlohmann::json(std::string(*word)).dump();
  }
  if (!holds_log_json(key) || !replace_inside(value)) return std::nullopt;
  return value.dump();
}

}  // namespace dsim::viz
