// `dsim lab list` and `dsim lab grade` (docs/labs.md, docs/cli.md). Grading builds the lab's
// program for the chosen variant (the student's code, the reference solution or a broken one),
// then runs every test scenario of the lab's manifest under each seed in a child process with the
// test's time limit, and reports points per test, a total, and for each failing test the checker's
// message, the seed, a one-line replay command and a trace to open with dsim-viz at the failure.
// Sections: finding things; one run; grading; printing; the JSON gradebook; the commands.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "sim/cli/commands.h"
#include "sim/cli/lab_child.h"
#include "sim/cli/lab_manifest.h"
#include "sim/cli/lab_seeds.h"
#include "sim/cli/program.h"
#include "sim/scenario/json_reader.h"

namespace dsim::cli {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- finding things

// The labs folder: --labs, else ./labs, else the source tree's.
std::string labs_folder(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (fs::is_directory("labs")) return "labs";
  return DSIM_DEFAULT_LABS_DIR;
}

// The build folder: --build, else the folder this dsim was built in (where a student's
// `build/dsim` lives), else ./build.
std::string build_folder(const std::string& flag) {
  if (!flag.empty()) return flag;
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (!error && fs::is_regular_file(self.parent_path() / "CMakeCache.txt")) return self.parent_path().string();
  return "build";
}

// A path as short as it can be written from here: relative when it lies below the current folder.
std::string short_path(const std::string& path) {
  std::error_code error;
  fs::path relative = fs::relative(path, fs::current_path(), error);
  if (error || relative.empty() || *relative.begin() == "..") return fs::absolute(path).lexically_normal().string();
  return relative.string();
}

// "01", "1", "01-broadcast" and "broadcast" all name labs/01-broadcast.
std::optional<std::string> find_lab(const std::string& labs_dir, const std::string& name) {
  for (const std::string& folder : list_lab_folders(labs_dir)) {
    std::string id = fs::path(folder).filename().string();
    std::string number = id.substr(0, 2);
    if (name == id || name == number || name == id.substr(3) || (name.size() == 1 && "0" + name == number)) return folder;
  }
  return std::nullopt;
}

std::string target_name(const LabManifest& manifest, const std::string& variant) {
  if (variant == "student" || variant == "solution") return "lab_" + manifest.number + "_" + variant;
  std::string name = variant;
  std::replace(name.begin(), name.end(), '-', '_');
  return "lab_" + manifest.number + "_broken_" + name;
}

// ---------------------------------------------------------------- one run

struct Failure {
  std::string test;
  std::uint64_t seed = 0;
  std::string kind;      // "check", "timeout", "crash", "error"
  std::string check;     // the failing checker, for "check"
  std::string message;
  TimeUs at_us = 0;
  std::string replay;    // the one-line command that replays the run
  std::string trace;     // written for the first failure of each test
  std::string watch;     // dsim-viz TRACE --at T
};

struct RunSpec {
  const LabTest* test = nullptr;
  std::uint64_t seed = 0;
  std::vector<std::string> sets;
};

struct GradeContext {
  std::string program;   // the lab program's path
  std::string out_dir;
  DurationUs time_limit_override_us = 0;
};

std::vector<std::string> run_arguments(const GradeContext& context, const RunSpec& run) {
  std::vector<std::string> args = {context.program, "run", short_path(run.test->scenario), "--seed", std::to_string(run.seed)};
  for (const std::string& set : run.sets) {
    args.push_back("--set");
    args.push_back(set);
  }
  return args;
}

std::string command_line(const std::vector<std::string>& args) {
  std::string line;
  for (const std::string& arg : args) line += (line.empty() ? "" : " ") + shell_quote(arg);
  return line;
}

std::string last_line(const std::string& path) {
  std::ifstream in(path);
  std::string line, last;
  while (std::getline(in, line)) {
    if (!line.empty()) last = line;
  }
  return last;
}

// What a crashed run said: the failed assertion and where (DSIM_ASSERT prints the condition and its
// message, then "at FILE:LINE", then the sim time), else the last line written.
std::string crash_report(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("assertion failed") == std::string::npos) continue;
    std::string where;
    if (std::getline(in, where)) {
      where.erase(0, where.find_first_not_of(' '));
      if (where.rfind("at ", 0) == 0) line += " (" + where + ")";
    }
    return line;
  }
  return last_line(path);
}

