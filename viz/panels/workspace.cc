// The standard layout (time controls across the top; topology over the space-time diagram on the
// left; story, Raft logs or a subject's view, inspector, metrics and the legend on the right), the one legend, and the
// screen shown instead when a run cannot be opened. Windows are placed on first use only, so a
// user's own arrangement (kept in ImGui's ini file) wins, unless `force_layout` is set.

#include <algorithm>
#include <cstdlib>
#include <set>

#include "sim/protocols/loadbalance/view.h"
#include "sim/protocols/ratelimit/view.h"
#include "sim/protocols/sharding/view.h"
#include "viz/model/state_series.h"
#include "viz/model/txn_lanes.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

void place(const char* name, float x, float y, float width, float height, bool force) {
  ImGuiCond condition = force ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos(ImVec2(x, y), condition);  // y counts from under the menu bar (see draw_workspace)
  ImGui::SetNextWindowSize(ImVec2(width, height), condition);
  (void)name;
}

// Legend entries flow left to right and wrap.
void legend_entry(Rgba colour, const std::string& text) {
  float needed = ImGui::GetTextLineHeight() + ImGui::CalcTextSize(text.c_str()).x + ImGui::GetStyle().ItemSpacing.x * 2;
  float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  ImGui::SameLine();
  if (ImGui::GetCursorScreenPos().x + needed > right_edge) ImGui::NewLine();
  colour_chip(colour, text.c_str());
}

}  // namespace

void draw_legend_contents(const FrameView& view, const PanelState& /*state*/) {
  const Timeline& timeline = *view.timeline;
  // Only what this run has: a 2PC run shows no "election timer" and no "new leader".
  ImGui::TextDisabled("nodes");
  std::set<std::string> roles(timeline.roles().begin(), timeline.roles().end());
  for (const std::string& role : roles) legend_entry(role_colour(role), role);
  if (timeline.has_crashes()) legend_entry(colours::kCrashed, "crashed");
  if (timeline.has_pauses()) legend_entry(colours::kPaused, "paused");
  bool election_timers = false, other_timers = false;
  for (const std::string& name : timeline.timer_names()) {
    (name.find("election") != std::string::npos ? election_timers : other_timers) = true;
  }
  if (other_timers) legend_entry(colours::kTimer, "timer ring");
  if (election_timers) legend_entry(role_colour("candidate"), "election timer");
  if (!timeline.message_types().empty() || timeline.has_drops_or_cuts()) ImGui::TextDisabled("messages");
  for (const std::string& type : timeline.message_types()) legend_entry(timeline.message_colours().of(type), type);
  if (timeline.has_drops_or_cuts()) legend_entry(colours::kDropped, "dropped / cut link");
  ImGui::TextDisabled("markers");
  if (timeline.has_marker(MarkerKind::fault)) legend_entry(colours::kFaultMarker, "fault");
  if (timeline.has_marker(MarkerKind::election)) legend_entry(colours::kElectionMarker, "new leader");
  if (timeline.has_marker(MarkerKind::check_failure)) legend_entry(colours::kCheckFailureMarker, "check failure");
  if (timeline.has_marker(MarkerKind::story)) legend_entry(colours::kStoryMarker, "story");
  if (timeline.has_gossip()) {
    ImGui::TextDisabled("gossip: each site's state for the update shown");
    legend_entry(colours::kSusceptible, "susceptible");
    legend_entry(colours::kInfective, "infective");
    legend_entry(colours::kRemoved, "removed");
  }
  if (timeline.has_membership()) {
    ImGui::TextDisabled("membership: one member's view of another");
    legend_entry(colours::kMemberAlive, "alive");
    legend_entry(colours::kMemberSuspect, "suspect");
    legend_entry(colours::kMemberDead, "dead");
    legend_entry(colours::kMemberLeft, "left");
    legend_entry(colours::kMemberUnknown, "unknown");
    legend_entry(colours::kDisagreement, "views disagree");
  }
  if (timeline.has_raft_log()) {
    // Terms have colours of their own (never a role's), one chip per term in the logs now.
    ImGui::TextDisabled("Raft log entries, by term (solid: committed)");
    std::set<std::int64_t> terms;
    if (auto rows = raft_log_rows(timeline, *view.world)) {
      for (const RaftLogRow& row : *rows) terms.insert(row.terms.begin(), row.terms.end());
    }
    if (terms.empty()) legend_entry(colours::kUnknownRole.with_alpha(0), "no entries yet");
    // The newest few only: after many elections the list would push the rest out of sight.
    constexpr std::size_t kMostTerms = 10;
    while (terms.size() > kMostTerms) terms.erase(terms.begin());
    for (std::int64_t term : terms) legend_entry(term_colour(term), "term " + std::to_string(term));
  }
  if (timeline.has_paxos()) {
    // Ballots are coloured by their round, as Raft's entries by their term.
    ImGui::TextDisabled("Paxos accepted proposals, by ballot round (solid: the value learned)");
    std::set<std::int64_t> rounds;
    if (auto rows = paxos_rows(timeline, *view.world)) {
      for (const PaxosRow& row : *rows) {
        for (const auto& [slot, accepted] : row.accepted) rounds.insert(std::atoll(accepted.ballot.c_str()));
      }
    }
    if (rounds.empty()) legend_entry(colours::kUnknownRole.with_alpha(0), "nothing accepted yet");
    constexpr std::size_t kMostRounds = 10;
    while (rounds.size() > kMostRounds) rounds.erase(rounds.begin());
    for (std::int64_t round : rounds) legend_entry(term_colour(round), "round " + std::to_string(round));
  }
}

