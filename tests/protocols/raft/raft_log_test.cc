// Table tests of Raft's log behind its snapshot (sim/protocols/raft/raft_log.h) and of majority
// quorums (quorum.h): the index arithmetic the server's handlers rely on.
#include <catch2/catch.hpp>

#include <map>
#include <vector>

#include "sim/core/random.h"
#include "sim/protocols/raft/peer_table.h"
#include "sim/protocols/raft/quorum.h"
#include "sim/protocols/raft/raft_log.h"

using namespace dsim;
using namespace dsim::raft;

namespace {

// A log holding entries of the given terms at indexes 1, 2, ...
RaftLog log_of(const std::vector<Term>& terms) {
  RaftLog log;
  for (Term term : terms) log.append(LogEntry{term, Command{}});
  return log;
}

}  // namespace

TEST_CASE("term_at reads each held entry, the snapshot's term at its index, and 0 elsewhere (Figure 2, §7)") {
  RaftLog log = log_of({1, 1, 2, 3, 3});
  struct Row {
    LogIndex index;
    Term term;
  };
  for (Row row : {Row{0, 0}, Row{1, 1}, Row{3, 2}, Row{5, 3}, Row{6, 0}, Row{-1, 0}}) {
    INFO("index " << row.index);
    CHECK(log.term_at(row.index) == row.term);
  }
  log.compact_through(3);
  CHECK(log.snapshot_index() == 3);
  CHECK(log.snapshot_term() == 2);
  for (Row row : {Row{1, 0}, Row{2, 0}, Row{3, 2}, Row{4, 3}, Row{5, 3}, Row{6, 0}}) {
    INFO("after compaction, index " << row.index);
    CHECK(log.term_at(row.index) == row.term);
  }
  CHECK(!log.holds(3));
  CHECK(log.holds(4));
  CHECK(log.last_index() == 5);
  CHECK(log.last_term() == 3);
}

TEST_CASE("compaction keeps the entries after the snapshot, and truncation removes a suffix (§5.3, §7)") {
  RaftLog log = log_of({1, 1, 2, 2, 2});
  std::uint64_t version = log.version();
  log.truncate_from(4);
  CHECK(log.last_index() == 3);
  CHECK(log.version() != version);
  log.append(LogEntry{4, Command{}});
  CHECK(log.term_at(4) == 4);
  log.compact_through(2);
  CHECK(log.snapshot_index() == 2);
  CHECK(log.at(3).term == 2);
  CHECK(log.at(4).term == 4);
  // Compacting at the snapshot index changes nothing.
  log.compact_through(2);
  CHECK(log.last_index() == 4);
}

TEST_CASE("a snapshot that disagrees with the log replaces all of it (§7, step 7)") {
  RaftLog log = log_of({1, 1, 2});
  log.reset_to_snapshot(10, 5);
  CHECK(log.snapshot_index() == 10);
  CHECK(log.last_index() == 10);
  CHECK(log.last_term() == 5);
  CHECK(!log.holds(10));
  log.append(LogEntry{6, Command{}});
  CHECK(log.term_at(11) == 6);
}

TEST_CASE("fast backtracking: a follower names the first index of its conflicting term (§5.3, end)") {
  // index:          1  2  3  4  5  6  7
  RaftLog log = log_of({1, 1, 4, 4, 4, 5, 5});
  struct Row {
    LogIndex conflict_at;
    LogIndex first_of_term;
  };
  for (Row row : {Row{1, 1}, Row{2, 1}, Row{3, 3}, Row{5, 3}, Row{6, 6}, Row{7, 6}}) {
    INFO("conflict at " << row.conflict_at);
    CHECK(log.first_index_of_term_at(row.conflict_at) == row.first_of_term);
  }
  // The search never goes below the snapshot: entries 1..2 are compacted.
  log.compact_through(2);
  CHECK(log.first_index_of_term_at(4) == 3);
  log.compact_through(4);
  CHECK(log.first_index_of_term_at(5) == 5);
}

TEST_CASE("fast backtracking: a leader resumes after its last entry of the follower's term, or finds none (§5.3, end)") {
  RaftLog log = log_of({1, 1, 4, 4, 6, 6});
  struct Row {
    Term term;
    LogIndex last;
  };
  for (Row row : {Row{6, 6}, Row{4, 4}, Row{1, 2}, Row{5, 0}, Row{2, 0}, Row{7, 0}}) {
    INFO("term " << row.term);
    CHECK(log.last_index_of_term(row.term) == row.last);
  }
}

