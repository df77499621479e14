// The scenario browser's catalogue: subjects, titles and summaries read from files written here,
// a malformed file listed with its error instead of stopping the scan, a stable order, and every
// subject of the real scenarios/ folder listed.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "viz/model/scenario_catalogue.h"

using namespace dsim::viz;
namespace fs = std::filesystem;

namespace {

// A fresh folder under the system's temp folder, removed at the end of the test.
class TempFolder {
 public:
  explicit TempFolder(const std::string& name) : path_(fs::temp_directory_path() / ("dsim-catalogue-" + name)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((path_ / relative).parent_path());
    std::ofstream(path_ / relative) << text;
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string scenario_json(const std::string& name, const std::string& title, const std::string& summary) {
  return "{\"name\":\"" + name + "\",\"title\":\"" + title + "\",\"summary\":\"" + summary +
         "\",\"learn\":[\"one thing\",\"another\"],\"protocol\":\"raft\",\"nodes\":3}";
}

}  // namespace

TEST_CASE("the catalogue groups scenario files by subject folder with their titles and summaries", "[viz][catalogue]") {
  TempFolder folder("subjects");
  folder.write("raft/leader-crash.json", scenario_json("raft/leader-crash", "Raft: the leader crashes", "The leader dies at 3 s."));
  folder.write("raft/first-election.json", scenario_json("raft/first-election", "Raft: the first election", "Three servers elect."));
  folder.write("gossip/rumour.json", scenario_json("gossip/rumour", "Gossip: a rumour spreads", "Epidemic spread."));
  folder.write("raft/notes.txt", "not a scenario");

  ScenarioCatalogue catalogue = scan_scenarios(folder.path());
  CHECK(catalogue.error.empty());
  REQUIRE(catalogue.subjects.size() == 2);
  CHECK(catalogue.subjects[0].name == "gossip");
  CHECK(catalogue.subjects[1].name == "raft");
  CHECK(catalogue.scenario_count() == 3);
  const auto& raft = catalogue.subjects[1].scenarios;
  REQUIRE(raft.size() == 2);
  CHECK(raft[0].file_name == "first-election.json");
  CHECK(raft[0].title == "Raft: the first election");
  CHECK(raft[1].name == "raft/leader-crash");
  CHECK(raft[1].summary == "The leader dies at 3 s.");
  CHECK(raft[1].protocol == "raft");
  CHECK(raft[1].learn == std::vector<std::string>{"one thing", "another"});
  CHECK(raft[1].path == (fs::path(folder.path()) / "raft" / "leader-crash.json").generic_string());
  CHECK(raft[1].ok());
}

TEST_CASE("a file that does not parse is listed with its one-line error and the rest still load", "[viz][catalogue]") {
  TempFolder folder("malformed");
  folder.write("raft/good.json", scenario_json("raft/good", "Good", "Fine."));
  folder.write("raft/broken.json", "{\n  \"name\": \"raft/broken\",\n  \"title\": \n}\n");
  folder.write("raft/wrong-type.json", "{\"title\": 42}");

  ScenarioCatalogue catalogue = scan_scenarios(folder.path());
  REQUIRE(catalogue.subjects.size() == 1);
  const auto& entries = catalogue.subjects[0].scenarios;
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].file_name == "broken.json");
  CHECK_FALSE(entries[0].ok());
  CHECK(entries[0].error.find("broken.json") != std::string::npos);
  CHECK(entries[0].error.find("line 4") != std::string::npos);  // the '}' where a value was due
  CHECK(entries[0].error.find('\n') == std::string::npos);
  CHECK(entries[0].title == "broken");  // the file name stands in for the title
  CHECK(entries[1].ok());
  CHECK(entries[1].title == "Good");
  CHECK_FALSE(entries[2].ok());
  CHECK(entries[2].error.find("title") != std::string::npos);
}

TEST_CASE("the catalogue's order does not depend on the order files were created", "[viz][catalogue]") {
  TempFolder first("order-a");
  TempFolder second("order-b");
  for (const char* name : {"c", "a", "b"}) first.write(std::string("x/") + name + ".json", scenario_json(name, name, ""));
  for (const char* name : {"b", "c", "a"}) second.write(std::string("x/") + name + ".json", scenario_json(name, name, ""));
  first.write("top.json", scenario_json("top", "Top level", ""));
  second.write("top.json", scenario_json("top", "Top level", ""));
  auto titles = [](const ScenarioCatalogue& catalogue) {
    std::vector<std::string> out;
    for (const auto& subject : catalogue.subjects) {
      for (const auto& entry : subject.scenarios) out.push_back(subject.name + "/" + entry.title);
    }
    return out;
  };
  std::vector<std::string> expected = {"/Top level", "x/a", "x/b", "x/c"};
  CHECK(titles(scan_scenarios(first.path())) == expected);
  CHECK(titles(scan_scenarios(second.path())) == expected);
}

TEST_CASE("a missing scenarios folder is one error, not a crash", "[viz][catalogue]") {
  ScenarioCatalogue catalogue = scan_scenarios("/no/such/folder/scenarios");
  CHECK(catalogue.subjects.empty());
  CHECK(catalogue.error.find("/no/such/folder/scenarios") != std::string::npos);
}

TEST_CASE("the browser's folder is the flag, else ./scenarios, else the built-in one", "[viz][catalogue]") {
  TempFolder built_in("built-in");
  CHECK(find_scenarios_directory("my/own", built_in.path()) == "my/own");
  // ctest runs this from the source tree, which has ./scenarios.
  fs::path saved = fs::current_path();
  TempFolder elsewhere("cwd");
  fs::current_path(elsewhere.path());
  CHECK(find_scenarios_directory("", built_in.path()) == built_in.path());
  CHECK(find_scenarios_directory("", "/no/such/folder").empty());
  fs::create_directories("scenarios");
  CHECK(find_scenarios_directory("", built_in.path()) == "scenarios");
  fs::current_path(saved);
}

TEST_CASE("the real scenarios folder lists every subject and every file reads cleanly", "[viz][catalogue]") {
  const char* root = std::getenv("DSIM_SOURCE_DIR");
  REQUIRE(root != nullptr);
  fs::path scenarios = fs::path(root) / "scenarios";
  std::set<std::string> subject_folders;
  std::size_t files = 0;
  for (const auto& entry : fs::directory_iterator(scenarios)) {
    if (!entry.is_directory()) continue;
    subject_folders.insert(entry.path().filename().string());
    for (const auto& file : fs::recursive_directory_iterator(entry.path())) files += file.path().extension() == ".json";
  }
  REQUIRE(subject_folders.count("raft") == 1);

  ScenarioCatalogue catalogue = scan_scenarios(scenarios.string());
  std::set<std::string> listed;
  for (const auto& subject : catalogue.subjects) {
    listed.insert(subject.name);
    for (const auto& entry : subject.scenarios) {
      INFO(entry.path);
      CHECK(entry.ok());
      CHECK_FALSE(entry.summary.empty());
      CHECK(entry.title != fs::path(entry.path).stem().string());  // a real title, not the fallback
    }
  }
  CHECK(listed == subject_folders);
  CHECK(catalogue.scenario_count() == files);
}
