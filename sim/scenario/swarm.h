// Swarm scenarios (docs/scenario-format.md, "Swarm"): the fault knobs themselves are drawn from
// each run's seed, as FoundationDB's simulation and TigerBeetle's VOPR do, so that a sweep covers
// many fault mixes (few faults and many, short and long, lossy and clean) rather than one. Reading
// the "swarm" object and drawing its knobs; loader.cc applies the draws as --set overrides would.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/scenario/json_reader.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/scenario.h"

namespace dsim {

// `swarm` is {"nemesis.every": {"between": ["100ms", "2s"]}, "network.duplicate": [0, 0.1], ...}:
// each knob is a list of choices or a range {"between": [low, high]} of integers, numbers or
// durations.
std::vector<SwarmKnob> read_swarm(const JsonReader& swarm);

// The value each knob takes in the run with `seed`, drawn in file order from a stream of its own
// (so that the run's other draws do not move when a knob is added). Pure: same knobs and seed,
// same overrides.
std::vector<Override> draw_swarm(const std::vector<SwarmKnob>& knobs, std::uint64_t seed);

// The two ends of every knob (its first and last choice, or low and high), for checking at load
// time that each value a run may draw is valid.
std::vector<Override> swarm_ends(const SwarmKnob& knob);

}  // namespace dsim
