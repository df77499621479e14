// The checks a Paxos scenario may name. Paxos's own, each named after the rule it judges in
// Lamport's "Paxos Made Simple" (2001) and each reading only what the run publishes (published_paxos.h):
//
//   agreement      §2.1's safety requirements on what is chosen and learned: only a single value is
//                  chosen per slot, and a process never learns that a value has been chosen unless
//                  it actually has been (a majority of acceptors accepted one proposal with it);
//   validity       §2.1: only a value that has been proposed may be chosen (a proposer's input, a
//                  client's command, or Multi-Paxos's no-op);
//   p2c            §2.2's P2c over the acceptors' state: for every proposal (n, v) issued, some
//                  majority of acceptors either accepted nothing below n, or their highest-numbered
//                  proposal below n has value v (counting what they accepted at any time: the
//                  paper's "has been or will be accepted");
//   promises_kept  P1a, with §2.2 and §2.5's stable storage: an acceptor never accepts a proposal numbered
//                  below a ballot it promised, and a promise never goes back, a restart included;
//   progress       single-decree liveness (§2.4): by the end of the run a value is chosen and every
//                  live learner has learned it (what duelling proposers never achieve).
//
// and the shared ones that fit Multi-Paxos: linearizable (the key-value history) and
// state_machine_safety ("applied"). docs/concepts/paxos.md says why Raft's other shared checks do
// not apply.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/check/checker.h"
#include "sim/protocols/kvservice/client.h"
#include "sim/protocols/paxos/params.h"

namespace dsim::paxos {

inline constexpr std::string_view kCheckAgreement = "agreement";
inline constexpr std::string_view kCheckValidity = "validity";
inline constexpr std::string_view kCheckP2c = "p2c";
inline constexpr std::string_view kCheckPromisesKept = "promises_kept";
inline constexpr std::string_view kCheckProgress = "progress";
inline constexpr std::string_view kCheckLinearizable = "linearizable";
inline constexpr std::string_view kCheckStateMachineSafety = "state_machine_safety";

// Every check above, sorted.
std::vector<std::string> check_names();
// The checks that read the key-value service (Multi-Paxos only) and the one that needs a single
// decree (single-decree only).
bool check_needs_multi(std::string_view name);
bool check_needs_single(std::string_view name);

// Null when `name` is none of them. `params` has its role lists filled (fill_default_roles).
std::unique_ptr<Checker> make_paxos_checker(std::string_view name, const PaxosParams& params,
                                            const kvservice::KvWorkload& workload);

}  // namespace dsim::paxos
