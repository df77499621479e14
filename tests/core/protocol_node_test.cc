// The node kit (sim/core/protocol_node.h) and the Context contract (sim/core/node.h): messages and
// timers reach their typed handlers, a stale timer never does, the view is published after every
// event, and what breaks the contract stops the run with an assertion naming what happened.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/core/network_model.h"
#include "sim/core/protocol_node.h"
#include "sim/core/simulator.h"
#include "tests/support/child_process.h"

using namespace dsim;

namespace {

struct Hello : MessageOf<Hello> {
  std::int64_t round = 0;
  std::string_view type() const override { return "Hello"; }
};
struct Unheard : MessageOf<Unheard> {
  std::string_view type() const override { return "Unheard"; }
};

struct Tick {
  static constexpr TimerKind kKind{1, "tick"};
  std::uint64_t round = 0;
  TimerWords pack() const { return {round}; }
  static Tick unpack(TimerWords words) { return {words.a}; }
};
struct Alarm {
  static constexpr TimerKind kKind{2, "alarm"};
  std::int64_t epoch = 0;
  std::uint64_t attempt = 0;
  TimerWords pack() const { return {to_word(epoch), attempt}; }
  static Alarm unpack(TimerWords words) { return {from_word<std::int64_t>(words.a), words.b}; }
};

inline constexpr ViewKey<std::int64_t> kHeard{"heard"};

// Node 0 greets node 1 and sets two ticks, the first of which it makes stale; node 1 answers.
class KitNode final : public ProtocolNode<KitNode> {
 public:
  static constexpr std::string_view kNodeType = "kit test node";
  explicit KitNode(std::vector<std::string>* log) : log_(log) {}

  void start(Context& ctx) {
    if (ctx.self() != 0) return;
    ctx.send(1, Hello{});
    ctx.set_timer(10, Tick{1});
    ctx.set_timer(20, Tick{2});
    ctx.set_timer(30, Alarm{-7, 3});
    current_tick_ = 2;  // the first tick is stale before it fires
  }
  bool is_current(const Tick& tick) const { return tick.round == current_tick_; }
  bool is_current(const Alarm&) const { return true; }
  void publish_view(Context& ctx) { ctx.publish(kHeard, heard_); }

 private:
  void on_hello(Context& ctx, NodeId from, const Hello& hello) {
    ++heard_;
    log_->push_back("hello " + std::to_string(hello.round) + " from " + std::to_string(from));
    if (ctx.self() == 1) {
      Hello answer;
      answer.round = hello.round + 1;
      ctx.send(from, answer);
    }
  }
  void on_tick(Context&, const Tick& tick) { log_->push_back("tick " + std::to_string(tick.round)); }
  void on_alarm(Context&, const Alarm& alarm) {
    log_->push_back("alarm " + std::to_string(alarm.epoch) + "/" + std::to_string(alarm.attempt));
  }

  std::vector<std::string>* log_;
  std::uint64_t current_tick_ = 0;
  std::int64_t heard_ = 0;

 public:
  using Messages = MessageHandlers<&KitNode::on_hello>;
  using Timers = TimerHandlers<&KitNode::on_tick, &KitNode::on_alarm>;
};

// Sets a timer of a kind it has no handler for.
struct Odd {
  static constexpr TimerKind kKind{9, "odd"};
  TimerWords pack() const { return {}; }
  static Odd unpack(TimerWords) { return {}; }
};
struct Setter : ProtocolNode<Setter> {
  static constexpr std::string_view kNodeType = "timer test node";
  void start(Context& ctx) { ctx.set_timer(3, Odd{}); }
  bool is_current(const Tick&) const { return true; }
  void on_tick(Context&, const Tick&) {}
  using Messages = MessageHandlers<>;
  using Timers = TimerHandlers<&Setter::on_tick>;
};

// Records what observers see of timers and published state.
struct Watcher : Observer {
  std::vector<std::string> seen;
  void on_timer_fire(TimeUs, NodeId node, TimerId, const Timer& timer) override {
    seen.push_back("fire " + std::to_string(node) + " kind " + std::to_string(timer.kind));
  }
  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value) override {
    seen.push_back("state " + std::to_string(time) + " " + std::to_string(node) + " " + std::string(key) + "=" +
                   std::string(value));
  }
};

