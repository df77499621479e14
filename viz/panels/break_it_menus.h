// "Break it" in the topology view (live runs): the picked group, the node, link and canvas context
// menus, and the drag that picks a group. Every choice becomes a UserAction appended to
// PanelState::session.requested, at the playhead's moment; the session serves it after the frame.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "viz/panels/panel_state.h"

namespace dsim::viz {

// Where the topology view put things this frame.
struct TopologyGeometry {
  std::vector<ImVec2> centres;  // one per node, in screen coordinates
  float node_radius = 20;
  float scale = 1;
};

// The server link (a < b) within a few pixels of `mouse`, if any.
std::optional<std::pair<NodeId, NodeId>> link_under_mouse(const FrameView& view, const TopologyGeometry& geometry, ImVec2 mouse);

// A text box over a std::string (it grows as needed); true when Enter was pressed.
bool input_string(const char* label, const char* hint, std::string& text);

// Call inside the Topology window after its canvas item (an InvisibleButton), with what the mouse
// is over. Draws the group and the drag rectangle into `draw` and runs the context menus.
void draw_break_it_controls(const FrameView& view, PanelState& state, const TopologyGeometry& geometry, ImDrawList* draw,
                            std::optional<NodeId> hovered_node, std::optional<std::pair<NodeId, NodeId>> hovered_link);

}  // namespace dsim::viz
