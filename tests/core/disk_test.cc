// Durable writes that take time (sim/core/disk.h) and timer jitter, through small scripted nodes:
// a reply never leaves before the write it follows is durable (Raft Figure 2: "updated on stable
// storage before responding to RPCs"), writes queue on a node's disk, a crash loses what was not yet
// durable, and "acknowledged but not synced" is a bug a node can really have.
#include <catch2/catch.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/simulator.h"

using namespace dsim;

namespace {

struct Request : MessageOf<Request> {
  int number = 0;
  std::string_view type() const override { return "Request"; }
};

struct Reply : MessageOf<Reply> {
  int number = 0;
  std::string_view type() const override { return "Reply"; }
};

// Node 0 sends a Request to node 1 at each listed time (by timers); node 1 answers with the
// handler under test, `on_request`.
using Handler = std::function<void(Context&, const Request&)>;

struct Client final : Node {
  std::vector<TimeUs> at;
  explicit Client(std::vector<TimeUs> times) : at(std::move(times)) {}
  void on_start(Context& ctx) override {
    for (std::size_t i = 0; i < at.size(); ++i) ctx.set_timer(at[i], Timer{1, i + 1, 0});
  }
  void on_message(Context&, NodeId, const Message&) override {}
  void on_timer(Context& ctx, TimerId, const Timer& timer) override {
    Request request;
    request.number = static_cast<int>(timer.a);
    ctx.send(1, request);
  }
};

struct Server final : Node {
  Handler on_request;
  std::vector<std::string>* seen;  // what the node read back from its own storage, per request
  Server(Handler handler, std::vector<std::string>* s) : on_request(std::move(handler)), seen(s) {}
  void on_start(Context&) override {}
  void on_message(Context& ctx, NodeId, const Message& message) override {
    on_request(ctx, static_cast<const Request&>(message));
  }
  void on_timer(Context&, TimerId, const Timer&) override {}
  void on_restart(Context& ctx) override {
    const std::string* value = ctx.storage().get("k1");
    seen->push_back(value ? "restart k1=" + *value : "restart k1 missing");
  }
};

// Every write takes the same time, or the next of a list.
struct ScriptedDisk final : StorageModel {
  std::vector<DurationUs> latencies;
  std::size_t next = 0;
  explicit ScriptedDisk(std::vector<DurationUs> l) : latencies(std::move(l)) {}
  DurationUs write_latency(NodeId, Rng&) override {
    DurationUs latency = latencies[std::min(next, latencies.size() - 1)];
    ++next;
    return latency;
  }
};

// What the observers saw, in words: "send Reply 1 @6000", "write_done 1 [k1] @6000".
struct Recorder final : Observer {
  std::vector<std::string> events;
  void on_send(TimeUs time, NodeId from, NodeId, const Message& message, TimeUs) override {
    if (from != 1) return;
    events.push_back("send " + std::string(message.type()) + " " + std::to_string(static_cast<const Reply&>(message).number) +
                     " @" + std::to_string(time));
  }
  void on_deliver(TimeUs time, NodeId, NodeId to, const Message& message) override {
    if (to == 0) events.push_back("deliver " + std::string(message.type()) + " @" + std::to_string(time));
  }
  static std::string keys(const StorageWrite& write) {
    std::string text = "[";
    for (const std::string& key : write.keys) text += (text.size() > 1 ? "," : "") + key;
    return text + "]";
  }
  void on_write_done(TimeUs time, NodeId, const StorageWrite& write) override {
    events.push_back("write_done " + std::to_string(write.number) + " " + keys(write) + " @" + std::to_string(time) +
                     " (started @" + std::to_string(write.started_at) + ")");
  }
  void on_write_lost(TimeUs time, NodeId, const StorageWrite& write) override {
    events.push_back("write_lost " + std::to_string(write.number) + " " + keys(write) + " @" + std::to_string(time) +
                     " (due @" + std::to_string(write.done_at) + ")");
  }
};

Reply reply_to(const Request& request) {
  Reply reply;
  reply.number = request.number;
  return reply;
}

// A world of a client and a server with a 1 ms network.
struct World {
  FixedLatencyNetwork network{1000};
  Simulator sim{1, network};
  Recorder recorder;
  std::vector<std::string> seen;
  World(std::vector<TimeUs> requests, Handler handler) {
    sim.add_observer(recorder);
    sim.add_node("client", [requests](NodeId) { return std::make_unique<Client>(requests); });
    sim.add_node("server", [this, handler](NodeId) { return std::make_unique<Server>(handler, &seen); });
  }
};

}  // namespace

