// Serving the panels' "break it" requests. See session_controller.h.
#include "viz/live/session_controller.h"

#include <chrono>
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

void SessionController::start(Viewer& viewer, std::future<LoadedRun> run) {
  pending_ = std::move(run);
  viewer.state().session.rerunning = true;
}

void SessionController::take_result(Viewer& viewer) {
  LoadedRun run = pending_->get();
  pending_.reset();
  SessionPanelState& session = viewer.state().session;
  session.rerunning = false;
  if (!run.ok()) {
    session.message = run.error;
    return;
  }
  session.message.clear();
  viewer.replace_run(std::move(run), /*keep_playhead=*/true);
  list_actions(viewer.state());
}

void SessionController::serve(Viewer& viewer) {
  if (pending_) {
    if (pending_->wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    take_result(viewer);
  }
  SessionPanelState& session = viewer.state().session;
  if (!session.requested.empty()) {
    UserAction action = session.requested.front();
    session.requested.erase(session.requested.begin());
    return start(viewer, std::async(std::launch::async, [this, action] { return session_.act(action); }));
  }
  if (session.undo_requested) {
    session.undo_requested = false;
    if (!session_.actions().empty()) return start(viewer, std::async(std::launch::async, [this] { return session_.undo(); }));
  }
  if (session.export_requested) {
    session.export_requested = false;
    std::string error = session_.export_to(session.export_path);
    std::size_t count = session_.actions().size();
    session.message = !error.empty() ? error
                                     : "exported the scenario with " + std::to_string(count) +
                                           (count == 1 ? " action to " : " actions to ") + session.export_path;
  }
}

void SessionController::finish(Viewer& viewer) {
  while (pending_ || !viewer.state().session.requested.empty() || viewer.state().session.undo_requested) {
    if (pending_) pending_->wait();
    serve(viewer);
  }
}

void SessionController::list_actions(PanelState& state) const {
  state.session.taken.clear();
  for (const SessionEntry& entry : session_.actions()) {
    state.session.taken.push_back(format_time_seconds(entry.action.at_us) + "  " + entry.label);
  }
}

}  // namespace dsim::viz
