// The membership view (SWIM): who thinks what about whom. Row i is member i's view of the group,
// column j what the members think of member j: alive, suspect, dead, left or unknown. A column
// whose live members disagree (a suspicion spreading, a death not yet heard of everywhere) is
// marked in magenta above the matrix: that is where a student should look. Built only from the
// published "members" and "status" keys.
//
// Sections: colours; the legend line; the matrix; the window.

#include <algorithm>
#include <cstdio>

#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

// ---------------------------------------------------------------- colours

Rgba letter_colour(char letter) {
  switch (letter) {
    case 'A': return colours::kMemberAlive;
    case 'S': return colours::kMemberSuspect;
    case 'D': return colours::kMemberDead;
    case 'L': return colours::kMemberLeft;
    default: return colours::kMemberUnknown;
  }
}

const char* letter_name(char letter) {
  switch (letter) {
    case 'A': return "alive";
    case 'S': return "suspect";
    case 'D': return "dead";
    case 'L': return "left";
    default: return "unknown";
  }
}

// ---------------------------------------------------------------- the legend line

void draw_legend_line(const MembershipMatrix& matrix) {
  colour_chip(colours::kMemberAlive, "alive");
  ImGui::SameLine();
  colour_chip(colours::kMemberSuspect, "suspect");
  ImGui::SameLine();
  colour_chip(colours::kMemberDead, "dead");
  ImGui::SameLine();
  colour_chip(colours::kMemberLeft, "left");
  ImGui::SameLine();
  colour_chip(colours::kMemberUnknown, "unknown");
  ImGui::SameLine();
  std::size_t disagreeing = static_cast<std::size_t>(std::count(matrix.disagreement.begin(), matrix.disagreement.end(), true));
  if (disagreeing == 0) {
    ImGui::TextDisabled("   all live members agree");
  } else {
    ImGui::PushStyleColor(ImGuiCol_Text, to_imgui_vec(colours::kDisagreement));
    ImGui::Text("   views disagree on %zu member%s", disagreeing, disagreeing == 1 ? "" : "s");
    ImGui::PopStyleColor();
  }
}

// ---------------------------------------------------------------- the matrix

void draw_matrix(const FrameView& view, PanelState& state, const MembershipMatrix& matrix) {
  const std::size_t n = matrix.members.size();
  if (n == 0) return;
  const float scale = state.ui_scale;
  ImVec2 avail = ImGui::GetContentRegionAvail();
  // Names beside the rows and above the columns only when a name fits in a cell; otherwise the
  // matrix alone (a group of hundreds is still one picture).
  float name_width = ImGui::CalcTextSize("n000").x + 6 * scale;
  float marker_height = 6 * scale;
  float cell_with_names = std::min((avail.x - name_width) / n, (avail.y - marker_height - ImGui::GetTextLineHeight()) / n);
  bool names = cell_with_names >= ImGui::CalcTextSize("n00").x + 4 * scale;
  float left = names ? name_width : 0;
  float top = marker_height + (names ? ImGui::GetTextLineHeight() + 2 * scale : 0);
  float cell = std::max(2.0f, std::min((avail.x - left) / n, (avail.y - top) / n));
  cell = std::min(cell, 60 * scale);  // a small group stays a small picture, not a wall of colour
  const float gap = cell >= 6 ? 1.0f : 0.0f;

  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 extent(left + cell * n, top + cell * n);
  ImGui::InvisibleButton("matrix", ImVec2(std::max(extent.x, 1.0f), std::max(extent.y, 1.0f)));
  bool hovered = ImGui::IsItemHovered();
  bool clicked = ImGui::IsItemClicked(ImGuiMouseButton_Left);
  ImVec2 mouse = ImGui::GetIO().MousePos;
  ImVec2 grid(origin.x + left, origin.y + top);

  for (std::size_t column = 0; column < n; ++column) {
    float x = grid.x + cell * column;
    if (matrix.disagreement[column]) {
      draw->AddRectFilled(ImVec2(x, origin.y), ImVec2(x + cell - gap, origin.y + marker_height - 1),
                          to_imgui(colours::kDisagreement));
      draw->AddRect(ImVec2(x - 1, grid.y - 1), ImVec2(x + cell - gap + 1, grid.y + cell * n), to_imgui(colours::kDisagreement.with_alpha(160)));
    }
    if (names) {
      std::string name = node_label(*view.timeline, matrix.members[column]);
      ImVec2 size = ImGui::CalcTextSize(name.c_str());
      draw->AddText(ImVec2(x + (cell - size.x) * 0.5f, origin.y + marker_height), to_imgui(colours::kText), name.c_str());
    }
  }
  std::optional<std::pair<std::size_t, std::size_t>> under_mouse;
  for (std::size_t row = 0; row < n; ++row) {
    float y = grid.y + cell * row;
    bool live = matrix.observer_live[row];
    if (names) {
      std::string name = node_label(*view.timeline, matrix.members[row]);
      Rgba colour = matrix.crashed[row] ? colours::kCrashed : live ? colours::kText : colours::kText.with_alpha(120);
      draw->AddText(ImVec2(origin.x, y + (cell - ImGui::GetTextLineHeight()) * 0.5f), to_imgui(colour), name.c_str());
    }
    for (std::size_t column = 0; column < n; ++column) {
      float x = grid.x + cell * column;
      ImVec2 low(x, y);
      ImVec2 high(x + cell - gap, y + cell - gap);
      char letter = matrix.rows[row][column];
      Rgba colour = letter_colour(letter);
      // A crashed member's row shows what it last believed, faded: it believes nothing now.
      if (matrix.crashed[row]) colour = colour.with_alpha(50);
      else if (!live) colour = colour.with_alpha(110);
      draw->AddRectFilled(low, high, to_imgui(colour));
      if (row == column && cell >= 6) draw->AddRect(low, high, IM_COL32(255, 255, 255, 200));
      if (hovered && mouse.x >= low.x && mouse.x < low.x + cell && mouse.y >= low.y && mouse.y < low.y + cell) {
        under_mouse = {row, column};
      }
    }
    if (state.selection.node == matrix.members[row]) {
      draw->AddRect(ImVec2(grid.x - 1, y - 1), ImVec2(grid.x + cell * n, y + cell - gap + 1), IM_COL32(255, 255, 255, 255), 0, 0, 2.0f);
    }
  }
  if (under_mouse) {
    auto [row, column] = *under_mouse;
    std::string observer = node_label(*view.timeline, matrix.members[row]);
    std::string member = node_label(*view.timeline, matrix.members[column]);
    const char* status = matrix.crashed[row] ? "crashed" : matrix.status[row].c_str();
    ImGui::SetTooltip("%s's view of %s: %s\n%s is %s%s\n(click to inspect %s)", observer.c_str(), member.c_str(),
                      letter_name(matrix.rows[row][column]), observer.c_str(), status,
                      matrix.disagreement[column] ? "\nlive members disagree about this column" : "", observer.c_str());
    if (clicked) state.selection = Selection{matrix.members[row], std::nullopt};
  }
}

}  // namespace

// ---------------------------------------------------------------- the window

void draw_membership(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Membership")) return ImGui::End();
  if (!view.timeline->has_membership()) {
    ImGui::TextDisabled("No member publishes a membership view in this run.");
    return ImGui::End();
  }
  MembershipMatrix matrix = membership_matrix(*view.timeline, *view.world);
  draw_legend_line(matrix);
  ImGui::TextDisabled("row: what that member believes; column: what the group believes about that member");
  draw_matrix(view, state, matrix);
  ImGui::End();
}

}  // namespace dsim::viz
