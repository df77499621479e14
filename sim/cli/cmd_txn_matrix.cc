// `dsim txn-matrix`: every anomaly test and ticket pattern, at every isolation level of the
// PostgreSQL and InnoDB flavours, as one table (docs/concepts/isolation.md explains each cell).
#include <fstream>
#include <iostream>

#include "sim/cli/commands.h"
#include "sim/protocols/txn/matrix.h"

namespace dsim::cli {

int txn_matrix_command(const TxnMatrixCommand& command) {
  std::vector<txn::MatrixCell> cells = txn::txn_matrix();
  if (!command.json_path.empty()) {
    std::string text = txn::txn_matrix_json(cells).dump(2) + "\n";
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
  std::cout << txn::format_txn_matrix(cells);
  if (command.verdicts) {
    std::cout << "\nWhy, cell by cell\n";
    for (const txn::MatrixCell& cell : cells) {
      std::cout << "  " << txn::flavour_name(cell.flavour) << " " << txn::level_name(cell.level) << " " << cell.test
                << ": " << cell.verdict << "\n";
    }
  }
  return kExitPassed;
}

}  // namespace dsim::cli
