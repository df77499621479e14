// A scenario's "params" and "workload" objects as JsonReaders that name the file and path in their
// errors. A scenario may leave either out; an empty object then stands in, so each protocol's
// defaults apply. Protocols read their sections only through these.
#pragma once

#include "sim/scenario/json_reader.h"
#include "sim/scenario/scenario.h"

namespace dsim {

JsonReader scenario_params(const Scenario& scenario);
JsonReader scenario_workload(const Scenario& scenario);

}  // namespace dsim