TEST_CASE("without a storage model a write is durable at once and a reply leaves at once") {
  World world({0}, [](Context& ctx, const Request& request) {
    ctx.persist("k1", "v");
    ctx.send(0, reply_to(request));
  });
  world.sim.run_until(10000);
  CHECK(world.recorder.events == std::vector<std::string>{"send Reply 1 @1000", "deliver Reply @2000"});
  CHECK(world.sim.storage(1).get("k1") != nullptr);
  CHECK(world.sim.pending_writes(1) == 0);
}

TEST_CASE("a reply sent after a persist leaves only once the write is durable (Raft Figure 2)") {
  World world({0}, [](Context& ctx, const Request& request) {
    ctx.persist("k1", "v");
    CHECK(*ctx.storage().get("k1") == "v");  // the node reads its own write at once
    ctx.send(0, reply_to(request));
  });
  ScriptedDisk disk({5000});
  world.sim.set_storage_model(disk);
  world.sim.run_until(3000);
  // Written, not yet durable: a crash now would lose it.
  CHECK(world.sim.pending_writes(1) == 1);
  CHECK(world.sim.storage(1).get("k1") == nullptr);
  world.sim.run_until(10000);
  CHECK(world.recorder.events == std::vector<std::string>{"write_done 1 [k1] @6000 (started @1000)",
                                                          "send Reply 1 @6000", "deliver Reply @7000"});
  CHECK(world.sim.storage(1).get("k1") != nullptr);
}

TEST_CASE("a message sent before the handler's first persist leaves at once, the ones after wait") {
  World world({0}, [](Context& ctx, const Request&) {
    Reply early;
    early.number = 1;
    ctx.send(0, early);
    ctx.persist("k1", "v");
    Reply late;
    late.number = 2;
    ctx.send(0, late);
  });
  ScriptedDisk disk({5000});
  world.sim.set_storage_model(disk);
  world.sim.run_until(10000);
  CHECK(world.recorder.events == std::vector<std::string>{"send Reply 1 @1000", "deliver Reply @2000",
                                                          "write_done 1 [k1] @6000 (started @1000)",
                                                          "send Reply 2 @6000", "deliver Reply @7000"});
}

TEST_CASE("every persist of one handler is one write, erasures included") {
  World world({0, 10000}, [](Context& ctx, const Request& request) {
    if (request.number == 1) {
      ctx.persist("k0", "a");
      ctx.persist("k1", "b");
      ctx.persist_int("k2", 3);
    } else {
      ctx.erase_durable("k0");
      ctx.erase_durable_prefix("k1");
      ctx.erase_durable("nothing");  // absent: erases nothing, writes nothing
    }
    ctx.send(0, reply_to(request));
  });
  ScriptedDisk disk({5000});
  world.sim.set_storage_model(disk);
  world.sim.run_until(30000);
  CHECK(world.recorder.events == std::vector<std::string>{
                                     "write_done 1 [k0,k1,k2] @6000 (started @1000)", "send Reply 1 @6000",
                                     "deliver Reply @7000", "write_done 2 [k0,k1] @16000 (started @11000)",
                                     "send Reply 2 @16000", "deliver Reply @17000"});
  CHECK(world.sim.storage(1).entries() == DurableEntries{{"k2", "3"}});
}

TEST_CASE("writes queue on a node's disk: the next starts when the one before is done") {
  World world({0, 1000}, [](Context& ctx, const Request& request) {
    ctx.persist("k" + std::to_string(request.number), "v");
    ctx.send(0, reply_to(request));
  });
  ScriptedDisk disk({5000, 2000});
  world.sim.set_storage_model(disk);
  world.sim.run_until(20000);
  // The second write is made at 2 ms but waits for the first (done at 6 ms), then takes 2 ms.
  CHECK(world.recorder.events == std::vector<std::string>{
                                     "write_done 1 [k1] @6000 (started @1000)", "send Reply 1 @6000",
                                     "deliver Reply @7000", "write_done 2 [k2] @8000 (started @2000)",
                                     "send Reply 2 @8000", "deliver Reply @9000"});
}

