// Opening traces and live scenarios, and keeping each live run's session beside it.

#include "viz/live/live_opener.h"

#include <exception>

#include "viz/live/live_run.h"

namespace dsim::viz {

LiveOpener::~LiveOpener() {
  // A fork still running on the controller's worker uses the session: stop the controller first.
  controller_.reset();
}

LoadedRun LiveOpener::open(const std::string& path) {
  bool trace = path.size() >= 6 && path.compare(path.size() - 6, 6, ".jsonl") == 0;
  LoadedRun run;
  std::unique_ptr<LiveSession> session;
  if (trace) {
    run = load_trace(path);
  } else {
    try {
      session = std::make_unique<LiveSession>(path, overrides_);
      run = session->run();
    } catch (const std::exception& error) {
      run.path = path;
      run.error = error.what();
    }
  }
  if (!run.ok()) return run;  // the run on screen, and its session, stay
  opened_ = std::move(session);
  pending_ = true;
  return run;
}

void LiveOpener::attach(Viewer& viewer) {
  if (!pending_) return;
  pending_ = false;
  viewer.set_session_handler(nullptr);
  controller_.reset();  // waits for a fork of the old run, if one is running
  session_ = std::move(opened_);
  if (session_ == nullptr) return;  // a trace: read-only
  controller_ = std::make_unique<SessionController>(*session_);
  controller_->attach(viewer);
}

void LiveOpener::finish(Viewer& viewer) {
  if (controller_ != nullptr) controller_->finish(viewer);
}

void LiveOpener::serve_browser(Viewer& viewer) {
  viewer.set_opener([this](const std::string& path) { return open(path); },
                    [this](Viewer& shown) { attach(shown); });
}

}  // namespace dsim::viz
