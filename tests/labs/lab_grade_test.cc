// `dsim lab grade` end to end, on the programs this build made (tests/labs/CMakeLists.txt). Each
// lab promises: its reference solution scores full marks (when built, -DDSIM_LAB_SOLUTIONS=ON),
// its skeleton scores low and its first failure names the TODO that matters, and each broken
// variant loses the points of the test its manifest says targets its mistake.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/cli/lab_manifest.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Graded {
  int exit_code = -1;
  std::string output;
  json gradebook;
};

// Grades `lab` with `flags`, its own results folder, and reads back the gradebook JSON.
Graded grade(const std::string& lab, const std::string& flags) {
  static int counter = 0;
  fs::path out = fs::temp_directory_path() / ("dsim-lab-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
  fs::create_directories(out);
  std::string command = std::string(DSIM_PROGRAM) + " lab grade " + lab + " --no-build --build " + DSIM_BUILD_FOLDER +
                        " --labs " + DSIM_LABS_FOLDER + " --out " + (out / "results").string() + " --json " +
                        (out / "grade.json").string() + " -j 1 " + flags + " > " + (out / "stdout").string() + " 2>&1";
  Graded graded;
  int status = std::system(command.c_str());
  graded.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream text(out / "stdout");
  std::stringstream buffer;
  buffer << text.rdbuf();
  graded.output = buffer.str();
  std::ifstream gradebook(out / "grade.json");
  graded.gradebook = json::parse(gradebook, nullptr, false);
  fs::remove_all(out);
  return graded;
}

const json& test_named(const json& gradebook, const std::string& name) {
  for (const json& test : gradebook.at("tests")) {
    if (test.at("name") == name) return test;
  }
  FAIL("no test named " << name);
  static json none;
  return none;
}

std::vector<std::string> lab_folders() { return dsim::cli::list_lab_folders(DSIM_LABS_FOLDER); }

}  // namespace

TEST_CASE("every lab's skeleton builds, scores low, and its first failure names the TODO that matters") {
  for (const std::string& folder : lab_folders()) {
    dsim::cli::LabManifest manifest = dsim::cli::load_lab_manifest(folder);
    INFO(manifest.id);
    Graded graded = grade(manifest.id, "--seeds 1");
    INFO(graded.output);
    CHECK(graded.exit_code == 1);
    REQUIRE(!graded.gradebook.is_discarded());
    std::int64_t points = graded.gradebook.at("total").at("points");
    std::int64_t max = graded.gradebook.at("total").at("max");
    CHECK(points * 4 <= max);  // a quarter at most
    // The first failure printed is the first failing test's, with its hint naming a TODO, its
    // replay command and the dsim-viz line that opens its trace.
    std::size_t first = graded.output.find(", seed ");
    REQUIRE(first != std::string::npos);
    std::string after = graded.output.substr(first);
    CHECK(after.find("hint:   TODO") != std::string::npos);
    CHECK(after.find("replay: ") != std::string::npos);
    CHECK(after.find("dsim-viz ") != std::string::npos);
  }
}

TEST_CASE("the skeleton of lab 1 fails first on the happy path, which points at TODO 1") {
  Graded graded = grade("01", "--seeds 1");
  INFO(graded.output);
  std::size_t first = graded.output.find(", seed ");
  REQUIRE(first != std::string::npos);
  CHECK(graded.output.substr(0, first).rfind("\nhappy-path") != std::string::npos);
  CHECK(graded.output.find("hint:   TODO 1 ") != std::string::npos);
  CHECK(graded.output.find("all_delivered failed at") != std::string::npos);
}

TEST_CASE("each broken variant loses the points of the test that targets its mistake") {
  for (const std::string& folder : lab_folders()) {
    dsim::cli::LabManifest manifest = dsim::cli::load_lab_manifest(folder);
    CHECK(manifest.broken.size() >= 3);
    for (const auto& [variant, target] : manifest.broken) {
      INFO(manifest.id << " --variant " << variant << " should lose " << target);
      Graded graded = grade(manifest.id, (variant == "spin-forever" ? "--seeds 1 --time-limit 500ms" : "--seeds 3") + std::string(" --variant ") + variant);
      INFO(graded.output);
      REQUIRE(!graded.gradebook.is_discarded());
      const json& test = test_named(graded.gradebook, target);
      CHECK(test.at("points") == 0);
      CHECK(!test.at("failures").empty());
    }
  }
}

