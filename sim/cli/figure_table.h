// Printing an experiment's figures beside their references, with the band each is judged by, the
// trials behind it and the verdict; then each band rule once. Used by demers and swim.
#pragma once

#include <cstddef>
#include <vector>

#include "sim/experiments/figure_check.h"

namespace dsim::cli {

// Prints the table and the rules; returns how many judged figures fall outside their bands.
std::size_t print_figure_table(const std::vector<experiments::FigureCheck>& figures);
// "PASS: all N judged figures inside their bands" or "FAIL: ...", and the exit code to return.
int print_figure_verdict(const std::vector<experiments::FigureCheck>& figures, std::size_t outside);

}  // namespace dsim::cli