std::chrono::milliseconds limit_of(const GradeContext& context, const LabTest& test) {
  DurationUs limit = context.time_limit_override_us > 0 ? context.time_limit_override_us : test.time_limit_us;
  return std::chrono::milliseconds(std::max<DurationUs>(1, limit / kMillisecond));
}

// Runs one test at one seed; nullopt when every check held.
std::optional<Failure> run_once(const GradeContext& context, const RunSpec& run) {
  std::string stem = (fs::path(context.out_dir) / (run.test->name + "-seed" + std::to_string(run.seed))).string();
  std::string json_path = stem + ".json";
  std::string stdout_path = stem + ".out", stderr_path = stem + ".err";
  std::vector<std::string> args = run_arguments(context, run);
  std::vector<std::string> with_json = args;
  with_json.insert(with_json.end(), {"--json", json_path, "-q"});
  ChildOutcome outcome = run_child(with_json, limit_of(context, *run.test), stdout_path, stderr_path);

  Failure failure;
  failure.test = run.test->name;
  failure.seed = run.seed;
  failure.replay = command_line(args);
  if (!outcome.started) {
    failure.kind = "error";
    failure.message = outcome.error;
  } else if (outcome.timed_out) {
    failure.kind = "timeout";
    failure.message = "the run did not finish within its time limit of " +
                      format_duration(limit_of(context, *run.test).count() * kMillisecond) +
                      " and was killed: look for an endless loop, or a node that sends or sets timers without end";
  } else if (outcome.signal != 0) {
    failure.kind = "crash";
    std::string said = crash_report(stderr_path);
    failure.message = "the run crashed (signal " + std::to_string(outcome.signal) + ")" + (said.empty() ? "" : ": " + said);
  } else if (outcome.exit_code == 2) {
    failure.kind = "error";
    failure.message = "the run refused its input: " + last_line(stderr_path);
  } else {
    std::ifstream in(json_path);
    nlohmann::json summary = nlohmann::json::parse(in, nullptr, false);
    if (summary.is_discarded()) {
      failure.kind = "error";
      failure.message = "the run wrote no readable summary (exit code " + std::to_string(outcome.exit_code) + ")";
    } else {
      for (const nlohmann::json& check : summary.value("checks", nlohmann::json::array())) {
        if (check.value("passed", true)) continue;
        failure.kind = "check";
        failure.check = check.value("name", "");
        const nlohmann::json& violations = check.value("violations", nlohmann::json::array());
        const nlohmann::json& undecided = check.value("undecided", nlohmann::json::array());
        const nlohmann::json& first = !violations.empty() ? violations.front() : !undecided.empty() ? undecided.front() : nlohmann::json::object();
        failure.message = (violations.empty() ? "undecided: " : "") + first.value("message", std::string("failed"));
        failure.at_us = first.value("t_us", TimeUs{0});
        break;
      }
      if (failure.kind.empty() && outcome.exit_code != 0) {
        failure.kind = "error";
        failure.message = "the run ended with exit code " + std::to_string(outcome.exit_code);
      }
    }
  }
  std::error_code ignored;
  fs::remove(json_path, ignored);
  if (failure.kind.empty()) {
    fs::remove(stdout_path, ignored);
    fs::remove(stderr_path, ignored);
    return std::nullopt;
  }
  return failure;
}

