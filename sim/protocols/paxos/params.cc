// The bug switch list and role defaults (params.h); parsing lives in params_parse.cc so that code
// using only the node does not pull in the scenario layer.
#include "sim/protocols/paxos/params.h"

namespace dsim::paxos {

std::vector<std::string> bug_names() {
  return {kBugAcceptBelowPromise, kBugForgetPromise, kBugIgnoreAcceptedValue, kBugLearnWithoutMajority};
}

const char* mode_name(Mode mode) { return mode == Mode::single_decree ? "single" : "multi"; }

void fill_default_roles(PaxosParams& params, std::uint32_t servers) {
  for (std::vector<NodeId>* role : {&params.proposers, &params.acceptors, &params.learners}) {
    if (!role->empty()) continue;
    for (NodeId node = 0; node < servers; ++node) role->push_back(node);
  }
}

}  // namespace dsim::paxos
