// What the saga orchestrator publishes is bank/view.h's kTransaction (each saga's outcome); the marks
// it hits are declared here (STYLE.md §10, §16). The stores' records of applied steps are
// bank/view.h's saga_step_key.
#pragma once

#include <string_view>

namespace dsim::txn::saga::view {

inline constexpr std::string_view kMarkStepCommitted = "saga.step_committed";  // a step committed on its store
inline constexpr std::string_view kMarkStepFailed = "saga.step_failed";  // a step failed: compensation begins
inline constexpr std::string_view kMarkCompensated = "saga.compensated";  // a committed step was undone
inline constexpr std::string_view kMarkCompleted = "saga.completed";  // every step committed

}  // namespace dsim::txn::saga::view
