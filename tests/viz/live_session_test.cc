// The live session ("break it"): acting at t forks the run there by deterministic re-execution,
// so everything before t is the same trace byte for byte; later actions are dropped; an exported
// session loads and runs to the very same trace; bad actions are refused with a clear message and
// leave the session as it was. Also the --act syntax and the controller that serves the panels.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "sim/runner/run.h"
#include "sim/scenario/loader.h"
#include "tests/support/library.h"
#include "tests/viz/null_imgui.h"
#include "viz/live/live_opener.h"
#include "viz/live/live_session.h"
#include "viz/live/session_controller.h"

using namespace dsim;
using namespace dsim::viz;

namespace {

std::string leader_crash() { return testing::library_scenario("raft/leader-crash"); }

UserAction action(UserAction::Kind kind, TimeUs at_us, std::vector<NodeId> nodes, std::string text = {}) {
  UserAction made;
  made.kind = kind;
  made.at_us = at_us;
  made.nodes = std::move(nodes);
  made.text = std::move(text);
  return made;
}

// The event lines (the header, which holds the scenario's source, left out) whose "t" is before
// `before_us`, in order.
std::vector<std::string> event_lines_before(const std::string& trace, TimeUs before_us) {
  std::vector<std::string> lines;
  std::istringstream in(trace);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    // Every event line starts {"t":<integer>,
    std::size_t colon = line.find(':');
    TimeUs t = std::stoll(line.substr(colon + 1));
    if (t >= before_us) break;
    lines.push_back(line);
  }
  return lines;
}