// Re-runs a failure with a trace (the run is deterministic, so the trace shows the same failure).
// A run that timed out is not re-run: its trace would have no end.
void write_trace(const GradeContext& context, const RunSpec& run, Failure& failure) {
  if (failure.kind == "timeout" || failure.kind == "error") return;
  std::string trace = short_path((fs::path(context.out_dir) / (run.test->name + "-seed" + std::to_string(run.seed) + ".jsonl")).string());
  std::vector<std::string> args = run_arguments(context, run);
  args.insert(args.end(), {"--trace", trace});
  ChildOutcome outcome = run_child(args, limit_of(context, *run.test), "/dev/null", "/dev/null");
  if (!outcome.started || outcome.timed_out || !fs::is_regular_file(trace)) return;
  failure.trace = trace;
  failure.replay = command_line(args);
  failure.watch = sibling_program_command("dsim-viz") + " " + shell_quote(trace) + " --at " + format_duration(failure.at_us);
}

// ---------------------------------------------------------------- grading

struct TestResult {
  const LabTest* test = nullptr;
  std::size_t seeds = 0;
  std::vector<Failure> failures;  // one per failing seed, in seed order
  std::int64_t points() const { return failures.empty() ? test->points : 0; }
};

std::vector<TestResult> grade(const LabManifest& manifest, const LabCommand& command, const GradeContext& context) {
  std::vector<RunSpec> runs;
  std::vector<TestResult> results;
  for (const LabTest& test : manifest.tests) {
    std::size_t count = static_cast<std::size_t>(command.seeds ? *command.seeds : test.seeds > 0 ? test.seeds : manifest.seeds);
    std::vector<std::string> sets = lab_test_variation(manifest.id, command.student, test.name, test.vary);
    for (std::uint64_t seed : lab_test_seeds(manifest.id, command.student, test.name, count)) runs.push_back({&test, seed, sets});
    results.push_back({&test, count, {}});
  }
  std::vector<std::optional<Failure>> outcomes(runs.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < runs.size(); i = next++) outcomes[i] = run_once(context, runs[i]);
  };
  std::vector<std::thread> workers;
  unsigned jobs = std::max(1u, std::min<unsigned>(command.jobs, static_cast<unsigned>(runs.size())));
  for (unsigned j = 0; j < jobs; ++j) workers.emplace_back(work);
  for (std::thread& worker : workers) worker.join();

  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!outcomes[i]) continue;
    for (TestResult& result : results) {
      if (result.test != runs[i].test) continue;
      if (result.failures.empty()) write_trace(context, runs[i], *outcomes[i]);
      result.failures.push_back(std::move(*outcomes[i]));
    }
  }
  return results;
}

// ---------------------------------------------------------------- printing

void print_results(const std::vector<TestResult>& results) {
  std::int64_t total = 0, max = 0;
  std::size_t width = 4;
  for (const TestResult& result : results) width = std::max(width, result.test->name.size());
  for (const TestResult& result : results) {
    total += result.points();
    max += result.test->points;
    std::string name = result.test->name;
    name.append(width - name.size(), ' ');
    std::string score = std::to_string(result.points()) + "/" + std::to_string(result.test->points);
    score.insert(0, score.size() < 7 ? 7 - score.size() : 0, ' ');
    std::cout << "  " << name << "  " << score << "  ";
    if (result.failures.empty()) {
      std::cout << "PASS (" << result.seeds << (result.seeds == 1 ? " seed" : " seeds") << ")\n";
    } else {
      std::cout << "FAIL (" << result.failures.size() << " of " << result.seeds << (result.seeds == 1 ? " seed" : " seeds")
                << " failed)\n";
    }
  }
  std::cout << "Total: " << total << "/" << max << "\n";
  for (const TestResult& result : results) {
    if (result.failures.empty()) continue;
    const Failure& first = result.failures.front();
    std::cout << "\n" << result.test->name << ", seed " << first.seed << ": ";
    if (first.kind == "check") std::cout << first.check << " failed at " << format_time_seconds(first.at_us) << ": ";
    std::cout << first.message << "\n";
    if (!result.test->hint.empty()) std::cout << "  hint:   " << result.test->hint << "\n";
    std::cout << "  replay: " << first.replay << "\n";
    if (!first.watch.empty()) std::cout << "  watch:  " << first.watch << "\n";
    if (result.failures.size() > 1) {
      std::cout << "  also failing seeds:";
      std::size_t shown = 0;
      for (std::size_t i = 1; i < result.failures.size() && shown < 10; ++i, ++shown) std::cout << " " << result.failures[i].seed;
      if (result.failures.size() - 1 > shown) std::cout << " (and " << result.failures.size() - 1 - shown << " more)";
      std::cout << "\n";
    }
  }
}

