// Builds and prints the isolation matrix.
#include "sim/protocols/txn/matrix.h"

#include <algorithm>
#include <map>

#include "sim/protocols/txn/classic_tests.h"

namespace dsim::txn {

namespace {
constexpr Flavour kFlavours[] = {Flavour::postgres, Flavour::mysql};
constexpr Level kLevels[] = {Level::read_uncommitted, Level::read_committed, Level::repeatable_read, Level::serializable};

const char* level_abbreviation(Level level) {
  switch (level) {
    case Level::read_uncommitted: return "RU";
    case Level::read_committed: return "RC";
    case Level::repeatable_read: return "RR";
    case Level::serializable: return "SR";
  }
  return "?";
}
}  // namespace

std::vector<MatrixCell> txn_matrix(const std::vector<InterleavingTest>& tests) {
  std::vector<MatrixCell> cells;
  for (Flavour flavour : kFlavours)
    for (Level level : kLevels)
      for (const InterleavingTest& test : tests) {
        InterleavingOutcome outcome = run_interleaving(flavour, level, test);
        cells.push_back(MatrixCell{flavour, level, test.name, outcome.outcome, outcome.verdict});
      }
  return cells;
}

std::vector<MatrixCell> txn_matrix() { return txn_matrix(classic_tests()); }

std::string format_txn_matrix(const std::vector<MatrixCell>& cells) {
  std::string out;
  std::vector<std::string> tests;
  std::map<std::pair<std::string, std::string>, std::string> table;  // (test, column) -> outcome
  std::vector<std::string> columns;
  for (const MatrixCell& cell : cells) {
    if (std::find(tests.begin(), tests.end(), cell.test) == tests.end()) tests.push_back(cell.test);
    std::string column = std::string(cell.flavour == Flavour::postgres ? "pg " : "my ") + level_abbreviation(cell.level);
    if (std::find(columns.begin(), columns.end(), column) == columns.end()) columns.push_back(column);
    table[{cell.test, column}] = outcome_name(cell.outcome);
  }
  std::size_t first_width = 4;
  for (const std::string& test : tests) first_width = std::max(first_width, test.size());
  std::size_t width = 15;  // "abort-at-commit"
  auto pad = [](const std::string& text, std::size_t to) { return text + std::string(to > text.size() ? to - text.size() : 0, ' '); };
  std::string header = pad("test", first_width);
  for (const std::string& column : columns) header += "  " + pad(column, width);
  out += header.substr(0, header.find_last_not_of(' ') + 1) + "\n";
  for (const std::string& test : tests) {
    std::string line = pad(test, first_width);
    for (const std::string& column : columns) {
      auto found = table.find({test, column});
      line += "  " + pad(found == table.end() ? "-" : found->second, width);
    }
    out += line.substr(0, line.find_last_not_of(' ') + 1) + "\n";
  }
  out += "\nallowed: the anomaly happened. block: prevented by a lock wait. abort: a statement failed at once.\n"
         "wait-abort: the error came after a wait. abort-at-commit: SSI failed the COMMIT.\n"
         "nowait: prevented without waiting or aborting (readers saw committed or snapshot versions).\n";
  return out;
}

nlohmann::json txn_matrix_json(const std::vector<MatrixCell>& cells) {
  nlohmann::json out = nlohmann::json::array();
  for (const MatrixCell& cell : cells) {
    out.push_back(nlohmann::json{{"flavour", flavour_name(cell.flavour)},
                                 {"level", level_name(cell.level)},
                                 {"test", cell.test},
                                 {"outcome", outcome_name(cell.outcome)}});
  }
  return out;
}

}  // namespace dsim::txn
