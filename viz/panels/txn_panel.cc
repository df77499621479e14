// The transactions view: one lane per transaction, each statement at its time with what it
// returned, the commit or the abort and why; lock waits as arrows from the waiter down (or up) to
// the holder, labelled with the lock; the failed check's dependency cycle drawn over the lanes; and
// beside them each row's versions with the transactions that see each one at the playhead (the
// snapshot rule). Identical clients fold into one row with a count (click to open it). Built only
// from viz/model/txn_lanes.h, which reads the stores' txn.event records.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "viz/model/txn_lanes.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

constexpr Rgba kCommitted{0, 158, 115, 255};  // Okabe-Ito bluish green
constexpr Rgba kAborted{213, 94, 0, 255};     // vermilion
constexpr Rgba kRunning{86, 180, 233, 255};   // sky blue
constexpr Rgba kWait{230, 159, 0, 255};       // orange
constexpr Rgba kCycle{204, 121, 167, 255};    // reddish purple
constexpr Rgba kDim{150, 150, 160, 255};

Rgba outcome_colour(TxnOutcome outcome) {
  return outcome == TxnOutcome::committed ? kCommitted : outcome == TxnOutcome::aborted ? kAborted : kRunning;
}

const char* outcome_word(TxnOutcome outcome) {
  return outcome == TxnOutcome::committed ? "committed" : outcome == TxnOutcome::aborted ? "aborted" : "running";
}

// `text` cut to `width` pixels with "..." (empty when not even that fits).
std::string fit(const std::string& text, float width) {
  if (ImGui::CalcTextSize(text.c_str()).x <= width) return text;
  std::string cut = text;
  while (!cut.empty()) {
    cut.pop_back();
    if (ImGui::CalcTextSize((cut + "...").c_str()).x <= width) return cut.empty() ? std::string() : cut + "...";
  }
  return {};
}

// What the lane is, as its row's title shows it.
std::string lane_title(const Timeline& timeline, const TxnLane& lane, bool several_stores) {
  return several_stores ? node_label(timeline, lane.store) + " " + lane.label : lane.label;
}

// Which shown row each lane is drawn in, and each row's contents.
struct ShownRow {
  std::size_t group = 0;
  std::optional<std::size_t> lane;  // a lane of its own; nullopt: the group's summary row
};

struct Axis {
  float left = 0, right = 0;
  TimeUs from = 0, to = 1;
  float x(TimeUs t) const {
    double share = static_cast<double>(t - from) / static_cast<double>(std::max<TimeUs>(to - from, 1));
    return left + static_cast<float>(std::clamp(share, 0.0, 1.0)) * (right - left);
  }
};

struct LabelSpace {
  std::vector<ImVec4> taken;  // x0, y0, x1, y1
  bool claim(ImVec2 at, ImVec2 size) {
    ImVec4 box(at.x - 2, at.y, at.x + size.x + 2, at.y + size.y);
    for (const ImVec4& other : taken)
      if (box.x < other.z && other.x < box.z && box.y < other.w && other.y < box.w) return false;
    taken.push_back(box);
    return true;
  }
};

void arrow_head(ImDrawList* draw, ImVec2 tip, ImVec2 from, ImU32 colour, float size) {
  float dx = tip.x - from.x, dy = tip.y - from.y;
  float length = std::max(std::sqrt(dx * dx + dy * dy), 0.001f);
  dx /= length;
  dy /= length;
  draw->AddTriangleFilled(tip, ImVec2(tip.x - dx * size - dy * size * 0.5f, tip.y - dy * size + dx * size * 0.5f),
                          ImVec2(tip.x - dx * size + dy * size * 0.5f, tip.y - dy * size - dx * size * 0.5f), colour);
}

void dashed(ImDrawList* draw, ImVec2 a, ImVec2 b, ImU32 colour, float thickness, float dash) {
  for (float x = a.x; x < b.x; x += 2 * dash) draw->AddLine(ImVec2(x, a.y), ImVec2(std::min(x + dash, b.x), b.y), colour, thickness);
}

