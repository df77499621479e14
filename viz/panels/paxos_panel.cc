// The Paxos view: every acceptor's promise and, slot by slot, the proposal it accepted (coloured
// by ballot, solid where that is the value a learner learned for the slot, faint where it is not
// or not yet); above them each proposer's ballot and phase, below them each learner's decisions.
// Read from the published keys only (sim/protocols/paxos/view.h): "roles", "ballot", "phase",
// "promised", "accepted.<slot>", "learned.<slot>".

#include <algorithm>
#include <cstdio>
#include <map>

#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

// A ballot's colour: its round's, as Raft's terms are coloured, so "3.0" and "3.1" read as one round.
Rgba ballot_colour(const std::string& ballot) {
  std::int64_t round = 0;
  for (char c : ballot) {
    if (c == '.') break;
    if (c < '0' || c > '9') return colours::kUnknownRole;
    round = round * 10 + (c - '0');
  }
  return term_colour(round);
}

// What some learner learned for each slot (the first learner to show it).
std::map<std::int64_t, std::string> learned_values(const std::vector<PaxosRow>& rows) {
  std::map<std::int64_t, std::string> learned;
  for (const PaxosRow& row : rows) {
    for (const auto& [slot, value] : row.learned) learned.emplace(slot, value);
  }
  return learned;
}

struct Grid {
  ImDrawList* draw = nullptr;
  float info_width = 0;
  float cell_width = 0;
  float cell_height = 0;
  float row_height = 0;
  bool wide = false;                 // few slots: cells show the value too
  std::vector<std::int64_t> slots;   // the columns
};

void row_label(const Grid& grid, ImVec2 at, Rgba colour, const std::string& text) {
  grid.draw->AddCircleFilled(ImVec2(at.x + 6, at.y + grid.row_height * 0.5f), 5, to_imgui(colour));
  grid.draw->AddText(ImVec2(at.x + 15, at.y + (grid.row_height - ImGui::GetTextLineHeight()) * 0.5f),
                     to_imgui(colour.lighter(0.25)), text.c_str());
}

// One cell: a rounded box in `colour`, solid or faint, with `text` centred when it fits, else
// `short_text` when that fits.
void cell(const Grid& grid, ImVec2 at, std::size_t column, Rgba colour, bool solid, const std::string& text,
          const std::string& short_text = "") {
  float x = at.x + grid.info_width + static_cast<float>(column) * grid.cell_width;
  ImVec2 low(x + 1, at.y + 3);
  ImVec2 high(x + grid.cell_width - 1, at.y + 3 + grid.cell_height);
  grid.draw->AddRectFilled(low, high, to_imgui(solid ? colour : colour.with_alpha(70)), 3);
  grid.draw->AddRect(low, high, to_imgui(colour), 3, 0, solid ? 1.0f : 1.5f);
  for (const std::string* shown : {&text, &short_text}) {
    ImVec2 size = ImGui::CalcTextSize(shown->c_str());
    if (shown->empty() || size.x >= grid.cell_width - 4) continue;
    grid.draw->AddText(ImVec2(x + (grid.cell_width - size.x) * 0.5f, low.y + (grid.cell_height - size.y) * 0.5f),
                       solid ? IM_COL32(15, 15, 20, 255) : to_imgui(colours::kText), shown->c_str());
    break;
  }
}

// The cell of `column` in the row just drawn is under the mouse.
bool cell_hovered(const Grid& grid, ImVec2 at, std::size_t column) {
  ImVec2 mouse = ImGui::GetIO().MousePos;
  float x = at.x + grid.info_width + static_cast<float>(column) * grid.cell_width;
  return ImGui::IsWindowHovered() && mouse.x >= x && mouse.x < x + grid.cell_width && mouse.y >= at.y &&
         mouse.y < at.y + grid.row_height;
}

}  // namespace

