// Which seeds and which small parameter changes a lab test runs under, for one student
// (`dsim lab grade --student ID`, docs/labs.md "The --student derivation"). Pure and
// deterministic: an instructor reproduces any student's runs from the ID alone.
//
//   key      = FNV-1a-64("<lab id>/<student id>")           e.g. "01-broadcast/s1234567"
//   seeds    = Rng(key).fork(FNV-1a-64("seeds:" + test))    then `count` draws of uniform(1, 2^31-1)
//   variant  = Rng(key).fork(FNV-1a-64("vary:" + test))     then, for each "vary" key in name
//              order, one index drawn with Rng::index over that key's choices
//
// Without a student the seeds are 1..count and nothing varies. The seeds for `count` are a prefix
// of those for any larger count, so a failing seed stays failing when more seeds are asked for.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dsim::cli {

std::uint64_t fnv1a64(std::string_view text);

std::vector<std::uint64_t> lab_test_seeds(std::string_view lab, std::string_view student, std::string_view test,
                                          std::size_t count);

// `vary`: scenario path -> the choices, each already as `--set` value text ("5", "150ms").
// Returns "path=value" overrides, in path order; empty without a student.
std::vector<std::string> lab_test_variation(std::string_view lab, std::string_view student, std::string_view test,
                                            const std::map<std::string, std::vector<std::string>>& vary);

}  // namespace dsim::cli
