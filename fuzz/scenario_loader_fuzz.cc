// Feeds arbitrary bytes to the scenario loader. A ScenarioError is the expected answer to a bad
// file; anything else escaping (a nlohmann exception, a crash, a sanitizer report) is a bug.
//
// Input layout: the scenario text, then optionally NUL-separated `--set` overrides
// ("path=value"), so the override path walker is fuzzed too.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario/loader.h"

namespace {

// A protocol that validates its params and workload through JsonReader, as real ones do.
class FuzzProtocol : public dsim::Protocol {
 public:
  std::string_view name() const override { return "test"; }
  std::string_view summary() const override { return "fuzzing"; }
  std::vector<std::string> checks() const override { return {"always_ok", "never_fails"}; }
  std::vector<std::string> marks() const override { return {"test.mark"}; }
  void validate(const dsim::Scenario& scenario) const override {
    dsim::JsonReader root(*scenario.source, scenario.file);
    if (std::optional<dsim::JsonReader> params = root.find("params")) {
      params->expect_keys({"heartbeat", "fanout", "timeout"});
      params->duration_or("heartbeat", 1000, 1);
      params->integer_or("fanout", 3, 1, 10);
      if (std::optional<dsim::JsonReader> timeout = params->find("timeout")) {
        for (const dsim::JsonReader& end : timeout->items()) end.duration();
      }
    }
    if (std::optional<dsim::JsonReader> workload = root.find("workload")) {
      workload->expect_keys({"rate", "mode", "share"});
      if (std::optional<dsim::JsonReader> rate = workload->find("rate")) rate->rate_per_second();
      if (std::optional<dsim::JsonReader> mode = workload->find("mode")) mode->choice({"flood", "gossip"});
      workload->number_or("share", 0.5, 0, 1);
    }
  }
  void build(dsim::World&) const override {}
};

const dsim::ProtocolRegistry& registry() {
  static const dsim::ProtocolRegistry* built = [] {
    auto* r = new dsim::ProtocolRegistry;
    r->add(std::make_unique<FuzzProtocol>());
    return r;
  }();
  return *built;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::size_t first_nul = input.find('\0');
  std::string_view text = input.substr(0, first_nul);
  try {
    std::vector<dsim::Override> overrides;
    if (first_nul != std::string_view::npos) {
      std::string_view rest = input.substr(first_nul + 1);
      while (!rest.empty() && overrides.size() < 8) {
        std::size_t nul = rest.find('\0');
        overrides.push_back(dsim::parse_override(rest.substr(0, nul)));
        rest = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
      }
    }
    dsim::load_scenario_text(text, "fuzz.json", registry(), overrides);
  } catch (const dsim::ScenarioError& error) {
    // The expected outcome for most inputs. DSIM_FUZZ_VERBOSE=1 shows it, to check the corpus.
    static const bool verbose = std::getenv("DSIM_FUZZ_VERBOSE") != nullptr;
    if (verbose) std::fprintf(stderr, "%s\n", error.what());
  }
  return 0;
}
