// Scripted interaction tests (STYLE.md §11): real Paxos servers next to scripted peers that play
// proposers or acceptors, over a network where every message takes 1 ms. Each test name says the
// rule it checks and where "Paxos Made Simple" (Lamport, 2001) states it.
#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/network_model.h"
#include "sim/core/simulator.h"
#include "sim/protocols/paxos/paxos_node.h"
#include "sim/protocols/paxos/view.h"

using namespace dsim;
using namespace dsim::paxos;

namespace {

// A node whose reactions the test writes: it records every message, answers through `on_receive`,
// and sends what `at_start` sends.
class Peer final : public Node {
 public:
  using Handler = std::function<void(Context&, NodeId, const Message&)>;
  struct Received {
    TimeUs time;
    NodeId from;
    std::unique_ptr<Message> message;
  };
  using TimerAction = std::function<void(Context&, const Timer&)>;
  Peer(std::vector<Received>* inbox, Handler on_receive, std::function<void(Context&)> at_start, TimerAction on_timer)
      : inbox_(inbox), on_receive_(std::move(on_receive)), at_start_(std::move(at_start)), on_timer_(std::move(on_timer)) {}
  void on_start(Context& ctx) override {
    if (at_start_) at_start_(ctx);
  }
  void on_message(Context& ctx, NodeId from, const Message& message) override {
    inbox_->push_back({ctx.now(), from, message.clone()});
    if (on_receive_) on_receive_(ctx, from, message);
  }
  void on_timer(Context& ctx, TimerId, const Timer& timer) override {
    if (on_timer_) on_timer_(ctx, timer);
  }

 private:
  std::vector<Received>* inbox_;
  Handler on_receive_;
  std::function<void(Context&)> at_start_;
  TimerAction on_timer_;
};

// Servers 0..n-1: Paxos servers where `real` says so, scripted peers elsewhere.
struct Cluster {
  FixedLatencyNetwork network{1 * kMillisecond};
  Simulator sim{1, network};
  std::vector<std::vector<Peer::Received>> inboxes;
  std::map<NodeId, Peer::Handler> handlers;
  std::map<NodeId, std::function<void(Context&)>> starts;
  std::map<NodeId, Peer::TimerAction> timers;

  Cluster(std::size_t nodes, const std::vector<bool>& real, PaxosParams params) : inboxes(nodes) {
    std::vector<NodeId> servers;
    for (NodeId id = 0; id < nodes; ++id) servers.push_back(id);
    fill_default_roles(params, static_cast<std::uint32_t>(nodes));
    for (NodeId id = 0; id < nodes; ++id) {
      if (real[id]) {
        sim.add_node("s" + std::to_string(id), [params, servers](NodeId) { return std::make_unique<PaxosNode>(params, servers); });
      } else {
        sim.add_node("p" + std::to_string(id), [this, id](NodeId) {
          return std::make_unique<Peer>(&inboxes[id], handlers[id], starts[id], timers[id]);
        });
      }
    }
  }
  const PaxosNode& server(NodeId id) const { return *dynamic_cast<const PaxosNode*>(sim.node_object(id)); }
  // The messages of type M that node `id` received, in order.
  template <typename M>
  std::vector<const M*> received(NodeId id) const {
    std::vector<const M*> found;
    for (const Peer::Received& received : inboxes[id]) {
      if (const M* message = received.message->as<M>()) found.push_back(message);
    }
    return found;
  }
};

PaxosParams single_decree(std::vector<NodeId> proposers, std::vector<NodeId> acceptors, std::vector<NodeId> learners) {
  PaxosParams params;
  params.mode = Mode::single_decree;
  params.proposers = std::move(proposers);
  params.acceptors = std::move(acceptors);
  params.learners = std::move(learners);
  return params;
}

Prepare prepare(Ballot ballot) {
  Prepare message;
  message.ballot = ballot;
  return message;
}

Promise promise(Ballot ballot, std::vector<SlotProposal> accepted) {
  Promise message;
  message.ballot = ballot;
  message.accepted = std::move(accepted);
  return message;
}

}  // namespace

TEST_CASE("an acceptor writes its promise to stable storage before it answers, and refuses lower ballots with the promise (§2.2, §2.5)") {
  Cluster cluster(2, {false, true}, single_decree({0}, {1}, {0}));
  std::string stored_when_answered;
  cluster.starts[0] = [](Context& ctx) { ctx.send(1, prepare(Ballot{3, 0})); };
  cluster.handlers[0] = [&](Context& ctx, NodeId, const Message& message) {
    if (message.is<Promise>()) {
      const std::string* stored = cluster.sim.storage(1).get("acceptor/promised");
      stored_when_answered = stored ? *stored : "";
      ctx.send(1, prepare(Ballot{2, 7}));  // lower: refused
    }
  };
  cluster.sim.run_until(10 * kMillisecond);
  CHECK(stored_when_answered == "3 0");
  auto nacks = cluster.received<Nack>(0);
  REQUIRE(nacks.size() == 1);
  CHECK(nacks[0]->ballot == Ballot{2, 7});
  CHECK(nacks[0]->promised == Ballot{3, 0});
  CHECK(cluster.server(1).acceptor().promised() == Ballot{3, 0});
  CHECK(cluster.sim.published_value(1, paxos::view::kPromised) == "\"3.0\"");
}

