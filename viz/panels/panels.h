// The visualizer's panels. Each draws one ImGui window (or, for the *_contents functions, into the
// current one) from the frame's view and the panel state. `draw_workspace` places and draws them
// all; `draw_load_error` replaces them when the run could not be opened.
#pragma once

#include <string>

#include "viz/model/scenario_catalogue.h"
#include "viz/panels/panel_state.h"

namespace dsim::viz {

// Every panel, placed in the standard layout (ImGui's ini file remembers the user's changes).
void draw_workspace(const FrameView& view, PanelState& state);
// A window that says what went wrong opening `path`, in place of the views.
void draw_load_error(const std::string& path, const std::string& message);
// Keyboard shortcuts: space play/pause, arrows step, shift+arrows next message or fault,
// page up/down markers, home/end.
void handle_playback_keys(const FrameView& view, PanelState& state);

void draw_time_controls(const FrameView& view, PanelState& state);
void draw_topology(const FrameView& view, PanelState& state);
void draw_inspector(const FrameView& view, PanelState& state);
void draw_spacetime(const FrameView& view, PanelState& state);
void draw_story(const FrameView& view, PanelState& state);
void draw_metrics(const FrameView& view, PanelState& state);
void draw_raft_logs(const FrameView& view, PanelState& state);
// The Paxos view: acceptors' promises and accepted ballots per slot, proposers' ballots, learners' decisions.
void draw_paxos(const FrameView& view, PanelState& state);
// Offered when the run publishes a rate limiter's level (ratelimit) / servers' queues (loadbalance).
void draw_rate_limiter(const FrameView& view, PanelState& state);
void draw_load_balancing(const FrameView& view, PanelState& state);
// The sharded service: buckets around a ring coloured by owner, moves in flight, per-shard load
// (offered when the run publishes a shard map).
void draw_shard_ring(const FrameView& view, PanelState& state);
// The cache view (cache_panel.cc): request rates, hit ratios, the database's queue and latency.
void draw_cache(const FrameView& view, PanelState& state);
// Whether the run is a cache protocol's (some node is its database): the cache view is offered then.
bool has_cache_view(const Timeline& timeline);
// Gossip: every site as a cell coloured susceptible / infective / removed for one update, and the
// residue curve over the run (offered when sites publish "updates").
void draw_gossip(const FrameView& view, PanelState& state);
// SWIM: each member's view of every other as a matrix of alive / suspect / dead / left, with the
// columns where live members disagree marked (offered when members publish "members").
void draw_membership(const FrameView& view, PanelState& state);
// Offered when a store records transactions (txn.event): lanes, lock waits, versions, the cycle.
void draw_transactions(const FrameView& view, PanelState& state);
// Locks (lock_panel.cc): who holds the lock by the service's account and by each client's, the
// tokens, the writes the resource applied or fenced off (offered when a resource publishes
// "highest_token").
void draw_locks(const FrameView& view, PanelState& state);
bool has_lock_view(const WorldSnapshot& world);
// The partitioned log: per partition its leader, epoch and ISR, and each replica's log end and high
// watermark as a bar (offered when the controller publishes "assignment.pN").
void draw_log_partitions(const FrameView& view, PanelState& state);
bool has_log_view(const WorldSnapshot& world);
// Leaderless replicas (replicas_panel.cc): per key each dynamo server's versions (timestamps, or
// siblings with their vector clocks) and which servers are stale; for crdt each replica's value
// and whether they converged (offered when the run publishes "store", "siblings" or "crdt_state").
void draw_replicas(const FrameView& view, PanelState& state);
bool has_replicas_view(const WorldSnapshot& world);
// The job queue (jobs_panel.cc): every job as a cell (waiting, backing off, leased, done, dead
// letter), the leases with worker and deadline, the dead-letter queue, workers, the sink, and the
// queue's depth over the run (offered when a queue publishes "queue_jobs").
void draw_jobs(const FrameView& view, PanelState& state);
bool has_jobs_view(const WorldSnapshot& world);
void draw_legend_contents(const FrameView& view, const PanelState& state);
// The actions taken on a live run, undo and export (a played-back trace: a read-only note).
void draw_session(const FrameView& view, PanelState& state);

// The scenario browser: `catalogue`'s subjects as tree nodes, each scenario with its title, summary
// and an Open button, and a box to open any scenario or trace by path. Choosing one sets
// state.browser.open_request. `fill_window`: the whole window (no run open); else a window over
// the views that can be closed.
void draw_scenario_browser(const ScenarioCatalogue& catalogue, PanelState& state, bool fill_window);
// The main menu bar (File: open the browser, reopen the current run); sets state.menu_bar_height.
// `current_path` is "" when no run is open.
void draw_main_menu(PanelState& state, const std::string& current_path);

}  // namespace dsim::viz
