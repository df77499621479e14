// The checkers a load-balancing scenario can list under "checks":
//   latency_slo          at least slo_quantile of the requests were answered within slo (params);
//                        a request abandoned, or never answered though it had slo to be, counts
//                        as late. It fails when a policy keeps feeding a slow server, when
//                        balancers herd on stale reports, and when retries pile up;
//   retry_amplification  in no second did clients make more than amplification_limit attempts
//                        per new request (counted over seconds with at least 20 attempts and 10
//                        new requests: a quiet second says nothing about a ratio);
//   bounded_load         consistent-hash-bounded never sent a request to a server already at its
//                        capacity ceil((1 + epsilon) m / n) (Mirrokni et al. 2018).
// All three read the history the clients and balancers record (view.h).
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/loadbalance/params.h"

namespace dsim::loadbalance {

inline constexpr std::string_view kCheckLatencySlo = "latency_slo";
inline constexpr std::string_view kCheckRetryAmplification = "retry_amplification";
inline constexpr std::string_view kCheckBoundedLoad = "bounded_load";

// Seconds with fewer attempts, or fewer new requests, than these are too quiet for
// retry_amplification to judge.
inline constexpr std::int64_t kAmplificationMinAttempts = 20;
inline constexpr std::int64_t kAmplificationMinNewRequests = 10;

std::unique_ptr<Checker> make_latency_slo_checker(double quantile, DurationUs slo_us);
std::unique_ptr<Checker> make_retry_amplification_checker(double limit);
std::unique_ptr<Checker> make_bounded_load_checker();

}  // namespace dsim::loadbalance
