// The job queue view: every job as a cell coloured by where it is (waiting, backing off before a
// retry, leased to a worker, done, in the dead-letter queue), then the jobs in flight with their
// worker, attempt and lease deadline, the jobs waiting out a backoff, the dead-letter queue, each
// worker's state, the sink's applied and deduplicated counts, and the queue's depth, in-flight
// count and dead letters over the run so far. Built only from the published keys of
// sim/protocols/jobs/view.h (the queue's "queue_jobs" object, see there).

#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/protocols/jobs/view.h"
#include "viz/model/colours.h"
#include "viz/model/state_series.h"
#include "viz/panels/draw_util.h"
#include "viz/panels/panels.h"

namespace dsim::viz {

namespace {

namespace jv = jobs::view;

// Okabe-Ito colours, as the other views use them.
constexpr Rgba kWaitingColour{86, 180, 233, 255};   // sky blue: visible, waiting for a worker
constexpr Rgba kBackoffColour{230, 159, 0, 255};    // orange: waiting out a retry's backoff
constexpr Rgba kLeasedColour{0, 114, 178, 255};     // blue: leased to a worker
constexpr Rgba kDoneColour{0, 158, 115, 255};       // bluish green: acked
constexpr Rgba kDeadColour{213, 94, 0, 255};        // vermilion: in the dead-letter queue

enum class Where : std::uint8_t { done, waiting, backoff, leased, dead };

struct JobCell {
  std::int64_t id = 0;
  Where where = Where::done;
  std::int64_t attempts = 0;
  std::int64_t worker = -1;      // leased: who holds it
  std::int64_t deadline_us = 0;  // leased: when it becomes visible again; backoff: when it is offered again
};

struct QueueView {
  NodeId node = kNoNode;
  std::vector<JobCell> cells;  // by job id, 1..total
  std::int64_t done = 0;
};

std::int64_t item(const nlohmann::json& row, std::size_t index) {
  return row.is_array() && row.size() > index && row[index].is_number_integer() ? row[index].get<std::int64_t>() : -1;
}

// The queue's published jobs, as one cell per job; nullopt-like (node kNoNode) when no queue.
QueueView queue_view(const WorldSnapshot& world) {
  QueueView result;
  for (NodeId id = 0; id < world.nodes.size(); ++id) {
    std::string_view text = world.nodes[id].value(jv::kQueueJobs);
    if (text.empty()) continue;
    nlohmann::json jobs = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!jobs.is_object()) continue;
    result.node = id;
    std::int64_t total = jobs.contains("total") && jobs["total"].is_number_integer() ? jobs["total"].get<std::int64_t>() : 0;
    result.done = jobs.contains("done") && jobs["done"].is_number_integer() ? jobs["done"].get<std::int64_t>() : 0;
    std::map<std::int64_t, JobCell> cells;
    for (std::int64_t job = 1; job <= total; ++job) cells[job] = JobCell{job, Where::done};
    auto rows = [&](const char* name) {
      return jobs.contains(name) && jobs[name].is_array() ? jobs[name] : nlohmann::json::array();
    };
    for (const auto& row : rows("pending")) {
      JobCell& cell = cells[item(row, 0)];
      cell.id = item(row, 0);
      cell.attempts = item(row, 1);
      cell.deadline_us = item(row, 2);
      cell.where = cell.deadline_us > world.time_us ? Where::backoff : Where::waiting;
    }
    for (const auto& row : rows("in_flight")) {
      JobCell& cell = cells[item(row, 0)];
      cell.id = item(row, 0);
      cell.attempts = item(row, 1);
      cell.worker = item(row, 2);
      cell.deadline_us = item(row, 3);
      cell.where = Where::leased;
    }
    for (const auto& row : rows("dead")) {
      JobCell& cell = cells[item(row, 0)];
      cell.id = item(row, 0);
      cell.attempts = item(row, 1);
      cell.where = Where::dead;
    }
    for (auto& [job, cell] : cells) result.cells.push_back(cell);
    break;
  }
  return result;
}

Rgba colour_of(Where where) {
  switch (where) {
    case Where::waiting: return kWaitingColour;
    case Where::backoff: return kBackoffColour;
    case Where::leased: return kLeasedColour;
    case Where::dead: return kDeadColour;
    case Where::done: return kDoneColour;
  }
  return kDoneColour;
}

void draw_cells(const Timeline& timeline, const QueueView& queue, float scale) {
  const float cell = 30 * scale;
  const float gap = 4 * scale;
  const float width = std::max(ImGui::GetContentRegionAvail().x, cell);
  const int per_row = std::max(1, static_cast<int>((width + gap) / (cell + gap)));
  const int rows = static_cast<int>((queue.cells.size() + per_row - 1) / per_row);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, rows * (cell + gap)));
  for (std::size_t i = 0; i < queue.cells.size(); ++i) {
    const JobCell& job = queue.cells[i];
    float x = origin.x + static_cast<float>(i % per_row) * (cell + gap);
    float y = origin.y + static_cast<float>(i / per_row) * (cell + gap);
    draw->AddRectFilled(ImVec2(x, y), ImVec2(x + cell, y + cell), to_imgui(colour_of(job.where)), 3 * scale);
    char label[24];
    std::snprintf(label, sizeof label, "%lld", static_cast<long long>(job.id));
    draw->AddText(ImVec2(x + 3 * scale, y + 1 * scale), IM_COL32(255, 255, 255, 255), label);
    if (job.where == Where::leased && job.worker >= 0) {
      std::string worker = node_label(timeline, static_cast<NodeId>(job.worker));
      draw->AddText(ImVec2(x + 3 * scale, y + cell / 2), IM_COL32(255, 255, 255, 255), worker.c_str());
    } else if (job.attempts > 1 || job.where == Where::dead) {
      std::snprintf(label, sizeof label, "x%lld", static_cast<long long>(job.attempts));
      draw->AddText(ImVec2(x + 3 * scale, y + cell / 2), IM_COL32(255, 255, 255, 255), label);
    }
  }
}

