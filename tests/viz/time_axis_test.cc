// The space-time diagram's time axis: the tick spacing chosen from the labels' measured width (so
// labels never run together, "2.300 s2.350 s"), and labels with just the decimals their step needs.
#include <catch2/catch.hpp>

#include <string>

#include "viz/model/time_axis.h"

using namespace dsim;
using namespace dsim::viz;

namespace {

// A monospaced measure: 7 px a character, roughly DejaVu Sans at 13 px.
float seven_px(const std::string& text) { return 7.0f * static_cast<float>(text.size()); }

// Whether every pair of neighbouring labels, centred on their ticks, is `gap` clear.
bool labels_clear(const TimeTicks& ticks, TimeUs start, TimeUs end, float width, float gap) {
  auto x_of = [&](TimeUs t) { return static_cast<double>(t - start) / static_cast<double>(end - start) * width; };
  for (std::size_t i = 1; i < ticks.ticks_us.size(); ++i) {
    double left_end = x_of(ticks.ticks_us[i - 1]) + seven_px(time_tick_label(ticks.ticks_us[i - 1], ticks.step_us)) / 2;
    double right_start = x_of(ticks.ticks_us[i]) - seven_px(time_tick_label(ticks.ticks_us[i], ticks.step_us)) / 2;
    if (right_start - left_end < gap - 1e-6) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("a tick label has just the decimals its step needs", "[viz][axis]") {
  CHECK(time_tick_label(2 * kSecond, kSecond) == "2 s");
  CHECK(time_tick_label(2300 * kMillisecond, 100 * kMillisecond) == "2.3 s");
  CHECK(time_tick_label(2350 * kMillisecond, 50 * kMillisecond) == "2.35 s");
  CHECK(time_tick_label(2350 * kMillisecond, 10 * kMillisecond) == "2.35 s");
  CHECK(time_tick_label(2305 * kMillisecond, 5 * kMillisecond) == "2.305 s");
  CHECK(time_tick_label(2300200, 200) == "2.3002 s");
  CHECK(time_tick_label(7, 1) == "0.000007 s");
  CHECK(time_tick_label(60 * kSecond, 20 * kSecond) == "60 s");
}

TEST_CASE("the 700 ms window at 1280x800 no longer runs its labels together", "[viz][axis]") {
  // The space-time diagram's plot at 1280x800 is about 670 px wide; its old rule put a tick every
  // 50 ms, 48 px apart, under labels 49 px wide ("2.300 s").
  const TimeUs start = 2300 * kMillisecond;
  const TimeUs end = 3000 * kMillisecond;
  TimeTicks ticks = choose_time_ticks(start, end, 670, 8, seven_px);
  CHECK(ticks.step_us == 100 * kMillisecond);
  CHECK(ticks.ticks_us.front() == start);
  CHECK(ticks.ticks_us.back() == end);
  CHECK(time_tick_label(ticks.ticks_us[1], ticks.step_us) == "2.4 s");
  CHECK(labels_clear(ticks, start, end, 670, 8));
  // The smallest step that clears: the next smaller one (50 ms) would not.
  CHECK_FALSE(labels_clear(TimeTicks{50 * kMillisecond, {2300000, 2350000, 2400000}}, start, end, 670, 8));
}

TEST_CASE("at any window and width the chosen ticks' labels never overlap", "[viz][axis]") {
  for (TimeUs span : {TimeUs{37}, TimeUs{2000}, TimeUs{700000}, TimeUs{3 * kSecond}, TimeUs{60 * kSecond}, TimeUs{3600 * kSecond}}) {
    for (float width : {40.0f, 120.0f, 430.0f, 900.0f, 2400.0f}) {
      for (TimeUs end : {span, 2 * span + 12345, TimeUs{59 * kSecond} + span}) {
        const TimeUs start = end - span;
        TimeTicks ticks = choose_time_ticks(start, end, width, 6, seven_px);
        INFO("span " << span << " width " << width << " end " << end << " step " << ticks.step_us);
        CHECK(ticks.step_us > 0);
        CHECK(labels_clear(ticks, start, end, width, 6));
        for (TimeUs tick : ticks.ticks_us) {
          CHECK(tick >= start);
          CHECK(tick <= end);
          CHECK(tick % ticks.step_us == 0);
        }
        // Neighbouring labels differ: the decimals suffice.
        for (std::size_t i = 1; i < ticks.ticks_us.size(); ++i) {
          CHECK(time_tick_label(ticks.ticks_us[i - 1], ticks.step_us) != time_tick_label(ticks.ticks_us[i], ticks.step_us));
        }
        // Labels are not starved either: wide plots get several.
        if (width >= 900 && span >= 2000) CHECK(ticks.ticks_us.size() >= 4);
      }
    }
  }
}

TEST_CASE("a window before time 0 ticks only from 0, and an empty window has none", "[viz][axis]") {
  TimeTicks early = choose_time_ticks(-400 * kMillisecond, 300 * kMillisecond, 430, 8, seven_px);
  REQUIRE_FALSE(early.ticks_us.empty());
  CHECK(early.ticks_us.front() == 0);
  CHECK(choose_time_ticks(5, 5, 430, 8, seven_px).ticks_us.empty());
  CHECK(choose_time_ticks(0, kSecond, 0.5f, 8, seven_px).ticks_us.empty());
}
