// The live session: forking by deterministic re-execution, undo, and export. See live_session.h.
#include "viz/live/live_session.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "sim/runner/builtin_registry.h"
#include "sim/runner/run.h"
#include "viz/live/live_run.h"

namespace dsim::viz {

LiveSession::LiveSession(std::string path, const std::vector<Override>& overrides, TimelineOptions options)
    : path_(std::move(path)), options_(options) {
  Scenario scenario = load_scenario_file(path_, builtin_registry(), overrides);
  source_ = *scenario.source;
}

std::string LiveSession::export_text_of(const std::vector<SessionEntry>& actions) const {
  nlohmann::json document = source_;
  if (!actions.empty()) {
    nlohmann::json& faults = document["faults"];
    if (!faults.is_array()) faults = nlohmann::json::array();
    for (const SessionEntry& entry : actions) faults.push_back(user_action_fault(entry.action));
  }
  return document.dump(2) + "\n";
}

std::string LiveSession::export_text() const { return export_text_of(actions_); }

Scenario LiveSession::scenario_with(const std::vector<SessionEntry>& actions) const {
  // The exported text itself is what runs, so a saved session replays exactly.
  return load_scenario_text(export_text_of(actions), path_, builtin_registry());
}

std::string LiveSession::trace_text() const {
  Scenario scenario = scenario_with(actions_);
  std::ostringstream trace;
  RunOptions options;
  options.trace = &trace;
  run_scenario(scenario, builtin_registry(), options);
  return trace.str();
}

LoadedRun LiveSession::run_with(const std::vector<SessionEntry>& actions) const {
  try {
    Scenario scenario = scenario_with(actions);
    return run_loaded_scenario(scenario, builtin_registry(), path_, options_);
  } catch (const std::exception& error) {
    LoadedRun run;
    run.path = path_;
    run.error = error.what();
    return run;
  }
}

LoadedRun LiveSession::run() {
  LoadedRun run = run_with(actions_);
  // The nodes (clients included) are known only once the protocol has built the world.
  if (nodes_.empty() && run.ok()) nodes_ = run.timeline->header().nodes;
  return run;
}

LoadedRun LiveSession::act(const UserAction& action) {
  if (nodes_.empty()) run();
  std::string label = describe_user_action(action, nodes_);
  auto refuse = [&](const std::string& why) {
    LoadedRun refused;
    refused.path = path_;
    refused.error = "cannot " + label + ": " + why;
    return refused;
  };
  if (action.nodes.empty() && action.kind != UserAction::Kind::heal && action.kind != UserAction::Kind::restore) {
    return refuse("it names no node");
  }
  for (NodeId node : action.nodes) {
    if (node >= nodes_.size()) {
      return refuse("the run has no node " + std::to_string(node) + " (it has " + std::to_string(nodes_.size()) + " nodes)");
    }
  }
  if (action.kind == UserAction::Kind::request && action.text.empty()) return refuse("the request is empty");

  // The fork: the future after the action's moment is discarded.
  std::vector<SessionEntry> forked;
  for (const SessionEntry& entry : actions_) {
    if (entry.action.at_us <= action.at_us) forked.push_back(entry);
  }
  forked.push_back({action, label});
  LoadedRun run = run_with(forked);
  if (!run.ok()) return refuse(run.error);
  actions_ = std::move(forked);
  return run;
}

LoadedRun LiveSession::undo() {
  if (!actions_.empty()) actions_.pop_back();
  return run();
}

std::string LiveSession::export_to(const std::string& file) const {
  std::string text = export_text();
  std::FILE* out = std::fopen(file.c_str(), "wb");
  if (out == nullptr) return "cannot write " + file + ": " + std::strerror(errno);
  bool written = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  int error = errno;
  if (std::fclose(out) != 0 && written) {
    written = false;
    error = errno;
  }
  if (!written) return "cannot write " + file + ": " + std::strerror(error);
  return "";
}

}  // namespace dsim::viz
