// The --student derivation (lab_seeds.h), on dsim's own PRNG (sim/core/random.h).
#include "sim/cli/lab_seeds.h"

#include "sim/core/random.h"

namespace dsim::cli {
namespace {

constexpr std::int64_t kLargestDerivedSeed = (std::int64_t{1} << 31) - 1;

Rng student_stream(std::string_view lab, std::string_view student, std::string_view purpose, std::string_view test) {
  std::string key = std::string(lab) + "/" + std::string(student);
  return Rng(fnv1a64(key)).fork(fnv1a64(std::string(purpose) + std::string(test)));
}

}  // namespace

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = UINT64_C(0xcbf29ce484222325);
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= UINT64_C(0x100000001b3);
  }
  return hash;
}

std::vector<std::uint64_t> lab_test_seeds(std::string_view lab, std::string_view student, std::string_view test,
                                          std::size_t count) {
  std::vector<std::uint64_t> seeds;
  if (student.empty()) {
    for (std::size_t i = 1; i <= count; ++i) seeds.push_back(i);
    return seeds;
  }
  Rng rng = student_stream(lab, student, "seeds:", test);
  for (std::size_t i = 0; i < count; ++i) seeds.push_back(static_cast<std::uint64_t>(rng.uniform(1, kLargestDerivedSeed)));
  return seeds;
}

std::vector<std::string> lab_test_variation(std::string_view lab, std::string_view student, std::string_view test,
                                            const std::map<std::string, std::vector<std::string>>& vary) {
  std::vector<std::string> sets;
  if (student.empty()) return sets;
  Rng rng = student_stream(lab, student, "vary:", test);
  for (const auto& [path, choices] : vary) {
    if (choices.empty()) continue;
    sets.push_back(path + "=" + choices[rng.index(choices.size())]);
  }
  return sets;
}

}  // namespace dsim::cli