void draw_depth_chart(const Timeline& timeline, TimeUs now, float scale) {
  std::vector<IntegerSeries> pending = integer_series(timeline, jv::kPending.name, now);
  std::vector<IntegerSeries> in_flight = integer_series(timeline, jv::kInFlight.name, now);
  std::vector<IntegerSeries> dead = integer_series(timeline, jv::kDeadLetters.name, now);
  if (pending.empty()) return;
  const float height = std::clamp(ImGui::GetContentRegionAvail().y - 4 * scale, 40.0f * scale, 220.0f * scale);
  const float width = std::max(ImGui::GetContentRegionAvail().x, 80.0f);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  draw->AddRectFilled(origin, ImVec2(origin.x + width, origin.y + height), IM_COL32(30, 32, 38, 255));
  std::int64_t top = 1;
  for (const auto* all : {&pending, &in_flight, &dead}) {
    if (!all->empty()) top = std::max(top, all->front().highest());
  }
  const double end = static_cast<double>(std::max<TimeUs>(timeline.end_time_us(), 1));
  auto x_of = [&](TimeUs time) { return origin.x + static_cast<float>(static_cast<double>(time) / end) * width; };
  auto y_of = [&](std::int64_t value) {
    return origin.y + height - 2 * scale - static_cast<float>(value) / static_cast<float>(top) * (height - 16 * scale);
  };
  auto line = [&](const std::vector<IntegerSeries>& all, Rgba colour) {
    if (all.empty()) return;
    const IntegerSeries& series = all.front();
    float x = x_of(0);
    float y = y_of(0);
    for (const auto& [time, value] : series.points) {
      float next_x = x_of(time);
      draw->AddLine(ImVec2(x, y), ImVec2(next_x, y), to_imgui(colour), 2 * scale);
      draw->AddLine(ImVec2(next_x, y), ImVec2(next_x, y_of(value)), to_imgui(colour), 2 * scale);
      x = next_x;
      y = y_of(value);
    }
    draw->AddLine(ImVec2(x, y), ImVec2(x_of(now), y), to_imgui(colour), 2 * scale);
  };
  line(pending, kWaitingColour);
  line(in_flight, kLeasedColour);
  line(dead, kDeadColour);
  char label[64];
  std::snprintf(label, sizeof label, "max %lld", static_cast<long long>(top));
  draw->AddText(ImVec2(origin.x + 4 * scale, origin.y + 2 * scale), IM_COL32(200, 200, 200, 255), label);
  draw->AddLine(ImVec2(x_of(now), origin.y), ImVec2(x_of(now), origin.y + height), IM_COL32(255, 255, 255, 90));
}

}  // namespace

bool has_jobs_view(const WorldSnapshot& world) { return publishes(world, jv::kQueueJobs.name); }