// ---------------------------------------------------------------- the JSON gradebook

nlohmann::json gradebook_json(const LabManifest& manifest, const std::string& student, const std::vector<TestResult>& results) {
  nlohmann::json tests = nlohmann::json::array();
  std::int64_t total = 0, max = 0;
  for (const TestResult& result : results) {
    nlohmann::json failures = nlohmann::json::array();
    for (const Failure& failure : result.failures) {
      nlohmann::json item = {{"seed", failure.seed}, {"kind", failure.kind}, {"message", failure.message},
                             {"replay", failure.replay}};
      if (!failure.check.empty()) item["check"] = failure.check;
      if (failure.kind == "check") item["t_us"] = failure.at_us;
      if (!failure.trace.empty()) item["trace"] = failure.trace;
      failures.push_back(std::move(item));
    }
    tests.push_back({{"name", result.test->name}, {"points", result.points()}, {"max", result.test->points},
                     {"failures", std::move(failures)}});
    total += result.points();
    max += result.test->points;
  }
  return {{"lab", manifest.id}, {"student", student}, {"tests", std::move(tests)}, {"total", {{"points", total}, {"max", max}}}};
}

bool write_gradebook(const std::string& path, const nlohmann::json& json) {
  std::string text = json.dump(2) + "\n";
  if (path == "-") {
    std::cout << text;
    return true;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) std::cerr << "dsim lab grade: --json: cannot write " << path << "\n";
  return static_cast<bool>(out);
}

// A build that failed scores nothing; the gradebook still gets a line per test saying why.
std::vector<TestResult> build_failed(const LabManifest& manifest, const std::string& why) {
  std::vector<TestResult> results;
  for (const LabTest& test : manifest.tests) {
    Failure failure;
    failure.test = test.name;
    failure.kind = "build";
    failure.message = why;
    results.push_back({&test, 0, {failure}});
  }
  return results;
}

}  // namespace

// ---------------------------------------------------------------- the commands

int lab_list_command(const LabCommand& command) {
  std::string labs_dir = labs_folder(command.labs_dir);
  std::vector<std::string> folders = list_lab_folders(labs_dir);
  if (folders.empty()) {
    std::cerr << "dsim lab list: no labs in " << labs_dir << " (a lab is a folder with tests/manifest.json)\n";
    return kExitBadInput;
  }
  for (const std::string& folder : folders) {
    try {
      LabManifest manifest = load_lab_manifest(folder);
      std::int64_t points = 0;
      for (const LabTest& test : manifest.tests) points += test.points;
      std::cout << manifest.id << "  " << manifest.title << "  (" << manifest.tests.size() << " tests, " << points
                << " points; " << short_path((fs::path(folder) / "README.md").string()) << ")\n";
    } catch (const ScenarioError& error) {
      std::cerr << "dsim lab list: " << error.what() << "\n";
      return kExitBadInput;
    }
  }
  std::cout << "\nGrade one with: " << program_command() << " lab grade 01 [--student ID] (docs/labs.md)\n";
  return kExitPassed;
}