void draw_rows_and_versions(const FrameView& view, const TxnHistory& now, bool several_stores) {
  const Timeline& timeline = *view.timeline;
  ImGui::TextDisabled("Rows: each version, and who sees it now");
  if (now.rows.empty()) ImGui::TextDisabled("no rows yet");
  constexpr std::size_t kShownVersions = 6;
  for (const TxnRow& row : now.rows) {
    std::string title = several_stores ? node_label(timeline, row.store) + " " + row.row : row.row;
    ImGui::TextUnformatted(title.c_str());
    // Who sees each version: the transactions running at the playhead that have read.
    std::vector<std::vector<std::string>> seen(row.versions.size());
    for (const TxnLane& lane : now.lanes) {
      if (lane.store != row.store || lane.outcome != TxnOutcome::running) continue;
      if (auto index = now.visible_version(row, lane)) seen[*index].push_back(lane.label);
    }
    // The newest few, and any older one someone still sees (a snapshot far behind is the point);
    // the versions skipped between them are counted.
    std::size_t first = row.versions.size() > kShownVersions ? row.versions.size() - kShownVersions : 0;
    std::size_t skipped = 0;
    for (std::size_t i = 0; i < row.versions.size(); ++i) {
      if (i < first && seen[i].empty()) {
        ++skipped;
        continue;
      }
      if (skipped > 0) ImGui::TextDisabled("   ... %zu %s", skipped, skipped == 1 ? "version" : "versions");
      skipped = 0;
      const RowVersion& version = row.versions[i];
      TxnOutcome outcome = now.outcome_of(row.store, version.writer);
      std::string who = version.writer.empty() ? "loaded" : version.writer;
      const char* state = version.writer.empty() ? "" : outcome == TxnOutcome::committed ? " committed" : outcome == TxnOutcome::aborted ? " aborted" : " uncommitted";
      ImGui::PushStyleColor(ImGuiCol_Text, to_imgui_vec(version.writer.empty() ? kDim : outcome_colour(outcome)));
      ImGui::Text("   %s%s: %s", who.c_str(), state, version.value.c_str());
      ImGui::PopStyleColor();
      if (!seen[i].empty()) {
        std::string list;
        constexpr std::size_t kNamed = 4;
        for (std::size_t k = 0; k < seen[i].size() && k < kNamed; ++k) list += (k ? ", " : "") + seen[i][k];
        if (seen[i].size() > kNamed) list += " and " + std::to_string(seen[i].size() - kNamed) + " more";
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, to_imgui_vec(kWait.lighter(0.3)));
        ImGui::TextWrapped("<- seen by %s", list.c_str());
        ImGui::PopStyleColor();
      }
    }
  }
}

}  // namespace