TEST_CASE("lab 3's Figure 8 variant loses figure8 on every seed, to leader_completeness") {
  Graded graded = grade("03", "--seeds 3 --variant commit-old-term-by-count");
  INFO(graded.output);
  REQUIRE(!graded.gradebook.is_discarded());
  const json& figure8 = test_named(graded.gradebook, "figure8");
  REQUIRE(figure8.at("failures").size() == 3);  // the schedule is fixed: every seed replays Figure 8
  for (const json& failure : figure8.at("failures")) CHECK(failure.at("check") == "leader_completeness");
}

TEST_CASE("lab 4: the skeleton's first failure is an unanswered client (TODO 1), and a server without sessions is caught by exactly_once") {
  Graded skeleton = grade("04", "--seeds 1");
  INFO(skeleton.output);
  CHECK(skeleton.output.find("happy-path, seed 1: clients_served failed") != std::string::npos);
  CHECK(skeleton.output.find("hint:   TODO 1 and TODO 2 ") != std::string::npos);
  Graded no_sessions = grade("04", "--seeds 5 --variant no-session-dedup");
  INFO(no_sessions.output);
  REQUIRE(!no_sessions.gradebook.is_discarded());
  bool exactly_once = false;
  for (const json& failure : test_named(no_sessions.gradebook, "leader-crash").at("failures")) {
    exactly_once = exactly_once || failure.value("check", "") == "exactly_once";
  }
  CHECK(exactly_once);
  CHECK(no_sessions.output.find("twice") != std::string::npos);
}

TEST_CASE("a run that never ends is killed at the time limit and costs its test, not the grader") {
  Graded graded = grade("01", "--seeds 1 --variant spin-forever --time-limit 500ms");
  INFO(graded.output);
  REQUIRE(!graded.gradebook.is_discarded());
  CHECK(graded.gradebook.at("total").at("points") == 0);
  const json& failure = test_named(graded.gradebook, "happy-path").at("failures").at(0);
  CHECK(failure.at("kind") == "timeout");
  CHECK(failure.at("message").get<std::string>().find("time limit of 500ms") != std::string::npos);
}

TEST_CASE("the gradebook JSON has exactly the keys a course's gradebook reads") {
  Graded graded = grade("01", "--seeds 1 --student alice");
  REQUIRE(!graded.gradebook.is_discarded());
  std::vector<std::string> keys;
  for (const auto& [key, value] : graded.gradebook.items()) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"lab", "student", "tests", "total"});
  CHECK(graded.gradebook.at("lab") == "01-broadcast");
  CHECK(graded.gradebook.at("student") == "alice");
  for (const json& test : graded.gradebook.at("tests")) {
    std::vector<std::string> test_keys;
    for (const auto& [key, value] : test.items()) test_keys.push_back(key);
    CHECK(test_keys == std::vector<std::string>{"failures", "max", "name", "points"});
  }
  std::vector<std::string> total_keys;
  for (const auto& [key, value] : graded.gradebook.at("total").items()) total_keys.push_back(key);
  CHECK(total_keys == std::vector<std::string>{"max", "points"});
}

TEST_CASE("a lab the grader does not know, or a variant it does not have, is one line and exit code 2") {
  Graded unknown = grade("99", "");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.output.find("no lab named '99'") != std::string::npos);
  Graded variant = grade("01", "--variant nosuch");
  CHECK(variant.exit_code == 2);
  CHECK(variant.output.find("has no variant 'nosuch'") != std::string::npos);
}

#if DSIM_LAB_SOLUTIONS_BUILT
TEST_CASE("every lab's reference solution scores full marks (5 seeds here, 100 per test in docs/labs.md)") {
  for (const std::string& folder : lab_folders()) {
    dsim::cli::LabManifest manifest = dsim::cli::load_lab_manifest(folder);
    INFO(manifest.id);
    for (const char* student : {"", "alice"}) {
      Graded graded = grade(manifest.id, std::string("--seeds 5 --solution") + (*student ? " --student " + std::string(student) : ""));
      INFO(graded.output);
      REQUIRE(!graded.gradebook.is_discarded());
      CHECK(graded.exit_code == 0);
      CHECK(graded.gradebook.at("total").at("points") == graded.gradebook.at("total").at("max"));
    }
  }
}
#endif
