// What every panel draws from and what it may change. Panels are functions of (FrameView,
// PanelState) (STYLE.md §15): the view is the run at the playhead, read-only; the panel state is
// the user's side (playhead, selection, options), kept in this struct and never in statics.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "viz/model/epidemic_views.h"
#include "viz/model/causal_cone.h"
#include "viz/model/check_focus.h"
#include "viz/model/layout.h"
#include "viz/model/playback.h"
#include "viz/model/run_views.h"
#include "viz/model/timeline.h"
#include "viz/model/user_action.h"
#include "viz/model/world_snapshot.h"

namespace dsim::viz {

// The run at the playhead, for one frame.
struct FrameView {
  const Timeline* timeline = nullptr;
  const WorldSnapshot* world = nullptr;             // the snapshot at playback.now_us
  const std::vector<CanvasPoint>* layout = nullptr;  // one per node, 0..1 of the canvas
  const std::vector<MetricSeries>* metrics = nullptr;
  std::string source;   // the file it came from
  std::string warning;  // e.g. a truncated trace; shown above the views
  bool live = false;
};

struct Selection {
  NodeId node = kNoNode;
  // The selected message, by the index of its "send" record in the timeline.
  std::optional<std::size_t> message_send_event;
};

// "Break it" on a live run (viz/live/live_session.h): the panels leave what the user asked for
// here, and the session serves it after the frame and swaps in the forked run.
struct SessionPanelState {
  bool active = false;                   // a live session serves these; false: a trace, read-only
  std::vector<UserAction> requested;     // asked for this frame, in order
  bool undo_requested = false;
  bool export_requested = false;
  std::string export_path;               // the export box's text
  std::vector<NodeId> group;             // picked with ctrl/shift-click or a drag, for "partition"
  NodeId menu_node = kNoNode;            // whose context menu is open
  std::pair<NodeId, NodeId> menu_link{kNoNode, kNoNode};  // the link whose menu is open
  std::string request_text;              // the request box of a client's menu
  // Written by the session after each change, for the session panel.
  std::vector<std::string> taken;        // "2.000s  crash n2", oldest first
  std::string message;                   // the last refusal, or where the export went
  bool rerunning = false;                // a fork is being run; the old run stays on screen
  NodeId open_menu_for = kNoNode;        // open this node's menu next frame (dsim-viz --menu, for the docs)
};

// The scenario browser (File > Open): shown over the views, or filling the window while no run is
// open. The browser only asks for a file; the Viewer opens it before the next frame.
struct BrowserState {
  bool open = false;
  std::array<char, 1024> path_box{};        // the "open any file" box (Dear ImGui edits a char buffer)
  std::optional<std::string> open_request;  // the file the user chose, until the viewer opens it
  std::string error;                        // why the last file chosen could not be opened
};

// The gossip panel: which update it shows, and the residue curve it computed for it (once per run
// and update: the curve walks every event).
struct GossipPanelState {
  int update = 0;
  const Timeline* curve_for = nullptr;
  int curve_update = -1;
  std::vector<ResiduePoint> curve;
};

struct PanelState {
  PlaybackState playback;
  Selection selection;
  // How much virtual time the space-time diagram shows behind the playhead; 0 picks a span from
  // the run's length.
  DurationUs spacetime_span_us = 0;
  float ui_scale = 1.0f;      // the monitor's content scale; sizes in panels are multiplied by it
  bool force_layout = false;  // place windows every frame (screenshots, "reset layout")
  // When set, only this panel is drawn, filling the window (screenshots of one view for the docs):
  // one of kPanelNames.
  std::string solo_panel;
  // How many story lines the story panel showed last frame: it scrolls to a new line once, then
  // leaves the scrolling to the user.
  std::size_t story_lines_reached = 0;
  // A check failure jumped to (from the scrub bar, the checks list or a marker jump): the views
  // highlight the nodes and messages of its evidence until another is chosen or it is cleared.
  std::optional<CheckFocus> check_focus;
  // Set by the topology view for the inspector and the tooltips of this frame.
  std::optional<std::size_t> hovered_message_send_event;
  SessionPanelState session;
  BrowserState browser;
  GossipPanelState gossip;
  // Height of the main menu bar above the views (0 when there is none, as in screenshots of one view).
  float menu_bar_height = 0;
  // The transactions view's groups of identical clients the user opened (by their shape).
  std::set<std::string> txn_open_groups;
  // The causal past and future of the selected message's send, for the space-time diagram;
  // recomputed when the selection or the run changes (`cone_events` and its size name the run).
  std::optional<CausalCone> causal_cone;
  const void* cone_events = nullptr;
  std::size_t cone_event_count = 0;
};

inline constexpr const char* kPanelNames[] = {"time",        "topology", "spacetime",  "inspector", "story",
                                              "metrics",     "raft",     "paxos",      "cache",     "legend",
                                              "session",     "ratelimit", "loadbalance", "gossip",   "membership",
                                               "transactions", "shards", "locks", "partitions",
                                               "replicas", "queue"};

// A node's display name from the trace header ("n0", "client0"), or "n<id>".
std::string node_label(const Timeline& timeline, NodeId node);

// Moves the playhead to a check failure's moment and puts it in focus.
void jump_to_check_failure(PanelState& state, const Timeline& timeline, const TimelineMarker& marker);
// After any jump: when the playhead landed on a check failure, focus it.
void focus_check_failure_here(PanelState& state, const Timeline& timeline);

}  // namespace dsim::viz
