// What the app has open: a trace, played back read-only, or a scenario run live in a session the
// panels can act on ("break it"). Opening another file, from the command line or the scenario
// browser, replaces both the run and its session, so the actions always reach the run on screen.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "viz/live/live_session.h"
#include "viz/live/session_controller.h"
#include "viz/panels/viewer.h"

namespace dsim::viz {

class LiveOpener {
 public:
  // `overrides` (dsim-viz --set) apply to every scenario opened.
  explicit LiveOpener(std::vector<Override> overrides = {}) : overrides_(std::move(overrides)) {}
  ~LiveOpener();

  // Opens a trace (.jsonl) or runs a scenario in a new session; problems come back in the run's
  // `error`. The new session takes over only at attach().
  LoadedRun open(const std::string& path);
  // Connects `viewer`, now showing the run open() returned last, to that run's session (or to
  // none, for a trace), retiring the previous session.
  void attach(Viewer& viewer);

  // The session of the run on screen (null for a trace): --export uses it.
  LiveSession* session() { return session_.get(); }
  // The session of the run open() returned last, before it is attached: --act uses it.
  LiveSession* session_to_attach() { return pending_ ? opened_.get() : session_.get(); }

  // Waits for a fork in progress and swaps it into `viewer` (tests, the headless screenshot).
  void finish(Viewer& viewer);

  // Wires `viewer`'s browser to this opener.
  void serve_browser(Viewer& viewer);

 private:
  std::vector<Override> overrides_;
  std::unique_ptr<LiveSession> session_;     // the session of the run on screen
  std::unique_ptr<LiveSession> opened_;      // opened, not yet on screen
  bool pending_ = false;                     // open() succeeded and attach() has not run
  std::unique_ptr<SessionController> controller_;
};

}  // namespace dsim::viz