void draw_jobs(const FrameView& view, PanelState& state) {
  if (!ImGui::Begin("Job queue")) return ImGui::End();
  const Timeline& timeline = *view.timeline;
  const WorldSnapshot& world = *view.world;
  const TimeUs now = world.time_us;
  QueueView queue = queue_view(world);
  if (queue.node == kNoNode) {
    ImGui::TextDisabled("No node publishes a job queue at this moment.");
    return ImGui::End();
  }
  const NodeSnapshot& queue_node = world.nodes[queue.node];
  std::string name = node_label(timeline, queue.node);
  ImGui::Text("%s queue: %lld pending (waiting or backing off), %lld in flight, %lld done, %lld in the dead-letter queue",
              name.c_str(),
              static_cast<long long>(integer_of(queue_node, jv::kPending.name)),
              static_cast<long long>(integer_of(queue_node, jv::kInFlight.name)), static_cast<long long>(queue.done),
              static_cast<long long>(integer_of(queue_node, jv::kDeadLetters.name)));
  if (publishes(world, jv::kLastTick.name)) {
    ImGui::Text("cron: ticks enqueued up to %lld, epoch %lld", static_cast<long long>(integer_of(queue_node, jv::kLastTick.name)),
                static_cast<long long>(integer_of(queue_node, jv::kCronEpoch.name)));
  }
  colour_chip(kWaitingColour, "waiting");
  ImGui::SameLine();
  colour_chip(kBackoffColour, "backing off");
  ImGui::SameLine();
  colour_chip(kLeasedColour, "leased (worker)");
  ImGui::SameLine();
  colour_chip(kDoneColour, "done");
  ImGui::SameLine();
  colour_chip(kDeadColour, "dead letter (xN: attempts)");
  draw_cells(timeline, queue, state.ui_scale);
  ImGui::Separator();

  for (const JobCell& job : queue.cells) {
    if (job.where == Where::leased) {
      TimeUs left = job.deadline_us - now;
      ImGui::TextColored(to_imgui_vec(kLeasedColour), "job %lld: attempt %lld, leased to %s, visible again at %s (%s)",
                         static_cast<long long>(job.id), static_cast<long long>(job.attempts),
                         node_label(timeline, static_cast<NodeId>(job.worker)).c_str(), time_label(job.deadline_us).c_str(),
                         left >= 0 ? (time_label(left) + " left").c_str() : "overdue");
    } else if (job.where == Where::backoff) {
      ImGui::TextColored(to_imgui_vec(kBackoffColour), "job %lld: %lld attempts failed, offered again at %s",
                         static_cast<long long>(job.id), static_cast<long long>(job.attempts),
                         time_label(job.deadline_us).c_str());
    } else if (job.where == Where::dead) {
      ImGui::TextColored(to_imgui_vec(kDeadColour), "job %lld: in the dead-letter queue after %lld attempts",
                         static_cast<long long>(job.id), static_cast<long long>(job.attempts));
    }
  }
  for (NodeId id = 0; id < world.nodes.size(); ++id) {
    const NodeSnapshot& node = world.nodes[id];
    std::string label = node_label(timeline, id);
    if (node.status == NodeStatus::crashed) {
      ImGui::TextDisabled("%s  crashed", label.c_str());
      continue;
    }
    const char* paused = node.status == NodeStatus::paused ? "  (paused)" : "";
    std::string role = node.text(dsim::view::kRole);
    if (role == jv::kRoleWorker) {
      std::int64_t job = integer_of(node, jv::kWorkerJob.name, -1);
      std::string state_word = node.text(jv::kWorkerState);
      auto cell = std::find_if(queue.cells.begin(), queue.cells.end(), [&](const JobCell& each) { return each.id == job; });
      bool lease_lost = job >= 0 && (cell == queue.cells.end() || cell->where != Where::leased ||
                                     cell->worker != static_cast<std::int64_t>(id));
      if (job < 0) {
        ImGui::Text("%s  worker: %s%s", label.c_str(), state_word.c_str(), paused);
      } else if (lease_lost) {
        // The point of the view: this worker still runs a job the queue no longer leases to it.
        ImGui::TextColored(to_imgui_vec(kDeadColour), "%s  worker: %s job %lld, whose lease it has lost: it will run it anyway%s",
                           label.c_str(), state_word.c_str(), static_cast<long long>(job), paused);
      } else {
        ImGui::Text("%s  worker: %s job %lld%s", label.c_str(), state_word.c_str(), static_cast<long long>(job), paused);
      }
    } else if (role == jv::kRoleSink) {
      ImGui::Text("%s  sink: %lld side effects applied, %lld duplicates refused by key%s", label.c_str(),
                  static_cast<long long>(integer_of(node, jv::kApplied.name)),
                  static_cast<long long>(integer_of(node, jv::kDeduplicated.name)), paused);
    } else if (role == jv::kRoleCronActive || role == jv::kRoleCronStandby) {
      ImGui::Text("%s  cron scheduler: %s, epoch %lld%s", label.c_str(),
                  role == jv::kRoleCronActive ? "active" : "standby",
                  static_cast<long long>(integer_of(node, jv::kSchedulerEpoch.name)), paused);
    }
  }
  ImGui::Separator();
  ImGui::TextDisabled("over the run: pending (light blue), in flight (blue), dead letters (vermilion)");
  draw_depth_chart(timeline, now, state.ui_scale);
  ImGui::End();
}

}  // namespace dsim::viz
