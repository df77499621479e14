// The vocabulary of the transactional store: flavours, isolation levels, rows, keys and the small
// predicate form used by predicate reads ("value % 3 = 0", "n >= 1"). Pure data, shared by the
// engine, the interleaving runner, the matrix and the protocol plugin.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dsim::txn {

// Which real engine's concurrency control is modelled.
enum class Flavour : std::uint8_t { postgres, mysql };
// The four ANSI levels, in increasing strength.
enum class Level : std::uint8_t { read_uncommitted, read_committed, repeatable_read, serializable };

const char* flavour_name(Flavour flavour);  // "postgres", "mysql"
const char* level_name(Level level);        // "read-uncommitted", ...
std::optional<Flavour> parse_flavour(std::string_view text);
std::optional<Level> parse_level(std::string_view text);

// Transactions are numbered from 1 in the order they begin; 0 is the initial load of the tables.
using TxnId = std::uint32_t;
inline constexpr TxnId kInitialLoad = 0;

// A row: named integer columns ({"value": 10} or {"n": 1, "version": 3}).
using Row = std::map<std::string, std::int64_t>;

// Orders keys the way a person expects: "2" < "10" when both are numbers, else by text.
bool key_less(std::string_view a, std::string_view b);

// A row's address: its table and its primary key.
struct RowKey {
  std::string table;
  std::string key;
  friend bool operator<(const RowKey& a, const RowKey& b) {
    if (a.table != b.table) return a.table < b.table;
    return key_less(a.key, b.key);
  }
  friend bool operator==(const RowKey& a, const RowKey& b) { return a.table == b.table && a.key == b.key; }
};
std::string describe(const RowKey& row_key);  // "test/1"

// A predicate over one column: `column [% mod] <op> bound` for each bound given (all must hold).
struct Predicate {
  std::string column = "value";
  std::optional<std::int64_t> mod;
  std::optional<std::int64_t> eq, ne, lt, le, gt, ge;

  // A row without the column never matches; an empty predicate (no bound) matches every row.
  bool matches(const Row& row) const;
  // "value % 3 = 0 AND ..."; "true" when there is no bound.
  std::string describe() const;
  bool empty() const { return !eq && !ne && !lt && !le && !gt && !ge; }
};

std::string describe(const Row& row);  // "{n: 1, version: 3}"

}  // namespace dsim::txn
