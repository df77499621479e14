// Reading and drawing swarm knobs: see swarm.h.
#include "sim/scenario/swarm.h"

#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "sim/core/random.h"
#include "sim/core/time.h"

namespace dsim {
namespace {

// The swarm's own stream of the seed ("SWRM"), apart from the simulator's and the nodes'.
constexpr std::uint64_t kSwarmStream = 0x5357524d;

std::string format_number(double value) {
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 4);
  return error == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

std::string format_value(const SwarmKnob& knob, double value) {
  switch (knob.kind) {
    case SwarmKnob::Kind::integer: return std::to_string(static_cast<std::int64_t>(value));
    case SwarmKnob::Kind::duration: return format_duration(static_cast<DurationUs>(value));
    case SwarmKnob::Kind::number: return format_number(value);
    case SwarmKnob::Kind::choices: break;
  }
  return "";
}

SwarmKnob read_knob(const JsonReader& reader, const std::string& path) {
  SwarmKnob knob;
  knob.path = path;
  knob.json_path = reader.path();
  if (reader.is_array()) {
    std::vector<JsonReader> items = reader.items();
    if (items.empty()) reader.fail("expected at least one choice, found []");
    for (const JsonReader& item : items) knob.choices.push_back(item.json().dump());
    return knob;
  }
  if (!reader.is_object()) {
    reader.fail_expected("a list of choices such as [\"crash\", \"pause\"] or a range such as {\"between\": [\"100ms\", \"2s\"]}");
  }
  reader.expect_keys({"between"});
  JsonReader between = reader.at("between");
  std::vector<JsonReader> ends = between.is_array() ? between.items() : std::vector<JsonReader>{};
  if (ends.size() != 2) between.fail_expected("two ends such as [\"100ms\", \"2s\"] or [0, 0.2]");
  if (ends[0].is_string()) {
    knob.kind = SwarmKnob::Kind::duration;
    knob.low = static_cast<double>(ends[0].duration());
    knob.high = static_cast<double>(ends[1].duration());
  } else if (ends[0].json().is_number_integer() && ends[1].json().is_number_integer()) {
    knob.kind = SwarmKnob::Kind::integer;
    knob.low = static_cast<double>(ends[0].integer(-(std::int64_t{1} << 52), std::int64_t{1} << 52));
    knob.high = static_cast<double>(ends[1].integer(-(std::int64_t{1} << 52), std::int64_t{1} << 52));
  } else {
    knob.kind = SwarmKnob::Kind::number;
    knob.low = ends[0].number(-1e15, 1e15);
    knob.high = ends[1].number(-1e15, 1e15);
  }
  if (knob.high < knob.low) {
    ends[1].fail("the range ends before it starts (" + ends[0].json().dump() + " to " + ends[1].json().dump() + ")");
  }
  return knob;
}

}  // namespace

std::vector<SwarmKnob> read_swarm(const JsonReader& swarm) {
  if (!swarm.is_object()) swarm.fail_expected("an object such as {\"nemesis.every\": {\"between\": [\"100ms\", \"2s\"]}}");
  std::vector<SwarmKnob> knobs;
  for (const auto& [path, value] : swarm.json().items()) {
    if (path.empty()) swarm.fail("expected a scenario path such as \"nemesis.every\" as each key, found \"\"");
    if (path == "swarm" || path.rfind("swarm.", 0) == 0 || path.rfind("swarm[", 0) == 0) {
      swarm.fail("a swarm knob cannot draw the swarm itself (\"" + path + "\")");
    }
    knobs.push_back(read_knob(swarm.at(path), path));
  }
  if (knobs.empty()) swarm.fail("expected at least one knob, found {}");
  return knobs;
}

std::vector<Override> draw_swarm(const std::vector<SwarmKnob>& knobs, std::uint64_t seed) {
  Rng rng = Rng(seed).fork(kSwarmStream);
  std::vector<Override> draws;
  for (const SwarmKnob& knob : knobs) {
    std::string value;
    switch (knob.kind) {
      case SwarmKnob::Kind::choices: value = knob.choices[rng.index(knob.choices.size())]; break;
      case SwarmKnob::Kind::integer:
      case SwarmKnob::Kind::duration:
        value = format_value(knob, static_cast<double>(rng.uniform(static_cast<std::int64_t>(knob.low),
                                                                   static_cast<std::int64_t>(knob.high))));
        break;
      case SwarmKnob::Kind::number: value = format_value(knob, knob.low + rng.unit() * (knob.high - knob.low)); break;
    }
    draws.push_back(Override{knob.path, value});
  }
  return draws;
}

std::vector<Override> swarm_ends(const SwarmKnob& knob) {
  if (knob.kind == SwarmKnob::Kind::choices) {
    std::vector<Override> ends;
    for (const std::string& choice : knob.choices) ends.push_back(Override{knob.path, choice});
    return ends;
  }
  return {Override{knob.path, format_value(knob, knob.low)}, Override{knob.path, format_value(knob, knob.high)}};
}

}  // namespace dsim
