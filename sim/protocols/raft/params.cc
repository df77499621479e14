// The list of bug switches (params.h); parsing lives in params_parse.cc so that code using only
// the node does not pull in the scenario layer.
#include "sim/protocols/raft/params.h"

namespace dsim::raft {

std::vector<std::string> bug_names() {
  return {kBugCommitOldTermByCount, kBugForgetVotedFor, kBugSkipUpToDateCheck};
}

}  // namespace dsim::raft
