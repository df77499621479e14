// The published-view contract (STYLE.md §16). What a node publishes (Context::publish) is read by
// the checkers, the fault injector's run-time targets ("leader") and the visualizer, so a key is
// declared once, with the JSON type of its value, and every writer and reader names it through
// that declaration: a renamed key is a compile error, never a checker that silently sees nothing.
//
// The keys below are the conventions every protocol shares; a protocol's own keys live in its
// view.h as ViewKey constants of the same kind.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dsim {

// The value type of a key whose value is any JSON document (an array, an object) the node builds
// as text. The other value types are std::int64_t (a JSON integer) and std::string (a JSON string).
struct JsonText {};

template <typename Value>
struct ViewKey {
  std::string_view name;
};

// A family of keys, one per member, sharing a prefix: "balance.alice", "fate.T1".
template <typename Value>
struct ViewKeyFamily {
  std::string_view prefix;

  std::string key(std::string_view member) const {
    std::string key(prefix);
    key += member;
    return key;
  }
  bool holds(std::string_view key) const {
    return key.size() > prefix.size() && key.substr(0, prefix.size()) == prefix;
  }
  // The member a key of this family names ("alice" for "balance.alice").
  std::string_view member(std::string_view key) const { return key.substr(prefix.size()); }
};

namespace view {

// What the node is now: one of the words in view::role. Every protocol publishes it for each node,
// servers and clients alike; the visualizer colours nodes by it.
inline constexpr ViewKey<std::string> kRole{"role"};
// A leadership epoch that never decreases while the node is up: Raft's term, a Paxos ballot's
// round. Published with kRole by protocols that elect leaders (election_safety reads the pair).
inline constexpr ViewKey<std::int64_t> kTerm{"term"};
// The node this one believes leads, -1 when it does not know.
inline constexpr ViewKey<std::int64_t> kLeader{"leader"};
// A replicated log, as a window: kLog is a JSON array of the entries' terms (or ballots), the
// first of which has index kLogStart; kCommitIndex is the highest index known committed. The log
// is published before the commit index, so a reader never sees a commit beyond the log shown.
inline constexpr ViewKey<JsonText> kLog{"log"};
inline constexpr ViewKey<std::int64_t> kLogStart{"log_start"};
inline constexpr ViewKey<std::int64_t> kCommitIndex{"commit_index"};

// The values of kRole that readers outside the protocol act on.
namespace role {
inline constexpr std::string_view kLeader = "leader";        // the fault target "leader" picks it
inline constexpr std::string_view kFollower = "follower";
inline constexpr std::string_view kCandidate = "candidate";
inline constexpr std::string_view kServer = "server";        // a server of a leaderless protocol
inline constexpr std::string_view kClient = "client";        // a node that only issues requests
// Paxos's roles (Lamport, "Paxos Made Simple" §1): a proposer at work (single-decree, or running
// phase 1 to lead Multi-Paxos), an acceptor, a node that only learns. A Multi-Paxos leader is kLeader.
inline constexpr std::string_view kProposer = "proposer";
inline constexpr std::string_view kAcceptor = "acceptor";
inline constexpr std::string_view kLearner = "learner";
}  // namespace role

// The JSON text a string value is published as ("\"leader\""), for comparing with raw values.
std::string quoted(std::string_view text);

}  // namespace view
}  // namespace dsim
