// A sweep result as JSON (version 2): what `dsim sweep --json` writes and `dsim sweep-merge`
// reads. Histograms travel as their buckets, so a file's size, like the sweep's memory, does not
// grow with the number of seeds, and merging files adds exactly what merging in memory adds. The
// file is written as it goes (write_sweep_json), with one histogram per line.
#include <optional>
#include <ostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "sim/runner/sweep.h"

namespace dsim {
namespace {

constexpr int kFormatVersion = 2;

nlohmann::json histograms_to_json(const std::map<std::string, MergedHistogram>& histograms) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, histogram] : histograms) {
    nlohmann::json buckets = nlohmann::json::array();
    for (const auto& [bucket, count] : histogram.buckets()) buckets.push_back({bucket, count});
    // The percentiles are for people reading the file; the buckets, min and max are what is read.
    out[name] = {{"count", histogram.count()},        {"min", histogram.min()},
                 {"p50", histogram.percentile(50)},   {"p90", histogram.percentile(90)},
                 {"p99", histogram.percentile(99)},   {"max", histogram.max()},
                 {"buckets", std::move(buckets)}};
  }
  return out;
}

[[noreturn]] void bad_sweep(const std::string& label, const std::string& what) {
  throw std::runtime_error(label + ": not a dsim sweep result: " + what);
}

std::map<std::string, MergedHistogram> histograms_from_json(const nlohmann::json& json, const std::string& label,
                                                            const char* field) {
  std::map<std::string, MergedHistogram> out;
  auto it = json.find(field);
  if (it == json.end()) return out;
  if (!it->is_object()) bad_sweep(label, std::string("\"") + field + "\" is not an object");
  for (const auto& [name, entry] : it->items()) {
    std::string where = std::string(field) + "." + name;
    if (!entry.is_object() || !entry.contains("buckets") || !entry["buckets"].is_array())
      bad_sweep(label, where + " has no \"buckets\" array");
    MergedHistogram::Buckets buckets;
    for (const auto& bucket : entry["buckets"]) {
      if (!bucket.is_array() || bucket.size() != 2 || !bucket[0].is_number_integer() || !bucket[1].is_number_unsigned())
        bad_sweep(label, where + ".buckets holds something other than [value, count] pairs");
      buckets.emplace_back(bucket[0].get<std::int64_t>(), bucket[1].get<std::uint64_t>());
    }
    std::optional<MergedHistogram> histogram =
        MergedHistogram::restore(buckets, entry.value("min", std::int64_t{0}), entry.value("max", std::int64_t{0}));
    if (!histogram) bad_sweep(label, where + ": its buckets, \"min\" and \"max\" do not fit together");
    out[name] = std::move(*histogram);
  }
  return out;
}

std::map<std::string, std::uint64_t> counts_from_json(const nlohmann::json& json, const char* field) {
  return json.value(field, std::map<std::string, std::uint64_t>{});
}

}  // namespace

namespace {

nlohmann::json sweep_to_json_without_histograms(const SweepResult& result) {
  nlohmann::json json;
  json["format"] = "dsim-sweep";
  json["version"] = kFormatVersion;
  json["file"] = result.file;
  json["scenario"] = result.scenario;
  json["sets"] = result.sets;
  nlohmann::json slices = nlohmann::json::array();
  for (const SeedSlice& slice : result.slices) {
    nlohmann::json entry{{"first", slice.first}, {"last", slice.last}};
    if (slice.sharded()) entry["shard"] = slice.shard_text();
    slices.push_back(std::move(entry));
  }
  json["seeds"] = std::move(slices);
  json["total"] = result.runs;
  // "passed" is explicit, so that a reader that knows nothing of "undecided" never counts an
  // undecided run as a pass by subtracting "failed" from "total".
  json["passed"] = result.runs - result.failed - result.undecided;
  json["failed"] = result.failed;
  json["undecided"] = result.undecided;
  json["failures_by_check"] = result.failures_by_check;
  json["missing_marks"] = result.missing_marks;
  json["failed_runs_kept"] = result.failed_runs_kept;
  nlohmann::json failed_runs = nlohmann::json::array();
  for (const FailedRun& run : result.failed_runs) {
    nlohmann::json entry{{"seed", run.seed}, {"failed_checks", run.failed_checks}, {"first_violation", run.first_violation}};
    if (!run.missing_marks.empty()) entry["missing_marks"] = run.missing_marks;
    failed_runs.push_back(std::move(entry));
  }
  json["failed_runs"] = std::move(failed_runs);
  nlohmann::json undecided_runs = nlohmann::json::array();
  for (const FailedRun& run : result.undecided_runs) {
    nlohmann::json entry{{"seed", run.seed}, {"undecided_checks", run.undecided_checks}, {"first_undecided", run.first_undecided}};
    if (!run.missing_marks.empty()) entry["missing_marks"] = run.missing_marks;
    undecided_runs.push_back(std::move(entry));
  }
  json["undecided_runs"] = std::move(undecided_runs);
  return json;
}

}  // namespace

nlohmann::json sweep_to_json(const SweepResult& result) {
  nlohmann::json json = sweep_to_json_without_histograms(result);
  json["histograms"] = histograms_to_json(result.histograms);
  json["counters"] = histograms_to_json(result.counters);
  return json;
}

