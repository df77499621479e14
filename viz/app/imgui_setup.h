// Dear ImGui set-up shared by the window and the screenshot: the DejaVu Sans font at the UI scale,
// the dark style scaled to match, and where the layout is remembered.
#pragma once

#include <string>

namespace dsim::viz {

// Loads DejaVu Sans at 15 px times `ui_scale` (Dear ImGui's built-in font when it is missing) and
// scales the style's sizes. Call after ImGui::CreateContext.
void set_up_fonts_and_style(float ui_scale);

// "$XDG_CONFIG_HOME/dsim/imgui.ini" (else "~/.config/dsim/imgui.ini"), creating the folder;
// empty when there is no home to put it in.
std::string layout_file_path();

}  // namespace dsim::viz
