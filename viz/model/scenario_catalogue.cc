// Scanning a scenarios folder for the browser. Reads only the descriptive keys; the full
// validation happens when a scenario is opened (the same loader as `dsim run`).

#include "viz/model/scenario_catalogue.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <map>
#include <system_error>

#include <nlohmann/json.hpp>

#include "sim/scenario/json_reader.h"
#include "sim/scenario/loader.h"

namespace dsim::viz {

namespace fs = std::filesystem;

namespace {

CatalogueEntry read_entry(const fs::path& file, const fs::path& subject_folder) {
  CatalogueEntry entry;
  entry.path = file.generic_string();
  entry.file_name = file.lexically_relative(subject_folder).generic_string();
  entry.title = file.stem().string();
  try {
    nlohmann::json json = read_json_file(entry.path);
    JsonReader root(json, entry.path);
    if (!root.is_object()) root.fail_expected("a scenario object");
    entry.name = root.string_or("name", "");
    entry.title = root.string_or("title", entry.title);
    entry.summary = root.string_or("summary", "");
    entry.protocol = root.string_or("protocol", "");
    if (auto learn = root.find("learn")) {
      for (const JsonReader& item : learn->items()) entry.learn.push_back(item.string());
    }
  } catch (const std::exception& error) {
    entry.error = error.what();
  }
  return entry;
}

}  // namespace

std::size_t ScenarioCatalogue::scenario_count() const {
  std::size_t count = 0;
  for (const CatalogueSubject& subject : subjects) count += subject.scenarios.size();
  return count;
}

ScenarioCatalogue scan_scenarios(const std::string& directory) {
  ScenarioCatalogue catalogue;
  catalogue.directory = directory;
  std::error_code error;
  if (!fs::is_directory(directory, error)) {
    catalogue.error = directory + ": not a folder of scenarios";
    return catalogue;
  }
  // Sorted maps: the directory iterator's order differs between file systems.
  std::map<std::string, std::map<std::string, fs::path>> files_by_subject;
  const fs::path root(directory);
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const fs::path& file = it->path();
    std::error_code not_a_file;
    if (file.extension() != ".json" || !it->is_regular_file(not_a_file)) continue;
    fs::path relative = file.lexically_relative(root);
    std::string subject = std::distance(relative.begin(), relative.end()) > 1 ? relative.begin()->string() : "";
    files_by_subject[subject][relative.generic_string()] = file;
  }
  if (error) {
    catalogue.error = directory + ": " + error.message();
    return catalogue;
  }
  for (const auto& [subject, files] : files_by_subject) {
    CatalogueSubject group;
    group.name = subject;
    for (const auto& [relative, file] : files) group.scenarios.push_back(read_entry(file, subject.empty() ? root : root / subject));
    catalogue.subjects.push_back(std::move(group));
  }
  return catalogue;
}

std::string find_scenarios_directory(const std::string& flag, const std::string& built_in) {
  if (!flag.empty()) return flag;
  std::error_code error;
  if (fs::is_directory("scenarios", error)) return "scenarios";
  if (!built_in.empty() && fs::is_directory(built_in, error)) return built_in;
  return {};
}

}  // namespace dsim::viz