TEST_CASE("a proposer proposes the value of the highest-numbered proposal its majority reports, not its own (P2c, §2.2)") {
  PaxosParams params = single_decree({0}, {1, 2, 3}, {0});
  params.proposals = {{0, "mine", 1 * kMillisecond}};
  Cluster cluster(4, {true, false, false, false}, params);
  // Two acceptors report different earlier proposals; the third never answers.
  cluster.handlers[1] = [](Context& ctx, NodeId from, const Message& message) {
    if (const auto* request = message.as<Prepare>()) ctx.send(from, promise(request->ballot, {{1, Ballot{1, 5}, Value::of_decree("x")}}));
  };
  cluster.handlers[2] = [](Context& ctx, NodeId from, const Message& message) {
    if (const auto* request = message.as<Prepare>()) ctx.send(from, promise(request->ballot, {{1, Ballot{2, 7}, Value::of_decree("y")}}));
  };
  cluster.sim.run_until(10 * kMillisecond);
  auto accepts = cluster.received<Accept>(3);
  REQUIRE(accepts.size() == 1);
  REQUIRE(accepts[0]->entries.size() == 1);
  CHECK(accepts[0]->entries[0].value == Value::of_decree("y"));  // 2.7 beats 1.5, and "mine" loses to both
  CHECK(accepts[0]->ballot.proposer == 0);
}

TEST_CASE("a proposer whose promises report nothing proposes its own value (P2c(a), §2.2)") {
  PaxosParams params = single_decree({0}, {1, 2, 3}, {0});
  params.proposals = {{0, "mine", 1 * kMillisecond}};
  Cluster cluster(4, {true, false, false, false}, params);
  for (NodeId acceptor : {1, 2}) {
    cluster.handlers[acceptor] = [](Context& ctx, NodeId from, const Message& message) {
      if (const auto* request = message.as<Prepare>()) ctx.send(from, promise(request->ballot, {}));
    };
  }
  cluster.sim.run_until(10 * kMillisecond);
  auto accepts = cluster.received<Accept>(3);
  REQUIRE(accepts.size() == 1);
  CHECK(accepts[0]->entries[0].value == Value::of_decree("mine"));
}

TEST_CASE("a Nack carrying a higher ballot makes the proposer's next ballot higher still (§2.2's optimisation)") {
  PaxosParams params = single_decree({0}, {1, 2, 3}, {0});
  params.proposals = {{0, "mine", 1 * kMillisecond}};
  params.retry_min_us = params.retry_max_us = 20 * kMillisecond;
  Cluster cluster(4, {true, false, false, false}, params);
  for (NodeId acceptor : {1, 2, 3}) {
    cluster.handlers[acceptor] = [](Context& ctx, NodeId from, const Message& message) {
      const auto* request = message.as<Prepare>();
      if (request == nullptr || request->ballot > Ballot{9, 2}) return;
      Nack nack;
      nack.ballot = request->ballot;
      nack.promised = Ballot{9, 2};
      ctx.send(from, nack);
    };
  }
  cluster.sim.run_until(30 * kMillisecond);
  auto prepares = cluster.received<Prepare>(1);
  REQUIRE(prepares.size() == 2);
  CHECK(prepares[0]->ballot == Ballot{1, 0});
  CHECK(prepares[1]->ballot == Ballot{10, 0});  // at the retry, above the 9.2 the Nacks reported
}

TEST_CASE("a node holding all three roles reaches its own acceptor and learner without the network (the kit's send_to_self)") {
  PaxosParams params = single_decree({0}, {0}, {0});
  params.proposals = {{0, "alone", 1 * kMillisecond}};
  Cluster cluster(1, {true}, params);
  cluster.sim.run_until(5 * kMillisecond);
  CHECK(cluster.sim.stats().messages_sent == 0);
  REQUIRE(cluster.server(0).learned().count(1));
  CHECK(cluster.server(0).learned().at(1) == Value::of_decree("alone"));
  CHECK(cluster.server(0).phase() == Phase::done);
}

