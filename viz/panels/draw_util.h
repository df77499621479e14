// Small drawing helpers shared by the panels: colour conversion, time labels, and showing a JSON
// value (published state, message bodies) as an ImGui tree.
#pragma once

#include <string>
#include <string_view>

#include <imgui.h>

#include "sim/core/time.h"
#include "viz/model/colours.h"

namespace dsim::viz {

inline ImU32 to_imgui(Rgba colour) { return colour.packed(); }
inline ImVec4 to_imgui_vec(Rgba colour) {
  return ImVec4(colour.r / 255.0f, colour.g / 255.0f, colour.b / 255.0f, colour.a / 255.0f);
}

// "3.200 s" for the time controls and labels.
std::string time_label(TimeUs time_us);

// Shows `json` (text) as a tree: objects and arrays open into children, scalars print inline.
// Text that does not parse is shown as it is.
void json_tree(const char* label, std::string_view json);

// A small filled square in `colour` followed by `text`, on one line (legend entries, chips).
void colour_chip(Rgba colour, const char* text);

}  // namespace dsim::viz
