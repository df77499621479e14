// A tiny harness for Raft interaction tests (STYLE.md §11): a network that can be cut into groups,
// scripted peers that play a fake server or client, a cluster of real servers with every checker
// attached, and a random nemesis for seed sweeps.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "sim/check/checker.h"
#include "sim/check/standard_checkers.h"
#include "sim/core/simulator.h"
#include "sim/protocols/raft/raft_node.h"
#include "sim/protocols/raft/view.h"
#include "sim/protocols/kvservice/client.h"

namespace dsim::raft::testing {

// Messages take a latency drawn in [min, max]; nodes in different groups cannot talk. A node in
// group kEverywhere (clients, scripted probes) reaches every group.
class GroupNetwork final : public NetworkModel {
 public:
  static constexpr int kEverywhere = -1;
  GroupNetwork(DurationUs min_latency_us, DurationUs max_latency_us)
      : min_latency_us_(min_latency_us), max_latency_us_(max_latency_us) {}

  Transmission transmit(NodeId from, NodeId to, TimeUs now, Rng& rng) override {
    if (!connected(from, to, now)) return {DropReason::partition, 0, -1};
    DurationUs latency = rng.uniform(min_latency_us_, max_latency_us_);
    auto slow = link_latency_.find({from, to});
    return {DropReason::none, slow == link_latency_.end() ? latency : slow->second, -1};
  }
  bool connected(NodeId from, NodeId to, TimeUs) const override {
    if (blocked_.count({from, to})) return false;
    int a = group(from), b = group(to);
    return a == kEverywhere || b == kEverywhere || a == b;
  }
  int group(NodeId node) const {
    auto found = groups_.find(node);
    return found == groups_.end() ? 0 : found->second;
  }
  void set_group(NodeId node, int group) { groups_[node] = group; }
  // A fixed latency for one direction of one link, overriding the range.
  void set_latency(NodeId from, NodeId to, DurationUs latency_us) { link_latency_[{from, to}] = latency_us; }
  // A one-way cut: messages from `from` to `to` are lost until heal().
  void block(NodeId from, NodeId to) { blocked_.insert({from, to}); }
  void heal() {
    blocked_.clear();
    for (auto& [node, group] : groups_) {
      if (group != kEverywhere) group = 0;
    }
  }

 private:
  DurationUs min_latency_us_;
  DurationUs max_latency_us_;
  std::map<NodeId, int> groups_;
  std::map<std::pair<NodeId, NodeId>, DurationUs> link_latency_;
  std::set<std::pair<NodeId, NodeId>> blocked_;
};

// A node whose reactions the test writes: it records what it receives and runs `on_receive`.
class ScriptedPeer final : public Node {
 public:
  using Handler = std::function<void(Context&, NodeId, const Message&)>;
  struct Received {
    TimeUs time;
    NodeId from;
    std::unique_ptr<Message> message;
  };
  struct PlannedSend {
    TimeUs at;
    NodeId to;
    std::shared_ptr<const Message> message;
  };
  ScriptedPeer(std::vector<Received>* inbox, Handler handler, const std::vector<PlannedSend>* plan)
      : inbox_(inbox), handler_(std::move(handler)), plan_(plan) {}
  void on_start(Context& ctx) override {
    for (std::size_t i = 0; i < plan_->size(); ++i) {
      if ((*plan_)[i].at >= ctx.now()) ctx.set_timer((*plan_)[i].at - ctx.now(), Timer{1, i, 0});
    }
  }
  void on_message(Context& ctx, NodeId from, const Message& message) override {
    inbox_->push_back({ctx.now(), from, message.clone()});
    if (handler_) handler_(ctx, from, message);
  }
  void on_timer(Context& ctx, TimerId, const Timer& timer) override {
    const PlannedSend& send = (*plan_)[timer.a];
    ctx.send(send.to, send.message->clone());
  }

