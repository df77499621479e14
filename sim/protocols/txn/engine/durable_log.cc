// Writing and reading the store's durable tables and transaction log (see durable_log.h).
#include "sim/protocols/txn/engine/durable_log.h"

#include <algorithm>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "sim/core/fields.h"

namespace dsim::txn {
namespace {

using nlohmann::json;

constexpr std::string_view kInitialPrefix = "initial/";
constexpr std::string_view kRowPrefix = "row/";
constexpr std::string_view kOrderPrefix = "order/";
constexpr std::string_view kTransactionPrefix = "txn/";

// ---- keys ----

std::string escape(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == '/') out += "%2F";
    else if (c == '%') out += "%25";
    else out += c;
  }
  return out;
}

std::string unescape(std::string_view name) {
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '%' && name.substr(i, 3) == "%2F") { out += '/'; i += 2; }
    else if (name[i] == '%' && name.substr(i, 3) == "%25") { out += '%'; i += 2; }
    else out += name[i];
  }
  return out;
}

std::string row_key_text(std::string_view prefix, const RowKey& row) {
  return std::string(prefix) + escape(row.table) + "/" + escape(row.key);
}

// The row a "<prefix><table>/<key>" key names.
RowKey row_of(std::string_view key, std::string_view prefix) {
  std::string_view rest = key.substr(prefix.size());
  std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos) throw DurableLogError("durable key \"" + std::string(key) + "\" names no table/key");
  return RowKey{unescape(rest.substr(0, slash)), unescape(rest.substr(slash + 1))};
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// ---- values ----

json version_json(const VersionRef& version) { return json::array({version.writer, version.sequence}); }

json optional_version_json(const std::optional<VersionRef>& version) { return version ? version_json(*version) : json(nullptr); }

// A predicate's optional numbers, by the names the log gives them (the scenario format's names).
constexpr std::pair<const char*, std::optional<std::int64_t> Predicate::*> kPredicateBounds[] = {
    {"mod", &Predicate::mod}, {"eq", &Predicate::eq}, {"ne", &Predicate::ne}, {"lt", &Predicate::lt},
    {"le", &Predicate::le},   {"gt", &Predicate::gt}, {"ge", &Predicate::ge}};

json predicate_json(const Predicate& predicate) {
  json out = json::object();
  out["column"] = predicate.column;
  for (const auto& [name, bound] : kPredicateBounds)
    if (predicate.*bound) out[name] = *(predicate.*bound);
  return out;
}

json row_json(const Row& row) {
  json out = json::object();
  for (const auto& [column, value] : row) out[column] = value;
  return out;
}

VersionRef version_from(const json& value) {
  return VersionRef{value.at(0).get<TxnId>(), value.at(1).get<std::uint32_t>()};
}

std::optional<VersionRef> optional_version_from(const json& value) {
  if (value.is_null()) return std::nullopt;
  return version_from(value);
}

Predicate predicate_from(const json& value) {
  Predicate out;
  out.column = value.at("column").get<std::string>();
  for (const auto& [name, bound] : kPredicateBounds)
    if (value.contains(name)) out.*bound = value.at(name).get<std::int64_t>();
  return out;
}

Row row_from(const json& value) {
  if (!value.is_object()) throw DurableLogError("expected a row such as {\"value\": 10}, found " + value.dump());
  Row out;
  for (const auto& [column, number] : value.items()) out[column] = number.get<std::int64_t>();
  return out;
}

const char* outcome_word(dsg::Outcome outcome) {
  switch (outcome) {
    case dsg::Outcome::committed: return "committed";
    case dsg::Outcome::aborted: return "aborted";
    case dsg::Outcome::unfinished: return "unfinished";
  }
  return "unfinished";
}

dsg::Outcome outcome_from(const std::string& word) {
  if (word == "committed") return dsg::Outcome::committed;
  if (word == "aborted") return dsg::Outcome::aborted;
  if (word == "unfinished") return dsg::Outcome::unfinished;
  throw DurableLogError("unknown transaction outcome \"" + word + "\"");
}

TransactionRecord transaction_from(const json& value) {
  TransactionRecord out;
  out.id = value.at("id").get<TxnId>();
  out.label = value.at("label").get<std::string>();
  out.outcome = outcome_from(value.at("outcome").get<std::string>());
  out.commit_number = value.value("commit", std::uint64_t{0});
  for (const json& read : value.at("reads"))
    out.reads.push_back(ItemReadRecord{RowKey{read.at(0).get<std::string>(), read.at(1).get<std::string>()}, optional_version_from(read.at(2))});
  for (const json& read : value.at("predicate_reads")) {
    PredicateReadRecord predicate;
    predicate.table = read.at("table").get<std::string>();
    if (!read.at("where").is_null()) predicate.where = predicate_from(read.at("where"));
    for (const auto& [key, version] : read.at("observed").items()) predicate.observed[key] = optional_version_from(version);
    out.predicate_reads.push_back(std::move(predicate));
  }
  for (const json& write : value.at("writes")) {
    WriteRecord record{RowKey{write.at(0).get<std::string>(), write.at(1).get<std::string>()}, version_from(write.at(2)), std::nullopt};
    if (!write.at(3).is_null()) record.contents = row_from(write.at(3));
    out.writes.push_back(std::move(record));
  }
  return out;
}

