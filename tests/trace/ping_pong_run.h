// A small scripted run that exercises every trace record: two servers exchange a Ping and a Pong,
// a message is lost at once, timers are set, fired and cancelled, a server crashes (its published
// state is cleared), the world narrates, and a client records an operation. Shared by the trace
// tests, which know by hand what its trace must say.
#pragma once

#include <memory>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/core/simulator.h"
#include "sim/scenario/scenario.h"
#include "sim/trace/trace_writer.h"

namespace dsim::testing {

struct Ping : MessageOf<Ping> {
  std::int64_t hop = 0;
  std::int64_t token = 0;
  std::string_view type() const override { return "Ping"; }
  void describe(FieldWriter& out) const override {
    out.field("hop", hop);
    out.field("token", token);
  }
};

struct Pong : MessageOf<Pong> {
  std::int64_t hop = 0;
  std::string_view type() const override { return "Pong"; }
  void describe(FieldWriter& out) const override { out.field("hop", hop); }
};

// What the nodes saw, so that tests can compare the trace with the run.
struct PingPongLog {
  std::int64_t token = 0;  // drawn from node 0's random stream: differs between seeds
  TimerId retry_timer = kNoTimer;
  TimerId spare_timer = kNoTimer;
  TimerId client_timer = kNoTimer;
};

// Node 0 ("alpha"): pings beta and the (unreachable) client, retries once on a timer.
class Alpha final : public Node {
 public:
  explicit Alpha(PingPongLog& log) : log_(log) {}
  void on_start(Context& ctx) override {
    ctx.publish(view::kRole, view::role::kLeader);
    log_.token = ctx.rng().uniform(1, 1000000000);
    Ping ping;
    ping.hop = 1;
    ping.token = log_.token;
    ctx.send(1, ping);
    ctx.send(2, ping);  // the test network loses everything sent to the client
    log_.retry_timer = ctx.set_timer(5000, Timer{1, 7, 0});
    log_.spare_timer = ctx.set_timer(9000, Timer{2, 0, 0});
    ctx.cancel_timer(log_.spare_timer);
    ctx.mark("test.started");
    ctx.annotate("alpha starts");
  }
  void on_message(Context& ctx, NodeId, const Message& message) override {
    if (message.is<Pong>()) {
      ctx.observe("rtt_us", ctx.now());
      ctx.gauge("queue", 3);
    }
  }
  void on_timer(Context& ctx, TimerId, const Timer&) override {
    Ping ping;
    ping.hop = 3;
    ctx.send(1, ping);
  }
  std::string_view timer_name(std::uint16_t kind) const override { return kind == 1 ? "retry" : "spare"; }

 private:
  PingPongLog& log_;
};

// Node 1 ("beta"): answers a Ping with a Pong.
class Beta final : public Node {
 public:
  void on_start(Context&) override {}
  void on_message(Context& ctx, NodeId from, const Message& message) override {
    if (const Ping* ping = message.as<Ping>()) {
      ctx.count("pings");
      Pong pong;
      pong.hop = ping->hop + 1;
      ctx.send(from, pong);
      ctx.publish(ViewKey<std::int64_t>{"seen"}, ping->hop);
    }
  }
  void on_timer(Context&, TimerId, const Timer&) override {}
};

// Node 2 ("client"): invokes a put and completes it when its timer fires.
class Client final : public Node {
 public:
  explicit Client(PingPongLog& log) : log_(log) {}
  void on_start(Context& ctx) override {
    ctx.record(HistoryEvent{0, kNoNode, HistoryEvent::Kind::invoke, "put", "x", "1", 9});
    log_.client_timer = ctx.set_timer(3000, Timer{5, 0, 0});
  }
  void on_message(Context&, NodeId, const Message&) override {}
  void on_timer(Context& ctx, TimerId, const Timer&) override {
    ctx.record(HistoryEvent{0, kNoNode, HistoryEvent::Kind::ok, "put", "x", "1", 9});
  }

 private:
  PingPongLog& log_;
};

// Every message takes 1ms, except that messages to node 2 are lost when sent.
class LoseToClientNetwork final : public NetworkModel {
 public:
  Transmission transmit(NodeId, NodeId to, TimeUs, Rng&) override {
    if (to == 2) return {DropReason::loss, 0, -1};
    return {DropReason::none, 1000, -1};
  }
  bool connected(NodeId, NodeId, TimeUs) const override { return true; }
};

inline Scenario ping_pong_scenario() {
  Scenario scenario;
  scenario.name = "test/ping-pong";
  scenario.title = "Ping \"pong\"";
  scenario.protocol = "ping";
  scenario.duration_us = 10000;
  scenario.nodes = 2;
  scenario.layout = {NodeLayout{0.25, 0.5}, NodeLayout{0.75, 0.5}};
  StoryLine line;
  line.at_us = 4000;
  line.text = "beta crashes";
  scenario.story = {line};
  scenario.source = std::make_shared<const nlohmann::json>(nlohmann::json::parse(R"({"nodes": 2, "name": "test/ping-pong"})"));
  return scenario;
}

struct PingPongOptions {
  std::uint64_t seed = 42;
  TimeUs crash_at_us = 4000;
};

// Runs the script and returns its trace.
inline std::string run_ping_pong(PingPongLog& log, PingPongOptions options = {}) {
  Scenario scenario = ping_pong_scenario();
  LoseToClientNetwork network;
  Simulator sim(options.seed, network);
  sim.add_node("alpha", [&](NodeId) { return std::make_unique<Alpha>(log); });
  sim.add_node("beta", [](NodeId) { return std::make_unique<Beta>(); });
  sim.add_node("client", [&](NodeId) { return std::make_unique<Client>(log); });
  std::ostringstream out;
  TraceWriter writer(out, scenario, options.seed);
  sim.add_observer(writer);
  sim.schedule(options.crash_at_us, [](Simulator& s) { s.crash(1); });
  sim.schedule(4500, [](Simulator& s) { s.narrate("the beta node is gone"); });
  sim.run_until(scenario.duration_us);
  sim.finish();
  return out.str();
}

}  // namespace dsim::testing
