// The simulator's purity rule (STYLE.md §1, §3; DESIGN.md "The one loop"): nothing under sim/core
// or sim/protocols reads the wall clock, starts a thread, does I/O, or draws from <random>'s
// engines and distributions, whose algorithms differ between standard libraries. A run must be a
// function of its scenario and seed alone. This test reads every source file there and fails on
// any include or use that breaks the rule, naming the file and line.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr const char* kForbiddenHeaders[] = {
    "<chrono>",   "<thread>",    "<mutex>",    "<future>",  "<condition_variable>", "<random>",
    "<iostream>", "<fstream>",   "<ostream>",  "<istream>", "<cstdio>",             "<stdio.h>",
    "<ctime>",    "<time.h>",    "<sys/time.h>", "<filesystem>", "<unistd.h>",
};

constexpr const char* kForbiddenUses[] = {
    "std::chrono",  "std::thread",  "std::jthread", "std::random_device", "std::mt19937",
    "std::minstd_rand", "std::default_random_engine", "_distribution<", "std::shuffle(",
    "std::rand(",   "srand(",       "std::time(",  "std::cout",  "std::cerr", "std::clog",
    "printf(",      "getenv(",      "std::ofstream", "std::ifstream",
};

// The one file allowed to write: a failed DSIM_ASSERT reports to stderr before it aborts.
bool allowed(const std::string& path, const std::string& what) {
  bool report = path.size() >= 18 && path.compare(path.size() - 18, 18, "sim/core/assert.cc") == 0;
  return report && (what == "<cstdio>" || what == "printf(");
}

// Findings in one file's text, "path:line: what".
std::vector<std::string> findings_in(const std::string& path, const std::string& text) {
  std::vector<std::string> found;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    std::string code = line.substr(0, line.find("//"));  // a comment may name what it avoids
    bool include = code.find("#include") != std::string::npos;
    for (const char* header : kForbiddenHeaders) {
      if (include && code.find(header) != std::string::npos && !allowed(path, header)) {
        found.push_back(path + ":" + std::to_string(number) + ": includes " + header);
      }
    }
    for (const char* use : kForbiddenUses) {
      if (!include && code.find(use) != std::string::npos && !allowed(path, use)) {
        found.push_back(path + ":" + std::to_string(number) + ": uses " + use);
      }
    }
  }
  return found;
}

std::string source_dir() {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  return root ? root : ".";
}

}  // namespace

TEST_CASE("no file under sim/core or sim/protocols reads the clock, starts a thread, does I/O or uses <random>") {
  std::vector<std::string> findings;
  std::size_t files = 0;
  for (const char* folder : {"sim/core", "sim/protocols"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(source_dir() + "/" + folder)) {
      std::string extension = entry.path().extension().string();
      if (extension != ".h" && extension != ".cc") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      std::string relative = std::filesystem::relative(entry.path(), source_dir()).string();
      for (std::string& finding : findings_in(relative, text.str())) findings.push_back(std::move(finding));
      ++files;
    }
  }
  CHECK(files > 50);
  std::string report;
  for (const std::string& finding : findings) report += finding + "\n";
  INFO(report);
  CHECK(findings.empty());
}

TEST_CASE("the purity scan finds each kind of breach, and spares comments and the assertion reporter") {
  CHECK(findings_in("sim/protocols/x/node.cc", "#include <chrono>\n") ==
        std::vector<std::string>{"sim/protocols/x/node.cc:1: includes <chrono>"});
  CHECK(findings_in("sim/core/a.cc", "int x;\n  std::uniform_int_distribution<int> d(1, 6);\n") ==
        std::vector<std::string>{"sim/core/a.cc:2: uses _distribution<"});
  CHECK(findings_in("sim/core/a.cc", "std::thread worker([] {});\n").size() == 1);
  CHECK(findings_in("sim/core/a.cc", "auto now = std::chrono::steady_clock::now();\n").size() == 1);
  CHECK(findings_in("sim/core/a.cc", "std::cout << 1;\n").size() == 1);
  CHECK(findings_in("sim/core/a.cc", "// no <chrono> here, and no std::thread\n").empty());
  CHECK(findings_in("sim/core/assert.cc", "#include <cstdio>\n  std::fprintf(stderr, \"x\");\n").empty());
  CHECK(findings_in("sim/core/time.cc", "#include <cstdio>\n").size() == 1);
}
