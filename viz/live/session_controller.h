// Between the panels and a live session: after each frame, hands the actions the panels asked for
// (PanelState::session) to the LiveSession, swaps the forked run into the Viewer with the playhead
// kept at its moment, and serves undo and export. A played-back trace has no controller, so its
// panels show no action controls.
#pragma once

#include "viz/live/live_session.h"
#include "viz/panels/viewer.h"

namespace dsim::viz {

class SessionController final : public SessionHandler {
 public:
  explicit SessionController(LiveSession& session) : session_(session) {}

  // Makes `viewer` act through this session (its panels show the action controls).
  void attach(Viewer& viewer);
  void serve(Viewer& viewer) override;

 private:
  void list_actions(PanelState& state) const;
  LiveSession& session_;
};

}  // namespace dsim::viz