namespace {

void draw_solo_panel(const FrameView& view, PanelState& state) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(display, ImGuiCond_Always);
  const std::string& name = state.solo_panel;
  if (name == "time") draw_time_controls(view, state);
  if (name == "topology") draw_topology(view, state);
  if (name == "spacetime") draw_spacetime(view, state);
  if (name == "inspector") draw_inspector(view, state);
  if (name == "story") draw_story(view, state);
  if (name == "metrics") draw_metrics(view, state);
  if (name == "raft") draw_raft_logs(view, state);
  if (name == "cache") draw_cache(view, state);
  if (name == "paxos") draw_paxos(view, state);
  if (name == "ratelimit") draw_rate_limiter(view, state);
  if (name == "loadbalance") draw_load_balancing(view, state);
  if (name == "gossip") draw_gossip(view, state);
  if (name == "membership") draw_membership(view, state);
  if (name == "transactions") draw_transactions(view, state);
  if (name == "shards") draw_shard_ring(view, state);
  if (name == "locks") draw_locks(view, state);
  if (name == "partitions") draw_log_partitions(view, state);
  if (name == "replicas") draw_replicas(view, state);
  if (name == "queue") draw_jobs(view, state);
  if (name == "session") draw_session(view, state);
  if (name == "legend") {
    if (ImGui::Begin("Legend")) draw_legend_contents(view, state);
    ImGui::End();
  }
}

}  // namespace

