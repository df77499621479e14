// Choosing the time axis's ticks from the labels' measured width (time_axis.h).
#include "viz/model/time_axis.h"

#include <algorithm>
#include <cstdint>

namespace dsim::viz {

std::string time_tick_label(TimeUs time_us, TimeUs step_us) {
  // Decimals of a second needed to write a multiple of step_us: 0 for whole seconds, 1 for
  // multiples of 100 ms, ..., 6 for microseconds.
  int decimals = 0;
  for (TimeUs unit = kSecond; decimals < 6 && (step_us <= 0 || step_us % unit != 0); unit /= 10) ++decimals;
  const bool negative = time_us < 0;
  const TimeUs magnitude = negative ? -time_us : time_us;
  std::string text = (negative ? "-" : "") + std::to_string(magnitude / kSecond);
  if (decimals > 0) {
    std::string fraction = std::to_string(magnitude % kSecond);
    fraction.insert(0, 6 - fraction.size(), '0');
    text += "." + fraction.substr(0, static_cast<std::size_t>(decimals));
  }
  return text + " s";
}

TimeTicks choose_time_ticks(TimeUs start_us, TimeUs end_us, float width, float gap,
                            const std::function<float(const std::string&)>& text_width) {
  TimeTicks result;
  if (end_us <= start_us || width < 1) return result;
  const TimeUs span = end_us - start_us;
  const double pixels_per_us = static_cast<double>(width) / static_cast<double>(span);
  auto first_tick = [&](TimeUs step) { return (std::max<TimeUs>(0, start_us) + step - 1) / step * step; };
  // Candidates from 1 µs upwards; the first whose labels clear each other wins. A step longer than
  // the window leaves at most one tick, which always fits, so the search ends.
  for (TimeUs power = 1;; power *= 10) {
    for (TimeUs factor : {1, 2, 5}) {
      const TimeUs step = power * factor;
      const double step_pixels = static_cast<double>(step) * pixels_per_us;
      if (step_pixels < 1.0) continue;  // more ticks than pixels: never
      // Neighbours' centres are step_pixels apart: their two half-widths and the gap must fit. A
      // step too small fails at its first pair, so rejecting one measures two labels.
      bool clear = true;
      float previous = -1;
      for (TimeUs tick = first_tick(step); tick <= end_us; tick += step) {
        float half = text_width(time_tick_label(tick, step)) * 0.5f;
        if (previous >= 0 && static_cast<double>(previous + half + gap) > step_pixels) {
          clear = false;
          break;
        }
        previous = half;
      }
      if (clear) {
        result.step_us = step;
        for (TimeUs tick = first_tick(step); tick <= end_us; tick += step) result.ticks_us.push_back(tick);
        return result;
      }
    }
  }
}

}  // namespace dsim::viz