std::size_t count_lines_containing(const std::string& trace, const std::string& text) {
  std::size_t count = 0;
  for (std::size_t at = trace.find(text); at != std::string::npos; at = trace.find(text, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("a fork at t leaves every trace line before t byte-identical") {
  LiveSession session(leader_crash());
  std::string before = session.trace_text();
  const TimeUs t = 2 * kSecond + 345678;  // an odd microsecond, written back as "2345.678ms"
  LoadedRun run = session.act(action(UserAction::Kind::crash, t, {1}));
  REQUIRE(run.ok());
  std::string after = session.trace_text();

  std::vector<std::string> prefix_before = event_lines_before(before, t);
  std::vector<std::string> prefix_after = event_lines_before(after, t);
  REQUIRE(prefix_before.size() > 1000);  // a real run: elections, heartbeats, client operations
  CHECK(prefix_before == prefix_after);
  CHECK(before != after);
  CHECK(after.find("{\"t\":" + std::to_string(t) + ",\"e\":\"fault\",\"kind\":\"crash\",\"nodes\":[1]") != std::string::npos);
}

TEST_CASE("acting at an earlier moment drops the actions after it and keeps the ones before") {
  LiveSession session(leader_crash());
  REQUIRE(session.act(action(UserAction::Kind::crash, 1 * kSecond, {0})).ok());
  REQUIRE(session.act(action(UserAction::Kind::pause, 5 * kSecond, {2})).ok());
  REQUIRE(session.act(action(UserAction::Kind::restart, 4 * kSecond, {0})).ok());
  REQUIRE(session.actions().size() == 2);
  CHECK(session.actions()[0].label == "crash n0");
  CHECK(session.actions()[1].label == "restart n0");
  std::string trace = session.trace_text();
  CHECK(count_lines_containing(trace, "\"e\":\"fault\",\"kind\":\"pause\"") == 0);
  CHECK(count_lines_containing(trace, "\"e\":\"fault\",\"kind\":\"restart\",\"nodes\":[0]") >= 1);
}

TEST_CASE("undo drops the last action and gives the trace without it") {
  LiveSession session(leader_crash());
  REQUIRE(session.act(action(UserAction::Kind::isolate, 1 * kSecond, {2})).ok());
  std::string with_one = session.trace_text();
  REQUIRE(session.act(action(UserAction::Kind::heal, 2 * kSecond, {})).ok());
  CHECK(session.trace_text() != with_one);
  LoadedRun undone = session.undo();
  REQUIRE(undone.ok());
  CHECK(session.actions().size() == 1);
  CHECK(session.trace_text() == with_one);
}

TEST_CASE("an exported session loads and runs to a byte-identical trace") {
  LiveSession session(leader_crash());
  REQUIRE(session.act(action(UserAction::Kind::partition, 1500 * kMillisecond, {0, 1})).ok());
  REQUIRE(session.act(action(UserAction::Kind::slow_link, 2 * kSecond, {2, 3})).ok());
  REQUIRE(session.act(action(UserAction::Kind::cut_one_way, 2500 * kMillisecond + 1, {3, 4})).ok());
  REQUIRE(session.act(action(UserAction::Kind::request, 3 * kSecond, {5}, "put x 5")).ok());
  REQUIRE(session.act(action(UserAction::Kind::heal, 4 * kSecond, {})).ok());
  REQUIRE(session.act(action(UserAction::Kind::lossy_link, 4500 * kMillisecond, {0, 4})).ok());
  REQUIRE(session.act(action(UserAction::Kind::restore, 6 * kSecond, {})).ok());

  std::string file = "live_session_export_test.json";
  REQUIRE(session.export_to(file) == "");
  Scenario exported = load_scenario_file(file, testing::builtin_registry());
  std::remove(file.c_str());
  CHECK(exported.faults.size() == 2 + 7);  // the scenario's own two faults, then the session's
  CHECK(exported.faults[4].at_us == 2500 * kMillisecond + 1);
  std::ostringstream replay;
  RunOptions options;
  options.trace = &replay;
  run_scenario(exported, testing::builtin_registry(), options);
  std::string session_trace = session.trace_text();
  CHECK(replay.str() == session_trace);
  // Each action is in the trace: the request, the one-way cut, the slow link.
  CHECK(count_lines_containing(session_trace, "\"kind\":\"request\",\"nodes\":[5],\"detail\":\"put x 5\"") == 1);
  CHECK(count_lines_containing(session_trace, "\"kind\":\"cut\"") == 1);
  CHECK(count_lines_containing(session_trace, "\"kind\":\"degrade\"") == 2);
}

TEST_CASE("an action on a node that does not exist is refused and leaves the session as it was") {
  LiveSession session(leader_crash());
  REQUIRE(session.act(action(UserAction::Kind::crash, 1 * kSecond, {0})).ok());
  LoadedRun refused = session.act(action(UserAction::Kind::crash, 2 * kSecond, {42}));
  CHECK_FALSE(refused.ok());
  CHECK(refused.error == "cannot crash node 42: the run has no node 42 (it has 7 nodes)");
  CHECK(session.actions().size() == 1);
}

TEST_CASE("crashing a client is refused with the scenario format's own message") {
  LiveSession session(leader_crash());
  LoadedRun refused = session.act(action(UserAction::Kind::crash, 2 * kSecond, {5}));
  CHECK_FALSE(refused.ok());
  CHECK(refused.error == "cannot crash c0: " + leader_crash() +
                             ": at faults[2].crash: expected a node id from 0 to 4 (the scenario has 5 nodes), found 5");
  CHECK(session.actions().empty());
}

TEST_CASE("an action after the end of the run is refused") {
  LiveSession session(leader_crash());
  LoadedRun refused = session.act(action(UserAction::Kind::heal, 11 * kSecond, {}));
  CHECK_FALSE(refused.ok());
  CHECK(refused.error == "cannot heal all partitions: " + leader_crash() +
                             ": at faults[2].at: the fault is at \"11s\", after the end of the run (\"10s\")");
}

TEST_CASE("act lines name the time, the action and the nodes by name or id") {
  std::vector<TraceNode> nodes = {{0, "n0", true}, {1, "n1", true}, {2, "n2", true}, {3, "c0", false}};
  std::string error;
  std::optional<UserAction> crash = parse_user_action("2s crash n0", nodes, error);
  REQUIRE(crash);
  CHECK(crash->kind == UserAction::Kind::crash);
  CHECK(crash->at_us == 2 * kSecond);
  CHECK(crash->nodes == std::vector<NodeId>{0});
  std::optional<UserAction> partition = parse_user_action("3s partition [n1, 2]", nodes, error);
  REQUIRE(partition);
  CHECK(partition->nodes == std::vector<NodeId>{1, 2});
  std::optional<UserAction> request = parse_user_action("5s request c0 put x 5", nodes, error);
  REQUIRE(request);
  CHECK(request->nodes == std::vector<NodeId>{3});
  CHECK(request->text == "put x 5");
  std::optional<UserAction> cut = parse_user_action("1.5s cut n2 n0", nodes, error);
  REQUIRE(cut);
  CHECK(cut->kind == UserAction::Kind::cut_one_way);
  CHECK(cut->nodes == std::vector<NodeId>{2, 0});

  CHECK_FALSE(parse_user_action("2s crash n7", nodes, error));
  CHECK(error == "\"2s crash n7\": no node named \"n7\"");
  CHECK_FALSE(parse_user_action("2s slow n0", nodes, error));
  CHECK(error == "\"2s slow n0\": \"slow\" takes 2 nodes");
  CHECK_FALSE(parse_user_action("2 crash n0", nodes, error));
  CHECK_FALSE(parse_user_action("2s explode n0", nodes, error));
  CHECK(error.find("unknown action \"explode\"") != std::string::npos);
}

TEST_CASE("user actions become faults in the scenario format with exact times") {
  UserAction slow = action(UserAction::Kind::slow_link, 1234567, {0, 2});
  CHECK(user_action_fault(slow).dump() == R"({"at":"1234.567ms","degrade":{"latency":"200ms","nodes":0,"to":2}})");
  UserAction partition = action(UserAction::Kind::partition, 3 * kSecond, {1, 2});
  CHECK(user_action_fault(partition).dump() == R"({"at":"3s","partition":[[1,2]]})");
  UserAction request = action(UserAction::Kind::request, 5, {3}, "get x");
  CHECK(user_action_fault(request).dump() == R"({"at":"5us","request":{"node":3,"text":"get x"}})");
}

TEST_CASE("the controller serves a requested action, swaps in the fork and keeps the playhead") {
  LiveSession session(leader_crash());
  Viewer viewer(session.run());
  REQUIRE(viewer.ok());
  SessionController controller(session);
  controller.attach(viewer);
  CHECK(viewer.state().session.active);
  CHECK(viewer.state().session.export_path == "leader-crash-session.json");
  seek(viewer.state().playback, *viewer.run().timeline, 2 * kSecond);
  std::size_t events_before = viewer.run().timeline->events().size();

  viewer.state().session.requested.push_back(action(UserAction::Kind::crash, 2 * kSecond, {3}));
  controller.serve(viewer);
  CHECK(controller.busy());
  CHECK(viewer.state().session.rerunning);
  controller.finish(viewer);
  CHECK_FALSE(viewer.state().session.rerunning);
  CHECK(viewer.state().playback.now_us == 2 * kSecond);
  CHECK(viewer.state().session.requested.empty());
  REQUIRE(viewer.state().session.taken.size() == 1);
  CHECK(viewer.state().session.taken[0] == "2.000s  crash n3");
  CHECK(viewer.run().timeline->events().size() != events_before);
  WorldSnapshot world = viewer.run().timeline->snapshot_at(2 * kSecond);
  CHECK(world.nodes[3].status == NodeStatus::crashed);

  viewer.state().session.requested.push_back(action(UserAction::Kind::crash, 2 * kSecond, {99}));
  controller.finish(viewer);
  CHECK(viewer.state().session.message == "cannot crash node 99: the run has no node 99 (it has 7 nodes)");
  CHECK(viewer.state().session.taken.size() == 1);

  viewer.state().session.undo_requested = true;
  controller.finish(viewer);
  CHECK(viewer.state().session.taken.empty());
  CHECK(viewer.run().timeline->snapshot_at(2 * kSecond).nodes[3].status == NodeStatus::alive);
}

TEST_CASE("a scenario opened from the browser gets a session of its own, and a trace gets none") {
  LiveOpener opener;
  Viewer viewer;
  opener.serve_browser(viewer);
  viewer.replace_run(opener.open(leader_crash()));
  opener.attach(viewer);
  REQUIRE(opener.session() != nullptr);
  CHECK(viewer.state().session.active);
  CHECK(opener.session()->path() == leader_crash());

  // The browser asks for another scenario: the viewer opens it before drawing the next frame.
  std::string other = testing::library_scenario("broadcast/healing-partition");
  viewer.state().browser.open_request = other;
  testing::NullImGui imgui;
  imgui.frame(viewer);
  REQUIRE(viewer.ok());
  REQUIRE(opener.session() != nullptr);
  CHECK(opener.session()->path() == other);
  CHECK(viewer.state().session.active);
  CHECK(viewer.run().timeline->header().scenario == "broadcast/healing-partition");

  // An action now reaches the new run's session, not the old one.
  viewer.state().session.requested.push_back(action(UserAction::Kind::crash, 1 * kSecond, {0}));
  imgui.frame(viewer);
  opener.finish(viewer);
  CHECK(opener.session()->actions().size() == 1);

  // A trace from the browser is read-only: no session, no action controls.
  std::string trace_path = (std::filesystem::temp_directory_path() / "dsim-live-opener-test.jsonl").string();
  {
    std::FILE* file = std::fopen(trace_path.c_str(), "w");
    REQUIRE(file != nullptr);
    std::string text = opener.session()->trace_text();
    std::fwrite(text.data(), 1, text.size(), file);
    std::fclose(file);
  }
  viewer.state().browser.open_request = trace_path;
  imgui.frame(viewer);
  std::remove(trace_path.c_str());
  REQUIRE(viewer.ok());
  CHECK(opener.session() == nullptr);
  CHECK_FALSE(viewer.state().session.active);
}

TEST_CASE("a scenario the browser cannot open leaves the run on screen and its session") {
  LiveOpener opener;
  Viewer viewer;
  opener.serve_browser(viewer);
  viewer.replace_run(opener.open(leader_crash()));
  opener.attach(viewer);
  LiveSession* before = opener.session();
  viewer.state().browser.open_request = std::string("/no/such/scenario.json");
  testing::NullImGui imgui;
  imgui.frame(viewer);
  CHECK(viewer.ok());
  CHECK(opener.session() == before);
  CHECK(viewer.state().session.active);
  CHECK(viewer.state().browser.error.find("/no/such/scenario.json") != std::string::npos);
}
