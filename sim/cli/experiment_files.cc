// Files and numbers for the thesis experiments' commands (see experiment_files.h).
#include "sim/cli/experiment_files.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace dsim::cli {

std::string write_experiment_file(const std::string& dir, const std::string& name, const std::string& text) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  std::filesystem::path path = std::filesystem::path(dir) / name;
  if (!error) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (out) return path.string();
  }
  std::cerr << "dsim: --out: cannot write " << name << " into " << dir << "\n";
  return "";
}

std::string milliseconds_text(DurationUs us) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(us) / 1000.0);
  return buffer;
}

}  // namespace dsim::cli
