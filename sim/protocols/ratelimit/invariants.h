// The checkers a rate-limiting scenario can list under "checks". Both read the admissions the
// limiters record (view.h: who decided, when, and when the request went on) and judge them all
// together against the scenario's one limit, the limit the whole service must keep:
//   within_limit            the admissions keep the algorithm's own promise (limit_bounds.h):
//                           a token bucket's burst + rate x length, a fixed window's count per
//                           aligned window, ...; it fails when the store fails open or when
//                           limiters that decide apart admit more together than the limit;
//   within_limit_any_window at most `limit` in any window of length `window`, wherever it starts:
//                           the stricter promise a fixed window does not make (its edge burst).
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/ratelimit/limit.h"

namespace dsim::ratelimit {

inline constexpr std::string_view kCheckWithinLimit = "within_limit";
inline constexpr std::string_view kCheckWithinLimitAnyWindow = "within_limit_any_window";

std::unique_ptr<Checker> make_within_limit_checker(Limit limit);
std::unique_ptr<Checker> make_within_limit_any_window_checker(Limit limit);

}  // namespace dsim::ratelimit
