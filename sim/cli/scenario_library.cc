#include "sim/cli/scenario_library.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "sim/cli/program.h"
#include "sim/runner/builtin_registry.h"
#include "sim/scenario/json_reader.h"
#include "sim/scenario/library_names.h"

namespace dsim::cli {

namespace fs = std::filesystem;

std::string scenario_library_dir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("DSIM_SCENARIOS"); env && *env) return env;
  std::error_code error;
  if (fs::is_directory("scenarios", error)) return "scenarios";
  return DSIM_DEFAULT_SCENARIOS_DIR;
}

std::string resolve_scenario(const std::string& name_or_path, const std::string& library_flag) {
  std::error_code error;
  if (fs::is_regular_file(name_or_path, error)) return name_or_path;
  fs::path candidate = fs::path(scenario_library_dir(library_flag)) / (name_or_path + ".json");
  if (name_or_path.find(".json") == std::string::npos && fs::is_regular_file(candidate, error)) {
    return candidate.string();
  }
  return name_or_path;
}

std::string resolve_scenario_or_explain(const std::string& name_or_path, const std::string& library_flag) {
  std::string path = resolve_scenario(name_or_path, library_flag);
  std::error_code error;
  if (fs::is_regular_file(path, error) && looks_like_trace_file(path)) {
    throw ScenarioError(path, "", "this is a trace, not a scenario: open it with " +
                                      sibling_program_command("dsim-viz") + " " + shell_quote(path) +
                                      ", or re-judge it with " + program_command() + " check " + shell_quote(path));
  }
  if (fs::exists(path, error)) return path;
  std::string library = scenario_library_dir(library_flag);
  std::vector<std::string> nearest = nearest_names(name_or_path, library_scenario_names(library));
  std::string message = "no such file, and no scenario of that name in the library (" + library + ")";
  if (!nearest.empty()) {
    message += "; did you mean ";
    for (std::size_t i = 0; i < nearest.size(); ++i) message += (i == 0 ? "" : i + 1 == nearest.size() ? " or " : ", ") + nearest[i];
    message += "?";
  } else {
    message += "; " + program_command() + " list shows the library";
  }
  throw ScenarioError(name_or_path, "", message);
}

std::vector<std::string> library_files(const std::string& library_dir) {
  std::vector<std::string> files;
  std::error_code error;
  if (!fs::is_directory(library_dir, error)) return files;
  for (auto it = fs::recursive_directory_iterator(library_dir, error); it != fs::recursive_directory_iterator();
       it.increment(error)) {
    if (error) break;
    if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace dsim::cli