TEST_CASE("a majority is more than half the servers, so any two majorities overlap (§5.2)") {
  struct Row {
    std::size_t servers;
    std::size_t majority;
  };
  for (Row row : {Row{1, 1}, Row{2, 2}, Row{3, 2}, Row{4, 3}, Row{5, 3}, Row{7, 4}, Row{9, 5}}) {
    INFO(row.servers << " servers");
    CHECK(majority(row.servers) == row.majority);
    CHECK(2 * majority(row.servers) > row.servers);
  }
}

namespace {

// The leader's table holding `match` (servers not in it matched nothing).
PeerTable<LogIndex> table_of(const std::map<NodeId, LogIndex>& match) {
  PeerTable<LogIndex> table;
  for (const auto& [server, index] : match) table[server] = index;
  return table;
}

// The count as Figure 2 states it, written plainly: sort what the servers matched, highest first,
// and take the value a majority has reached.
LogIndex majority_by_sorting(const PeerTable<LogIndex>& table, const std::vector<NodeId>& servers) {
  if (servers.empty()) return 0;
  std::vector<LogIndex> matched;
  for (NodeId server : servers) matched.push_back(table.get(server));
  std::sort(matched.begin(), matched.end(), std::greater<>());
  return matched[servers.size() / 2];
}

}  // namespace

TEST_CASE("the commit candidate is the highest index a majority has matched (§5.3, §5.4.2)") {
  std::vector<NodeId> five = {0, 1, 2, 3, 4};
  struct Row {
    std::map<NodeId, LogIndex> match;
    LogIndex expected;
  };
  std::vector<Row> rows = {
      {{{0, 7}, {1, 7}, {2, 7}, {3, 7}, {4, 7}}, 7},
      {{{0, 9}, {1, 7}, {2, 5}, {3, 3}, {4, 1}}, 5},  // the third highest of five
      {{{0, 9}, {1, 9}, {2, 0}, {3, 0}, {4, 0}}, 0},  // two of five is no majority
      {{{0, 9}, {1, 8}}, 0},                          // servers missing from the map matched nothing
      {{{0, 4}, {2, 6}, {4, 5}}, 4},
      {{}, 0},
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO("row " << i);
    CHECK(majority_match_index(table_of(rows[i].match), five) == rows[i].expected);
  }
  CHECK(majority_match_index(table_of({{0, 3}}), {0}) == 3);  // a cluster of one commits alone
  CHECK(majority_match_index(table_of({{0, 3}, {1, 2}, {2, 1}, {3, 0}}), {0, 1, 2, 3}) == 1);  // 3 of 4
}

TEST_CASE("the leader's flat per-follower table reads like the map it replaced, and counts the same majority") {
  // Random tables over clusters of 1 to 20 servers (past the 16 counted on the stack), with ids
  // that need not start at 0 nor be contiguous, against std::map and the count done by sorting.
  Rng rng(21);
  for (int round = 0; round < 300; ++round) {
    std::size_t size = static_cast<std::size_t>(rng.uniform(1, 20));
    std::vector<NodeId> servers;
    for (NodeId id = static_cast<NodeId>(rng.uniform(0, 3)); servers.size() < size; id += static_cast<NodeId>(rng.uniform(1, 3))) {
      servers.push_back(id);
    }
    std::map<NodeId, LogIndex> map;
    PeerTable<LogIndex> table;
    for (NodeId server : servers) {
      if (rng.chance(1, 5)) continue;  // never written: matched nothing
      LogIndex value = rng.uniform(0, 40);
      map[server] = value;
      table[server] = value;
    }
    INFO("round " << round);
    for (NodeId server : servers) CHECK(table.get(server) == (map.count(server) ? map[server] : 0));
    CHECK(majority_match_index(table, servers) == majority_by_sorting(table, servers));
  }
  // Presence, as the probes use it: a value the protocol never stores marks "absent".
  PeerTable<LogIndex> probes(-2);
  CHECK_FALSE(probes.contains(3));
  CHECK(probes.get(3) == -2);
  probes[3] = -1;  // probing, nothing in flight
  CHECK(probes.contains(3));
  CHECK_FALSE(probes.contains(2));  // grown past it, still absent
  probes.erase(3);
  CHECK_FALSE(probes.contains(3));
  probes[1] = 7;
  probes.clear();
  CHECK_FALSE(probes.contains(1));
  probes.erase(99);  // never reached: nothing to do
  CHECK(probes.get(99) == -2);
}