TEST_CASE("a crash loses the writes still on their way to disk, and the replies that waited never leave") {
  World world({0}, [](Context& ctx, const Request& request) {
    ctx.persist("k1", "v");
    ctx.send(0, reply_to(request));
  });
  ScriptedDisk disk({5000});
  world.sim.set_storage_model(disk);
  world.sim.schedule(3000, [](Simulator& s) { s.crash(1); });
  world.sim.schedule(4000, [](Simulator& s) { s.restart(1); });
  world.sim.run_until(20000);
  CHECK(world.recorder.events == std::vector<std::string>{"write_lost 1 [k1] @3000 (due @6000)"});
  CHECK(world.seen == std::vector<std::string>{"restart k1 missing"});
  CHECK(world.sim.storage(1).get("k1") == nullptr);
  CHECK(world.sim.pending_writes(1) == 0);
}

TEST_CASE("acknowledged but not synced: a node that replies before it persists loses an acknowledged write") {
  // The classic bug the storage model lets a student see: the reply goes out first, the client is
  // told "done", and a crash before the write reaches the disk forgets it.
  World world({0}, [](Context& ctx, const Request& request) {
    ctx.send(0, reply_to(request));
    ctx.persist("k1", "v");
  });
  ScriptedDisk disk({5000});
  world.sim.set_storage_model(disk);
  world.sim.schedule(3000, [](Simulator& s) { s.crash(1); });
  world.sim.schedule(4000, [](Simulator& s) { s.restart(1); });
  world.sim.run_until(20000);
  CHECK(world.recorder.events == std::vector<std::string>{"send Reply 1 @1000", "deliver Reply @2000",
                                                          "write_lost 1 [k1] @3000 (due @6000)"});
  CHECK(world.seen == std::vector<std::string>{"restart k1 missing"});
}

TEST_CASE("sync makes a later handler's reply wait for every earlier write") {
  for (bool sync : {false, true}) {
    World world({0, 1000}, [sync](Context& ctx, const Request& request) {
      if (request.number == 1) {
        ctx.persist("k1", "v");  // the reply to request 2 acknowledges this write too
        return;
      }
      if (sync) ctx.sync();
      ctx.send(0, reply_to(request));
    });
    ScriptedDisk disk({5000});
    world.sim.set_storage_model(disk);
    world.sim.run_until(20000);
    std::vector<std::string> expected = sync ? std::vector<std::string>{"write_done 1 [k1] @6000 (started @1000)",
                                                                        "send Reply 2 @6000", "deliver Reply @7000"}
                                             : std::vector<std::string>{"send Reply 2 @2000", "deliver Reply @3000",
                                                                        "write_done 1 [k1] @6000 (started @1000)"};
    CHECK(world.recorder.events == expected);
  }
}

TEST_CASE("a reply held for a write leaves when its paused sender resumes, not before") {
  World world({0}, [](Context& ctx, const Request& request) {
    ctx.persist("k1", "v");
    ctx.send(0, reply_to(request));
  });
  ScriptedDisk disk({5000});
  world.sim.set_storage_model(disk);
  world.sim.schedule(3000, [](Simulator& s) { s.pause(1); });
  world.sim.schedule(8000, [](Simulator& s) { s.resume(1); });
  world.sim.run_until(20000);
  // The disk finishes while the process is frozen; the process sends when it runs again.
  CHECK(world.recorder.events == std::vector<std::string>{"write_done 1 [k1] @6000 (started @1000)",
                                                          "send Reply 1 @8000", "deliver Reply @9000"});
}

TEST_CASE("a write's latency is drawn from the node's own disk stream") {
  // Node 1's draws are the same whether or not node 0 writes too.
  struct RandomDisk final : StorageModel {
    std::vector<std::pair<NodeId, DurationUs>> drawn;
    DurationUs write_latency(NodeId node, Rng& rng) override {
      drawn.emplace_back(node, rng.uniform(1000, 9000));
      return drawn.back().second;
    }
  };
  std::vector<DurationUs> server_draws[2];
  for (int client_writes = 0; client_writes < 2; ++client_writes) {
    FixedLatencyNetwork network(1000);
    Simulator sim(7, network);
    struct Writer final : Node {
      bool writes;
      explicit Writer(bool w) : writes(w) {}
      void on_start(Context& ctx) override { ctx.set_timer(1000, Timer{1, 0, 0}); }
      void on_message(Context&, NodeId, const Message&) override {}
      void on_timer(Context& ctx, TimerId, const Timer&) override {
        if (writes) ctx.persist("x", "1");
        ctx.set_timer(1000, Timer{1, 0, 0});
      }
    };
    sim.add_node("client", [&](NodeId) { return std::make_unique<Writer>(client_writes == 1); });
    sim.add_node("server", [&](NodeId) { return std::make_unique<Writer>(true); });
    RandomDisk disk;
    sim.set_storage_model(disk);
    sim.run_until(20000);
    for (const auto& [node, latency] : disk.drawn) {
      if (node == 1) server_draws[client_writes].push_back(latency);
    }
  }
  REQUIRE(server_draws[0].size() > 3);
  CHECK(server_draws[0] == server_draws[1]);
}