// Two KitNodes run for 100 µs with a watcher attached.
struct KitPair {
  std::vector<std::string> log;
  FixedLatencyNetwork network{5};
  Simulator simulator{1, network};
  Watcher watcher;
  KitPair() {
    simulator.add_observer(watcher);
    simulator.add_node("a", [this](NodeId) { return std::make_unique<KitNode>(&log); });
    simulator.add_node("b", [this](NodeId) { return std::make_unique<KitNode>(&log); });
    simulator.run_until(100);
  }
};

}  // namespace

TEST_CASE("the kit hands each message and timer to its typed handler, and a stale timer to none") {
  KitPair pair;
  auto& [log, network, simulator, watcher] = pair;
  CHECK(log == std::vector<std::string>{"hello 0 from 0", "hello 1 from 1", "tick 2", "alarm -7/3"});
  // The stale tick fired (the simulator cannot know) but reached no handler.
  CHECK(std::count(watcher.seen.begin(), watcher.seen.end(), "fire 0 kind 1") == 2);
  CHECK(simulator.node_object(0)->timer_name(1) == "tick");
  CHECK(simulator.node_object(0)->timer_name(2) == "alarm");
}

TEST_CASE("the kit publishes the node's view after its start and after every event that changed it") {
  KitPair pair;
  auto& [log, network, simulator, watcher] = pair;
  std::vector<std::string> states;
  for (const std::string& line : watcher.seen) {
    if (line.rfind("state", 0) == 0) states.push_back(line);
  }
  CHECK(states == std::vector<std::string>{"state 0 0 heard=0", "state 0 1 heard=0", "state 5 1 heard=1",
                                           "state 10 0 heard=1"});
}

TEST_CASE("a message no handler takes stops the run, naming the node type and the message") {
  testing::ChildOutcome outcome = testing::run_in_child([] {
    std::vector<std::string> log;
    FixedLatencyNetwork network(5000);
    Simulator simulator(7, network);
    struct Sender : Node {
      void on_start(Context& ctx) override { ctx.send(1, Unheard{}); }
      void on_message(Context&, NodeId, const Message&) override {}
      void on_timer(Context&, TimerId, const Timer&) override {}
    };
    simulator.add_node("sender", [](NodeId) { return std::make_unique<Sender>(); });
    simulator.add_node("kit", [&log](NodeId) { return std::make_unique<KitNode>(&log); });
    simulator.run_until(10000);
  });
  CHECK(outcome.aborted);
  CHECK_THAT(outcome.stderr_text, Catch::Contains("a kit test node received a Unheard message") &&
                                      Catch::Contains("sim time 0.005s") && Catch::Contains("node 1") &&
                                      Catch::Contains("seed 7"));
}

TEST_CASE("a timer kind no handler takes stops the run") {
  testing::ChildOutcome outcome = testing::run_in_child([] {
    std::vector<std::string> log;
    FixedLatencyNetwork network(5);
    Simulator simulator(7, network);
    simulator.add_node("setter", [](NodeId) { return std::make_unique<Setter>(); });
    simulator.run_until(100);
  });
  CHECK(outcome.aborted);
  CHECK_THAT(outcome.stderr_text, Catch::Contains("a timer test node fired a timer of kind 9"));
}

TEST_CASE("a Context used outside its node's handler stops the run") {
  testing::ChildOutcome outcome = testing::run_in_child([] {
    FixedLatencyNetwork network(5);
    Simulator simulator(3, network);
    struct Leaky : Node {
      Context* kept = nullptr;
      void on_start(Context& ctx) override { kept = &ctx; }
      void on_message(Context&, NodeId, const Message&) override {}
      void on_timer(Context&, TimerId, const Timer&) override {}
    };
    Leaky* leaky = nullptr;
    simulator.add_node("leaky", [&leaky](NodeId) {
      auto node = std::make_unique<Leaky>();
      leaky = node.get();
      return node;
    });
    simulator.run_until(10);
    leaky->kept->send(0, Hello{});  // after the handler returned
  });
  CHECK(outcome.aborted);
  CHECK_THAT(outcome.stderr_text, Catch::Contains("only while its own handler runs"));
}

