// Interaction tests of the simulator loop through small scripted nodes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/core/simulator.h"

using namespace dsim;

namespace {

struct Ping : MessageOf<Ping> {
  int hop = 0;
  std::string_view type() const override { return "Ping"; }
  void describe(FieldWriter& out) const override { out.field("hop", hop); }
};

}  // namespace

struct StartLogger : Node {
  std::vector<std::string>* log;
  explicit StartLogger(std::vector<std::string>* l) : log(l) {}
  void on_start(Context& ctx) override {
    log->push_back("start " + std::to_string(ctx.self()) + " @" + std::to_string(ctx.now()));
  }
  void on_message(Context&, NodeId, const Message&) override {}
  void on_timer(Context&, TimerId, const Timer&) override {}
};

TEST_CASE("nodes start in id order at time zero") {
  std::vector<std::string> log;
  FixedLatencyNetwork network(1000);
  Simulator sim(1, network);
  for (int i = 0; i < 3; ++i) sim.add_node("n", [&](NodeId) { return std::make_unique<StartLogger>(&log); });
  sim.run_until(0);
  CHECK(log == std::vector<std::string>{"start 0 @0", "start 1 @0", "start 2 @0"});
}

struct Sender : Node {
  std::vector<std::pair<NodeId, TimeUs>>* arrivals;
  explicit Sender(std::vector<std::pair<NodeId, TimeUs>>* a) : arrivals(a) {}
  void on_start(Context& ctx) override {
    if (ctx.self() == 0) {
      for (NodeId to = 1; to < ctx.node_count(); ++to) ctx.send(to, Ping{});
      ctx.set_timer(500, Timer{7, 0, 0});
    }
  }
  void on_message(Context& ctx, NodeId, const Message&) override { arrivals->emplace_back(ctx.self(), ctx.now()); }
  void on_timer(Context& ctx, TimerId, const Timer&) override { arrivals->emplace_back(ctx.self() + 100, ctx.now()); }
};

TEST_CASE("messages arrive after the network's latency, equal times in sending order") {
  std::vector<std::pair<NodeId, TimeUs>> arrivals;
  FixedLatencyNetwork network(1000);
  Simulator sim(1, network);
  for (int i = 0; i < 4; ++i) sim.add_node("n", [&](NodeId) { return std::make_unique<Sender>(&arrivals); });
  sim.run_until(5000);
  REQUIRE(arrivals.size() == 4);
  CHECK(arrivals[0] == std::pair<NodeId, TimeUs>{100, 500});  // node 0's timer first
  CHECK(arrivals[1] == std::pair<NodeId, TimeUs>{1, 1000});
  CHECK(arrivals[2] == std::pair<NodeId, TimeUs>{2, 1000});
  CHECK(arrivals[3] == std::pair<NodeId, TimeUs>{3, 1000});
  CHECK(sim.stats().messages_delivered == 3);
  CHECK(sim.now() == 5000);
}

// A node that sets two timers on start, cancels one, and keeps the id of a fired one.
struct TimerNode : Node {
  std::vector<std::string>* log;
  TimerId keep = kNoTimer, cancel = kNoTimer;
  explicit TimerNode(std::vector<std::string>* l) : log(l) {}
  void on_start(Context& ctx) override {
    keep = ctx.set_timer(100, Timer{1, 11, 0});
    cancel = ctx.set_timer(200, Timer{2, 22, 0});
    ctx.cancel_timer(cancel);
    ctx.set_timer(300, Timer{3, 33, 0});
  }
  void on_message(Context&, NodeId, const Message&) override {}
  void on_timer(Context& ctx, TimerId id, const Timer& timer) override {
    log->push_back(std::to_string(timer.kind) + "@" + std::to_string(ctx.now()));
    if (timer.kind == 1) {
      CHECK(id == keep);
      // The fired timer's slot may be reused, cancelling its stale id must not hit the new one.
      TimerId fresh = ctx.set_timer(150, Timer{4, 44, 0});
      ctx.cancel_timer(keep);
      (void)fresh;
    }
  }
};

TEST_CASE("a cancelled timer never fires and a stale timer id cancels nothing") {
  std::vector<std::string> log;
  FixedLatencyNetwork network(1000);
  Simulator sim(1, network);
  sim.add_node("n0", [&](NodeId) { return std::make_unique<TimerNode>(&log); });
  sim.run_until(1000);
  CHECK(log == std::vector<std::string>{"1@100", "4@250", "3@300"});
}

