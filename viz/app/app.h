// The GLFW + OpenGL 3 side of dsim-viz (the only place GL and GLFW appear, STYLE.md §15): the
// interactive window and the headless screenshot. Both draw the same Viewer.
#pragma once

#include <string>

#include "viz/panels/viewer.h"

namespace dsim::viz {

struct WindowOptions {
  int width = 1600;
  int height = 1000;
  float ui_scale = 0;  // 0: the monitor's content scale
};

// Opens the window and runs until it is closed. Returns the process exit code.
int run_window(Viewer& viewer, const WindowOptions& options);

struct ScreenshotOptions {
  std::string output_png;
  int width = 1600;
  int height = 1000;
  float ui_scale = 1;
};

// Renders the viewer's current moment offscreen and writes it as a PNG. On failure writes one
// message to `error` and returns false.
bool take_screenshot(Viewer& viewer, const ScreenshotOptions& options, std::string& error);

}  // namespace dsim::viz
