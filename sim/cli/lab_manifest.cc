// Reading a lab's tests/manifest.json (lab_manifest.h).
#include "sim/cli/lab_manifest.h"

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "sim/scenario/json_reader.h"
#include "sim/scenario/loader.h"

namespace dsim::cli {
namespace {

// A --set value as text: strings as they are ("150ms"), anything else as JSON ("5", "0.25",
// "[\"150ms\",\"300ms\"]"), which is how --set reads a value back.
std::string set_value_text(const JsonReader& choice) {
  if (choice.is_string()) return choice.string();
  if (choice.json().is_null()) choice.fail_expected("a value to set, not null");
  return choice.json().dump();
}

}  // namespace

LabManifest load_lab_manifest(const std::string& lab_folder) {
  namespace fs = std::filesystem;
  std::string file = (fs::path(lab_folder) / "tests" / "manifest.json").string();
  nlohmann::json json = read_json_file(file);
  JsonReader root(json, file);
  root.expect_keys({"lab", "title", "concepts", "seeds", "tests", "broken"});
  LabManifest manifest;
  manifest.folder = lab_folder;
  manifest.id = root.at("lab").string();
  std::string folder_name = fs::path(lab_folder).filename().string();
  if (manifest.id != folder_name) root.at("lab").fail("the lab's id must be its folder's name, \"" + folder_name + "\"");
  if (manifest.id.size() < 3 || !std::isdigit(static_cast<unsigned char>(manifest.id[0])) ||
      !std::isdigit(static_cast<unsigned char>(manifest.id[1])) || manifest.id[2] != '-') {
    root.at("lab").fail("expected a lab id such as \"01-broadcast\" (two digits, a dash, a name)");
  }
  manifest.number = manifest.id.substr(0, 2);
  manifest.title = root.at("title").string();
  manifest.concepts = root.string_or("concepts", "");
  manifest.seeds = root.integer_or("seeds", manifest.seeds, 1, 10000);
  for (const JsonReader& item : root.at("tests").items()) {
    item.expect_keys({"name", "scenario", "points", "seeds", "time_limit", "hint", "vary"});
    LabTest test;
    test.name = item.at("name").string();
    for (const LabTest& earlier : manifest.tests) {
      if (earlier.name == test.name) item.at("name").fail("a second test named \"" + test.name + "\"");
    }
    JsonReader scenario = item.at("scenario");
    test.scenario = (fs::path(lab_folder) / "tests" / scenario.string()).string();
    if (!fs::is_regular_file(test.scenario)) scenario.fail("no scenario file " + test.scenario);
    test.points = item.at("points").integer(1, 1000);
    test.seeds = item.integer_or("seeds", 0, 1, 10000);
    test.time_limit_us = item.duration_or("time_limit", 30 * kSecond, kMillisecond);
    test.hint = item.string_or("hint", "");
    if (auto vary = item.find("vary")) {
      for (const auto& [path, choices] : vary->json().items()) {
        JsonReader list = vary->at(path);
        std::vector<std::string>& texts = test.vary[path];
        for (const JsonReader& choice : list.items()) texts.push_back(set_value_text(choice));
        if (texts.empty()) list.fail_expected("at least one choice");
      }
    }
    manifest.tests.push_back(std::move(test));
  }
  if (manifest.tests.empty()) root.at("tests").fail_expected("at least one test");
  if (auto broken = root.find("broken")) {
    for (const auto& [name, target] : broken->json().items()) {
      std::string test = broken->at(name).string();
      bool known = std::any_of(manifest.tests.begin(), manifest.tests.end(), [&](const LabTest& t) { return t.name == test; });
      if (!known) broken->at(name).fail("no test named \"" + test + "\" in this manifest");
      manifest.broken[name] = test;
    }
  }
  return manifest;
}

std::vector<std::string> list_lab_folders(const std::string& labs_dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> folders;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(labs_dir, error)) {
    if (entry.is_directory() && fs::is_regular_file(entry.path() / "tests" / "manifest.json")) {
      folders.push_back(entry.path().string());
    }
  }
  std::sort(folders.begin(), folders.end());
  return folders;
}

}  // namespace dsim::cli
