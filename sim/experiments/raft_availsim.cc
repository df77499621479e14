// The AvailSim trial (see raft_availsim.h). In order: build the servers on a uniform-latency
// network, start them all at time 0, crash the last `failed` at once, and run. Each time a server
// becomes leader, a check is scheduled one stability window later; the first leader still leading
// its term then ends the trial, and its election moment is the result. LeaderWatch reads only the
// servers' published roles and terms.
#include "sim/experiments/raft_availsim.h"

#include <memory>

#include "sim/core/assert.h"
#include "sim/core/simulator.h"
#include "sim/experiments/leader_watch.h"
#include "sim/experiments/trial_pool.h"
#include "sim/net/network.h"
#include "sim/protocols/raft/raft_node.h"

namespace dsim::experiments {

AvailSimTrial run_availsim_trial(std::size_t failed, std::int64_t trial, const AvailSimOptions& options) {
  DSIM_ASSERT(failed < options.servers && options.servers - failed >= options.servers / 2 + 1,
              "AvailSim needs a majority of its servers up");
  std::uint64_t seed = trial_seed("raft-availsim", {static_cast<std::int64_t>(options.servers),
                                                    static_cast<std::int64_t>(failed), trial});
  raft::RaftParams params;
  params.election_timeout_min_us = options.election_timeout_min_us;
  params.election_timeout_max_us = options.election_timeout_max_us;
  params.heartbeat_us = options.heartbeat_us;

  LinkModel link;
  link.latency.kind = LatencyDistribution::Kind::uniform;
  link.latency.a_us = options.latency_min_us;
  link.latency.b_us = options.latency_max_us;
  Network network(options.servers, link);
  Simulator sim(seed, network);
  std::vector<NodeId> ids;
  for (std::size_t i = 0; i < options.servers; ++i) ids.push_back(static_cast<NodeId>(i));
  for (NodeId id : ids) {
    sim.add_node("s" + std::to_string(id),
                 [params, ids](NodeId) { return std::make_unique<raft::RaftNode>(params, ids); });
  }

  AvailSimTrial result;
  result.election_us = options.give_up_after_us;
  LeaderWatch watch(options.servers);
  DurationUs stable_after_us = options.stable_heartbeats * options.heartbeat_us;
  watch.on_new_leader = [&](const Leadership& leadership) {
    sim.schedule(leadership.since_us + stable_after_us, [&watch, &result, leadership](Simulator& s) {
      if (!watch.leads(leadership.leader, leadership.term) || s.stop_requested()) return;
      result.election_us = leadership.since_us;
      result.leader = leadership.leader;
      result.term = leadership.term;
      s.stop();
    });
  };
  sim.add_observer(watch);
  sim.start();
  for (auto id = static_cast<NodeId>(options.servers - failed); id < options.servers; ++id) sim.crash(id);
  sim.run_until(options.give_up_after_us + stable_after_us);
  result.leaders = static_cast<std::int64_t>(watch.leaderships().size());
  result.first_timeout_us = watch.first_candidacy_us();
  return result;
}

std::vector<AvailSimSeries> run_raft_availsim(const AvailSimOptions& options) {
  constexpr std::size_t kFailureCounts = 3;  // 0, 1 and 2 failed of 5, as Figure 9.9
  auto per_series = static_cast<std::size_t>(options.trials);
  std::vector<AvailSimTrial> all =
      run_trials<AvailSimTrial>(kFailureCounts * per_series, options.jobs, [&](std::size_t i) {
        return run_availsim_trial(i / per_series, static_cast<std::int64_t>(i % per_series), options);
      });
  std::vector<AvailSimSeries> series(kFailureCounts);
  for (std::size_t failed = 0; failed < kFailureCounts; ++failed) {
    series[failed].failed = failed;
    series[failed].trials.assign(all.begin() + static_cast<std::ptrdiff_t>(failed * per_series),
                                 all.begin() + static_cast<std::ptrdiff_t>((failed + 1) * per_series));
  }
  return series;
}

}  // namespace dsim::experiments