namespace {

// One histogram as a single line of JSON, written as it goes: the buckets of a latency histogram
// can number tens of thousands, and building them as a JSON tree first would cost more memory
// than the sweep itself.
void write_histogram(std::ostream& out, const MergedHistogram& histogram) {
  out << "{\"buckets\":[";
  bool first = true;
  for (const auto& [bucket, count] : histogram.buckets()) {
    out << (first ? "[" : ",[") << bucket << ',' << count << ']';
    first = false;
  }
  out << "],\"count\":" << histogram.count() << ",\"max\":" << histogram.max() << ",\"min\":" << histogram.min()
      << ",\"p50\":" << histogram.percentile(50) << ",\"p90\":" << histogram.percentile(90)
      << ",\"p99\":" << histogram.percentile(99) << '}';
}

void write_histograms(std::ostream& out, const std::map<std::string, MergedHistogram>& histograms) {
  out << '{';
  bool first = true;
  for (const auto& [name, histogram] : histograms) {
    out << (first ? "\n  " : ",\n  ") << nlohmann::json(name).dump() << ": ";
    write_histogram(out, histogram);
    first = false;
  }
  out << (first ? "}" : "\n }");
}

}  // namespace

void write_sweep_json(std::ostream& out, const SweepResult& result) {
  // Everything but the histograms is small: taken from sweep_to_json, one key per line.
  nlohmann::json summary = sweep_to_json_without_histograms(result);
  out << "{\n";
  for (const auto& [key, value] : summary.items()) out << ' ' << nlohmann::json(key).dump() << ": " << value.dump() << ",\n";
  out << " \"counters\": ";
  write_histograms(out, result.counters);
  out << ",\n \"histograms\": ";
  write_histograms(out, result.histograms);
  out << "\n}\n";
}

SweepResult sweep_from_json(const nlohmann::json& json, const std::string& label) {
  if (!json.is_object() || json.value("format", "") != "dsim-sweep") bad_sweep(label, "no \"format\": \"dsim-sweep\"");
  if (!json.contains("version") || !json["version"].is_number_integer() ||
      json["version"].get<int>() != kFormatVersion)
    bad_sweep(label, "unsupported version (this dsim reads version 2; re-run the sweep with it)");
  SweepResult result;
  try {
    result.file = json.at("file").get<std::string>();
    result.scenario = json.at("scenario").get<std::string>();
    result.sets = json.value("sets", std::vector<std::string>{});
    for (const auto& entry : json.at("seeds")) {
      SeedSlice slice;
      slice.first = entry.at("first").get<std::uint64_t>();
      slice.last = entry.at("last").get<std::uint64_t>();
      if (entry.contains("shard")) {
        std::string shard = entry["shard"].get<std::string>();
        std::size_t slash = shard.find('/');
        unsigned long k = 0, n = 0;
        try {
          if (slash == std::string::npos) throw std::invalid_argument("no slash");
          k = std::stoul(shard.substr(0, slash));
          n = std::stoul(shard.substr(slash + 1));
        } catch (const std::exception&) {
          bad_sweep(label, "seeds: shard \"" + shard + "\" is not K/N");
        }
        if (k < 1 || k > n || n > 100000) bad_sweep(label, "seeds: shard \"" + shard + "\" is not K/N with 1 <= K <= N");
        slice.shard_index = static_cast<std::uint32_t>(k - 1);
        slice.shard_count = static_cast<std::uint32_t>(n);
      }
      if (slice.first > slice.last) bad_sweep(label, "seeds: first is after last");
      result.slices.push_back(slice);
    }
    result.runs = json.at("total").get<std::uint64_t>();
    result.failed = json.at("failed").get<std::uint64_t>();
    result.undecided = json.at("undecided").get<std::uint64_t>();
    result.failures_by_check = counts_from_json(json, "failures_by_check");
    result.missing_marks = counts_from_json(json, "missing_marks");
    result.failed_runs_kept = json.value("failed_runs_kept", std::size_t{1000});
    for (const auto& entry : json.at("failed_runs")) {
      FailedRun run;
      run.seed = entry.at("seed").get<std::uint64_t>();
      run.failed_checks = entry.value("failed_checks", std::vector<std::string>{});
      run.first_violation = entry.value("first_violation", std::string());
      run.missing_marks = entry.value("missing_marks", std::vector<std::string>{});
      result.failed_runs.push_back(std::move(run));
    }
    for (const auto& entry : json.at("undecided_runs")) {
      FailedRun run;
      run.seed = entry.at("seed").get<std::uint64_t>();
      run.undecided_checks = entry.value("undecided_checks", std::vector<std::string>{});
      run.first_undecided = entry.value("first_undecided", std::string());
      run.missing_marks = entry.value("missing_marks", std::vector<std::string>{});
      result.undecided_runs.push_back(std::move(run));
    }
    result.histograms = histograms_from_json(json, label, "histograms");
    result.counters = histograms_from_json(json, label, "counters");
  } catch (const nlohmann::json::exception& error) {
    bad_sweep(label, error.what());
  }
  std::uint64_t held = 0;
  for (const SeedSlice& slice : result.slices) held += slice.size();
  if (held != result.runs) bad_sweep(label, "\"total\" is not the number of seeds in \"seeds\"");
  return result;
}

}  // namespace dsim