int lab_grade_command(const LabCommand& command) {
  std::string labs_dir = labs_folder(command.labs_dir);
  std::optional<std::string> folder = find_lab(labs_dir, command.lab);
  if (!folder) {
    std::cerr << "dsim lab grade: no lab named '" << command.lab << "' in " << labs_dir << "; " << program_command()
              << " lab list shows them\n";
    return kExitBadInput;
  }
  LabManifest manifest;
  try {
    manifest = load_lab_manifest(*folder);
  } catch (const ScenarioError& error) {
    std::cerr << "dsim lab grade: " << error.what() << "\n";
    return kExitBadInput;
  }
  std::string variant = command.variant.empty() ? "student" : command.variant;
  if (variant != "student" && variant != "solution" && !manifest.broken.count(variant)) {
    std::string known = "student, solution";
    for (const auto& [name, test] : manifest.broken) known += ", " + name;
    std::cerr << "dsim lab grade: --variant: lab " << manifest.id << " has no variant '" << variant << "' (" << known << ")\n";
    return kExitBadInput;
  }

  GradeContext context;
  std::string build = build_folder(command.build_dir);
  std::string target = target_name(manifest, variant);
  context.program = short_path((fs::path(build) / "labs" / target).string());
  if (context.program.find('/') == std::string::npos) context.program = "./" + context.program;
  context.time_limit_override_us = command.time_limit_us;
  std::string student = command.student;
  // The ID names a folder: anything but letters, digits, '-', '_' and '.' becomes '_' (no "../").
  for (char& c : student) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  }
  if (student.find_first_not_of('.') == std::string::npos) student = std::string(student.size(), '_');
  std::string slug = manifest.id + (student.empty() ? "" : "-" + student) + (variant == "student" ? "" : "-" + variant);
  context.out_dir = command.out_dir.empty() ? (fs::path("lab-results") / slug).string() : command.out_dir;
  std::error_code error;
  fs::remove_all(context.out_dir, error);
  fs::create_directories(context.out_dir, error);
  if (error) {
    std::cerr << "dsim lab grade: cannot make the results folder " << context.out_dir << ": " << error.message() << "\n";
    return kExitBadInput;
  }

  std::cout << "Lab " << manifest.id << ": " << manifest.title << " (" << variant
            << (command.student.empty() ? "" : ", student " + command.student) << ")\n";
  std::vector<TestResult> results;
  if (!command.no_build) {
    if (!fs::is_regular_file(fs::path(build) / "CMakeCache.txt")) {
      std::cerr << "dsim lab grade: " << build << " is not a CMake build folder; pass --build DIR (the folder you ran cmake -B with)\n";
      return kExitBadInput;
    }
    std::cout << "building " << target << " in " << short_path(build) << " ...\n" << std::flush;
    ChildOutcome built = run_child({"/usr/bin/env", "cmake", "--build", build, "--target", target}, std::chrono::milliseconds(0), "", "");
    if (!built.started || built.exit_code != 0) {
      std::string why = "the build of " + target + " failed: see the compiler's messages above";
      std::cout << "\n" << why << "\n";
      results = build_failed(manifest, why);
    }
  }
  if (results.empty()) {
    if (!fs::is_regular_file(context.program)) {
      std::cerr << "dsim lab grade: no program " << context.program << " (build the target " << target << ", or drop --no-build)\n";
      return kExitBadInput;
    }
    results = grade(manifest, command, context);
  }
  print_results(results);
  std::cout << "\nResults, traces and each failing run's output are in " << context.out_dir << "/\n";
  if (!command.json_path.empty() && !write_gradebook(command.json_path, gradebook_json(manifest, command.student, results))) {
    return kExitBadInput;
  }
  bool full = std::all_of(results.begin(), results.end(), [](const TestResult& result) { return result.failures.empty(); });
  return full ? kExitPassed : kExitCheckFailed;
}

}  // namespace dsim::cli
