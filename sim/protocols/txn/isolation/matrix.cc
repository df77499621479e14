// Builds the isolation matrix (see matrix.h).
#include "sim/protocols/txn/isolation/matrix.h"

namespace dsim::txn::isolation {

std::vector<MatrixCell> txn_matrix(const std::vector<InterleavingTest>& tests) {
  std::vector<MatrixCell> cells;
  for (Flavour flavour : kMatrixFlavours)
    for (Level level : kMatrixLevels)
      for (const InterleavingTest& test : tests) {
        InterleavingOutcome outcome = run_interleaving(flavour, level, test);
        cells.push_back(MatrixCell{flavour, level, test.name, outcome.outcome, outcome.verdict});
      }
  return cells;
}

}  // namespace dsim::txn::isolation
