// Table tests of job_delivery and cron_ticks on hand-written histories: what the queue, the sink
// and the workers record, with no simulator.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/protocols/jobs/invariants.h"
#include "sim/protocols/jobs/params.h"
#include "sim/protocols/jobs/view.h"

using namespace dsim;
using namespace dsim::jobs;

namespace {

HistoryEvent event(TimeUs time, NodeId process, std::string_view op, std::uint64_t key, std::string value,
                   HistoryEvent::Kind kind = HistoryEvent::Kind::ok) {
  HistoryEvent result;
  result.time = time;
  result.process = process;
  result.kind = kind;
  result.op = std::string(op);
  result.key = std::to_string(key);
  result.value = std::move(value);
  return result;
}
HistoryEvent submit(TimeUs time, std::uint64_t job) {
  return event(time, kQueue, jobs::view::kHistorySubmit, job, "job-" + std::to_string(job));
}
HistoryEvent lease(TimeUs time, std::uint64_t job, NodeId worker, int attempt) {
  return event(time, kQueue, jobs::view::kHistoryLease, job, std::to_string(worker) + " " + std::to_string(attempt));
}
HistoryEvent applied(TimeUs time, std::uint64_t job, NodeId worker, int attempt,
                     HistoryEvent::Kind kind = HistoryEvent::Kind::ok) {
  return event(time, kSink, jobs::view::kHistoryExecute, job, std::to_string(worker) + " " + std::to_string(attempt),
               kind);
}
HistoryEvent crash(TimeUs time, std::uint64_t job, NodeId worker, int attempt) {
  return event(time, worker, jobs::view::kHistoryCrash, job, std::to_string(attempt), HistoryEvent::Kind::fail);
}
HistoryEvent dead(TimeUs time, std::uint64_t job, int attempts) {
  return event(time, kQueue, jobs::view::kHistoryDead, job, std::to_string(attempts));
}
HistoryEvent cron(TimeUs time, std::uint64_t tick, NodeId by) {
  return event(time, kQueue, jobs::view::kHistoryCron, tick, std::to_string(by));
}

std::unique_ptr<Checker> judge(std::unique_ptr<Checker> checker, const std::vector<HistoryEvent>& history,
                               TimeUs end = 10 * kSecond) {
  checker->begin(RunInfo{1, {"n0", "n1", "n2", "n3", "n4", "n5"}, 6});
  for (const HistoryEvent& each : history) checker->on_history(each);
  checker->finish(FinalState(end, std::vector<DurableEntries>(6), std::vector<bool>(6, true)));
  return checker;
}
std::unique_ptr<Checker> delivery(Guarantee guarantee, const std::vector<HistoryEvent>& history) {
  return judge(make_job_delivery_checker(guarantee, 3 * kSecond), history);
}

}  // namespace

TEST_CASE("every job applied once passes job_delivery under either guarantee") {
  std::vector<HistoryEvent> history = {submit(0, 1), lease(10, 1, 2, 1), applied(100, 1, 2, 1),
                                       submit(200, 2), lease(210, 2, 3, 1), applied(300, 2, 3, 1)};
  CHECK(delivery(Guarantee::at_least_once, history)->passed());
  CHECK(delivery(Guarantee::effectively_once, history)->passed());
}

TEST_CASE("a job applied twice fails effectively once, naming the workers, attempts and times, and passes at "
          "least once") {
  std::vector<HistoryEvent> history = {submit(600'000, 2),         lease(633'000, 2, 2, 1),
                                       lease(1'646'000, 2, 3, 2),  applied(1'764'000, 2, 3, 2),
                                       applied(2'154'000, 2, 2, 1)};
  CHECK(delivery(Guarantee::at_least_once, history)->passed());
  auto checker = delivery(Guarantee::effectively_once, history);
  REQUIRE(checker->violations().size() == 1);
  const Violation& violation = checker->violations()[0];
  CHECK(violation.time_us == 2'154'000);
  CHECK(violation.nodes == std::vector<NodeId>{kSink, 3, 2});
  CHECK(violation.message ==
        "job 2 (key job-2) ran twice at n1 (the sink), but the scenario promises effectively once: applied at "
        "1.764s for n3's attempt 2, then applied at 2.154s for n2's attempt 1; deliveries: attempt 1 to n2 at "
        "0.633s, attempt 2 to n3 at 1.646s");
}

