// The topology view's "break it" controls. Sections: picking a group; the menus; the entry point.
// Menus open on a right-click and remember their target in PanelState::session (no statics), so
// they stay open across frames while the run underneath is replaced.
#include "viz/panels/break_it_menus.h"

#include <algorithm>
#include <cmath>

#include "viz/panels/draw_util.h"

namespace dsim::viz {
namespace {

constexpr const char* kNodeMenu = "node actions";
constexpr const char* kLinkMenu = "link actions";
constexpr const char* kCanvasMenu = "network actions";
constexpr const char* kReadOnlyMenu = "read-only";

void request(PanelState& state, UserAction::Kind kind, std::vector<NodeId> nodes, std::string text = {}) {
  UserAction action;
  action.kind = kind;
  action.at_us = state.playback.now_us;
  action.nodes = std::move(nodes);
  action.text = std::move(text);
  state.session.requested.push_back(std::move(action));
}

std::string group_text(const FrameView& view, const std::vector<NodeId>& group) {
  std::string text;
  for (NodeId node : group) text += (text.empty() ? "" : ", ") + node_label(*view.timeline, node);
  return "{" + text + "}";
}

bool is_server(const FrameView& view, NodeId node) {
  const auto& nodes = view.timeline->header().nodes;
  return node < nodes.size() && nodes[node].server;
}

// ---------------------------------------------------------------- picking a group

void toggle_in_group(std::vector<NodeId>& group, NodeId node) {
  auto found = std::find(group.begin(), group.end(), node);
  if (found == group.end()) {
    group.push_back(node);
    std::sort(group.begin(), group.end());
  } else {
    group.erase(found);
  }
}

void draw_group(const FrameView& view, const PanelState& state, const TopologyGeometry& geometry, ImDrawList* draw) {
  for (NodeId node : state.session.group) {
    if (node >= geometry.centres.size()) continue;
    draw->AddCircle(geometry.centres[node], geometry.node_radius + 6 * geometry.scale, to_imgui(colours::kStoryMarker), 40,
                    2.5f * geometry.scale);
  }
  (void)view;
}

// A drag on empty canvas picks the servers inside the rectangle as the group.
void drag_to_pick_group(const FrameView& view, PanelState& state, const TopologyGeometry& geometry, ImDrawList* draw) {
  const ImGuiIO& io = ImGui::GetIO();
  ImVec2 start = io.MouseClickedPos[ImGuiMouseButton_Left];
  ImVec2 end = io.MousePos;
  ImVec2 low(std::min(start.x, end.x), std::min(start.y, end.y));
  ImVec2 high(std::max(start.x, end.x), std::max(start.y, end.y));
  bool dragged = std::hypot(end.x - start.x, end.y - start.y) > 6 * geometry.scale;
  if (ImGui::IsItemActive() && dragged) {
    draw->AddRectFilled(low, high, to_imgui(colours::kStoryMarker.with_alpha(40)));
    draw->AddRect(low, high, to_imgui(colours::kStoryMarker), 0, 0, 1.5f * geometry.scale);
  }
  if (ImGui::IsItemDeactivated() && dragged) {
    state.session.group.clear();
    for (NodeId node = 0; node < geometry.centres.size(); ++node) {
      ImVec2 c = geometry.centres[node];
      if (is_server(view, node) && c.x >= low.x && c.x <= high.x && c.y >= low.y && c.y <= high.y) state.session.group.push_back(node);
    }
  }
}

// ---------------------------------------------------------------- the menus

int resize_string(ImGuiInputTextCallbackData* data) {
  if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* text = static_cast<std::string*>(data->UserData);
    text->resize(static_cast<std::size_t>(data->BufTextLen));
    data->Buf = text->data();
  }
  return 0;
}

void group_items(const FrameView& view, PanelState& state) {
  std::vector<NodeId>& group = state.session.group;
  if (group.empty()) {
    ImGui::TextDisabled("ctrl-click nodes or drag a box to pick a group");
    return;
  }
  std::string partition = "Partition " + group_text(view, group) + " from the rest";
  if (ImGui::MenuItem(partition.c_str())) request(state, UserAction::Kind::partition, group);
  if (ImGui::MenuItem("Clear the group")) group.clear();
}

void node_menu(const FrameView& view, PanelState& state) {
  NodeId node = state.session.menu_node;
  if (node >= view.world->nodes.size()) return;
  const NodeSnapshot& snapshot = view.world->nodes[node];
  ImGui::TextDisabled("%s at %s", node_label(*view.timeline, node).c_str(), time_label(state.playback.now_us).c_str());
  ImGui::Separator();
  if (is_server(view, node)) {
    bool alive = snapshot.status != NodeStatus::crashed;
    if (alive && ImGui::MenuItem("Crash", nullptr, false)) request(state, UserAction::Kind::crash, {node});
    if (!alive && ImGui::MenuItem("Restart")) request(state, UserAction::Kind::restart, {node});
    if (snapshot.status == NodeStatus::alive && ImGui::MenuItem("Pause")) request(state, UserAction::Kind::pause, {node});
    if (snapshot.status == NodeStatus::paused && ImGui::MenuItem("Resume")) request(state, UserAction::Kind::resume, {node});
    if (alive && ImGui::MenuItem("Isolate from everyone")) request(state, UserAction::Kind::isolate, {node});
    bool grouped = std::find(state.session.group.begin(), state.session.group.end(), node) != state.session.group.end();
    if (ImGui::MenuItem(grouped ? "Remove from the group" : "Add to the group")) toggle_in_group(state.session.group, node);
    ImGui::Separator();
    group_items(view, state);
    return;
  }
  // A client: what it takes is up to the protocol (Node::on_operator_request).
  const std::string& protocol = view.timeline->header().protocol;
  const char* hint = protocol == "raft" ? "put x 5 / get x" : protocol == "broadcast" ? "broadcast" : "request";
  ImGui::TextUnformatted("Send a client request:");
  bool enter = input_string("##request", hint, state.session.request_text);
  ImGui::SameLine();
  if ((ImGui::Button("Send") || enter) && !state.session.request_text.empty()) {
    request(state, UserAction::Kind::request, {node}, state.session.request_text);
    ImGui::CloseCurrentPopup();
  }
  if (protocol == "raft") ImGui::TextDisabled("put KEY VALUE, get KEY, append KEY VALUE, cas KEY OLD NEW");
}

void link_menu(const FrameView& view, PanelState& state) {
  auto [a, b] = state.session.menu_link;
  std::string name_a = node_label(*view.timeline, a);
  std::string name_b = node_label(*view.timeline, b);
  ImGui::TextDisabled("link %s - %s at %s", name_a.c_str(), name_b.c_str(), time_label(state.playback.now_us).c_str());
  ImGui::Separator();
  std::string slow = std::string("Slow: ") + kSlowLinkLatency + " each way";
  if (ImGui::MenuItem(slow.c_str())) request(state, UserAction::Kind::slow_link, {a, b});
  if (ImGui::MenuItem("Lossy: 30% of messages lost")) request(state, UserAction::Kind::lossy_link, {a, b});
  std::string one_way = "Cut one way: " + name_a + " -> " + name_b;
  if (ImGui::MenuItem(one_way.c_str())) request(state, UserAction::Kind::cut_one_way, {a, b});
  std::string other_way = "Cut one way: " + name_b + " -> " + name_a;
  if (ImGui::MenuItem(other_way.c_str())) request(state, UserAction::Kind::cut_one_way, {b, a});
  ImGui::Separator();
  if (ImGui::MenuItem("Restore all links")) request(state, UserAction::Kind::restore, {});
}

void canvas_menu(const FrameView& view, PanelState& state) {
  ImGui::TextDisabled("the network at %s", time_label(state.playback.now_us).c_str());
  ImGui::Separator();
  if (ImGui::MenuItem("Heal all partitions and cuts")) request(state, UserAction::Kind::heal, {});
  if (ImGui::MenuItem("Restore all links")) request(state, UserAction::Kind::restore, {});
  ImGui::Separator();
  group_items(view, state);
}

}  // namespace

