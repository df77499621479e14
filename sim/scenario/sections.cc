// The "params" and "workload" sections of a scenario (see sections.h).
#include "sim/scenario/sections.h"

#include <nlohmann/json.hpp>

namespace dsim {
namespace {

const nlohmann::json& member_or_empty(const Scenario& scenario, const char* key) {
  static const nlohmann::json kEmptyObject = nlohmann::json::object();
  if (!scenario.source || !scenario.source->is_object()) return kEmptyObject;
  auto found = scenario.source->find(key);
  return found == scenario.source->end() ? kEmptyObject : *found;
}

}  // namespace

JsonReader scenario_params(const Scenario& scenario) {
  return JsonReader(member_or_empty(scenario, "params"), scenario.file, "params");
}

JsonReader scenario_workload(const Scenario& scenario) {
  return JsonReader(member_or_empty(scenario, "workload"), scenario.file, "workload");
}

}  // namespace dsim