// A node whose behaviour is scripted by timers set at start.
struct Scripted : Node {
  std::vector<std::string>* log;
  int volatile_count = 0;
  explicit Scripted(std::vector<std::string>* l) : log(l) {}
  void on_start(Context& ctx) override {
    if (ctx.self() == 0) {
      ctx.set_timer(1000, Timer{1, 0, 1});  // ping node 1 at 1ms (arrives 2ms)
      ctx.set_timer(5000, Timer{1, 0, 1});  // ping node 1 at 5ms (arrives 6ms, while it is down)
      ctx.set_timer(9000, Timer{1, 0, 1});  // ping node 1 at 9ms (arrives 10ms, after restart)
    } else {
      ctx.set_timer(7000, Timer{2, 0, 0});  // would fire at 7ms, but the node crashes at 4ms
    }
  }
  void on_restart(Context& ctx) override {
    log->push_back("restart volatile=" + std::to_string(volatile_count) + " durable=" +
                   std::to_string(ctx.storage().get_int("seen").value_or(-1)));
  }
  void on_message(Context& ctx, NodeId, const Message&) override {
    ++volatile_count;
    ctx.persist_int("seen", ctx.storage().get_int("seen").value_or(0) + 1);
    ctx.publish(ViewKey<std::int64_t>{"seen"}, volatile_count);
    log->push_back("recv@" + std::to_string(ctx.now()));
  }
  void on_timer(Context& ctx, TimerId, const Timer& timer) override {
    if (timer.kind == 1) ctx.send(static_cast<NodeId>(timer.b), Ping{});
    else log->push_back("timer2@" + std::to_string(ctx.now()));
  }
};

struct DropCounter : Observer {
  std::vector<DropReason> drops;
  std::vector<std::string> faults;
  std::vector<std::pair<std::string, std::string>> states;
  void on_drop(TimeUs, NodeId, NodeId, const Message&, DropReason reason) override { drops.push_back(reason); }
  void on_fault(TimeUs, const FaultEvent& fault) override { faults.push_back(fault.kind); }
  void on_state(TimeUs, NodeId, std::string_view key, std::string_view value) override {
    states.emplace_back(std::string(key), std::string(value));
  }
};

TEST_CASE("crash drops in-flight messages and timers, restart rebuilds from durable storage") {
  std::vector<std::string> log;
  FixedLatencyNetwork network(1000);
  Simulator sim(1, network);
  DropCounter observer;
  sim.add_observer(observer);
  for (int i = 0; i < 2; ++i) sim.add_node("n", [&](NodeId) { return std::make_unique<Scripted>(&log); });
  sim.schedule(4000, [](Simulator& s) { s.crash(1); });
  sim.schedule(8000, [](Simulator& s) { s.restart(1); });
  sim.run_until(20000);
  CHECK(log == std::vector<std::string>{"recv@2000", "restart volatile=0 durable=1", "recv@10000"});
  CHECK(observer.drops == std::vector<DropReason>{DropReason::node_down});
  CHECK(observer.faults == std::vector<std::string>{"crash", "restart"});
  // Published state is cleared by the crash ("" marks a removed key) and republished after.
  CHECK(observer.states == std::vector<std::pair<std::string, std::string>>{{"seen", "1"}, {"seen", ""}, {"seen", "1"}});
  CHECK(sim.storage(1).get_int("seen") == 2);
}

TEST_CASE("a paused node receives nothing until it resumes, then everything in order") {
  std::vector<std::string> log;
  FixedLatencyNetwork network(1000);
  Simulator sim(1, network);
  for (int i = 0; i < 2; ++i) sim.add_node("n", [&](NodeId) { return std::make_unique<Scripted>(&log); });
  sim.schedule(1500, [](Simulator& s) { s.pause(1); });
  sim.schedule(8500, [](Simulator& s) { s.resume(1); });
  sim.run_until(20000);
  // The 2ms and 6ms pings and the 7ms timer all happen at the 8.5ms resume, in due order.
  CHECK(log == std::vector<std::string>{"recv@8500", "recv@8500", "timer2@8500", "recv@10000"});
}

struct ClockReader : Node {
  std::vector<TimeUs>* readings;
  explicit ClockReader(std::vector<TimeUs>* r) : readings(r) {}
  void on_start(Context& ctx) override { ctx.set_timer(1000000, Timer{}); }
  void on_message(Context&, NodeId, const Message&) override {}
  void on_timer(Context& ctx, TimerId, const Timer&) override { readings->push_back(ctx.now()); }
};

TEST_CASE("clock skew shifts a node's clock and drift changes how fast its timers run") {
  std::vector<TimeUs> readings;
  FixedLatencyNetwork network(1000);
  Simulator sim(1, network);
  sim.add_node("n0", [&](NodeId) { return std::make_unique<ClockReader>(&readings); });
  sim.schedule(0, [](Simulator& s) { s.set_clock(0, 5000, 0); });
  sim.run_until(0);
  CHECK(sim.local_time(0) == 5000);
  // +100000ppm: the node's clock runs 10% fast, so its 1s timer takes 1/1.1 s of true time.
  sim.set_clock(0, 0, 100000);
  sim.run_until(3000000);
  REQUIRE(readings.size() == 1);  // set before the drift: 1s of true time
  CHECK(readings[0] == 1000000 + 100000);
  CHECK(sim.local_time(0) == 3000000 + 300000);
}