TEST_CASE("a restarted learner that missed the outcome asks the proposers, and learns from the one that knows (§2.3)") {
  PaxosParams params = single_decree({0}, {1, 2, 3}, {4});
  params.proposals = {{0, "a", 1 * kMillisecond}};
  Cluster cluster(5, {true, true, true, true, true}, params);
  // The acceptors' Accepted messages reach the learner at 4 ms; it is down from 3.5 to 10 ms.
  cluster.sim.schedule(3500, [](Simulator& sim) { sim.crash(4); });
  cluster.sim.schedule(10 * kMillisecond, [](Simulator& sim) { sim.restart(4); });
  cluster.sim.run_until(9 * kMillisecond);
  CHECK(cluster.server(0).phase() == Phase::done);
  cluster.sim.run_until(20 * kMillisecond);
  REQUIRE(cluster.server(4).learned().count(1));
  CHECK(cluster.server(4).learned().at(1) == Value::of_decree("a"));
  CHECK(cluster.sim.published_value(4, paxos::view::kLearned.key("1")) == "\"a\"");
}

TEST_CASE("an acceptor keeps its promise across a restart, and forgets it only with the forget_promise bug (§2.2)") {
  for (bool bug : {false, true}) {
    PaxosParams params = single_decree({0}, {1}, {0});
    if (bug) params.bugs.insert(kBugForgetPromise);
    Cluster cluster(2, {false, true}, params);
    cluster.starts[0] = [](Context& ctx) { ctx.send(1, prepare(Ballot{5, 0})); };
    cluster.sim.schedule(5 * kMillisecond, [](Simulator& sim) { sim.crash(1); });
    cluster.sim.schedule(6 * kMillisecond, [](Simulator& sim) { sim.restart(1); });
    cluster.sim.run_until(7 * kMillisecond);
    INFO((bug ? "with the bug" : "without the bug"));
    CHECK(cluster.server(1).acceptor().promised() == (bug ? Ballot{} : Ballot{5, 0}));
  }
}

TEST_CASE("a lease refuses another proposer's Prepare until it runs out (Paxos Made Live §5.2)") {
  PaxosParams params = single_decree({0, 2}, {1}, {0});
  params.lease_us = 50 * kMillisecond;
  Cluster cluster(3, {false, true, false}, params);
  cluster.starts[0] = [](Context& ctx) { ctx.send(1, prepare(Ballot{1, 0})); };
  // Node 2 sends Prepare 2.2 at 10 ms (inside the lease granted to node 0 at 1 ms) and 3.2 at 60 ms (after it).
  cluster.starts[2] = [](Context& ctx) {
    ctx.set_timer(10 * kMillisecond, Timer{1, 2, 0});
    ctx.set_timer(60 * kMillisecond, Timer{1, 3, 0});
  };
  cluster.timers[2] = [](Context& ctx, const Timer& timer) {
    ctx.send(1, prepare(Ballot{static_cast<std::int64_t>(timer.a), 2}));
  };
  cluster.sim.run_until(70 * kMillisecond);
  auto nacks = cluster.received<Nack>(2);
  auto promises = cluster.received<Promise>(2);
  REQUIRE(nacks.size() == 1);
  CHECK(nacks[0]->lease);
  CHECK(nacks[0]->leader == 0);
  REQUIRE(promises.size() == 1);
  CHECK(promises[0]->ballot == Ballot{3, 2});
}

TEST_CASE("a new Multi-Paxos leader re-proposes what its promises report and fills the holes with no-ops (§3)") {
  PaxosParams params;
  params.mode = Mode::multi;
  params.leader_timeout_min_us = params.leader_timeout_max_us = 10 * kMillisecond;
  params.heartbeat_us = 5 * kMillisecond;
  Cluster cluster(3, {true, false, false}, params);
  kvservice::Command put{"put", "k", "v", "", 9, 1};
  kvservice::Command newer{"put", "k", "new", "", 8, 1};
  // Node 1 promises and reports what it accepted in slots 2 and 4; node 2 stays silent, so the
  // majority is node 0's own promise (nothing accepted) and node 1's.
  cluster.handlers[1] = [&](Context& ctx, NodeId from, const Message& message) {
    if (const auto* request = message.as<Prepare>()) {
      ctx.send(from, promise(request->ballot, {{2, Ballot{1, 1}, Value::of_command(put, "c0")},
                                               {4, Ballot{1, 2}, Value::of_command(newer, "c1")}}));
    }
  };
  cluster.sim.run_until(15 * kMillisecond);
  CHECK(cluster.server(0).phase() == Phase::lead);
  auto accepts = cluster.received<Accept>(1);
  REQUIRE(!accepts.empty());
  const Accept& first = *accepts.front();
  REQUIRE(first.entries.size() == 4);
  CHECK(first.entries[0].slot == 1);
  CHECK(first.entries[0].value.is_noop());
  CHECK(first.entries[1].value == Value::of_command(put, "c0"));
  CHECK(first.entries[2].value.is_noop());
  CHECK(first.entries[3].value == Value::of_command(newer, "c1"));
  CHECK(first.ballot == cluster.server(0).ballot());
}