void draw_paxos(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Paxos")) return ImGui::End();
  const Timeline& timeline = *view.timeline;
  auto rows = paxos_rows(timeline, *view.world);
  if (!rows) {
    ImGui::TextDisabled("No node publishes a Paxos acceptor's promise in this run.");
    return ImGui::End();
  }
  const float scale = state.ui_scale;
  std::vector<std::int64_t> all_slots = paxos_slots(*rows);
  Grid grid;
  grid.draw = ImGui::GetWindowDrawList();
  grid.info_width = 200 * scale;
  // Wide cells (ballot and value) while every slot fits; narrow ones (the ballot) after that.
  constexpr float kWideCell = 180, kNarrowCell = 34;
  float room = ImGui::GetContentRegionAvail().x - grid.info_width;
  grid.wide = static_cast<float>(all_slots.size()) * kWideCell * scale <= std::max(room, 3 * kWideCell * scale);
  grid.cell_width = (grid.wide ? kWideCell : kNarrowCell) * scale;
  grid.cell_height = 20 * scale;
  grid.row_height = std::max(grid.cell_height + 6 * scale, ImGui::GetTextLineHeightWithSpacing());
  float avail = std::max(ImGui::GetContentRegionAvail().x - grid.info_width, grid.cell_width);
  std::size_t columns = std::max<std::size_t>(1, static_cast<std::size_t>(avail / grid.cell_width));
  // The newest slots that fit.
  std::size_t first = all_slots.size() > columns ? all_slots.size() - columns : 0;
  grid.slots.assign(all_slots.begin() + static_cast<std::ptrdiff_t>(first), all_slots.end());
  std::map<std::int64_t, std::string> learned = learned_values(*rows);

  // Proposers: their ballot and phase.
  ImGui::TextDisabled("proposers: ballot and phase");
  for (const PaxosRow& row : *rows) {
    if (!row.holds("proposer")) continue;
    std::string name = node_label(timeline, row.node);
    std::string text = row.crashed ? name + "  crashed"
                                   : name + "  ballot " + row.ballot + (row.phase.empty() ? "" : "  " + row.phase);
    ImGui::TextColored(to_imgui_vec(row.crashed ? colours::kCrashed : role_colour(row.role)), "%s", text.c_str());
  }

  // Acceptors: promise, then one cell per slot.
  ImGui::Spacing();
  ImGui::TextDisabled("acceptors: promise, and the proposal accepted in each slot (solid: the value learned)");
  ImVec2 ruler = ImGui::GetCursorScreenPos();
  for (std::size_t column = 0; column < grid.slots.size(); ++column) {
    std::int64_t slot = grid.slots[column];
    if (!grid.wide && column != 0 && slot % 5 != 0) continue;
    char text[32];
    std::snprintf(text, sizeof text, grid.wide ? "slot %lld" : "%lld", static_cast<long long>(slot));
    grid.draw->AddText(ImVec2(ruler.x + grid.info_width + static_cast<float>(column) * grid.cell_width + 2, ruler.y),
                       IM_COL32(150, 150, 160, 255), text);
  }
  ImGui::Dummy(ImVec2(0, ImGui::GetTextLineHeight()));
  for (const PaxosRow& row : *rows) {
    if (!row.holds("acceptor") && !(row.crashed && row.roles.empty())) continue;
    ImVec2 at = ImGui::GetCursorScreenPos();
    std::string name = node_label(timeline, row.node);
    row_label(grid, at, row.crashed ? colours::kCrashed : role_colour(row.role),
              row.crashed ? name + "  crashed" : name + "  promised " + row.promised);
    std::optional<std::size_t> hovered;
    for (std::size_t column = 0; column < grid.slots.size(); ++column) {
      auto accepted = row.accepted.find(grid.slots[column]);
      if (accepted == row.accepted.end()) continue;
      auto chosen = learned.find(grid.slots[column]);
      bool solid = chosen != learned.end() && chosen->second == accepted->second.value;
      const std::string& ballot = accepted->second.ballot;
      cell(grid, at, column, ballot_colour(ballot), solid, grid.wide ? ballot + " " + accepted->second.value : ballot, ballot);
      if (cell_hovered(grid, at, column)) hovered = column;
    }
    ImGui::Dummy(ImVec2(grid.info_width + static_cast<float>(grid.slots.size()) * grid.cell_width, grid.row_height));
    if (hovered) {
      const PaxosRow::Accepted& accepted = row.accepted.at(grid.slots[*hovered]);
      auto chosen = learned.find(grid.slots[*hovered]);
      ImGui::SetTooltip("%s, slot %lld: accepted ballot %s, value \"%s\"\n%s", name.c_str(),
                        static_cast<long long>(grid.slots[*hovered]), accepted.ballot.c_str(), accepted.value.c_str(),
                        chosen == learned.end()          ? "no learner has learned this slot yet"
                        : chosen->second == accepted.value ? "a learner learned this value: it is chosen"
                                                           : ("a learner learned another value: \"" + chosen->second + "\"").c_str());
    } else if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s promised %s: it refuses every ballot below it.\nEach cell: the proposal it accepted in that "
                        "slot (ballot, coloured by round); solid when a learner learned that value",
                        name.c_str(), row.promised.c_str());
    }
  }

  // Learners: what each has learned.
  ImGui::Spacing();
  ImGui::TextDisabled("learners: the value learned in each slot");
  for (const PaxosRow& row : *rows) {
    if (!row.holds("learner")) continue;
    ImVec2 at = ImGui::GetCursorScreenPos();
    std::string name = node_label(timeline, row.node);
    std::size_t count = row.learned.size();
    row_label(grid, at, row.crashed ? colours::kCrashed : role_colour(row.role),
              row.crashed ? name + "  crashed" : name + "  learned " + std::to_string(count));
    for (std::size_t column = 0; column < grid.slots.size(); ++column) {
      auto value = row.learned.find(grid.slots[column]);
      if (value == row.learned.end()) continue;
      cell(grid, at, column, colours::kText.with_alpha(200), true, grid.wide ? value->second : "");
    }
    ImGui::Dummy(ImVec2(grid.info_width + static_cast<float>(grid.slots.size()) * grid.cell_width, grid.row_height));
  }
  ImGui::End();
}

}  // namespace dsim::viz