// ---------------------------------------------------------------- the entry point

bool input_string(const char* label, const char* hint, std::string& text) {
  if (text.capacity() < 64) text.reserve(64);
  return ImGui::InputTextWithHint(label, hint, text.data(), text.capacity() + 1,
                                  ImGuiInputTextFlags_CallbackResize | ImGuiInputTextFlags_EnterReturnsTrue, resize_string, &text);
}

std::optional<std::pair<NodeId, NodeId>> link_under_mouse(const FrameView& view, const TopologyGeometry& geometry, ImVec2 mouse) {
  float best = 6 * geometry.scale;
  std::optional<std::pair<NodeId, NodeId>> found;
  std::size_t count = std::min(geometry.centres.size(), view.timeline->header().nodes.size());
  for (NodeId a = 0; a < count; ++a) {
    for (NodeId b = a + 1; b < count; ++b) {
      if (!is_server(view, a) || !is_server(view, b)) continue;
      ImVec2 p = geometry.centres[a];
      ImVec2 q = geometry.centres[b];
      float dx = q.x - p.x;
      float dy = q.y - p.y;
      float length_squared = std::max(dx * dx + dy * dy, 1.0f);
      float t = std::clamp(((mouse.x - p.x) * dx + (mouse.y - p.y) * dy) / length_squared, 0.0f, 1.0f);
      // Only the middle of a link: its ends are under the nodes.
      if (t < 0.15f || t > 0.85f) continue;
      float d = std::hypot(mouse.x - (p.x + t * dx), mouse.y - (p.y + t * dy));
      if (d < best) {
        best = d;
        found = std::make_pair(a, b);
      }
    }
  }
  return found;
}