TEST_CASE("a deduplicated execution (fail at the sink) is no duplicate") {
  auto checker = delivery(Guarantee::effectively_once,
                          {submit(0, 1), applied(100, 1, 3, 2), applied(200, 1, 2, 1, HistoryEvent::Kind::fail)});
  CHECK(checker->passed());
}

TEST_CASE("a job that never ran is lost, with its deliveries and crashes as evidence") {
  auto checker = delivery(Guarantee::at_least_once, {submit(600'000, 3), lease(643'000, 3, 3, 1),
                                                     crash(654'000, 3, 3, 1), lease(1'648'000, 3, 4, 2),
                                                     crash(1'663'000, 3, 4, 2)});
  REQUIRE(checker->violations().size() == 1);
  CHECK(checker->violations()[0].message ==
        "job 3 (key job-3, submitted at 0.600s) never ran by the end of the run at 10.000s: lost (2 deliveries, 2 "
        "of them crashed their worker: attempt 1 to n3 at 0.643s, attempt 2 to n4 at 1.648s)");
}

TEST_CASE("a dead-lettered job that crashed a worker is a poison message, accounted for") {
  CHECK(delivery(Guarantee::at_least_once, {submit(0, 3), lease(10, 3, 3, 1), crash(20, 3, 3, 1), dead(1000, 3, 1)})
            ->passed());
}

TEST_CASE("a dead-lettered job that never crashed a worker is a good job lost to the dead-letter queue") {
  auto checker = delivery(Guarantee::at_least_once, {submit(0, 5), lease(10'000, 5, 2, 1), dead(2'076'000, 5, 1)});
  REQUIRE(checker->violations().size() == 1);
  CHECK(checker->violations()[0].time_us == 2'076'000);
  CHECK(checker->violations()[0].message ==
        "job 5 (key job-5, submitted at 0.000s) was moved to the dead-letter queue at 2.076s without ever crashing "
        "a worker: a good job given up on, lost (deliveries: attempt 1 to n2 at 0.010s)");
}

TEST_CASE("a job submitted within the drain before the end is not judged lost yet") {
  CHECK(delivery(Guarantee::at_least_once, {submit(7'500'000, 9)})->passed());
  CHECK_FALSE(delivery(Guarantee::at_least_once, {submit(6'900'000, 9)})->passed());
}

TEST_CASE("cron_ticks passes when every due tick is enqueued once") {
  std::vector<HistoryEvent> history;
  for (std::uint64_t tick = 1; tick <= 9; ++tick) history.push_back(cron(tick * kSecond + 10'000, tick, 2));
  CHECK(judge(make_cron_ticks_checker(kSecond, 3 * kSecond), history, 12 * kSecond)->passed());
}

TEST_CASE("cron_ticks reports a tick enqueued twice with both schedulers, and a skipped tick") {
  std::vector<HistoryEvent> history = {cron(1'010'000, 1, 2), cron(2'005'000, 2, 2), cron(4'012'000, 4, 3),
                                       cron(5'013'000, 5, 3), cron(6'005'000, 6, 3), cron(7'010'000, 7, 3),
                                       cron(7'105'000, 7, 2), cron(8'006'000, 8, 3), cron(9'011'000, 9, 3)};
  auto checker = judge(make_cron_ticks_checker(kSecond, 3 * kSecond), history, 12 * kSecond);
  REQUIRE(checker->violations().size() == 2);
  CHECK(checker->violations()[0].message ==
        "cron tick 7 (due at 7.000s) was enqueued twice: fired by n3 (enqueued at 7.010s) and by n2 (enqueued at "
        "7.105s)");
  CHECK(checker->violations()[0].nodes == std::vector<NodeId>{kQueue, 3, 2});
  CHECK(checker->violations()[1].message ==
        "cron tick 3 (due at 3.000s) was never enqueued: skipped (the tick before it was enqueued at 2.005s by n2)");
}

TEST_CASE("cron_ticks does not judge ticks due within the grace before the end") {
  // Ticks 10 and 11 are due less than 3 s before the 12 s end: not yet late.
  std::vector<HistoryEvent> history;
  for (std::uint64_t tick = 1; tick <= 9; ++tick) history.push_back(cron(tick * kSecond, tick, 2));
  CHECK(judge(make_cron_ticks_checker(kSecond, 3 * kSecond), history, 12 * kSecond)->passed());
  history.pop_back();
  CHECK_FALSE(judge(make_cron_ticks_checker(kSecond, 3 * kSecond), history, 12 * kSecond)->passed());
}
