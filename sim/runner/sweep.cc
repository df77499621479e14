// The sweep engine: worker threads pull seeds from a shared counter; each run is independent
// (its own world, no shared mutable state), and its result lands in the slot of its seed.
#include "sim/runner/sweep.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

namespace dsim {

std::size_t SweepResult::failed() const {
  return static_cast<std::size_t>(std::count_if(runs.begin(), runs.end(), [](auto& r) { return r.failed(); }));
}

std::size_t SweepResult::undecided() const {
  return static_cast<std::size_t>(std::count_if(runs.begin(), runs.end(), [](auto& r) { return r.undecided; }));
}

std::vector<std::uint64_t> sweep_seeds(const SweepOptions& options) {
  std::vector<std::uint64_t> seeds;
  for (std::uint64_t seed = options.first_seed; seed <= options.last_seed; ++seed) {
    if ((seed - options.first_seed) % options.shard_count == options.shard_index) seeds.push_back(seed);
    if (seed == UINT64_MAX) break;
  }
  return seeds;
}

namespace {

SweepRun summarise(const RunResult& result) {
  SweepRun run;
  run.seed = result.seed;
  // An expected mark is a claim about what the scenario shows at its own seed; another seed may
  // take a path that never needs the branch. Sweeps count missing marks but fail only on checks.
  run.passed = result.failed_checks() == 0 && result.undecided_checks() == 0;
  run.undecided = result.failed_checks() == 0 && result.undecided_checks() > 0;
  for (const Verdict& check : result.checks) {
    if (check.outcome() == CheckVerdict::fail) {
      run.failed_checks.push_back(check.name);
      if (run.first_violation.empty()) {
        run.first_violation = format_time_seconds(check.violations.front().time_us) + ": " + check.name + ": " +
                              check.violations.front().message;
      }
    } else if (check.outcome() == CheckVerdict::undecided) {
      run.undecided_checks.push_back(check.name);
      if (run.first_undecided.empty()) {
        run.first_undecided = format_time_seconds(check.undecided.front().time_us) + ": " + check.name + ": " +
                              check.undecided.front().message;
      }
    }
  }
  run.missing_marks = result.missing_marks;
  return run;
}

}  // namespace

SweepResult run_sweep(const Scenario& scenario, const ProtocolRegistry& registry, const SweepOptions& options) {
  std::vector<std::uint64_t> seeds = sweep_seeds(options);
  SweepResult result;
  result.file = scenario.file;
  result.scenario = scenario.name;
  result.first_seed = options.first_seed;
  result.last_seed = options.last_seed;
  if (options.shard_count > 1) {
    result.shards.push_back(std::to_string(options.shard_index + 1) + "/" + std::to_string(options.shard_count));
  }
  result.runs.resize(seeds.size());
  std::vector<MetricsRecorder> metrics(seeds.size());

  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;
  std::size_t done = 0;
  std::size_t failed = 0;
  std::exception_ptr first_error;

  auto worker = [&]() {
    while (true) {
      std::size_t index = next.fetch_add(1);
      if (index >= seeds.size()) return;
      try {
        RunOptions run_options;
        run_options.seed = seeds[index];
        run_options.until_us = options.until_us;
        RunResult run = run_scenario(scenario, registry, run_options);
        result.runs[index] = summarise(run);
        metrics[index] = std::move(run.metrics);
      } catch (...) {
        std::lock_guard<std::mutex> lock(progress_mutex);
        if (!first_error) first_error = std::current_exception();
        result.runs[index].seed = seeds[index];
        result.runs[index].passed = false;
      }
      std::lock_guard<std::mutex> lock(progress_mutex);
      ++done;
      if (result.runs[index].failed()) ++failed;
      if (options.on_progress) options.on_progress(done, seeds.size(), failed);
    }
  };
  unsigned jobs = std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(seeds.size())));
  std::vector<std::thread> threads;
  for (unsigned i = 1; i < jobs; ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
  if (first_error) std::rethrow_exception(first_error);

  // Aggregate in seed order so that the merged histograms do not depend on thread timing.
  for (const MetricsRecorder& recorder : metrics) {
    for (const auto& [name, histogram] : recorder.histograms()) result.histograms[name].merge(histogram);
    for (const auto& [name, value] : recorder.counters()) result.counters[name].add(value);
  }
  return result;
}

nlohmann::json sweep_to_json(const SweepResult& result) {
  nlohmann::json json;
  json["format"] = "dsim-sweep";
  json["version"] = 1;
  json["file"] = result.file;
  json["scenario"] = result.scenario;
  json["seeds"] = {{"first", result.first_seed}, {"last", result.last_seed}};
  json["shards"] = result.shards;
  json["sets"] = result.sets;
  json["total"] = result.runs.size();
  json["failed"] = result.failed();
  json["undecided"] = result.undecided();
  nlohmann::json runs = nlohmann::json::array();
  for (const SweepRun& run : result.runs) {
    // "passed" stays false for an undecided run, so a reader that knows nothing of "undecided"
    // counts it as a failure rather than as a pass.
    nlohmann::json entry{{"seed", run.seed}, {"passed", run.passed}};
    if (run.undecided) {
      entry["undecided"] = true;
      entry["undecided_checks"] = run.undecided_checks;
      entry["first_undecided"] = run.first_undecided;
    } else if (!run.passed) {
      entry["failed_checks"] = run.failed_checks;
      entry["first_violation"] = run.first_violation;
    }
    if (!run.missing_marks.empty()) entry["missing_marks"] = run.missing_marks;
    runs.push_back(std::move(entry));
  }
  json["runs"] = std::move(runs);
  auto histograms_json = [](const std::map<std::string, Histogram>& histograms) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, histogram] : histograms) {
      out[name] = {{"count", histogram.count()},    {"min", histogram.min()},
                   {"p50", histogram.percentile(50)}, {"p90", histogram.percentile(90)},
                   {"p99", histogram.percentile(99)}, {"max", histogram.max()},
                   {"values", histogram.values()}};
    }
    return out;
  };
  json["histograms"] = histograms_json(result.histograms);
  json["counters"] = histograms_json(result.counters);
  return json;
}

