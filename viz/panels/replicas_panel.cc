// The replicas view: what each replica of a leaderless store holds, side by side. For dynamo, per
// key, every server's versions: one last-writer-wins record with its timestamp, or every sibling
// with its vector clock (DeCandia et al. 2007, §4.4), green when a get of every server would
// return it and grey when another server holds a version that supersedes it; a server that lacks
// a current version is marked stale. For crdt, each replica's value and a chip per distinct state,
// and whether the live replicas have converged (Shapiro et al. 2011). A section lists the hints
// each server holds for others when the run publishes them (hinted handoff). Built only from the
// published keys of sim/protocols/dynamo/view.h and sim/protocols/crdt/view.h (replica_versions.h).

#include <string>

#include "viz/model/colours.h"
#include "viz/model/replica_versions.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

constexpr Rgba kCurrentColour{0, 158, 115, 255};     // bluish green: a version a full read returns
constexpr Rgba kStaleColour{213, 94, 0, 255};        // vermilion: a replica behind the others
constexpr Rgba kSupersededColour{150, 150, 160, 255};  // grey: a version some server has superseded

// Long carts are cut to fit a cell; the whole value shows on hover.
std::string shortened(const std::string& text, std::size_t most = 44) {
  if (text.size() <= most) return text;
  return text.substr(0, most - 3) + "...";
}

void draw_version(const VersionCell& version, bool siblings) {
  std::string value = version.value.empty() ? std::string("(empty)") : version.value;
  std::string label = "[" + shortened(value) + "] " + (siblings ? "{" + version.clock + "}" : "@" + version.clock);
  ImGui::TextColored(to_imgui_vec(version.current ? kCurrentColour : kSupersededColour), "%s", label.c_str());
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("%s\n%s %s\n%s", value.c_str(), siblings ? "vector clock" : "timestamp.coordinator",
                      version.clock.c_str(),
                      version.current ? "returned by a read of every server" : "superseded by a version another server holds");
  }
}

void draw_dynamo(const Timeline& timeline, const ReplicaVersions& replicas) {
  const bool siblings = replicas.mode == ReplicaVersions::Mode::siblings;
  ImGui::TextWrapped("%s", siblings ? "Conflicts: vector-clock siblings. Each server keeps every version no other supersedes; a get returns them all and the client merges them."
                                    : "Conflicts: last-writer-wins. Each server keeps the version with the greatest timestamp (coordinator clock, then id).");
  for (const KeyVersions& key : replicas.keys) {
    ImGui::Separator();
    if (siblings) {
      ImGui::Text("%s: a read of every server returns %zu %s, merged clock {%s}", key.key.c_str(), key.merged_versions,
                  key.merged_versions == 1 ? "version" : "siblings", key.merged_clock.c_str());
    } else {
      ImGui::Text("%s", key.key.c_str());
    }
    for (const ReplicaVersionRow& replica : key.replicas) {
      std::string name = node_label(timeline, replica.node);
      if (replica.crashed) ImGui::TextDisabled("  %-4s crashed (on disk)", name.c_str());
      else ImGui::Text("  %-4s", name.c_str());
      ImGui::SameLine();
      ImGui::TextColored(to_imgui_vec(replica.stale ? kStaleColour : kCurrentColour), "%s", replica.stale ? "stale  " : "current");
      for (const VersionCell& version : replica.versions) {
        ImGui::SameLine();
        draw_version(version, siblings);
      }
    }
  }
}

void draw_crdt(const Timeline& timeline, const ReplicaVersions& replicas) {
  if (replicas.converged()) {
    ImGui::TextColored(to_imgui_vec(kCurrentColour), "Converged: every live replica holds the same state.");
  } else {
    ImGui::TextColored(to_imgui_vec(kStaleColour), "Not converged: the live replicas hold %zu different states.", replicas.crdt_states);
  }
  ImGui::Separator();
  for (const CrdtReplicaRow& row : replicas.crdt) {
    std::string name = node_label(timeline, row.node);
    std::string chip = "state " + std::string(1, static_cast<char>('A' + row.group % 26));
    colour_chip(term_colour(static_cast<std::int64_t>(row.group) + 1), chip.c_str());
    ImGui::SameLine();
    if (row.crashed) ImGui::TextDisabled("%-4s crashed (on disk): %s", name.c_str(), shortened(row.value, 80).c_str());
    else ImGui::Text("%-4s %s", name.c_str(), shortened(row.value, 80).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\nstate: %s", row.value.c_str(), row.state.c_str());
  }
}

void draw_hints(const Timeline& timeline, const ReplicaVersions& replicas) {
  ImGui::Separator();
  if (replicas.hints_pending.empty()) {
    ImGui::TextDisabled("Hints pending (hinted handoff): no server publishes them in this run.");
    return;
  }
  ImGui::Text("Hints pending (hinted handoff): writes held for a replica that was unreachable");
  for (const auto& [node, hints] : replicas.hints_pending) {
    std::string name = node_label(timeline, node);
    if (hints > 0) ImGui::TextColored(to_imgui_vec(kStaleColour), "  %-4s %lld", name.c_str(), static_cast<long long>(hints));
    else ImGui::Text("  %-4s 0", name.c_str());
  }
}

}  // namespace

bool has_replicas_view(const WorldSnapshot& world) { return !replica_versions(world).empty(); }

void draw_replicas(const FrameView& view, PanelState&) {
  if (!ImGui::Begin("Replicas")) return ImGui::End();
  ReplicaVersions replicas = replica_versions(*view.world);
  if (replicas.empty()) {
    ImGui::TextDisabled("No node publishes a dynamo store or a CRDT state in this run.");
    return ImGui::End();
  }
  if (replicas.mode == ReplicaVersions::Mode::crdt) {
    draw_crdt(*view.timeline, replicas);
  } else {
    draw_dynamo(*view.timeline, replicas);
    draw_hints(*view.timeline, replicas);
  }
  ImGui::End();
}

}  // namespace dsim::viz