TEST_CASE("stepping a run that was never started stops it") {
  testing::ChildOutcome outcome = testing::run_in_child([] {
    FixedLatencyNetwork network(5);
    Simulator simulator(3, network);
    simulator.step();
  });
  CHECK(outcome.aborted);
  CHECK_THAT(outcome.stderr_text, Catch::Contains("before it is stepped"));
}

TEST_CASE("a typed timer packs into its kind and two words and unpacks to the same value") {
  Alarm alarm{-42, 9};
  Timer raw = encode_timer(alarm);
  CHECK(raw.kind == 2);
  CHECK(raw.b == 9);
  Alarm back = decode_timer<Alarm>(raw);
  CHECK(back.epoch == -42);
  CHECK(back.attempt == 9);
}

namespace {

// Node 0 sends itself three numbered Hellos from its start; each Hello below 5 sends itself the
// next one. It logs what it handles, and records what the network and the view saw meanwhile.
class SelfTalker final : public ProtocolNode<SelfTalker> {
 public:
  static constexpr std::string_view kNodeType = "self-talking test node";
  explicit SelfTalker(std::vector<std::string>* log) : log_(log) {}
  void start(Context&) {
    for (std::int64_t round : {1, 2, 3}) {
      Hello hello;
      hello.round = round;
      send_to_self(hello);
    }
    log_->push_back("start done");
  }
  void publish_view(Context& ctx) {
    log_->push_back("publish " + std::to_string(handled_));
    ctx.publish(kHeard, handled_);
  }

 private:
  void on_hello(Context&, NodeId from, const Hello& hello) {
    ++handled_;
    log_->push_back("hello " + std::to_string(hello.round) + " from " + std::to_string(from));
    if (hello.round == 3) {
      Hello next;
      next.round = 4;
      send_to_self(next);
    }
  }
  std::vector<std::string>* log_;
  std::int64_t handled_ = 0;

 public:
  using Messages = MessageHandlers<&SelfTalker::on_hello>;
  using Timers = TimerHandlers<>;
};

// Sends itself a Hello whose handler sends itself another, forever.
class Echo final : public ProtocolNode<Echo> {
 public:
  static constexpr std::string_view kNodeType = "test node that echoes";
  void start(Context&) { send_to_self(Hello{}); }
  void on_hello(Context&, NodeId, const Hello&) { send_to_self(Hello{}); }
  using Messages = MessageHandlers<&Echo::on_hello>;
  using Timers = TimerHandlers<>;
};

}  // namespace

TEST_CASE("a message to self reaches the node's own handler after the sending handler, in order, off the network") {
  std::vector<std::string> log;
  FixedLatencyNetwork network(5);
  Simulator simulator(1, network);
  Watcher watcher;
  simulator.add_observer(watcher);
  simulator.add_node("a", [&log](NodeId) { return std::make_unique<SelfTalker>(&log); });
  simulator.run_until(100);
  CHECK(log == std::vector<std::string>{"start done", "hello 1 from 0", "hello 2 from 0", "hello 3 from 0",
                                        "hello 4 from 0", "publish 4"});
  CHECK(simulator.stats().messages_sent == 0);  // never the network's
  CHECK(watcher.seen == std::vector<std::string>{"state 0 0 heard=4"});
}

TEST_CASE("two roles of one node that answer each other forever stop the run") {
  testing::ChildOutcome outcome = testing::run_in_child([] {
    FixedLatencyNetwork network(5);
    Simulator simulator(7, network);
    simulator.add_node("echo", [](NodeId) { return std::make_unique<Echo>(); });
    simulator.run_until(100);
  });
  CHECK(outcome.aborted);
  CHECK_THAT(outcome.stderr_text, Catch::Contains("a test node that echoes sent itself more than 1000000 messages"));
}