// Parses one entry, naming its key when it cannot be read (malformed JSON, a missing field, a value
// of the wrong type).
template <typename Read>
auto read_entry(std::string_view key, const std::string& text, Read read) {
  try {
    return read(json::parse(text));
  } catch (const std::exception& error) {
    throw DurableLogError("the store's durable entry \"" + std::string(key) + "\" cannot be read: " + error.what());
  }
}

}  // namespace

void persist_durable_changes(Context& ctx, std::vector<DurableChange> changes) {
  for (DurableChange& change : changes) {
    if (change.value) ctx.persist(change.key, std::move(*change.value));
    else ctx.erase_durable(change.key);
  }
}

void erase_durable_log(Context& ctx) {
  for (std::string_view prefix : {kInitialPrefix, kRowPrefix, kOrderPrefix, kTransactionPrefix}) ctx.erase_durable_prefix(prefix);
}

DurableChange durable_initial_row(const RowKey& row, const Row& contents) {
  return DurableChange{row_key_text(kInitialPrefix, row), row_json(contents).dump()};
}

DurableChange durable_committed_row(const RowKey& row, const std::optional<Row>& contents) {
  if (!contents) return DurableChange{row_key_text(kRowPrefix, row), std::nullopt};
  return DurableChange{row_key_text(kRowPrefix, row), row_json(*contents).dump()};
}

DurableChange durable_version_order(const RowKey& row, const std::vector<VersionRef>& order) {
  json versions = json::array();
  for (const VersionRef& version : order) versions.push_back(version_json(version));
  return DurableChange{row_key_text(kOrderPrefix, row), versions.dump()};
}

DurableChange durable_transaction(const TransactionRecord& record) {
  json out = json::object();
  out["id"] = record.id;
  out["label"] = record.label;
  out["outcome"] = outcome_word(record.outcome);
  if (record.outcome == dsg::Outcome::committed) out["commit"] = record.commit_number;
  json reads = json::array();
  for (const ItemReadRecord& read : record.reads) reads.push_back(json::array({read.row.table, read.row.key, optional_version_json(read.version)}));
  out["reads"] = std::move(reads);
  json predicate_reads = json::array();
  for (const PredicateReadRecord& read : record.predicate_reads) {
    json observed = json::object();
    for (const auto& [key, version] : read.observed) observed[key] = optional_version_json(version);
    predicate_reads.push_back(json{{"table", read.table},
                                   {"where", read.where ? predicate_json(*read.where) : json(nullptr)},
                                   {"observed", std::move(observed)}});
  }
  out["predicate_reads"] = std::move(predicate_reads);
  json writes = json::array();
  for (const WriteRecord& write : record.writes)
    writes.push_back(json::array({write.row.table, write.row.key, version_json(write.version),
                                  write.contents ? row_json(*write.contents) : json(nullptr)}));
  out["writes"] = std::move(writes);
  // Ten digits hold every 32-bit id, so the log lists in id order.
  return DurableChange{std::string(kTransactionPrefix) + zero_padded(record.id, 10), out.dump()};
}

std::map<RowKey, Row> durable_committed_rows(const DurableEntries& storage) {
  std::map<RowKey, Row> rows;
  for (auto it = storage.lower_bound(kRowPrefix); it != storage.end() && starts_with(it->first, kRowPrefix); ++it)
    rows[row_of(it->first, kRowPrefix)] = read_entry(it->first, it->second, row_from);
  return rows;
}

StoreHistory durable_history(const DurableEntries& storage) {
  StoreHistory history;
  for (const auto& [key, value] : storage) {
    if (starts_with(key, kInitialPrefix)) {
      history.initial[row_of(key, kInitialPrefix)] = read_entry(key, value, row_from);
    } else if (starts_with(key, kOrderPrefix)) {
      history.version_order[row_of(key, kOrderPrefix)] = read_entry(key, value, [](const json& order) {
        std::vector<VersionRef> versions;
        for (const json& version : order) versions.push_back(version_from(version));
        return versions;
      });
    } else if (starts_with(key, kTransactionPrefix)) {
      history.transactions.push_back(read_entry(key, value, transaction_from));
    }
  }
  // Committed transactions in commit order, then the others in id order (TxnEngine::history()).
  std::stable_sort(history.transactions.begin(), history.transactions.end(), [](const TransactionRecord& a, const TransactionRecord& b) {
    bool a_committed = a.outcome == dsg::Outcome::committed, b_committed = b.outcome == dsg::Outcome::committed;
    if (a_committed != b_committed) return a_committed;
    return a_committed ? a.commit_number < b.commit_number : a.id < b.id;
  });
  return history;
}

bool holds_durable_log(const DurableEntries& storage) {
  auto it = storage.lower_bound(kTransactionPrefix);
  bool transactions = it != storage.end() && starts_with(it->first, kTransactionPrefix);
  auto initial = storage.lower_bound(kInitialPrefix);
  return transactions || (initial != storage.end() && starts_with(initial->first, kInitialPrefix));
}

}  // namespace dsim::txn
