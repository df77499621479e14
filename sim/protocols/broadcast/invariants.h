// The checkers a broadcast scenario can list under "checks":
//   all_delivered — at the end, every live server holds every value some client saw acknowledged;
//   no_invention  — no server ever holds a value that no client broadcast.
// Both read the client history as it happens and each server's durable values at the end.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "sim/check/checker.h"

namespace dsim::broadcast {

inline constexpr std::string_view kCheckAllDelivered = "all_delivered";
inline constexpr std::string_view kCheckNoInvention = "no_invention";

// How many missing values all_delivered names one by one for each server before summing up.
inline constexpr std::size_t kMissingValuesListedPerServer = 3;

// `servers` are the server node ids; clients are recognised by their history.
std::unique_ptr<Checker> make_all_delivered_checker(std::vector<NodeId> servers);
std::unique_ptr<Checker> make_no_invention_checker(std::vector<NodeId> servers);

}  // namespace dsim::broadcast
