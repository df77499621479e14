// exactly_once (exactly_once.h).
#include "labs/04-kv-raft/lab/exactly_once.h"

#include <map>
#include <set>
#include <string>
#include <tuple>

#include <nlohmann/json.hpp>

#include "labs/04-kv-raft/lab/view.h"
#include "sim/core/time.h"

namespace dsim::lab04 {
namespace {

class ExactlyOnceChecker final : public Checker {
 public:
  ExactlyOnceChecker() : Checker(std::string(kCheckExactlyOnce)) {}

  void on_state(TimeUs time, NodeId node, std::string_view key, std::string_view value_json) override {
    if (node >= run_info().servers || key != view::kKeyValues.name) return;
    nlohmann::json map = nlohmann::json::parse(value_json, nullptr, false);
    if (!map.is_object()) return;
    for (const auto& [name, value] : map.items()) {
      if (!value.is_string()) continue;
      std::string text = value.get<std::string>();
      // The appended parts: "+c1.7" each ("c0.2+c1.7+c1.7" holds +c1.7 twice).
      std::map<std::string, int> seen;
      for (std::size_t at = text.find('+'); at != std::string::npos;) {
        std::size_t next = text.find('+', at + 1);
        std::string part = text.substr(at, next == std::string::npos ? std::string::npos : next - at);
        if (part.size() > 1 && ++seen[part] == 2 && reported_.insert({node, name, part}).second) {
          report(time, {node},
                 node_name(node) + " applied the append " + part + " to " + name + " twice: at " +
                     format_time_seconds(time) + " " + name + " = \"" + text +
                     "\"; a retried request must not run again (Raft §8: sessions remember each client's last request)");
        }
        at = next;
      }
    }
  }

 private:
  std::set<std::tuple<NodeId, std::string, std::string>> reported_;  // one report per server, key and append
};

}  // namespace

std::unique_ptr<Checker> make_exactly_once_checker() { return std::make_unique<ExactlyOnceChecker>(); }

}  // namespace dsim::lab04
