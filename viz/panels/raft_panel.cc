// The Raft view (as RaftScope draws it): each server's log as a row of entries coloured by term,
// rows aligned by log index, committed entries solid and the rest faint, a bar after the commit
// index, plus each server's role, current term and vote. Built only from the published keys
// "log", "log_start", "commit_index", "last_applied", "term", "voted_for" and "role".

#include <algorithm>
#include <cstdio>

#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

void draw_raft_logs(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Raft logs")) return ImGui::End();
  const Timeline& timeline = *view.timeline;
  auto rows = raft_log_rows(timeline, *view.world);
  if (!rows) {
    ImGui::TextDisabled("No node publishes a Raft log in this run.");
    return ImGui::End();
  }
  const float scale = state.ui_scale;
  float info_width = 175 * scale;
  // Boxes shrink (down to a size whose term number still reads) so that every server's row fits
  // the window; with more servers than that the window scrolls, and every row stays reachable.
  // Each row and the ruler are followed by the item spacing.
  float spacing = ImGui::GetStyle().ItemSpacing.y;
  float ruler = ImGui::GetTextLineHeight() + spacing;
  float per_row = (ImGui::GetContentRegionAvail().y - ruler - 2) / static_cast<float>(std::max<std::size_t>(rows->size(), 1)) - spacing;
  float box = std::clamp(per_row - 4 * scale, 12 * scale, 22 * scale);
  float row_height = std::max(box + 4 * scale, ImGui::GetTextLineHeight() + 2);
  float avail = std::max(ImGui::GetContentRegionAvail().x - info_width, box * 4);
  std::int64_t columns = std::max<std::int64_t>(static_cast<std::int64_t>(avail / box), 1);
  std::int64_t highest = 0;
  for (const RaftLogRow& row : *rows) highest = std::max(highest, row.last_index());
  std::int64_t first_index = std::max<std::int64_t>(1, highest - columns + 1);

  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  // Index ruler: every fifth index.
  for (std::int64_t index = first_index; index < first_index + columns; ++index) {
    if (index % 5 != 0 && index != first_index) continue;
    char text[24];
    std::snprintf(text, sizeof text, "%lld", static_cast<long long>(index));
    draw->AddText(ImVec2(origin.x + info_width + static_cast<float>(index - first_index) * box + 2, origin.y), IM_COL32(150, 150, 160, 255), text);
  }
  ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight()));

  for (const RaftLogRow& row : *rows) {
    ImVec2 at = ImGui::GetCursorScreenPos();
    Rgba colour = row.crashed ? colours::kCrashed : role_colour(row.role);
    std::string name = node_label(timeline, row.node);
    bool focused = state.check_focus && std::find(state.check_focus->nodes.begin(), state.check_focus->nodes.end(), row.node) !=
                                            state.check_focus->nodes.end();
    if (focused) {
      draw->AddRectFilled(at, ImVec2(at.x + ImGui::GetContentRegionAvail().x, at.y + row_height),
                          to_imgui(colours::kCheckFailureMarker.with_alpha(45)));
    }
    char info[160];
    if (row.crashed) {
      // Its log is still on its disk: shown greyed as it last published it (in Figure 8 that
      // entry is the whole point).
      std::snprintf(info, sizeof info, "%s  crashed%s", name.c_str(), row.from_before_crash ? ", on disk:" : "");
    } else {
      std::string vote = row.voted_for < 0 ? "-" : node_label(timeline, static_cast<NodeId>(row.voted_for));
      std::snprintf(info, sizeof info, "%s  T%lld  vote %s", name.c_str(), static_cast<long long>(row.term), vote.c_str());
    }
    draw->AddCircleFilled(ImVec2(at.x + 6 * scale, at.y + row_height * 0.5f), 5 * scale, to_imgui(colour));
    draw->AddText(ImVec2(at.x + 15 * scale, at.y + (row_height - ImGui::GetTextLineHeight()) * 0.5f), to_imgui(colour.lighter(0.25)), info);

    for (std::size_t i = 0; i < row.terms.size(); ++i) {
      std::int64_t index = row.log_start + static_cast<std::int64_t>(i);
      if (index < first_index || index >= first_index + columns) continue;
      float x = at.x + info_width + static_cast<float>(index - first_index) * box;
      ImVec2 low(x + 1, at.y + 2 * scale);
      ImVec2 high(x + box - 1, at.y + 2 * scale + box);
      bool committed = index <= row.commit_index && !row.crashed;
      Rgba term = row.crashed ? colours::kCrashed.lighter(0.25) : term_colour(row.terms[i]);
      draw->AddRectFilled(low, high, to_imgui(committed ? term : term.with_alpha(70)), 3 * scale);
      draw->AddRect(low, high, to_imgui(term), 3 * scale, 0, committed ? 1.0f : 1.5f * scale);
      char text[24];
      std::snprintf(text, sizeof text, "%lld", static_cast<long long>(row.terms[i]));
      ImVec2 size = ImGui::CalcTextSize(text);
      if (size.x < box - 2) {
        draw->AddText(ImVec2(x + (box - size.x) * 0.5f, low.y + (box - size.y) * 0.5f), committed ? IM_COL32(15, 15, 20, 255) : to_imgui(colours::kText), text);
      }
    }
    // The commit index: a white bar after the last committed entry (a crashed server knows none).
    if (!row.crashed && row.commit_index >= first_index - 1 && row.commit_index < first_index + columns) {
      float x = at.x + info_width + static_cast<float>(row.commit_index - first_index + 1) * box;
      draw->AddLine(ImVec2(x, at.y + 1), ImVec2(x, at.y + box + 5 * scale), IM_COL32(255, 255, 255, 230), 2.5f * scale);
    }
    if (!row.crashed && row.last_applied >= first_index && row.last_applied < first_index + columns) {
      float x = at.x + info_width + (static_cast<float>(row.last_applied - first_index) + 0.5f) * box;
      float y = at.y + box + 4 * scale;
      draw->AddTriangleFilled(ImVec2(x, y - 4 * scale), ImVec2(x - 4 * scale, y + 2 * scale), ImVec2(x + 4 * scale, y + 2 * scale),
                              IM_COL32(255, 255, 255, 200));
    }
    ImGui::Dummy(ImVec2(info_width + static_cast<float>(columns) * box, row_height));
    if (ImGui::IsItemHovered() && row.crashed) {
      ImGui::SetTooltip("%s is down. Its log as it last published it before the crash, greyed: what its disk holds, which it "
                        "reads back when it restarts (its commit index is volatile and is learnt again from the leader).",
                        name.c_str());
    } else if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s: log %lld..%lld, commit %lld, applied %lld\nsolid: committed; faint: not yet committed; "
                        "white bar: commit index; triangle: last applied",
                        name.c_str(), static_cast<long long>(row.log_start), static_cast<long long>(row.last_index()),
                        static_cast<long long>(row.commit_index), static_cast<long long>(row.last_applied));
    }
  }
  ImGui::End();
}

}  // namespace dsim::viz
