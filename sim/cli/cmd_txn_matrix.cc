// `dsim txn-matrix`: every step-by-step isolation scenario of the library, at every isolation level
// of the PostgreSQL and InnoDB flavours, as one table (docs/concepts/isolation.md explains each cell).
#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>

#include <nlohmann/json.hpp>

#include "sim/cli/commands.h"
#include "sim/cli/isolation_library.h"
#include "sim/cli/scenario_library.h"
#include "sim/protocols/txn/isolation/matrix.h"
#include "sim/scenario/json_reader.h"

namespace dsim::cli {
namespace {

using txn::isolation::MatrixCell;

const char* level_abbreviation(txn::Level level) {
  switch (level) {
    case txn::Level::read_uncommitted: return "RU";
    case txn::Level::read_committed: return "RC";
    case txn::Level::repeatable_read: return "RR";
    case txn::Level::serializable: return "SR";
  }
  return "?";
}

// A table: one row per test, one column per flavour × level ("pg RU", ..., "my SR").
void print_table(std::ostream& out, const std::vector<MatrixCell>& cells) {
  std::vector<std::string> tests;
  std::map<std::pair<std::string, std::string>, std::string> table;  // (test, column) -> outcome
  std::vector<std::string> columns;
  for (const MatrixCell& cell : cells) {
    if (std::find(tests.begin(), tests.end(), cell.test) == tests.end()) tests.push_back(cell.test);
    std::string column = std::string(cell.flavour == txn::Flavour::postgres ? "pg " : "my ") + level_abbreviation(cell.level);
    if (std::find(columns.begin(), columns.end(), column) == columns.end()) columns.push_back(column);
    table[{cell.test, column}] = outcome_name(cell.outcome);
  }
  std::size_t first_width = 4;
  for (const std::string& test : tests) first_width = std::max(first_width, test.size());
  std::size_t width = 15;  // "abort-at-commit"
  auto pad = [](const std::string& text, std::size_t to) { return text + std::string(to > text.size() ? to - text.size() : 0, ' '); };
  std::string header = pad("test", first_width);
  for (const std::string& column : columns) header += "  " + pad(column, width);
  out << header.substr(0, header.find_last_not_of(' ') + 1) << "\n";
  for (const std::string& test : tests) {
    std::string line = pad(test, first_width);
    for (const std::string& column : columns) {
      auto found = table.find({test, column});
      line += "  " + pad(found == table.end() ? "-" : found->second, width);
    }
    out << line.substr(0, line.find_last_not_of(' ') + 1) << "\n";
  }
  out << "\nallowed: the anomaly happened. block: prevented by a lock wait. abort: a statement failed at once.\n"
         "wait-abort: the error came after a wait. abort-at-commit: SSI failed the COMMIT.\n"
         "nowait: prevented without waiting or aborting (readers saw committed or snapshot versions).\n";
}

// [{"flavour": "postgres", "level": "read-committed", "test": "p4", "outcome": "allowed"}, ...]
nlohmann::json cells_json(const std::vector<MatrixCell>& cells) {
  nlohmann::json out = nlohmann::json::array();
  for (const MatrixCell& cell : cells) {
    out.push_back(nlohmann::json{{"flavour", flavour_name(cell.flavour)},
                                 {"level", level_name(cell.level)},
                                 {"test", cell.test},
                                 {"outcome", outcome_name(cell.outcome)}});
  }
  return out;
}

}  // namespace

int txn_matrix_command(const TxnMatrixCommand& command) {
  std::vector<txn::isolation::InterleavingTest> tests;
  try {
    tests = isolation_library_tests(scenario_library_dir(command.scenarios_dir));
  } catch (const ScenarioError& error) {
    std::cerr << "dsim: " << error.what() << "\n";
    return kExitBadInput;
  }
  if (tests.empty()) {
    std::cerr << "dsim: txn-matrix: the scenario library (" << scenario_library_dir(command.scenarios_dir)
              << ") holds no txn-isolation scenario\n";
    return kExitBadInput;
  }
  std::vector<MatrixCell> cells = txn::isolation::txn_matrix(tests);
  if (!command.json_path.empty()) {
    std::string text = cells_json(cells).dump(2) + "\n";
    if (command.json_path == "-") {
      std::cout << text;
      return kExitPassed;
    }
    std::ofstream out(command.json_path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) {
      std::cerr << "dsim: --json: cannot write " << command.json_path << "\n";
      return kExitBadInput;
    }
  }
  print_table(std::cout, cells);
  if (command.verdicts) {
    std::cout << "\nWhy, cell by cell\n";
    for (const MatrixCell& cell : cells) {
      std::cout << "  " << flavour_name(cell.flavour) << " " << level_name(cell.level) << " " << cell.test << ": " << cell.verdict
                << "\n";
    }
  }
  return kExitPassed;
}

}  // namespace dsim::cli
