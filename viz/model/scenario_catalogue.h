// The scenario browser's catalogue: the scenario files under a folder, grouped by subject (the
// first folder below it: raft, broadcast, txn, ...), each with the name, title, summary, lessons
// and protocol its file declares. Scanning never throws: a file that cannot be read or parsed is
// listed with its one-line error. Subjects and files are sorted by name, so the list is the same
// on every machine and every run.
#pragma once

#include <string>
#include <vector>

namespace dsim::viz {

struct CatalogueEntry {
  std::string path;       // as found under the scanned folder: "scenarios/raft/leader-crash.json"
  std::string file_name;  // "leader-crash.json" (relative to its subject folder when nested deeper)
  std::string name;       // the file's "name", e.g. "raft/leader-crash"
  std::string title;      // the file's "title"; its file name without ".json" when it has none
  std::string summary;
  std::vector<std::string> learn;
  std::string protocol;
  std::string error;  // "scenarios/raft/x.json: line 3, column 5: invalid JSON: ..."; "" when read

  bool ok() const { return error.empty(); }
};

struct CatalogueSubject {
  std::string name;  // the folder's name; "" for files directly in the scanned folder
  std::vector<CatalogueEntry> scenarios;
};

struct ScenarioCatalogue {
  std::string directory;
  std::vector<CatalogueSubject> subjects;
  std::string error;  // the folder itself could not be read; "" otherwise

  std::size_t scenario_count() const;
};

// Every *.json file under `directory` (at any depth), grouped and sorted.
ScenarioCatalogue scan_scenarios(const std::string& directory);

// Which folder the browser lists, first match wins: `flag` (--scenarios DIR) when given, else
// "./scenarios" when it is a folder, else `built_in` (the source tree's scenarios, compiled in).
// Returns "" when none of them is a folder, except that an explicit flag is returned as given so
// that the browser can say what is wrong with it.
std::string find_scenarios_directory(const std::string& flag, const std::string& built_in);

}  // namespace dsim::viz