TEST_CASE("a drift set mid-run never moves the clock, and timers already pending keep their true time") {
  std::vector<TimeUs> readings;
  FixedLatencyNetwork network(1000);
  Simulator sim(1, network);
  sim.add_node("n0", [&](NodeId) { return std::make_unique<ClockReader>(&readings); });
  sim.run_until(600000);                 // the 1 s timer is pending, due at 1 s true time
  sim.set_clock(0, 0, -500000);          // half speed from 0.6 s
  CHECK(sim.local_time(0) == 600000);    // before issue 22's fix it read 0.3 s here
  sim.run_until(8 * kSecond);
  REQUIRE(readings.size() == 1);
  // The pending timer fired at 1 s true time, when the slow clock read 0.6 + 0.4 / 2 = 0.8 s.
  CHECK(readings[0] == 800000);
  CHECK(sim.local_time(0) == 600000 + (8 * kSecond - 600000) / 2);
  sim.set_clock(0, 0, 0);                // back to true speed: still no jump
  CHECK(sim.local_time(0) == 600000 + (8 * kSecond - 600000) / 2);
}

TEST_CASE("the same seed gives every node the same random stream, another seed does not") {
  FixedLatencyNetwork network(1000);
  std::uint64_t draws[3];
  for (int run = 0; run < 3; ++run) {
    Simulator sim(run < 2 ? 5 : 6, network);
    std::uint64_t* out = &draws[run];
    struct Draw : Node {
      std::uint64_t* out;
      explicit Draw(std::uint64_t* o) : out(o) {}
      void on_start(Context& ctx) override { *out = ctx.rng().next_u64(); }
      void on_message(Context&, NodeId, const Message&) override {}
      void on_timer(Context&, TimerId, const Timer&) override {}
    };
    sim.add_node("n0", [out](NodeId) { return std::make_unique<Draw>(out); });
    sim.run_until(0);
  }
  CHECK(draws[0] == draws[1]);
  CHECK(draws[0] != draws[2]);
}

// Two nodes that answer every ping at once, each answer sent twice: the shape of a retransmission
// storm (issue 22, item 4), which doubles the messages in flight with every round trip.
struct Storm : Node {
  void on_start(Context& ctx) override {
    if (ctx.self() == 0) ctx.send(1, Ping{});
  }
  void on_message(Context& ctx, NodeId from, const Message&) override {
    ctx.send(from, Ping{});
    ctx.send(from, Ping{});
  }
  void on_timer(Context&, TimerId, const Timer&) override {}
};

TEST_CASE("a node that sends past the send-rate bound stops the run there, and the run does not go on") {
  FixedLatencyNetwork network(1000);
  Simulator sim(1, network);
  for (int i = 0; i < 2; ++i) sim.add_node("n", [](NodeId) { return std::make_unique<Storm>(); });
  sim.set_max_sends_per_second(500);
  CHECK_FALSE(sim.run_until(10 * kSecond));
  REQUIRE(sim.send_rate_exceeded().has_value());
  const SendRateExceeded& exceeded = *sim.send_rate_exceeded();
  CHECK(exceeded.sends == 501);
  CHECK(exceeded.bound == 500);
  CHECK(exceeded.window_start_us == 0);
  CHECK(exceeded.at_us == sim.now());
  CHECK(sim.now() < 20 * kMillisecond);  // doubling every millisecond: over 500 within a dozen round trips
  CHECK(sim.stats().peak_node_sends_per_second == 502);  // the handler that went over finished its second send
  std::uint64_t sent = sim.stats().messages_sent;
  CHECK_FALSE(sim.run_until(20 * kSecond));  // stopped for good
  CHECK(sim.stats().messages_sent == sent);
  CHECK_FALSE(sim.step());
}

TEST_CASE("the send-rate bound counts each second of virtual time afresh, per node") {
  struct Ticker : Node {  // 400 messages a second, spread evenly
    void on_start(Context& ctx) override { ctx.set_timer(2500, Timer{}); }
    void on_message(Context&, NodeId, const Message&) override {}
    void on_timer(Context& ctx, TimerId, const Timer&) override {
      ctx.send(1 - ctx.self(), Ping{});
      ctx.set_timer(2500, Timer{});
    }
  };
  FixedLatencyNetwork network(1000);
  Simulator sim(1, network);
  for (int i = 0; i < 2; ++i) sim.add_node("n", [](NodeId) { return std::make_unique<Ticker>(); });
  sim.set_max_sends_per_second(400);
  CHECK(sim.run_until(5 * kSecond));  // 400 a second each is within the bound, for 5 s
  CHECK_FALSE(sim.send_rate_exceeded().has_value());
  CHECK(sim.stats().peak_node_sends_per_second == 400);
  CHECK(sim.stats().messages_sent == 2 * 2000);  // each ticks at 2.5 ms, 5 ms, ... 5 s
}
