// Reading aimed moves: see aimed_moves.h. Each mistake names the file, the JSON path and what was
// expected, like the rest of the scenario format.
#include "sim/scenario/aimed_moves.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include "sim/scenario/text.h"

namespace dsim {
namespace {

// A duration ("5ms") or a range to draw from (["1ms", "20ms"]), as [min, max].
std::pair<DurationUs, DurationUs> duration_or_range(const JsonReader& reader, DurationUs min_us) {
  if (!reader.is_array()) {
    DurationUs value = reader.duration(min_us);
    return {value, value};
  }
  std::vector<JsonReader> ends = reader.items();
  if (ends.size() != 2) reader.fail_expected("a duration such as \"5ms\" or a range such as [\"1ms\", \"20ms\"]");
  DurationUs low = ends[0].duration(min_us);
  DurationUs high = ends[1].duration(min_us);
  if (high < low) ends[1].fail("the range ends before it starts (" + ends[0].json().dump() + " to " + ends[1].json().dump() + ")");
  return {low, high};
}

AimedMove read_move(const JsonReader& reader) {
  if (!reader.is_object()) {
    reader.fail_expected("an aimed move such as {\"when\": {\"key\": \"voted_for\"}, \"then\": \"crash\", \"for\": \"10ms\"}");
  }
  reader.expect_keys({"name", "when", "then", "after", "for", "chance"});
  AimedMove move;
  move.json_path = reader.path();

  JsonReader when = reader.at("when");
  if (!when.is_object()) when.fail_expected("an object such as {\"key\": \"voted_for\", \"except\": [-1]}");
  when.expect_keys({"key", "role", "except", "log"});
  move.key = when.at("key").string();
  if (move.key.empty()) when.at("key").fail("expected the name of a published key, such as \"voted_for\", found \"\"");
  move.role = when.string_or("role", "");
  if (std::optional<JsonReader> except = when.find("except")) {
    for (const JsonReader& value : except->items()) move.except.push_back(value.json().dump());
  }
  if (std::optional<JsonReader> log = when.find("log")) {
    std::string condition = log->choice({"grew", "uncommitted_old_term", "committed_old_term"});
    move.log = condition == "grew"                   ? AimedMove::LogCondition::grew
               : condition == "uncommitted_old_term" ? AimedMove::LogCondition::uncommitted_old_term
                                                     : AimedMove::LogCondition::committed_old_term;
  }

  std::string then = reader.at("then").choice({"crash", "pause", "isolate"});
  move.action = then == "crash" ? FaultSpec::Action::crash
                                : then == "pause" ? FaultSpec::Action::pause : FaultSpec::Action::isolate;
  if (std::optional<JsonReader> after = reader.find("after")) {
    std::tie(move.after_min_us, move.after_max_us) = duration_or_range(*after, 0);
  }
  std::tie(move.for_min_us, move.for_max_us) = duration_or_range(reader.at("for"), 1);
  double chance = reader.number_or("chance", 1.0, 0.0, 1.0);
  move.chance_ppm = static_cast<std::uint64_t>(std::llround(chance * 1e6));
  move.name = reader.has("name") ? reader.at("name").string() : then + " when " + move.key + " changes";
  if (move.name.empty()) reader.at("name").fail("expected a name such as \"crash right after voting\", found \"\"");
  return move;
}

}  // namespace

std::vector<AimedMove> read_aimed_moves(const JsonReader& list) {
  std::vector<AimedMove> moves;
  for (const JsonReader& item : list.items()) moves.push_back(read_move(item));
  return moves;
}

}  // namespace dsim
