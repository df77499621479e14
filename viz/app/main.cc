// dsim-viz: watch a run. `dsim-viz run.jsonl` plays a trace written by `dsim run --trace`;
// `dsim-viz scenario.json` runs the scenario in process and plays it; `dsim-viz` alone opens the
// scenario browser. With --screenshot it renders one moment (or the browser) to a PNG and exits
// (headless use, tests, the docs' images). A scenario run live can be acted on ("break it"): from
// the window, or with --act before a screenshot.
//
// Exit codes: 0 done; 1 no display or OpenGL; 2 the run could not be opened or a flag is wrong.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "viz/app/app.h"
#include "viz/live/live_opener.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panel_state.h"

namespace {

bool parse_size(const std::string& text, int& width, int& height) {
  std::size_t x = text.find('x');
  if (x == std::string::npos) return false;
  try {
    std::size_t used = 0;
    width = std::stoi(text.substr(0, x), &used);
    if (used != x) return false;
    height = std::stoi(text.substr(x + 1), &used);
    if (used != text.size() - x - 1) return false;
  } catch (const std::exception&) {
    return false;
  }
  return width >= 200 && height >= 60 && width <= 8192 && height <= 8192;
}

// A node by id ("2") or by name ("n2", "client0").
std::optional<dsim::NodeId> find_node(const dsim::viz::Timeline& timeline, const std::string& text) {
  const auto& nodes = timeline.header().nodes;
  for (const auto& node : nodes) {
    if (node.name == text || std::to_string(node.id) == text) return node.id;
  }
  return std::nullopt;
}

int fail(const std::string& message) {
  std::fprintf(stderr, "dsim-viz: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dsim-viz: watch, scrub and inspect a dsim run (a trace .jsonl, or a scenario .json run live)"};
  std::string file;
  std::string screenshot;
  std::string at_text = "0";
  std::string size_text = "1600x1000";
  std::string select;
  std::string span_text;
  std::string panel;
  std::string scenarios_flag;
  float scale = 0;
  std::vector<std::string> acts;
  std::string menu;
  std::string export_file;
  std::vector<std::string> sets;
  app.add_option("FILE", file, "a trace written by `dsim run --trace` (.jsonl) or a scenario file (.json); "
                 "without it the scenario browser opens");
  app.add_option("--scenarios", scenarios_flag, "the folder the scenario browser lists (default ./scenarios, else the "
                 "source tree's)");
  app.add_option("--screenshot", screenshot, "render one moment into this PNG and exit (headless)");
  app.add_option("--at", at_text, "the moment to open at, e.g. 3.2s or 150ms (default 0)");
  app.add_option("--size", size_text, "window or screenshot size, WIDTHxHEIGHT (default 1600x1000)");
  app.add_option("--select", select, "select this node (id or name) so the inspector shows it");
  std::uint64_t select_message = 0;
  app.add_option("--select-message", select_message, "select the message with this id (the trace's \"id\") so the "
                 "space-time diagram marks the causal past and future of its send");
  app.add_option("--span", span_text, "how much time the space-time diagram shows, e.g. 500ms");
  std::string panel_names;  // every view --panel takes, from the one list (panel_state.h)
  for (const char* name : dsim::viz::kPanelNames) panel_names += (panel_names.empty() ? "" : ", ") + std::string(name);
  app.add_option("--panel", panel, "draw only this view, filling the window: " + panel_names);
  app.add_option("--scale", scale, "UI scale (default: the monitor's content scale; 1 for screenshots)");
  app.add_option("--act", acts, "act on a live run before showing it, in time order: \"2s crash n0\", \"3s partition n1,n2\", "
                 "\"4s heal\", \"4s restore\", \"3s slow n0 n1\", \"3s lossy n0 n1\", \"3s cut n0 n1\", \"5s request c0 put x 5\"");
  app.add_option("--export", export_file, "write the scenario with the --act actions appended to its faults to this file and exit "
                 "(after --screenshot, if given)");
  app.add_option("--menu", menu, "open this node's action menu (live runs; for screenshots of the menu)");
  std::size_t check_failure = 0;
  app.add_option("--check-failure", check_failure, "jump to the Nth check failure (1 = the first) and highlight the nodes and "
                 "messages of its evidence, as a click on its marker does");
  app.add_option("--set", sets, "override a scenario value, as dsim run --set: params.heartbeat=60ms");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help prints and exits 0; CLI11's own errors become one line with our prefix, as dsim's do.
    if (error.get_exit_code() == 0) return app.exit(error);
    return fail(std::string(error.what()) + " (dsim-viz --help lists the options)");
  }