void draw_break_it_controls(const FrameView& view, PanelState& state, const TopologyGeometry& geometry, ImDrawList* draw,
                            std::optional<NodeId> hovered_node, std::optional<std::pair<NodeId, NodeId>> hovered_link) {
  bool right_clicked = ImGui::IsItemClicked(ImGuiMouseButton_Right);
  if (!state.session.active) {
    if (right_clicked) ImGui::OpenPopup(kReadOnlyMenu);
    if (ImGui::BeginPopup(kReadOnlyMenu)) {
      ImGui::TextUnformatted("A recorded trace is read-only.");
      ImGui::TextDisabled("Open the scenario file (.json) to act on a live run.");
      ImGui::EndPopup();
    }
    return;
  }
  draw_group(view, state, geometry, draw);
  drag_to_pick_group(view, state, geometry, draw);
  bool modifier = ImGui::GetIO().KeyCtrl || ImGui::GetIO().KeyShift;
  if (hovered_node && modifier && ImGui::IsItemClicked(ImGuiMouseButton_Left) && is_server(view, *hovered_node)) {
    toggle_in_group(state.session.group, *hovered_node);
  }
  if (right_clicked) {
    if (hovered_node) {
      state.session.menu_node = *hovered_node;
      ImGui::OpenPopup(kNodeMenu);
    } else if (hovered_link) {
      state.session.menu_link = *hovered_link;
      ImGui::OpenPopup(kLinkMenu);
    } else {
      ImGui::OpenPopup(kCanvasMenu);
    }
  }
  if (state.session.open_menu_for != kNoNode && state.session.open_menu_for < geometry.centres.size()) {
    // Opened without a mouse (a screenshot): place the menu beside the node.
    state.session.menu_node = state.session.open_menu_for;
    ImVec2 centre = geometry.centres[state.session.menu_node];
    ImGui::OpenPopup(kNodeMenu);
    ImGui::SetNextWindowPos(ImVec2(centre.x + geometry.node_radius, centre.y + geometry.node_radius));
  }
  // Kept open (a new window is hidden on its first frame) until the user clicks anything.
  const ImGuiIO& io = ImGui::GetIO();
  if (io.MouseClicked[0] || io.MouseClicked[1] || io.MouseClicked[2]) state.session.open_menu_for = kNoNode;
  if (ImGui::BeginPopup(kNodeMenu)) {
    node_menu(view, state);
    ImGui::EndPopup();
  }
  if (ImGui::BeginPopup(kLinkMenu)) {
    link_menu(view, state);
    ImGui::EndPopup();
  }
  if (ImGui::BeginPopup(kCanvasMenu)) {
    canvas_menu(view, state);
    ImGui::EndPopup();
  }
  if (hovered_link && !hovered_node && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) {
    ImGui::SetTooltip("link %s - %s\nright-click to slow, degrade or cut it", node_label(*view.timeline, hovered_link->first).c_str(),
                      node_label(*view.timeline, hovered_link->second).c_str());
  }
}

}  // namespace dsim::viz