void draw_workspace(const FrameView& view, PanelState& state) {
  if (!state.solo_panel.empty()) return draw_solo_panel(view, state);
  // The views fill the window under the main menu bar: `display` is that area, which starts at
  // y = menu_bar_height, so every y below is shifted by it when placed.
  const float menu = state.menu_bar_height;
  const ImVec2 display(ImGui::GetIO().DisplaySize.x, ImGui::GetIO().DisplaySize.y - menu);
  const float scale = state.ui_scale;
  const bool force = state.force_layout;
  const float top = ImGui::GetFrameHeightWithSpacing() * 2 + 30 * scale + ImGui::GetStyle().WindowPadding.y * 2 + 6 * scale;
  const float left_width = std::floor(display.x * 0.6f);
  const float right_width = display.x - left_width;
  const float body = display.y - top;

  handle_playback_keys(view, state);

  place("Time", 0, menu, display.x, top, force);
  draw_time_controls(view, state);

  place("Topology", 0, menu + top, left_width, std::floor(body * 0.62f), force);
  draw_topology(view, state);
  place("Space-time diagram", 0, menu + top + std::floor(body * 0.62f), left_width, body - std::floor(body * 0.62f), force);
  draw_spacetime(view, state);

  // The right column, top to bottom, with the Raft view only when the run has Raft logs, the Paxos
  // view only when it has Paxos acceptors.
  struct Slot {
    const char* name;
    float share;
  };
  std::vector<Slot> slots;
  const char* subject_view = publishes(*view.world, ratelimit::view::kWindow.name)    ? "Rate limiter"
                             : publishes(*view.world, loadbalance::view::kSpeed.name) ? "Load balancing"
                             : has_cache_view(*view.timeline)                         ? "Cache"
                             : has_txn_events(*view.timeline)                         ? "Transactions"
                             : publishes(*view.world, sharding::view::kShardMap.name) ? "Shard ring"
                             : has_lock_view(*view.world)                             ? "Locks"
                             : has_log_view(*view.world)                              ? "Partitions"
                             : has_replicas_view(*view.world)                         ? "Replicas"
                             : has_jobs_view(*view.world)                             ? "Job queue"
                                                                                      : nullptr;
  if (view.timeline->has_raft_log()) {
    slots = {{"Story", 0.15f}, {"Raft logs", 0.24f}, {"Inspector", 0.29f}, {"Metrics", 0.16f}, {"Legend", 0.16f}};
  } else if (view.timeline->has_paxos()) {
    slots = {{"Story", 0.15f}, {"Paxos", 0.30f}, {"Inspector", 0.25f}, {"Metrics", 0.14f}, {"Legend", 0.16f}};
  } else if (view.timeline->has_gossip()) {
    slots = {{"Story", 0.15f}, {"Gossip", 0.37f}, {"Inspector", 0.18f}, {"Metrics", 0.16f}, {"Legend", 0.14f}};
  } else if (view.timeline->has_membership()) {
    slots = {{"Story", 0.15f}, {"Membership", 0.37f}, {"Inspector", 0.18f}, {"Metrics", 0.16f}, {"Legend", 0.14f}};
  } else if (subject_view != nullptr) {
    slots = {{"Story", 0.15f}, {subject_view, 0.34f}, {"Inspector", 0.21f}, {"Metrics", 0.15f}, {"Legend", 0.15f}};
  } else {
    slots = {{"Story", 0.20f}, {"Inspector", 0.38f}, {"Metrics", 0.27f}, {"Legend", 0.15f}};
  }
  if (state.session.active) {
    // A live session's list of actions goes under the inspector, which gives up the room.
    for (std::size_t i = 0; i < slots.size(); ++i) {
      if (std::string(slots[i].name) != "Inspector") continue;
      slots[i].share -= 0.13f;
      slots.insert(slots.begin() + static_cast<std::ptrdiff_t>(i) + 1, Slot{"Session", 0.13f});
      break;
    }
  }
  float y = top;
  for (const Slot& slot : slots) {
    float height = std::floor(body * slot.share);
    if (&slot == &slots.back()) height = display.y - y;
    place(slot.name, left_width, menu + y, right_width, height, force);
    std::string name = slot.name;
    if (name == "Story") draw_story(view, state);
    if (name == "Raft logs") draw_raft_logs(view, state);
    if (name == "Cache") draw_cache(view, state);
    if (name == "Paxos") draw_paxos(view, state);
    if (name == "Rate limiter") draw_rate_limiter(view, state);
    if (name == "Load balancing") draw_load_balancing(view, state);
    if (name == "Gossip") draw_gossip(view, state);
    if (name == "Membership") draw_membership(view, state);
    if (name == "Transactions") draw_transactions(view, state);
    if (name == "Shard ring") draw_shard_ring(view, state);
    if (name == "Locks") draw_locks(view, state);
    if (name == "Partitions") draw_log_partitions(view, state);
    if (name == "Replicas") draw_replicas(view, state);
    if (name == "Job queue") draw_jobs(view, state);
    if (name == "Inspector") draw_inspector(view, state);
    if (name == "Metrics") draw_metrics(view, state);
    if (name == "Session") draw_session(view, state);
    if (name == "Legend") {
      if (ImGui::Begin("Legend")) draw_legend_contents(view, state);
      ImGui::End();
    }
    y += height;
  }
}

void draw_load_error(const std::string& path, const std::string& message) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.4f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(display.x * 0.8f, 900.0f), 0), ImGuiCond_Always);
  ImGui::Begin("dsim-viz could not open the run", nullptr, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoMove);
  ImGui::TextWrapped("Could not open %s", path.c_str());
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, to_imgui_vec(colours::kDropped.lighter(0.3)));
  ImGui::TextWrapped("%s", message.c_str());
  ImGui::PopStyleColor();
  ImGui::Spacing();
  ImGui::TextDisabled("Open a trace written by `dsim run SCENARIO --trace run.jsonl`, or a scenario file (.json).");
  ImGui::TextDisabled("File > Open a scenario or trace... lists the scenarios to choose another.");
  ImGui::End();
}

}  // namespace dsim::viz
