// The checkers a jobs scenario can list under "checks", judged against the guarantee the scenario
// states (params.guarantee):
//   job_delivery — every job submitted before the run's last `drain` ran (its side effect was applied at the sink) or is in the
//     dead-letter queue as a poison message (it crashed a worker); a job that never ran, or was
//     dead-lettered without ever crashing a worker, is lost. Under effectively_once, a job whose
//     side effect the sink applied twice is a duplicate. Evidence: the job, its key, its
//     deliveries (worker and attempt, with times) and the sink's applications.
//   cron_ticks — every cron tick due before the run's last (cron_failover_timeout + 2 periods) was
//     enqueued exactly once; a tick enqueued twice or never is reported with who fired it when.
// They read only the history the queue, the sink and the workers record.
#pragma once

#include <memory>
#include <string_view>

#include "sim/check/checker.h"
#include "sim/protocols/jobs/params.h"

namespace dsim::jobs {

inline constexpr std::string_view kCheckJobDelivery = "job_delivery";
inline constexpr std::string_view kCheckCronTicks = "cron_ticks";

std::unique_ptr<Checker> make_job_delivery_checker(Guarantee guarantee, DurationUs drain_us);
std::unique_ptr<Checker> make_cron_ticks_checker(DurationUs period_us, DurationUs grace_us);

}  // namespace dsim::jobs
