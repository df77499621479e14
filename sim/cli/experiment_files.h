// What the thesis experiments' commands share: writing a file into --out and printing times.
#pragma once

#include <string>

#include "sim/core/time.h"

namespace dsim::cli {

// Creates `dir` if needed and writes `text` to dir/name. Returns the path written, or "" after
// printing one line on stderr that names the folder.
std::string write_experiment_file(const std::string& dir, const std::string& name, const std::string& text);

// Microseconds as milliseconds with three decimals: "412.345".
std::string milliseconds_text(DurationUs us);

}  // namespace dsim::cli
