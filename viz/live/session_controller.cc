// Serving the panels' "break it" requests. See session_controller.h.
#include "viz/live/session_controller.h"

#include <utility>

namespace dsim::viz {

void SessionController::attach(Viewer& viewer) {
  viewer.set_session_handler(this);
  PanelState& state = viewer.state();
  state.session.active = true;
  if (state.session.export_path.empty()) {
    // "raft/leader-crash" -> "leader-crash-session.json" in the working directory.
    std::string name = viewer.ok() ? viewer.run().timeline->header().scenario : std::string("scenario");
    std::size_t slash = name.rfind('/');
    state.session.export_path = (slash == std::string::npos ? name : name.substr(slash + 1)) + "-session.json";
  }
  list_actions(state);
}

void SessionController::serve(Viewer& viewer) {
  SessionPanelState& session = viewer.state().session;
  std::vector<UserAction> requested = std::move(session.requested);
  session.requested.clear();
  bool changed = false;
  for (const UserAction& action : requested) {
    LoadedRun run = session_.act(action);
    if (!run.ok()) {
      session.message = run.error;
      continue;
    }
    session.message.clear();
    viewer.replace_run(std::move(run), /*keep_playhead=*/true);
    changed = true;
  }
  if (session.undo_requested) {
    session.undo_requested = false;
    if (!session_.actions().empty()) {
      viewer.replace_run(session_.undo(), /*keep_playhead=*/true);
      session.message.clear();
      changed = true;
    }
  }
  if (session.export_requested) {
    session.export_requested = false;
    std::string error = session_.export_to(session.export_path);
    std::size_t count = session_.actions().size();
    session.message = !error.empty() ? error
                                     : "exported the scenario with " + std::to_string(count) +
                                           (count == 1 ? " action to " : " actions to ") + session.export_path;
  }
  if (changed) list_actions(viewer.state());
}

void SessionController::list_actions(PanelState& state) const {
  state.session.taken.clear();
  for (const SessionEntry& entry : session_.actions()) {
    state.session.taken.push_back(format_time_seconds(entry.action.at_us) + "  " + entry.label);
  }
}

}  // namespace dsim::viz