namespace {

[[noreturn]] void bad_sweep(const std::string& label, const std::string& what) {
  throw std::runtime_error(label + ": not a dsim sweep result: " + what);
}

std::map<std::string, Histogram> histograms_from_json(const nlohmann::json& json, const std::string& label,
                                                      const char* field) {
  std::map<std::string, Histogram> out;
  auto it = json.find(field);
  if (it == json.end()) return out;
  if (!it->is_object()) bad_sweep(label, std::string("\"") + field + "\" is not an object");
  for (const auto& [name, entry] : it->items()) {
    if (!entry.is_object() || !entry.contains("values") || !entry["values"].is_array())
      bad_sweep(label, std::string(field) + "." + name + " has no \"values\" array");
    Histogram& histogram = out[name];
    for (const auto& value : entry["values"]) {
      if (!value.is_number_integer()) bad_sweep(label, std::string(field) + "." + name + " holds a non-integer");
      histogram.add(value.get<std::int64_t>());
    }
  }
  return out;
}

}  // namespace

SweepResult sweep_from_json(const nlohmann::json& json, const std::string& label) {
  if (!json.is_object() || json.value("format", "") != "dsim-sweep") bad_sweep(label, "no \"format\": \"dsim-sweep\"");
  if (!json.contains("version") || !json["version"].is_number_integer() || json["version"].get<int>() != 1)
    bad_sweep(label, "unsupported version (this dsim reads version 1)");
  SweepResult result;
  try {
    result.file = json.at("file").get<std::string>();
    result.scenario = json.at("scenario").get<std::string>();
    result.first_seed = json.at("seeds").at("first").get<std::uint64_t>();
    result.last_seed = json.at("seeds").at("last").get<std::uint64_t>();
    result.shards = json.at("shards").get<std::vector<std::string>>();
    result.sets = json.value("sets", std::vector<std::string>{});
    for (const auto& entry : json.at("runs")) {
      SweepRun run;
      run.seed = entry.at("seed").get<std::uint64_t>();
      run.passed = entry.at("passed").get<bool>();
      run.undecided = !run.passed && entry.value("undecided", false);
      if (run.undecided) {
        run.undecided_checks = entry.value("undecided_checks", std::vector<std::string>{});
        run.first_undecided = entry.value("first_undecided", std::string());
      } else if (!run.passed) {
        run.failed_checks = entry.value("failed_checks", std::vector<std::string>{});
        run.first_violation = entry.value("first_violation", std::string());
      }
      run.missing_marks = entry.value("missing_marks", std::vector<std::string>{});
      result.runs.push_back(std::move(run));
    }
  } catch (const nlohmann::json::exception& error) {
    bad_sweep(label, error.what());
  }
  result.histograms = histograms_from_json(json, label, "histograms");
  result.counters = histograms_from_json(json, label, "counters");
  return result;
}

SweepResult merge_sweeps(const std::vector<SweepResult>& parts) {
  if (parts.empty()) throw std::runtime_error("nothing to merge");
  SweepResult merged;
  merged.file = parts.front().file;
  merged.scenario = parts.front().scenario;
  merged.first_seed = parts.front().first_seed;
  merged.last_seed = parts.front().last_seed;
  merged.sets = parts.front().sets;
  std::set<std::uint64_t> seen;
  for (const SweepResult& part : parts) {
    if (part.scenario != merged.scenario)
      throw std::runtime_error("cannot merge sweeps of different scenarios: " + merged.scenario + " and " + part.scenario);
    if (part.sets != merged.sets)
      throw std::runtime_error("cannot merge sweeps run with different --set overrides");
    merged.first_seed = std::min(merged.first_seed, part.first_seed);
    merged.last_seed = std::max(merged.last_seed, part.last_seed);
    merged.shards.insert(merged.shards.end(), part.shards.begin(), part.shards.end());
    for (const SweepRun& run : part.runs) {
      if (!seen.insert(run.seed).second)
        throw std::runtime_error("seed " + std::to_string(run.seed) + " appears in more than one part");
      merged.runs.push_back(run);
    }
    for (const auto& [name, histogram] : part.histograms) merged.histograms[name].merge(histogram);
    for (const auto& [name, histogram] : part.counters) merged.counters[name].merge(histogram);
  }
  std::sort(merged.runs.begin(), merged.runs.end(), [](auto& a, auto& b) { return a.seed < b.seed; });
  std::sort(merged.shards.begin(), merged.shards.end());
  return merged;
}

}  // namespace dsim
