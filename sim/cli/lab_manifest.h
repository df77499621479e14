// A lab as the grader sees it: labs/NN-name/tests/manifest.json (docs/labs.md, "The manifest").
// Read through JsonReader, so a mistake in a manifest names the file, the JSON path and what was
// expected, like a mistake in a scenario.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/core/time.h"

namespace dsim::cli {

struct LabTest {
  std::string name;             // "lossy-links"
  std::string scenario;         // the scenario file's path (made absolute from the manifest's folder)
  std::int64_t points = 0;      // earned only when every seed passes
  std::int64_t seeds = 0;       // 0: the grader's --seeds (or the manifest's default)
  DurationUs time_limit_us = 0; // wall time one run may take before it is killed
  std::string hint;             // printed under a failure: which TODO this test exercises
  std::map<std::string, std::vector<std::string>> vary;  // --student variations (lab_seeds.h)
};

struct LabManifest {
  std::string id;          // the folder's name, "01-broadcast"
  std::string number;      // "01": targets are lab_01_student, lab_01_solution, lab_01_broken_<name>
  std::string folder;      // labs/01-broadcast
  std::string title;
  std::string concepts;    // the concepts page it relies on
  std::int64_t seeds = 5;  // seeds per test unless a test or --seeds says otherwise
  std::vector<LabTest> tests;
  std::map<std::string, std::string> broken;  // broken variant -> the test that must catch it
};

// Throws ScenarioError (file, path, expectation) on a bad manifest.
LabManifest load_lab_manifest(const std::string& lab_folder);

// Every labs/NN-name folder with a tests/manifest.json, in name order.
std::vector<std::string> list_lab_folders(const std::string& labs_dir);

}  // namespace dsim::cli
