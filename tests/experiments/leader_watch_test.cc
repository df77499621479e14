// LeaderWatch reads elections from what Raft servers publish (role before term, view.h), so it is
// fed here the way a server publishes, with the protocol's own role names.
#include <catch2/catch.hpp>

#include "sim/core/fields.h"
#include "sim/experiments/leader_watch.h"
#include "sim/protocols/raft/raft_node.h"
#include "sim/protocols/raft/view.h"

using namespace dsim;
using namespace dsim::experiments;

namespace {

void publish(LeaderWatch& watch, TimeUs time, NodeId node, raft::Role role, raft::Term term) {
  watch.on_state(time, node, dsim::view::kRole.name, json_string(raft::role_name(role)));
  watch.on_state(time, node, dsim::view::kTerm.name, std::to_string(term));
}

}  // namespace

TEST_CASE("LeaderWatch records first candidacies and each leadership with its term") {
  LeaderWatch watch(3);
  std::vector<Leadership> announced;
  watch.on_new_leader = [&](const Leadership& leadership) { announced.push_back(leadership); };
  for (NodeId id = 0; id < 3; ++id) publish(watch, 0, id, raft::Role::follower, 0);
  publish(watch, 150, 1, raft::Role::candidate, 1);
  publish(watch, 160, 2, raft::Role::candidate, 1);
  publish(watch, 170, 1, raft::Role::leader, 1);
  CHECK(watch.leads(1, 1));
  CHECK_FALSE(watch.leads(1, 2));
  CHECK_FALSE(watch.leads(2, 1));
  publish(watch, 180, 2, raft::Role::follower, 1);
  publish(watch, 400, 2, raft::Role::candidate, 2);  // a second candidacy: the first stays recorded
  publish(watch, 410, 1, raft::Role::follower, 2);   // the leader steps down to the newer term
  publish(watch, 420, 2, raft::Role::leader, 2);
  CHECK_FALSE(watch.leads(1, 1));
  CHECK(watch.leads(2, 2));
  CHECK(watch.first_candidacy_us() == std::vector<TimeUs>{-1, 150, 160});
  REQUIRE(watch.leaderships().size() == 2);
  CHECK(watch.leaderships()[0].leader == 1);
  CHECK(watch.leaderships()[0].term == 1);
  CHECK(watch.leaderships()[0].since_us == 170);
  CHECK(watch.leaderships()[1].leader == 2);
  CHECK(watch.leaderships()[1].term == 2);
  CHECK(announced.size() == 2);
}

TEST_CASE("LeaderWatch forgets a crashed leader (its published state is cleared)") {
  LeaderWatch watch(2);
  publish(watch, 0, 0, raft::Role::candidate, 3);
  publish(watch, 20, 0, raft::Role::leader, 3);
  CHECK(watch.leads(0, 3));
  CHECK(watch.leaderships().front().term == 3);
  watch.on_state(50, 0, dsim::view::kRole.name, "");
  watch.on_state(50, 0, dsim::view::kTerm.name, "");
  CHECK_FALSE(watch.leads(0, 3));
  watch.on_state(60, 7, dsim::view::kRole.name, json_string("leader"));  // not a server it watches
  CHECK(watch.leaderships().size() == 1);
}
