// Library names and the nearest ones to a mistyped name (library_names.h).
#include "sim/scenario/library_names.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <tuple>

#include "sim/scenario/text.h"

namespace dsim {

namespace fs = std::filesystem;

std::vector<std::string> library_scenario_names(const std::string& library_dir) {
  std::vector<std::string> names;
  std::error_code error;
  if (!fs::is_directory(library_dir, error)) return names;
  for (auto subject = fs::directory_iterator(library_dir, error); !error && subject != fs::directory_iterator();
       subject.increment(error)) {
    if (!subject->is_directory(error)) continue;
    for (auto file = fs::directory_iterator(subject->path(), error); !error && file != fs::directory_iterator();
         file.increment(error)) {
      if (file->path().extension() != ".json") continue;
      names.push_back(subject->path().filename().string() + "/" + file->path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> nearest_names(const std::string& typed, const std::vector<std::string>& names,
                                       std::size_t limit) {
  std::string slug = typed.substr(typed.find('/') == std::string::npos ? 0 : typed.find('/') + 1);
  std::vector<std::tuple<std::size_t, std::string>> ranked;  // (distance, name)
  std::size_t allowed = std::max<std::size_t>(2, typed.size() / 3);
  for (const std::string& name : names) {
    std::size_t distance = edit_distance(typed, name);
    bool contains = slug.size() >= 3 && name.find(slug) != std::string::npos;
    if (distance <= allowed || contains) ranked.emplace_back(contains ? std::min(distance, allowed) : distance, name);
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::string> nearest;
  for (const auto& [distance, name] : ranked) {
    if (nearest.size() == limit) break;
    nearest.push_back(name);
  }
  return nearest;
}

bool looks_like_trace_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string first(4096, '\0');
  in.read(first.data(), static_cast<std::streamsize>(first.size()));
  first.resize(static_cast<std::size_t>(in.gcount()));
  first = first.substr(0, first.find('\n'));
  return first.find("\"format\":\"dsim-trace\"") != std::string::npos;
}

}  // namespace dsim