void draw_transactions(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Transactions")) return ImGui::End();
  const Timeline& timeline = *view.timeline;
  const TimeUs now_us = view.world->time_us;
  const TxnHistory full = txn_history(timeline, timeline.end_time_us());
  if (full.lanes.empty()) {
    ImGui::TextDisabled("No store in this run records transactions.");
    return ImGui::End();
  }
  const TxnHistory now = txn_history(timeline, now_us);
  const float scale = state.ui_scale;
  const float line = ImGui::GetTextLineHeight();
  std::set<NodeId> stores;
  for (const TxnLane& lane : full.lanes) stores.insert(lane.store);
  const bool several_stores = stores.size() > 1;

  // The header: how many, how they ended so far, and the failed check's cycle in words.
  std::size_t committed = 0, aborted = 0, running = 0, waiting = 0;
  for (const TxnLane& lane : now.lanes) {
    (lane.outcome == TxnOutcome::committed ? committed : lane.outcome == TxnOutcome::aborted ? aborted : running) += 1;
    waiting += lane.waiting ? 1 : 0;
  }
  ImGui::Text("%zu transactions begun by %s: %zu committed, %zu aborted, %zu running (%zu waiting for a lock)", now.lanes.size(),
              time_label(now_us).c_str(), committed, aborted, running, waiting);
  if (full.cycle) {
    std::string chain;
    for (const DependencyEdge& edge : full.cycle->edges) chain += (chain.empty() ? edge.from : "") + " -" + edge.kind + "-> " + edge.to;
    ImGui::PushStyleColor(ImGuiCol_Text, to_imgui_vec(kCycle.lighter(0.2)));
    ImGui::TextWrapped("%s failed: %s cycle %s (the purple arcs)", full.cycle->check.c_str(), full.cycle->anomaly.c_str(), chain.c_str());
    ImGui::PopStyleColor();
  }

  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool side_by_side = avail.x >= 900 * scale;
  const float lanes_width = side_by_side ? std::floor(avail.x * 0.68f) : avail.x;
  const float legend_height = ImGui::GetFrameHeightWithSpacing();
  const float lanes_height = side_by_side ? avail.y - legend_height : std::floor((avail.y - legend_height) * 0.66f);

  // Rows: lanes of their own while they fit, else identical clients grouped (opened on a click).
  const float min_row = 2 * line + 4 * scale;
  const std::size_t fit_rows = static_cast<std::size_t>(std::max(1.0f, (lanes_height - 2 * line) / min_row));
  const std::vector<LaneGroup> groups = group_lanes(full, fit_rows);
  std::vector<ShownRow> shown;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (groups[g].members.size() == 1) {
      shown.push_back({g, groups[g].members[0]});
      continue;
    }
    shown.push_back({g, std::nullopt});
    if (state.txn_open_groups.count(groups[g].shape))
      for (std::size_t member : groups[g].members) shown.push_back({g, member});
  }
  std::map<std::pair<NodeId, std::string>, std::size_t> row_of_lane;  // a lane's row: its own, else its group's
  for (std::size_t r = 0; r < shown.size(); ++r) {
    const LaneGroup& group = groups[shown[r].group];
    if (shown[r].lane) row_of_lane[{full.lanes[*shown[r].lane].store, full.lanes[*shown[r].lane].label}] = r;
    else
      for (std::size_t member : group.members) row_of_lane.try_emplace({full.lanes[member].store, full.lanes[member].label}, r);
  }

  ImGui::BeginChild("lanes", ImVec2(lanes_width, lanes_height), false);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float row_height = std::clamp((lanes_height - line * 1.5f) / static_cast<float>(std::max<std::size_t>(shown.size(), 1)),
                                      min_row, 5 * line);
  const float label_width = std::min(170 * scale, width * 0.22f);
  Axis axis;
  axis.left = origin.x + label_width + 8 * scale;
  axis.right = origin.x + width - (full.cycle ? 130 : 60) * scale;  // room on the right for the last labels and the cycle's arcs
  axis.from = full.lanes.front().begin_us;
  axis.to = axis.from + 1;
  for (const TxnLane& lane : full.lanes) {
    axis.from = std::min(axis.from, lane.begin_us);
    axis.to = std::max(axis.to, lane.end_us < kTimeNever ? lane.end_us : lane.begin_us);
    if (!lane.statements.empty()) axis.to = std::max(axis.to, lane.statements.back().at_us);
  }
  axis.to += std::max<TimeUs>((axis.to - axis.from) / 12, 1);  // the last statement's label needs room
  const float top = origin.y + line * 1.2f;
  auto row_y = [&](std::size_t r) { return top + static_cast<float>(r) * row_height; };
  auto bar_y = [&](std::size_t r) { return row_y(r) + row_height * 0.5f; };
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  LabelSpace labels;

  // The time axis: its ends and the playhead.
  draw->AddText(ImVec2(axis.left, origin.y), to_imgui(kDim), time_label(axis.from).c_str());
  const float head = axis.x(now_us);
  std::string head_text = "now " + time_label(now_us);
  float head_label_x = std::clamp(head - ImGui::CalcTextSize(head_text.c_str()).x * 0.5f, axis.left + 60 * scale, origin.x + width - ImGui::CalcTextSize(head_text.c_str()).x);
  draw->AddText(ImVec2(head_label_x, origin.y), IM_COL32(255, 255, 255, 160), head_text.c_str());
  const float bottom = row_y(shown.size());
  draw->AddLine(ImVec2(head, top), ImVec2(head, bottom), IM_COL32(255, 255, 255, 90), 1.0f);

  std::set<std::string> in_cycle;
  if (full.cycle)
    for (const DependencyEdge& edge : full.cycle->edges) in_cycle.insert(edge.from);

  for (std::size_t r = 0; r < shown.size(); ++r) {
    const LaneGroup& group = groups[shown[r].group];
    const float y0 = row_y(r), y = bar_y(r);
    if (r % 2 == 1) draw->AddRectFilled(ImVec2(origin.x, y0), ImVec2(origin.x + width, y0 + row_height), IM_COL32(255, 255, 255, 8));
    // The row's title, in the label column.
    if (!shown[r].lane) {
      const TxnLane& first = full.lanes[group.members.front()];
      bool open = state.txn_open_groups.count(group.shape) > 0;
      std::size_t ended_as_first = 0;
      for (std::size_t member : group.members) {
        const TxnLane* at_now = now.lane(full.lanes[member].store, full.lanes[member].label);
        ended_as_first += at_now != nullptr && at_now->outcome == first.outcome ? 1 : 0;
      }
      char title[160];
      std::string family = first.label;
      family.erase(std::remove_if(family.begin(), family.end(), [](char c) { return c >= '0' && c <= '9'; }), family.end());
      std::snprintf(title, sizeof title, "%s %s x%zu", open ? "[-]" : "[+]", family.c_str(), group.members.size());
      ImGui::SetCursorScreenPos(ImVec2(origin.x, y0));
      ImGui::PushID(static_cast<int>(r));
      if (ImGui::InvisibleButton("group", ImVec2(label_width, row_height))) {
        if (open) state.txn_open_groups.erase(group.shape);
        else state.txn_open_groups.insert(group.shape);
      }
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%zu transactions alike (%s); click to %s them", group.members.size(),
                                                    group.shape.c_str(), open ? "fold" : "show each of");
      ImGui::PopID();
      draw->AddText(ImVec2(origin.x + 2, y0 + 1), to_imgui(colours::kText), fit(title, label_width).c_str());
      char count[96];
      std::snprintf(count, sizeof count, "%zu of %zu %s", ended_as_first, group.members.size(), outcome_word(first.outcome));
      draw->AddText(ImVec2(origin.x + 2, y0 + 1 + line), to_imgui(outcome_colour(first.outcome)), fit(count, label_width).c_str());
      // Every member's life as a thin translucent bar; where they overlap the row darkens.
      for (std::size_t member : group.members) {
        const TxnLane* lane = now.lane(full.lanes[member].store, full.lanes[member].label);
        if (lane == nullptr) continue;
        float x0 = axis.x(lane->begin_us), x1 = axis.x(std::min(lane->end_us, now_us));
        draw->AddRectFilled(ImVec2(x0, y - 3 * scale), ImVec2(std::max(x1, x0 + 1), y + 3 * scale), to_imgui(outcome_colour(lane->outcome).with_alpha(60)));
        for (const TxnStatementMark& mark : lane->statements)
          draw->AddCircleFilled(ImVec2(axis.x(mark.at_us), y), 2.0f * scale, to_imgui(mark.ok ? kDim : kAborted));
      }
      // What they all do, in words, once; where they are now; what most of the waiting ones wait for.
      std::string verbs;
      for (const TxnStatementMark& mark : first.statements) verbs += (verbs.empty() ? "" : ", ") + mark.sql.substr(0, mark.sql.find(' '));
      std::size_t counts[3] = {0, 0, 0}, waiting_now = 0, begun = 0;
      std::map<std::string, std::size_t> locks;
      std::set<std::string> members;
      for (std::size_t member : group.members) members.insert(full.lanes[member].label);
      for (std::size_t member : group.members) {
        const TxnLane* lane = now.lane(full.lanes[member].store, full.lanes[member].label);
        if (lane == nullptr) continue;
        ++begun;
        ++counts[static_cast<int>(lane->outcome)];
        waiting_now += lane->waiting ? 1 : 0;
      }
      for (const TxnWait& wait : now.waits) {
        if (wait.until_us <= now_us || !members.count(wait.waiter)) continue;
        locks[wait.lock_text()] += 1;
      }
      char status[200];
      std::snprintf(status, sizeof status, "now: %zu of %zu begun; %zu committed, %zu aborted, %zu running, %zu of them waiting", begun,
                    group.members.size(), counts[1], counts[2], counts[0], waiting_now);
      std::vector<std::pair<std::string, Rgba>> texts = {{"each: " + verbs + " -> " + outcome_word(first.outcome), colours::kText}};
      if (row_height >= 3 * line) texts.push_back({status, kDim.lighter(0.3)});
      if (!locks.empty() && row_height >= 4 * line) {
        auto most = std::max_element(locks.begin(), locks.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
        texts.push_back({std::to_string(most->second) + " wait for " + most->first, kWait});
      }
      for (std::size_t k = 0; k < texts.size(); ++k) {
        std::string text = fit(texts[k].first, axis.right - axis.left);
        ImVec2 at(axis.left + 2, y + 5 * scale + line * static_cast<float>(k));
        if (k == 0) at.y = y0 + 1;
        if (k > 0) at.y = y + 5 * scale + line * static_cast<float>(k - 1);
        if (labels.claim(at, ImGui::CalcTextSize(text.c_str()))) draw->AddText(at, to_imgui(texts[k].second), text.c_str());
      }
      continue;
    }
    const TxnLane& final_lane = full.lanes[*shown[r].lane];
    const TxnLane* lane = now.lane(final_lane.store, final_lane.label);
    const bool member_of_group = group.members.size() > 1;
    std::string title = (member_of_group ? "   " : "") + lane_title(timeline, final_lane, several_stores);
    Rgba title_colour = in_cycle.count(final_lane.label) ? kCycle.lighter(0.2) : colours::kText;
    draw->AddText(ImVec2(origin.x + 2, y0 + 1), to_imgui(title_colour), fit(title, label_width).c_str());
    if (lane != nullptr) {
      std::string fate = outcome_word(lane->outcome);
      // A 2PC store publishes its branch's state under the gid (sim/protocols/txn/bank/view.h).
      if (lane->outcome == TxnOutcome::running && lane->store < view.world->nodes.size() &&
          view.world->nodes[lane->store].value(lane->label) == "\"prepared\"")
        fate = "PREPARED, in doubt";
      if (lane->waiting) fate = "waiting";
      draw->AddText(ImVec2(origin.x + 2 + (member_of_group ? 12 * scale : 0), y0 + 1 + line),
                    to_imgui(lane->waiting ? kWait : outcome_colour(lane->outcome)), fit(fate, label_width).c_str());
      if (mouse.x >= origin.x && mouse.x < origin.x + label_width && mouse.y >= y0 && mouse.y < y0 + row_height)
        ImGui::SetTooltip("%s at %s: %s%s%s", lane->label.c_str(), lane->level.c_str(), outcome_word(lane->outcome),
                          lane->reason.empty() ? "" : "\n", lane->reason.c_str());
    }
    if (lane == nullptr) continue;  // not begun yet
    float x0 = axis.x(lane->begin_us), x1 = axis.x(std::min(lane->end_us, now_us));
    Rgba colour = outcome_colour(lane->outcome);
    draw->AddLine(ImVec2(x0, y), ImVec2(std::max(x1, x0 + 1), y), to_imgui(colour.with_alpha(170)), 3.0f * scale);
    if (lane->end_us <= now_us) {
      if (lane->outcome == TxnOutcome::committed) {
        draw->AddRectFilled(ImVec2(x1 - 4 * scale, y - 4 * scale), ImVec2(x1 + 4 * scale, y + 4 * scale), to_imgui(kCommitted));
      } else {
        float s = 5 * scale;
        draw->AddLine(ImVec2(x1 - s, y - s), ImVec2(x1 + s, y + s), to_imgui(kAborted), 2.5f * scale);
        draw->AddLine(ImVec2(x1 - s, y + s), ImVec2(x1 + s, y - s), to_imgui(kAborted), 2.5f * scale);
      }
    }
    // Statements: a dot at its time, the SQL above the lane and what it returned below, each cut
    // to the room before the next statement so that no two labels overlap.
    // Statements closer than a few pixels (a saga step's UPDATE and COMMIT at one instant) share
    // one label: their SQL and their results joined by "; ".
    for (std::size_t i = 0; i < lane->statements.size(); ++i) {
      const TxnStatementMark& mark = lane->statements[i];
      float x = axis.x(mark.at_us);
      Rgba dot = !mark.ok ? kAborted : mark.waited ? kWait : colours::kText;
      draw->AddCircleFilled(ImVec2(x, y), 3.5f * scale, to_imgui(dot));
      if (std::abs(mouse.x - x) <= 5 * scale && std::abs(mouse.y - y) <= 5 * scale)
        ImGui::SetTooltip("%s  %s\n%s\n-> %s%s%s%s", lane->label.c_str(), time_label(mark.at_us).c_str(), mark.sql.c_str(), mark.result.c_str(),
                          mark.waited ? " (after waiting for a lock)" : "", mark.reason.empty() ? "" : "\n", mark.reason.c_str());
      if (i > 0 && x - axis.x(lane->statements[i - 1].at_us) < 4 * scale) continue;  // labelled with the one before
      std::string sql = mark.sql, result = mark.result;
      bool all_ok = mark.ok;
      std::size_t j = i + 1;
      for (; j < lane->statements.size() && axis.x(lane->statements[j].at_us) - x < 4 * scale; ++j) {
        sql += "; " + lane->statements[j].sql;
        result += "; " + lane->statements[j].result;
        all_ok = all_ok && lane->statements[j].ok;
      }
      float next = j < lane->statements.size() ? axis.x(lane->statements[j].at_us) : axis.right + 60 * scale;
      float room = next - x - 6 * scale;
      bool two_lines = row_height >= 2 * line + 6 * scale;
      std::string above = fit(sql, room);
      std::string below = fit("-> " + result, room);
      if (two_lines && !above.empty() && labels.claim(ImVec2(x, y - line - 2 * scale), ImGui::CalcTextSize(above.c_str())))
        draw->AddText(ImVec2(x, y - line - 2 * scale), to_imgui(colours::kText.with_alpha(210)), above.c_str());
      if (!below.empty() && labels.claim(ImVec2(x, y + 2 * scale), ImGui::CalcTextSize(below.c_str())))
        draw->AddText(ImVec2(x, y + 2 * scale), to_imgui(all_ok ? colour.lighter(0.35) : kAborted.lighter(0.2)), below.c_str());
    }
  }

  // Waits: the waiter's lane dashed while it waits, and an arrow to each holder labelled with the
  // lock. Grouped rows draw each (waiter row, holder row, lock) once with a count.
  std::map<std::tuple<std::size_t, std::size_t, std::string>, std::pair<std::size_t, const TxnWait*>> folded;
  for (const TxnWait& wait : now.waits) {
    auto waiter = row_of_lane.find({wait.store, wait.waiter});
    if (waiter == row_of_lane.end()) continue;
    float x = axis.x(wait.from_us), x_end = axis.x(std::min(wait.until_us, now_us));
    bool open = wait.until_us > now_us;
    float y = bar_y(waiter->second);
    dashed(draw, ImVec2(x, y), ImVec2(std::max(x_end, x + 2), y), to_imgui(kWait.with_alpha(open ? 255 : 150)), (open ? 4.0f : 2.5f) * scale, 4 * scale);
    // Behind a long queue, only the holder: an arrow per queued request would hide the lanes.
    const std::size_t arrows = wait.holders.size() > 3 ? 1 : wait.holders.size();
    for (std::size_t h = 0; h < arrows; ++h) {
      const std::string& holder = wait.holders[h];
      auto held = row_of_lane.find({wait.store, holder});
      if (held == row_of_lane.end() || held->second == waiter->second) continue;
      auto& entry = folded[{waiter->second, held->second, wait.lock_text()}];
      if (entry.first++ == 0) entry.second = &wait;
    }
  }
  for (const auto& [key, entry] : folded) {
    const auto& [from_row, to_row, lock] = key;
    const TxnWait& wait = *entry.second;
    bool open = wait.until_us > now_us;
    float x = axis.x(wait.from_us);
    ImVec2 from(x, bar_y(from_row) + (to_row > from_row ? 4.0f : -4.0f) * scale);
    ImVec2 to(x, bar_y(to_row) + (to_row > from_row ? -5.0f : 5.0f) * scale);
    ImU32 colour = to_imgui(kWait.with_alpha(open ? 255 : 140));
    draw->AddLine(from, to, colour, (open ? 2.0f : 1.2f) * scale);
    arrow_head(draw, to, from, colour, 7 * scale);
    std::string text = (wait.gap ? "waits for a gap lock: " : "waits for ") + lock + (entry.first > 1 ? " (x" + std::to_string(entry.first) + ")" : "");
    if (wait.holders.size() > 3) text += ", " + std::to_string(wait.holders.size() - 1) + " queued ahead";
    // Right of the arrow, or left of it when the right has less room than the text needs.
    float right_room = axis.right - x - 8 * scale, left_room = x - axis.left - 8 * scale;
    bool left = ImGui::CalcTextSize(text.c_str()).x > right_room && left_room > right_room;
    std::string shown_text = fit(text, left ? left_room : right_room);
    ImVec2 size = ImGui::CalcTextSize(shown_text.c_str());
    ImVec2 at(left ? x - 5 * scale - size.x : x + 5 * scale, (from.y + to.y) * 0.5f - size.y * 0.5f);
    if (!shown_text.empty() && labels.claim(at, size)) {
      draw->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), IM_COL32(25, 27, 32, 220));
      draw->AddText(at, colour, shown_text.c_str());
    }
    if (std::abs(mouse.x - x) <= 4 * scale && mouse.y >= std::min(from.y, to.y) && mouse.y <= std::max(from.y, to.y))
      ImGui::SetTooltip("%s waits (since %s) for %s held by %s\n%s", wait.waiter.c_str(), time_label(wait.from_us).c_str(), lock.c_str(),
                        wait.holders.empty() ? "an earlier request" : wait.holders.front().c_str(), wait.sql.c_str());
  }

  // The failed check's cycle: an arc per dependency edge on the right, from lane to lane.
  if (full.cycle) {
    for (std::size_t e = 0; e < full.cycle->edges.size(); ++e) {
      const DependencyEdge& edge = full.cycle->edges[e];
      auto a = row_of_lane.end(), b = row_of_lane.end();
      for (NodeId store : stores) {
        if (a == row_of_lane.end()) a = row_of_lane.find({store, edge.from});
        if (b == row_of_lane.end()) b = row_of_lane.find({store, edge.to});
      }
      if (a == row_of_lane.end() || b == row_of_lane.end()) continue;
      float bulge = (14.0f + 12.0f * static_cast<float>(e)) * scale;
      float xa = axis.right + 66 * scale;
      ImVec2 p0(xa, bar_y(a->second) + (b->second > a->second ? 3.0f : -3.0f) * scale);
      ImVec2 p3(xa, bar_y(b->second) + (b->second > a->second ? -3.0f : 3.0f) * scale);
      if (a->second == b->second) p3.y += 6 * scale;
      ImVec2 p1(xa + bulge * 2, p0.y), p2(xa + bulge * 2, p3.y);
      draw->AddBezierCubic(p0, p1, p2, p3, to_imgui(kCycle), 2.5f * scale);
      arrow_head(draw, p3, p2, to_imgui(kCycle), 8 * scale);
      ImVec2 size = ImGui::CalcTextSize(edge.kind.c_str());
      // Labels of edges between the same two lanes sit one above the other.
      float share = full.cycle->edges.size() == 1 ? 0.5f : 0.3f + 0.4f * static_cast<float>(e % 2);
      ImVec2 at(xa + bulge * 1.5f - size.x * 0.5f, std::min(p0.y, p3.y) + std::abs(p3.y - p0.y) * share - size.y * 0.5f);
      at.x = std::min(at.x, origin.x + width - size.x - 2);
      draw->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y), IM_COL32(25, 27, 32, 220));
      draw->AddText(at, to_imgui(kCycle.lighter(0.3)), edge.kind.c_str());
    }
  }
  ImGui::SetCursorScreenPos(ImVec2(origin.x, bottom));
  ImGui::Dummy(ImVec2(width, 1));
  ImGui::EndChild();

  if (side_by_side) ImGui::SameLine();
  ImGui::BeginChild("rows", ImVec2(side_by_side ? 0 : avail.x, (side_by_side ? avail.y : avail.y - lanes_height) - legend_height), true);
  draw_rows_and_versions(view, now, several_stores);
  ImGui::EndChild();

  colour_chip(kCommitted, "committed");
  ImGui::SameLine();
  colour_chip(kAborted, "aborted / failed");
  ImGui::SameLine();
  colour_chip(kRunning, "running");
  ImGui::SameLine();
  colour_chip(kWait, "lock wait -> holder");
  ImGui::SameLine();
  colour_chip(kCycle, "dependency cycle");
  ImGui::End();
}

}  // namespace dsim::viz
