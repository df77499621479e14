#include <catch2/catch.hpp>

#include <sstream>

#include "sim/protocols/txn/matrix.h"

using namespace dsim::txn;

TEST_CASE("the matrix prints") {
  std::ostringstream out;
  print_txn_matrix(out, txn_matrix());
  WARN(out.str());
}