  int width = 0;
  int height = 0;
  if (!parse_size(size_text, width, height)) return fail("--size must be WIDTHxHEIGHT between 200x60 and 8192x8192, got '" + size_text + "'");
  // 0 would be "the monitor's content scale" inside; written by hand it is a mistake, as is a UI
  // too small to read or too large to fit.
  if (app.count("--scale") > 0 && !(scale >= 0.5f && scale <= 4.0f)) {
    char given[32];
    std::snprintf(given, sizeof given, "%g", static_cast<double>(scale));
    return fail(std::string("--scale must be between 0.5 and 4, got ") + given);
  }
  if (app.count("--check-failure") > 0 && check_failure == 0) return fail("--check-failure counts from 1");
  if (!screenshot.empty()) {
    // A PNG that cannot be written is a wrong option (exit 2), found before rendering, not a
    // missing display (exit 1).
    std::filesystem::path parent = std::filesystem::path(screenshot).parent_path();
    std::error_code ignored;
    if (!parent.empty() && !std::filesystem::is_directory(parent, ignored)) {
      return fail("--screenshot: no folder " + parent.string() + " to write " + std::filesystem::path(screenshot).filename().string() + " in");
    }
  }
  std::string duration_error;
  std::optional<dsim::DurationUs> at = dsim::parse_duration(at_text, &duration_error);
  if (!at) return fail("--at: " + duration_error);
  std::optional<dsim::DurationUs> span;
  if (!span_text.empty()) {
    span = dsim::parse_duration(span_text, &duration_error);
    if (!span || *span <= 0) return fail("--span: " + (span ? std::string("must be positive") : duration_error));
  }

  if (!panel.empty()) {
    bool known = false;
    for (const char* name : dsim::viz::kPanelNames) known = known || panel == name;
    if (!known) return fail("--panel: no view named '" + panel + "' (" + panel_names + ")");
  }

  // A trace plays back read-only; a scenario runs live in a session that can be acted on.
  bool trace = file.size() >= 6 && file.compare(file.size() - 6, 6, ".jsonl") == 0;
  if ((trace || file.empty()) && (!acts.empty() || !sets.empty() || !export_file.empty())) {
    return fail("--act, --set and --export need a scenario file: a trace is read-only");
  }
  std::vector<dsim::Override> overrides;
  try {
    for (const std::string& set : sets) overrides.push_back(dsim::parse_override(set));
  } catch (const std::exception& error) {
    return fail(std::string("--set: ") + error.what());
  }
  dsim::viz::LiveOpener opener(overrides);
  dsim::viz::LoadedRun run;
  if (!file.empty()) run = opener.open(file);
  dsim::viz::LiveSession* session = run.ok() ? opener.session_to_attach() : nullptr;
  dsim::TimeUs last_act_us = 0;
  for (const std::string& act : acts) {
    if (!run.ok()) break;
    std::string error;
    std::optional<dsim::viz::UserAction> action = dsim::viz::parse_user_action(act, run.timeline->header().nodes, error);
    if (!action) return fail("--act " + error);
    if (action->at_us < last_act_us) return fail("--act \"" + act + "\": actions must be in time order (an earlier one forks the run and drops the later ones)");
    last_act_us = action->at_us;
    dsim::viz::LoadedRun acted = session->act(*action);
    if (!acted.ok()) return fail("--act \"" + act + "\": " + acted.error);
    run = std::move(acted);
  }

