// The fake protocols of the scenario tests (see fake_protocol.h).
#include "tests/scenario/fake_protocol.h"

#include "sim/check/checker.h"

namespace dsim::testing {
namespace {

class TestProtocol : public Protocol {
 public:
  std::string_view name() const override { return "test"; }
  std::string_view summary() const override { return "a protocol for the scenario tests"; }
  std::vector<std::string> checks() const override { return {"always_ok", "never_fails"}; }
  std::vector<std::string> marks() const override { return {"test.mark"}; }
  void validate(const Scenario& scenario) const override {
    JsonReader root(*scenario.source, scenario.file);
    if (std::optional<JsonReader> params = root.find("params")) {
      params->expect_keys({"heartbeat", "fanout"});
      params->duration_or("heartbeat", 50 * kMillisecond, 1);
      params->integer_or("fanout", 3, 1, 10);
    }
    if (std::optional<JsonReader> workload = root.find("workload")) {
      workload->expect_keys({"rate", "mode"});
      if (std::optional<JsonReader> rate = workload->find("rate")) rate->rate_per_second();
      if (std::optional<JsonReader> mode = workload->find("mode")) mode->choice({"flood", "gossip"});
    }
  }
  void build(World&) const override {}
  // The scenario tests load scenarios but never run them, so no check is ever made.
  std::unique_ptr<Checker> make_checker(std::string_view, const Scenario&) const override { return nullptr; }
};

class EchoProtocol : public TestProtocol {
 public:
  std::string_view name() const override { return "echo"; }
  std::vector<std::string> checks() const override { return {}; }
  std::vector<std::string> marks() const override { return {}; }
};

}  // namespace

const ProtocolRegistry& fake_registry() {
  static const ProtocolRegistry* registry = [] {
    auto* built = new ProtocolRegistry;
    built->add(std::make_unique<TestProtocol>());
    built->add(std::make_unique<EchoProtocol>());
    return built;
  }();
  return *registry;
}

nlohmann::json base_scenario() {
  return nlohmann::json::parse(R"({
    "name": "test/base",
    "title": "Base",
    "summary": "A valid scenario to break one key at a time.",
    "protocol": "test",
    "duration": "10s",
    "nodes": 5,
    "story": [ { "at": "0s", "text": "It begins." } ]
  })");
}

std::string load_error(const nlohmann::json& document, const std::vector<Override>& overrides) {
  try {
    load_scenario_text(document.dump(2), "test.json", fake_registry(), overrides);
  } catch (const ScenarioError& error) {
    return error.what();
  }
  return "no error";
}

std::string load_error_text(const std::string& text) {
  try {
    load_scenario_text(text, "test.json", fake_registry());
  } catch (const ScenarioError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace dsim::testing