 private:
  std::vector<Received>* inbox_;
  Handler handler_;
  const std::vector<PlannedSend>* plan_;
};

// Counts marks per name and node, for tests that want evidence a branch ran.
class MarkCounter final : public Observer {
 public:
  void on_mark(TimeUs, NodeId node, std::string_view name) override { ++counts[{std::string(name), node}]; }
  int count(const std::string& name) const {
    int total = 0;
    for (const auto& [key, value] : counts) {
      if (key.first == name) total += value;
    }
    return total;
  }
  int count(const std::string& name, NodeId node) const {
    auto found = counts.find({name, node});
    return found == counts.end() ? 0 : found->second;
  }
  std::map<std::pair<std::string, NodeId>, int> counts;
};

// A readable log of a run (faults, notes, marks, role and term changes) for debugging a script.
class RunLog final : public Observer {
 public:
  void on_fault(TimeUs time, const FaultEvent& fault) override {
    for (NodeId node : fault.nodes) line(time, node, fault.kind + " " + fault.detail);
  }
  void on_note(TimeUs time, NodeId node, std::string_view text) override { line(time, node, std::string(text)); }
  void on_mark(TimeUs time, NodeId node, std::string_view name) override { line(time, node, "mark " + std::string(name)); }
  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value) override {
    if (key == "role" || key == "term" || key == "log" || key == "commit_index") {
      line(time, node, std::string(key) + "=" + std::string(value));
    }
  }
  std::string text;

 private:
  void line(TimeUs time, NodeId node, const std::string& what) {
    text += format_time_seconds(time) + " n" + std::to_string(node) + " " + what + "\n";
  }
};

struct ClusterOptions {
  std::size_t servers = 3;
  RaftParams params;
  std::uint64_t seed = 1;
  DurationUs min_latency_us = 1 * kMillisecond;
  DurationUs max_latency_us = 1 * kMillisecond;
  std::size_t clients = 0;
  kvservice::KvWorkload workload;
  // Scripted peers added after the servers; they count as servers when `peers_are_servers`.
  std::size_t scripted_peers = 0;
  bool peers_are_servers = false;
  // Server ids that are scripted peers rather than real RaftNodes (they take those ids' places).
  std::vector<NodeId> scripted_server_ids;
};

class Cluster {
 public:
  explicit Cluster(ClusterOptions options)
      : options_(options), network_(options.min_latency_us, options.max_latency_us), sim_(options.seed, network_) {
    for (std::size_t i = 0; i < options.servers; ++i) servers_.push_back(static_cast<NodeId>(i));
    inboxes_.resize(options.servers + options.scripted_peers);
    for (NodeId id : servers_) {
      bool scripted = std::find(options.scripted_server_ids.begin(), options.scripted_server_ids.end(), id) !=
                      options.scripted_server_ids.end();
      if (scripted) {
        sim_.add_node("s" + std::to_string(id), [this, id](NodeId) {
          return std::make_unique<ScriptedPeer>(&inboxes_[id], handlers_[id], &plans_[id]);
        });
      } else {
        sim_.add_node("s" + std::to_string(id), [this](NodeId node) {
          auto own = params_for_.find(node);
          return std::make_unique<RaftNode>(own == params_for_.end() ? options_.params : own->second, servers_);
        });
      }
    }
    for (std::size_t i = 0; i < options.scripted_peers; ++i) {
      NodeId id = static_cast<NodeId>(options.servers + i);
      network_.set_group(id, GroupNetwork::kEverywhere);
      sim_.add_node("p" + std::to_string(i), [this, id](NodeId) {
        return std::make_unique<ScriptedPeer>(&inboxes_[id], handlers_[id], &plans_[id]);
      });
    }
    for (std::size_t i = 0; i < options.clients; ++i) {
      NodeId id = sim_.add_node("c" + std::to_string(i), [this](NodeId) {
        return std::make_unique<kvservice::KvClient>(options_.workload, servers_, "raft");
      });
      network_.set_group(id, GroupNetwork::kEverywhere);
    }
    for (const std::string& name : standard_checker_names()) {
      checkers_.push_back(make_standard_checker(name));
      sim_.add_observer(*checkers_.back());
    }
    sim_.add_observer(marks_);
    sim_.add_observer(run_log_);
  }
  const std::string& run_log() const { return run_log_.text; }

  // Installs a reaction for a scripted node; call before the run starts.
  void script(NodeId node, ScriptedPeer::Handler handler) { handlers_[node] = std::move(handler); }
  // Parameters for one server from its next start or restart on (e.g. a shorter election timeout,
  // to choose who wins the next election).
  void set_params(NodeId node, RaftParams params) { params_for_[node] = std::move(params); }
  // Makes scripted node `from` send `message` to `to` at time `at`; call before the run starts.
  template <typename M>
  void plan(NodeId from, TimeUs at, NodeId to, M message) {
    plans_[from].push_back({at, to, std::make_shared<M>(std::move(message))});
  }

