// The inspector: for the selected node, its status, its published state as a tree, its pending
// timers and its recent messages (click one to see its body); for the selected message, where it
// goes, when, what became of it, and its body.

#include <cstdio>
#include <optional>

#include "viz/model/published_keys.h"
#include "viz/model/published_words.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

std::string node_label(const Timeline& timeline, NodeId node) {
  const auto& nodes = timeline.header().nodes;
  if (node < nodes.size() && !nodes[node].name.empty()) return nodes[node].name;
  return "n" + std::to_string(node);
}

namespace {

// What became of the message sent by event `send_index`, from the events after it.
std::string fate_of(const Timeline& timeline, std::size_t send_index, TimeUs now) {
  const auto& events = timeline.events();
  const TraceEvent& send = events[send_index];
  for (std::size_t i = send_index + 1; i < events.size(); ++i) {
    const TraceEvent& event = events[i];
    if (event.time_us > now) break;  // the inspector does not tell the future
    if (event.id != send.id || event.from != send.from || event.to != send.to) continue;
    if (event.kind == TraceEventKind::deliver) return "delivered at " + time_label(event.time_us);
    if (event.kind == TraceEventKind::drop) return "dropped (" + event.reason + ") at " + time_label(event.time_us);
  }
  return send.deliver_at_us == kTimeNever ? "dropped as it was sent" : "in flight, due at " + time_label(send.deliver_at_us);
}

void draw_message_details(const FrameView& view, std::size_t send_index) {
  const Timeline& timeline = *view.timeline;
  if (send_index >= timeline.events().size()) return;
  const TraceEvent& send = timeline.events()[send_index];
  colour_chip(timeline.message_colours().of(send.type), send.type.c_str());
  ImGui::Text("%s -> %s, message #%llu", node_label(timeline, send.from).c_str(), node_label(timeline, send.to).c_str(),
              static_cast<unsigned long long>(send.id));
  ImGui::Text("sent at %s", time_label(send.time_us).c_str());
  ImGui::TextWrapped("%s", fate_of(timeline, send_index, view.world->time_us).c_str());
  json_tree("body", send.body.empty() ? "{}" : send.body);
}

void draw_node_details(const FrameView& view, PanelState& state, NodeId node) {
  const Timeline& timeline = *view.timeline;
  const NodeSnapshot& snapshot = view.world->nodes[node];
  std::string role = snapshot.text(view::kRole);
  std::string title = node_label(timeline, node) + "  (" + (role.empty() ? "no role" : role) + ", " + node_status_name(snapshot.status) + ")";
  colour_chip(snapshot.status == NodeStatus::crashed ? colours::kCrashed : role_colour(role), title.c_str());

  if (ImGui::CollapsingHeader("Published state", ImGuiTreeNodeFlags_DefaultOpen)) {
    if (snapshot.state.empty()) ImGui::TextDisabled("nothing published");
    // A family of keys ("member.n0" ... "member.n15", SWIM's view of each member) is one tree
    // node, its members in natural order; plain keys are shown as before. Sentinels in words
    // ("voted_for: none", not -1; published_words.h).
    for (const PublishedGroup& group : group_published_keys(snapshot.state)) {
      if (!group.family) {
        const std::string& value = group.entries.front().second;
        std::optional<std::string> readable = with_sentinel_words(group.name, value);
        json_tree(group.name.c_str(), readable ? *readable : value);
        continue;
      }
      std::string label = group.name + ".*  (" + std::to_string(group.entries.size()) + ")";
      if (ImGui::TreeNodeEx(label.c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
        for (const auto& [member, value] : group.entries) {
          // The member's full key names it in the sentinel table (the log's "partition.p0").
          std::optional<std::string> readable = with_sentinel_words(group.name + "." + member, value);
          json_tree(member.c_str(), readable ? *readable : value);
        }
        ImGui::TreePop();
      }
    }
  }
  if (ImGui::CollapsingHeader("Pending timers", ImGuiTreeNodeFlags_DefaultOpen)) {
    bool any = false;
    for (const auto& [id, timer] : view.world->timers) {
      if (timer.node != node) continue;
      any = true;
      ImGui::BulletText("%s fires at %s (%.0f%% left)", timer.name.c_str(), time_label(timer.fire_at_us).c_str(),
                        100 * timer.remaining(view.world->time_us));
    }
    if (!any) ImGui::TextDisabled("none");
  }
  if (ImGui::CollapsingHeader("Recent messages", ImGuiTreeNodeFlags_DefaultOpen)) {
    auto recent = timeline.recent_message_events(node, view.world->time_us, 12);
    if (recent.empty()) ImGui::TextDisabled("none yet");
    for (std::size_t index : recent) {
      const TraceEvent& event = timeline.events()[index];
      char line[256];
      std::snprintf(line, sizeof line, "%s  %-7s %s %s -> %s##%zu", time_label(event.time_us).c_str(), event.kind_name.c_str(),
                    event.type.c_str(), node_label(timeline, event.from).c_str(), node_label(timeline, event.to).c_str(), index);
      ImGui::PushStyleColor(ImGuiCol_Text, to_imgui_vec(timeline.message_colours().of(event.type).lighter(0.2)));
      if (ImGui::Selectable(line)) {
        // The body lives on the send record: find it for deliveries and drops.
        for (std::size_t i = index + 1; i-- > 0;) {
          const TraceEvent& candidate = timeline.events()[i];
          if (candidate.kind == TraceEventKind::send && candidate.id == event.id && candidate.from == event.from) {
            state.selection.message_send_event = i;
            break;
          }
        }
      }
      ImGui::PopStyleColor();
    }
  }
}

}  // namespace

void draw_inspector(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Inspector")) return ImGui::End();
  bool node = state.selection.node != kNoNode && state.selection.node < view.world->nodes.size();
  bool message = state.selection.message_send_event.has_value();
  if (!node && !message) {
    ImGui::TextWrapped("Click a node in the topology view to see its published state, timers and messages; "
                       "click a moving message to see its body.");
  }
  if (message) {
    if (ImGui::CollapsingHeader("Message", ImGuiTreeNodeFlags_DefaultOpen)) draw_message_details(view, *state.selection.message_send_event);
  }
  if (node) draw_node_details(view, state, state.selection.node);
  ImGui::End();
}

}  // namespace dsim::viz
