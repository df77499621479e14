// The playhead: speed scales wall time into virtual time, playback stops at the end, and stepping
// moves by event, by message or fault, and by marker.

#include <catch2/catch.hpp>

#include "tests/viz/trace_text.h"
#include "viz/model/playback.h"

using namespace dsim;
using namespace dsim::viz;
using dsim::testing::TraceText;

namespace {
Timeline small_run() {
  TraceText trace(2, 0, 2 * kSecond);
  trace.note(100000, 0, "a").send(300000, 0, 1, 1, "Ping", 400000).fault(800000, "crash", {1}).note(900000, 0, "b");
  return Timeline(read_trace_text(trace.text(2 * kSecond), "t.jsonl"));
}
}  // namespace

TEST_CASE("playing at half speed moves half a virtual second per wall second", "[viz][playback]") {
  Timeline timeline = small_run();
  PlaybackState playback;
  playback.playing = true;
  set_speed(playback, 0.5);
  advance_playback(playback, timeline, 1.0);
  CHECK(playback.now_us == 500000);
  playback.playing = false;
  advance_playback(playback, timeline, 1.0);
  CHECK(playback.now_us == 500000);
}

TEST_CASE("playback stops at the end of the run", "[viz][playback]") {
  Timeline timeline = small_run();
  PlaybackState playback;
  playback.playing = true;
  set_speed(playback, 100);
  advance_playback(playback, timeline, 1.0);
  CHECK(playback.now_us == 2 * kSecond);
  CHECK_FALSE(playback.playing);
}

TEST_CASE("speed is kept between 0.01x and 100x", "[viz][playback]") {
  PlaybackState playback;
  set_speed(playback, 1000);
  CHECK(playback.speed == 100);
  set_speed(playback, 0.0001);
  CHECK(playback.speed == 0.01);
}

TEST_CASE("stepping goes event by event, message by message and marker by marker", "[viz][playback]") {
  Timeline timeline = small_run();
  PlaybackState playback;
  step_forward(playback, timeline);
  CHECK(playback.now_us == 100000);
  step_to_next_message_or_fault(playback, timeline);
  CHECK(playback.now_us == 300000);
  step_to_next_message_or_fault(playback, timeline);
  CHECK(playback.now_us == 800000);
  step_backward(playback, timeline);
  CHECK(playback.now_us == 300000);
  jump_to_next_marker(playback, timeline);  // the crash is the only marker
  CHECK(playback.now_us == 800000);
  jump_to_next_marker(playback, timeline);
  CHECK(playback.now_us == 800000);
  jump_to_previous_marker(playback, timeline);
  CHECK(playback.now_us == 0);
  seek(playback, timeline, 5 * kSecond);
  CHECK(playback.now_us == 2 * kSecond);
}