  Simulator& sim() { return sim_; }
  GroupNetwork& network() { return network_; }
  const MarkCounter& marks() const { return marks_; }
  const std::vector<NodeId>& servers() const { return servers_; }
  std::vector<ScriptedPeer::Received>& inbox(NodeId node) { return inboxes_[node]; }

  const RaftNode* server(NodeId id) const { return dynamic_cast<const RaftNode*>(sim_.node_object(id)); }
  void run_until(TimeUs time) { sim_.run_until(time); }

  // The live leader with the highest term, if any.
  std::optional<NodeId> leader() const {
    std::optional<NodeId> best;
    for (NodeId id : servers_) {
      const RaftNode* node = server(id);
      if (node == nullptr || node->role() != Role::leader) continue;
      if (!best || node->current_term() > server(*best)->current_term()) best = id;
    }
    return best;
  }
  std::size_t leaders_in_term(Term term) const {
    std::size_t count = 0;
    for (NodeId id : servers_) {
      const RaftNode* node = server(id);
      if (node != nullptr && node->role() == Role::leader && node->current_term() == term) ++count;
    }
    return count;
  }

  // Runs the end-of-run checks and returns every violation and undecided check, one per line ("" when clean).
  std::string finish_and_collect_violations() {
    std::string text;
    FinalState final_state = final_state_of(sim_);
    for (auto& checker : checkers_) {
      checker->finish(final_state);
      for (const Violation& violation : checker->violations()) {
        text += checker->name() + " at " + format_time_seconds(violation.time_us) + ": " + violation.message + "\n";
      }
      // Not a violation, but not a pass either: a test expecting "" must see it.
      for (const Undecided& undecided : checker->undecided()) {
        text += checker->name() + " undecided at " + format_time_seconds(undecided.time_us) + ": " + undecided.message + "\n";
      }
    }
    return text;
  }
  const Checker& checker(const std::string& name) const {
    for (const auto& checker : checkers_) {
      if (checker->name() == name) return *checker;
    }
    throw std::runtime_error("no checker " + name);
  }

 private:
  ClusterOptions options_;
  GroupNetwork network_;
  Simulator sim_;
  std::vector<NodeId> servers_;
  std::vector<std::vector<ScriptedPeer::Received>> inboxes_;
  std::map<NodeId, ScriptedPeer::Handler> handlers_;
  std::map<NodeId, std::vector<ScriptedPeer::PlannedSend>> plans_;
  std::map<NodeId, RaftParams> params_for_;
  std::vector<std::unique_ptr<Checker>> checkers_;
  MarkCounter marks_;
  RunLog run_log_;
};

// Random crashes, restarts and partitions of the servers until `heal_at`, then everything healed
// and restarted: the faults-then-healed shape of a seed sweep (STYLE.md §11).
struct NemesisOptions {
  DurationUs every_us = 300 * kMillisecond;
  DurationUs min_down_us = 50 * kMillisecond;
  DurationUs max_down_us = 600 * kMillisecond;
  int crash_weight = 1;
  int partition_weight = 1;
  TimeUs heal_at_us = 3 * kSecond;
};

inline void schedule_random_nemesis(Cluster& cluster, std::uint64_t seed, NemesisOptions options) {
  auto rng = std::make_shared<Rng>(Rng(seed).fork(0x6e656d65));
  Cluster* c = &cluster;
  for (TimeUs at = options.every_us; at < options.heal_at_us; at += options.every_us) {
    cluster.sim().schedule(at, [c, rng, options](Simulator& sim) {
      std::size_t n = c->servers().size();
      bool crash = rng->uniform(1, options.crash_weight + options.partition_weight) <= options.crash_weight;
      DurationUs down = rng->uniform(options.min_down_us, options.max_down_us);
      TimeUs undo_at = std::min(sim.now() + down, options.heal_at_us);
      if (crash) {
        NodeId victim = c->servers()[rng->index(n)];
        sim.crash(victim);
        sim.schedule(undo_at, [victim](Simulator& s) { s.restart(victim); });
      } else {
        for (NodeId id : c->servers()) c->network().set_group(id, static_cast<int>(rng->index(2)));
        sim.schedule(undo_at, [c](Simulator&) { c->network().heal(); });
      }
    });
  }
  cluster.sim().schedule(options.heal_at_us, [c](Simulator& sim) {
    c->network().heal();
    for (NodeId id : c->servers()) sim.restart(id);
  });
}

}  // namespace dsim::raft::testing
