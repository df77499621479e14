// A transactional history in Adya's model (Adya, "Weak Consistency", MIT PhD thesis, 1999, ch. 3):
// committed and aborted transactions, the versions each installed, the version each item read
// observed, and for each predicate read the version of every row it considered (its Vset).
// The checker needs no engine: histories can be written by hand (the tests) or recorded by the
// txn protocol's engine.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dsim::dsg {

// Transactions are numbered from 1; 0 is the initial state (committed before everything).
using TxnId = std::uint32_t;
inline constexpr TxnId kInitialTxn = 0;
using Row = std::map<std::string, std::int64_t>;

struct ObjectId {
  std::string table;
  std::string key;
  friend bool operator<(const ObjectId& a, const ObjectId& b) {
    return a.table != b.table ? a.table < b.table : a.key < b.key;
  }
  friend bool operator==(const ObjectId& a, const ObjectId& b) { return a.table == b.table && a.key == b.key; }
};
std::string describe(const ObjectId& object);  // "test/1"

// One version of an object: the writer's `sequence`-th write of it (from 1; 0 for the initial state).
struct VersionId {
  ObjectId object;
  TxnId writer = kInitialTxn;
  std::uint32_t sequence = 0;
  friend bool operator<(const VersionId& a, const VersionId& b) {
    if (!(a.object == b.object)) return a.object < b.object;
    return a.writer != b.writer ? a.writer < b.writer : a.sequence < b.sequence;
  }
  friend bool operator==(const VersionId& a, const VersionId& b) {
    return a.object == b.object && a.writer == b.writer && a.sequence == b.sequence;
  }
};

struct ItemRead {
  ObjectId object;
  std::optional<VersionId> version;  // nullopt: the object had no version yet (unborn)
};

struct PredicateRead {
  std::string table;
  std::string description;                     // "value % 3 = 0", for evidence
  std::function<bool(const Row&)> matches;     // evaluated on later versions too
  std::map<std::string, std::optional<VersionId>> observed;  // key -> version considered (nullopt: unborn)
};

struct Write {
  VersionId version;
  std::optional<Row> row;  // nullopt: a delete (a dead version)
};

enum class Outcome : std::uint8_t { committed, aborted, unfinished };

struct Transaction {
  TxnId id = 0;
  std::string label;  // "T1"; empty: "T<id>"
  Outcome outcome = Outcome::committed;
  std::vector<ItemRead> reads;
  std::vector<PredicateRead> predicate_reads;
  std::vector<Write> writes;  // in the order performed
};

struct History {
  std::map<ObjectId, Row> initial;           // versions of transaction 0
  std::vector<Transaction> transactions;     // committed ones in commit order
  // The version order of each object: its committed versions, oldest first (the initial version,
  // if any, first). Objects not listed get: initial version, then each committed transaction's
  // final write, in the order of `transactions`.
  std::map<ObjectId, std::vector<VersionId>> version_order;
};

}  // namespace dsim::dsg
