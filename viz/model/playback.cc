// Playhead arithmetic.

#include "viz/model/playback.h"

#include <algorithm>
#include <cmath>

namespace dsim::viz {

void seek(PlaybackState& playback, const Timeline& timeline, TimeUs time_us) {
  playback.now_us = std::clamp<TimeUs>(time_us, 0, timeline.end_time_us());
}

void advance_playback(PlaybackState& playback, const Timeline& timeline, double wall_seconds) {
  if (!playback.playing || wall_seconds <= 0) return;
  double virtual_us = wall_seconds * playback.speed * static_cast<double>(kSecond);
  seek(playback, timeline, playback.now_us + static_cast<TimeUs>(std::llround(virtual_us)));
  if (playback.now_us >= timeline.end_time_us()) playback.playing = false;
}

void step_forward(PlaybackState& playback, const Timeline& timeline) {
  playback.playing = false;
  if (auto next = timeline.next_event_time(playback.now_us)) seek(playback, timeline, *next);
}

void step_backward(PlaybackState& playback, const Timeline& timeline) {
  playback.playing = false;
  if (auto previous = timeline.previous_event_time(playback.now_us)) seek(playback, timeline, *previous);
  else seek(playback, timeline, 0);
}

void step_to_next_message_or_fault(PlaybackState& playback, const Timeline& timeline) {
  playback.playing = false;
  if (auto next = timeline.next_message_or_fault_time(playback.now_us)) seek(playback, timeline, *next);
}

void jump_to_next_marker(PlaybackState& playback, const Timeline& timeline) {
  playback.playing = false;
  for (const TimelineMarker& marker : timeline.markers()) {
    if (marker.time_us > playback.now_us) return seek(playback, timeline, marker.time_us);
  }
}

void jump_to_previous_marker(PlaybackState& playback, const Timeline& timeline) {
  playback.playing = false;
  const auto& markers = timeline.markers();
  for (auto it = markers.rbegin(); it != markers.rend(); ++it) {
    if (it->time_us < playback.now_us) return seek(playback, timeline, it->time_us);
  }
  seek(playback, timeline, 0);
}

void set_speed(PlaybackState& playback, double speed) {
  playback.speed = std::clamp(speed, kSlowestSpeed, kFastestSpeed);
}

}  // namespace dsim::viz
