// Where the playhead is and how it moves: play, pause, speed (virtual seconds per wall second),
// stepping and jumping. Pure arithmetic on virtual time, so the time controls are testable without
// a window; the app feeds it the wall-clock time between frames.
#pragma once

#include <optional>

#include "viz/model/timeline.h"

namespace dsim::viz {

inline constexpr double kSlowestSpeed = 0.01;
inline constexpr double kFastestSpeed = 100.0;

struct PlaybackState {
  TimeUs now_us = 0;
  bool playing = false;
  double speed = 1.0;  // virtual seconds per wall-clock second, kSlowestSpeed..kFastestSpeed
};

// Moves the playhead by `wall_seconds` of real time at the current speed; stops at the end.
void advance_playback(PlaybackState& playback, const Timeline& timeline, double wall_seconds);
// Puts the playhead at `time_us`, clamped to the run.
void seek(PlaybackState& playback, const Timeline& timeline, TimeUs time_us);
// Step one event forwards or backwards (pauses playback), to the next message or fault, or to the
// next or previous marker. Each stays put when there is nothing further that way.
void step_forward(PlaybackState& playback, const Timeline& timeline);
void step_backward(PlaybackState& playback, const Timeline& timeline);
void step_to_next_message_or_fault(PlaybackState& playback, const Timeline& timeline);
void jump_to_next_marker(PlaybackState& playback, const Timeline& timeline);
void jump_to_previous_marker(PlaybackState& playback, const Timeline& timeline);
void set_speed(PlaybackState& playback, double speed);

}  // namespace dsim::viz