  dsim::viz::Viewer viewer;
  if (!file.empty()) {
    viewer.replace_run(std::move(run));
    opener.attach(viewer);
  }
  viewer.state().solo_panel = panel;
  opener.serve_browser(viewer);
  viewer.set_catalogue(dsim::viz::scan_scenarios(dsim::viz::find_scenarios_directory(scenarios_flag, DSIM_SOURCE_SCENARIOS)));
  if (file.empty() && !panel.empty()) return fail("--panel needs a FILE to show");
  if (viewer.ok()) {
    const dsim::viz::Timeline& timeline = *viewer.run().timeline;
    // The run's end as the scenario planned it: a trace cut short (a killed run) still opens at any
    // moment of its run, the view showing what the trace has.
    dsim::TimeUs run_end = std::max<dsim::TimeUs>(timeline.end_time_us(), timeline.header().duration_us);
    if (*at > run_end) return fail("--at " + at_text + " is past the run's end (" + dsim::viz::time_label(run_end) + ")");
    dsim::viz::seek(viewer.state().playback, timeline, *at);
    if (check_failure > 0) {
      std::size_t seen = 0;
      const dsim::viz::TimelineMarker* chosen = nullptr;
      for (const dsim::viz::TimelineMarker& marker : timeline.markers()) {
        if (marker.kind == dsim::viz::MarkerKind::check_failure && ++seen == check_failure) chosen = &marker;
      }
      if (chosen == nullptr) {
        return fail("--check-failure " + std::to_string(check_failure) + ": this run has " + std::to_string(seen) + " check failure" +
                    (seen == 1 ? "" : "s"));
      }
      dsim::viz::jump_to_check_failure(viewer.state(), timeline, *chosen);
    }
    if (span) viewer.state().spacetime_span_us = *span;
    if (!select.empty()) {
      auto node = find_node(timeline, select);
      if (!node) return fail("--select: no node named '" + select + "' in " + file);
      viewer.state().selection.node = *node;
    }
    if (select_message != 0) {
      const auto& events = timeline.events();
      auto send = std::find_if(events.begin(), events.end(), [&](const dsim::TraceEvent& event) {
        return event.kind == dsim::TraceEventKind::send && event.id == select_message;
      });
      if (send == events.end()) return fail("--select-message: no message " + std::to_string(select_message) + " in " + file);
      viewer.state().selection.message_send_event = static_cast<std::size_t>(send - events.begin());
    }
    if (!menu.empty()) {
      auto node = find_node(timeline, menu);
      if (!node) return fail("--menu: no node named '" + menu + "' in " + file);
      if (opener.session() == nullptr) return fail("--menu: a trace is read-only; its nodes have no action menu");
      viewer.state().session.open_menu_for = *node;
    }
    if (!viewer.run().warning.empty()) std::fprintf(stderr, "dsim-viz: warning: %s\n", viewer.run().warning.c_str());
  }

  if (!export_file.empty()) {
    if (!viewer.ok()) return fail(viewer.run().error);
    std::string error = opener.session()->export_to(export_file);
    if (!error.empty()) return fail("--export: " + error);
    if (screenshot.empty()) return 0;
  }
  if (!screenshot.empty()) {
    if (!file.empty() && !viewer.ok()) return fail(viewer.run().error);
    dsim::viz::ScreenshotOptions options;
    options.output_png = screenshot;
    options.width = width;
    options.height = height;
    options.ui_scale = scale > 0 ? scale : 1.0f;
    std::string error;
    if (!dsim::viz::take_screenshot(viewer, options, error)) {
      std::fprintf(stderr, "dsim-viz: %s\n", error.c_str());
      return 1;
    }
    return 0;
  }
  if (!file.empty() && !viewer.ok()) std::fprintf(stderr, "dsim-viz: %s\n", viewer.run().error.c_str());
  return dsim::viz::run_window(viewer, dsim::viz::WindowOptions{width, height, scale});
}
