// The isolation matrix: each test at every level of both flavours, with its outcome and why.
// `dsim txn-matrix` runs it over the txn-isolation scenarios of the library and prints it (sim/cli);
// docs/concepts/isolation.md compares it, cell by cell, with the published Hermitage results.
#pragma once

#include <string>
#include <vector>

#include "sim/protocols/txn/isolation/interleaving.h"

namespace dsim::txn::isolation {

struct MatrixCell {
  Flavour flavour = Flavour::postgres;
  Level level = Level::read_committed;
  std::string test;      // the test's name: "g0", "p4", "seat-for-update"
  Outcome outcome = Outcome::nowait;
  std::string verdict;   // one line: why
};

inline constexpr Flavour kMatrixFlavours[] = {Flavour::postgres, Flavour::mysql};
inline constexpr Level kMatrixLevels[] = {Level::read_uncommitted, Level::read_committed, Level::repeatable_read,
                                          Level::serializable};

// Runs every test under postgres then mysql, each level from read uncommitted to serializable,
// the tests in the order given. Deterministic: the same cells every time.
std::vector<MatrixCell> txn_matrix(const std::vector<InterleavingTest>& tests);

}  // namespace dsim::txn::isolation