TEST_CASE("timers fire up to the jitter late, never early, and the jitter draws from no other stream") {
  struct Ticker final : Node {
    std::vector<TimeUs>* fired;
    std::vector<std::int64_t>* draws;
    Ticker(std::vector<TimeUs>* f, std::vector<std::int64_t>* d) : fired(f), draws(d) {}
    void on_start(Context& ctx) override { ctx.set_timer(10000, Timer{1, 0, 0}); }
    void on_message(Context&, NodeId, const Message&) override {}
    void on_timer(Context& ctx, TimerId, const Timer&) override {
      fired->push_back(ctx.now());
      draws->push_back(ctx.rng().uniform(0, 1000000));
      ctx.set_timer(10000, Timer{1, 0, 0});
    }
  };
  std::vector<TimeUs> fired[2];
  std::vector<std::int64_t> draws[2];
  for (int jitter = 0; jitter < 2; ++jitter) {
    FixedLatencyNetwork network(1000);
    Simulator sim(3, network);
    sim.add_node("n", [&](NodeId) { return std::make_unique<Ticker>(&fired[jitter], &draws[jitter]); });
    if (jitter == 1) sim.set_timer_jitter(500);
    sim.run_until(1000000);
  }
  // Exact without jitter: every 10 ms.
  REQUIRE(fired[0].size() == 100);
  for (std::size_t i = 0; i < fired[0].size(); ++i) CHECK(fired[0][i] == static_cast<TimeUs>(10000 * (i + 1)));
  // With 0.5 ms: each interval between 10 and 10.5 ms, and not all the same.
  REQUIRE(fired[1].size() > 90);
  bool varied = false;
  TimeUs previous = 0;
  for (TimeUs at : fired[1]) {
    CHECK(at - previous >= 10000);
    CHECK(at - previous <= 10500);
    varied = varied || at - previous != fired[1][0];
    previous = at;
  }
  CHECK(varied);
  // The node's own stream is untouched by the jitter's draws.
  CHECK(std::vector<std::int64_t>(draws[1].begin(), draws[1].begin() + 90) ==
        std::vector<std::int64_t>(draws[0].begin(), draws[0].begin() + 90));
}

// DurableStorage::put remembers where its last put went, so that a log appended to needs no
// search; the contents must be exactly those of a plain map whatever the order of puts and erases,
// and a copy or a move must not keep a place in the other storage's map.
TEST_CASE("durable storage holds what a plain map would, in any order of puts, appends and erases") {
  DurableStorage storage;
  DurableEntries expected;
  auto put = [&](const std::string& key, const std::string& value) {
    storage.put(key, value);
    expected[key] = value;
  };
  auto erase = [&](const std::string& key) {
    storage.erase(key);
    expected.erase(key);
  };
  put("term", "1");
  put("voted_for", "2");
  for (int i = 1; i <= 20; ++i) put("log/" + std::to_string(100 + i), "entry " + std::to_string(i));  // appends
  put("log/105", "rewritten");  // an existing key after the last put
  put("log/050", "before all");  // a new key before the last put
  put("log/121", "next");        // right after a put that was not the last key
  put("a", "first key");
  erase("log/110");
  put("log/110", "back");  // after an erase, the remembered place is gone
  put("log/111", "again");
  storage.erase_prefix("log/11");
  expected.erase("log/110");
  expected.erase("log/111");
  expected.erase("log/112");
  expected.erase("log/113");
  expected.erase("log/114");
  expected.erase("log/115");
  expected.erase("log/116");
  expected.erase("log/117");
  expected.erase("log/118");
  expected.erase("log/119");
  put("log/119", "after the prefix");
  put("log/120", "rewritten too");
  CHECK(storage.entries() == expected);

  DurableStorage copy = storage;
  DurableStorage moved = std::move(copy);
  moved.put("log/122", "in the moved one");
  storage.put("log/122", "in the original");
  CHECK(moved.get("log/122") != nullptr);
  CHECK(*moved.get("log/122") == "in the moved one");
  CHECK(*storage.get("log/122") == "in the original");
  DurableStorage assigned;
  assigned = storage;
  assigned.put("log/123", "only here");
  CHECK(storage.get("log/123") == nullptr);
  CHECK(assigned.entries().size() == storage.entries().size() + 1);
}
