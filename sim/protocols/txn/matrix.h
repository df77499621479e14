// The isolation matrix: every classic test at every level of both flavours, with its outcome.
// `dsim txn-matrix` prints it (format_txn_matrix) or writes it as JSON (txn_matrix_json);
// docs/concepts/isolation.md compares it, cell by cell, with the published Hermitage results.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/protocols/txn/interleaving.h"
#include "sim/protocols/txn/types.h"

namespace dsim::txn {

struct MatrixCell {
  Flavour flavour = Flavour::postgres;
  Level level = Level::read_committed;
  std::string test;      // the test's name: "g0", "p4", "seat-for-update"
  Outcome outcome = Outcome::nowait;
  std::string verdict;   // one line: why
};

// Runs every classic test (classic_tests.h) under postgres then mysql, each level from read
// uncommitted to serializable. Deterministic: the same cells every time.
std::vector<MatrixCell> txn_matrix();
// The same for any list of tests.
std::vector<MatrixCell> txn_matrix(const std::vector<InterleavingTest>& tests);

// A table: one row per test, one column per flavour × level ("pg RU", ..., "my SR").
std::string format_txn_matrix(const std::vector<MatrixCell>& cells);
// [{"flavour": "postgres", "level": "read-committed", "test": "p4", "outcome": "allowed"}, ...]
nlohmann::json txn_matrix_json(const std::vector<MatrixCell>& cells);

}  // namespace dsim::txn
