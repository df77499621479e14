// Names of fault actions, as scenario files spell them and as the trace reports them.
#include "sim/faults/fault_spec.h"

namespace dsim {

const char* fault_action_name(FaultSpec::Action action) {
  switch (action) {
    case FaultSpec::Action::crash: return "crash";
    case FaultSpec::Action::restart: return "restart";
    case FaultSpec::Action::pause: return "pause";
    case FaultSpec::Action::resume: return "resume";
    case FaultSpec::Action::partition: return "partition";
    case FaultSpec::Action::isolate: return "isolate";
    case FaultSpec::Action::cut: return "cut";
    case FaultSpec::Action::heal: return "heal";
    case FaultSpec::Action::degrade: return "degrade";
    case FaultSpec::Action::restore: return "restore";
    case FaultSpec::Action::clock: return "clock";
    case FaultSpec::Action::request: return "request";
  }
  return "unknown";
}

}  // namespace dsim
