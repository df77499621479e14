// The JSON form of an interleaving test: the txn-isolation protocol's "workload" (interleaving_parse.h).
// Errors name the JSON path so that a scenario author can find the mistake.
#include "sim/protocols/txn/isolation/interleaving_parse.h"

#include <stdexcept>

namespace dsim::txn::isolation {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& message) {
  throw std::invalid_argument(path + ": " + message);
}

void expect_keys(const nlohmann::json& json, const std::string& path, std::initializer_list<const char*> allowed) {
  if (!json.is_object()) fail(path, "expected an object");
  for (const auto& [key, value] : json.items()) {
    bool known = false;
    for (const char* name : allowed) known = known || key == name;
    if (!known) fail(path, "unknown key \"" + key + "\"");
  }
}

std::int64_t integer(const nlohmann::json& json, const std::string& path) {
  if (!json.is_number_integer()) fail(path, "expected an integer, found " + json.dump());
  return json.get<std::int64_t>();
}

std::string key_text(const nlohmann::json& json, const std::string& path) {
  if (json.is_string()) return json.get<std::string>();
  if (json.is_number_integer()) return std::to_string(json.get<std::int64_t>());
  fail(path, "expected a key (a string or an integer), found " + json.dump());
}

StepValue step_value(const nlohmann::json& json, const std::string& path) {
  if (json.is_number_integer()) return StepValue{json.get<std::int64_t>(), std::nullopt};
  expect_keys(json, path, {"read", "add"});
  StepValue value;
  if (!json.contains("read") || !json["read"].is_string()) fail(path, "expected {\"read\": \"column\", \"add\": n}");
  value.read_column = json["read"].get<std::string>();
  if (json.contains("add")) value.amount = integer(json["add"], path + ".add");
  return value;
}

// Fills `predicate`; returns a comparison taken from a read ("eq": {"read": "version"}) if any.
std::optional<StepValue> predicate(const nlohmann::json& json, const std::string& path, Predicate& out) {
  expect_keys(json, path, {"column", "mod", "eq", "ne", "lt", "le", "gt", "ge"});
  std::optional<StepValue> from_read;
  if (json.contains("column")) {
    if (!json["column"].is_string()) fail(path + ".column", "expected a column name");
    out.column = json["column"].get<std::string>();
  }
  if (json.contains("mod")) out.mod = integer(json["mod"], path + ".mod");
  if (json.contains("eq")) {
    if (json["eq"].is_object()) {
      from_read = step_value(json["eq"], path + ".eq");
      out.eq = 0;  // filled in when the step runs
    } else {
      out.eq = integer(json["eq"], path + ".eq");
    }
  }
  if (json.contains("ne")) out.ne = integer(json["ne"], path + ".ne");
  if (json.contains("lt")) out.lt = integer(json["lt"], path + ".lt");
  if (json.contains("le")) out.le = integer(json["le"], path + ".le");
  if (json.contains("gt")) out.gt = integer(json["gt"], path + ".gt");
  if (json.contains("ge")) out.ge = integer(json["ge"], path + ".ge");
  return from_read;
}

Row row(const nlohmann::json& json, const std::string& path) {
  if (!json.is_object()) fail(path, "expected a row such as {\"value\": 10}");
  Row out;
  for (const auto& [column, value] : json.items()) out[column] = integer(value, path + "." + column);
  return out;
}

Step step(const nlohmann::json& json, const std::string& path) {
  expect_keys(json, path, {"t", "do", "table", "key", "keys", "where", "for", "set", "row", "value", "column",
                           "expect", "anomaly_if", "if_read", "on_none", "note"});
  Step out;
  if (!json.contains("t")) fail(path, "missing \"t\" (the transaction number)");
  std::int64_t txn = integer(json["t"], path + ".t");
  if (txn < 1 || txn > 99) fail(path + ".t", "expected a transaction number from 1 to 99");
  out.txn = static_cast<std::uint32_t>(txn);
  if (!json.contains("do") || !json["do"].is_string()) fail(path, "missing \"do\" (read, select, update, insert, delete, commit, rollback, begin)");
  std::string verb = json["do"].get<std::string>();
  Statement& s = out.statement;
  if (json.contains("table")) {
    if (!json["table"].is_string()) fail(path + ".table", "expected a table name");
    s.table = json["table"].get<std::string>();
  }
  if (json.contains("key")) s.keys.push_back(key_text(json["key"], path + ".key"));
  if (json.contains("keys")) {
    if (!json["keys"].is_array()) fail(path + ".keys", "expected an array of keys");
    for (std::size_t i = 0; i < json["keys"].size(); ++i) s.keys.push_back(key_text(json["keys"][i], path + ".keys[" + std::to_string(i) + "]"));
  }
  if (json.contains("where")) {
    Predicate where;
    out.where_eq_from_read = predicate(json["where"], path + ".where", where);
    s.where = where;
  }
  if (json.contains("for")) {
    std::string mode = json["for"].is_string() ? json["for"].get<std::string>() : "";
    if (mode == "update") s.locking = LockingClause::for_update;
    else if (mode == "share") s.locking = LockingClause::for_share;
    else fail(path + ".for", "expected \"update\" or \"share\"");
  }
  if (verb == "begin") {
    out.begin_only = true;
  } else if (verb == "read") {
    s.kind = StatementKind::select;
    if (s.keys.empty()) fail(path, "a read names its \"key\" or \"keys\" (use \"select\" for a scan)");
  } else if (verb == "select") {
    s.kind = StatementKind::select;
  } else if (verb == "update") {
    s.kind = StatementKind::update;
    if (!json.contains("set") || !json["set"].is_object() || json["set"].empty()) fail(path, "an update needs \"set\"");
    for (const auto& [column, value] : json["set"].items()) {
      std::string at = path + ".set." + column;
      if (value.is_number_integer()) {
        s.set.push_back(Assignment{column, false, value.get<std::int64_t>()});
      } else if (value.is_object() && value.contains("read")) {
        out.set_from_read[column] = step_value(value, at);
      } else if (value.is_object() && value.contains("add") && value.size() == 1) {
        s.set.push_back(Assignment{column, true, integer(value["add"], at + ".add")});
      } else {
        fail(at, "expected a number, {\"add\": n} or {\"read\": \"column\", \"add\": n}");
      }
    }
  } else if (verb == "insert") {
    s.kind = StatementKind::insert;
    if (s.keys.size() != 1) fail(path, "an insert names one \"key\"");
    if (json.contains("row")) s.row = row(json["row"], path + ".row");
    else if (json.contains("value")) s.row = Row{{"value", integer(json["value"], path + ".value")}};
    else fail(path, "an insert needs \"row\" or \"value\"");
  } else if (verb == "delete") {
    s.kind = StatementKind::erase;
  } else if (verb == "commit") {
    s.kind = StatementKind::commit;
  } else if (verb == "rollback") {
    s.kind = StatementKind::rollback;
  } else {
    fail(path + ".do", "unknown statement \"" + verb + "\" (read, select, update, insert, delete, commit, rollback, begin)");
  }
  if (json.contains("column")) {
    if (!json["column"].is_string()) fail(path + ".column", "expected a column name");
    out.column = json["column"].get<std::string>();
  }
  if (json.contains("expect")) out.expect = json["expect"];
  if (json.contains("anomaly_if")) out.anomaly_if = json["anomaly_if"];
  if (json.contains("if_read")) {
    Predicate condition;
    if (predicate(json["if_read"], path + ".if_read", condition)) fail(path + ".if_read", "cannot compare with a read");
    out.if_read = condition;
  }
  if (json.contains("on_none")) {
    std::string mode = json["on_none"].is_string() ? json["on_none"].get<std::string>() : "";
    if (mode == "give_up") out.on_none = OnNoRows::give_up;
    else if (mode == "retry") out.on_none = OnNoRows::retry;
    else fail(path + ".on_none", "expected \"give_up\" or \"retry\"");
  }
  if (json.contains("note")) {
    if (!json["note"].is_string()) fail(path + ".note", "expected text");
    out.note = json["note"].get<std::string>();
  }
  return out;
}

std::vector<std::uint32_t> txn_list(const nlohmann::json& json, const std::string& path) {
  if (!json.is_array()) fail(path, "expected an array of transaction numbers");
  std::vector<std::uint32_t> out;
  for (std::size_t i = 0; i < json.size(); ++i)
    out.push_back(static_cast<std::uint32_t>(integer(json[i], path + "[" + std::to_string(i) + "]")));
  return out;
}

// {"reader": 3}: the versions each row goes through are read off the script's UPDATE steps, which
// must therefore write constants, by key, distinct for each row (else a value read could not name
// the transaction that wrote it).
VanishCondition vanish_condition(const nlohmann::json& json, const InterleavingTest& test) {
  const std::string path = "workload.anomaly_observed_vanishes";
  expect_keys(json, path, {"reader", "column"});
  VanishCondition out;
  if (!json.contains("reader")) fail(path, "expected {\"reader\": <transaction number>}");
  out.reader = static_cast<std::uint32_t>(integer(json["reader"], path + ".reader"));
  if (json.contains("column")) {
    if (!json["column"].is_string()) fail(path + ".column", "expected a column name");
    out.column = json["column"].get<std::string>();
  }
  for (const auto& [row_key, row] : test.initial) {
    auto found = row.find(out.column);
    if (found != row.end()) out.versions[row_key].emplace_back(0, found->second);
  }
  for (std::size_t i = 0; i < test.steps.size(); ++i) {
    const Step& step = test.steps[i];
    if (step.statement.kind == StatementKind::insert || step.statement.kind == StatementKind::erase)
      fail(path, "step " + std::to_string(i) + " inserts or deletes a row; the criterion follows the versions of updated rows only");
    if (step.statement.kind != StatementKind::update) continue;
    std::string at = "workload.steps[" + std::to_string(i) + "]";
    const Assignment* assignment = nullptr;
    for (const Assignment& candidate : step.statement.set)
      if (candidate.column == out.column) assignment = &candidate;
    if (step.set_from_read.count(out.column) || (assignment && assignment->relative))
      fail(at, "anomaly_observed_vanishes needs each UPDATE of \"" + out.column + "\" to write a constant");
    if (!assignment) continue;
    if (step.statement.keys.empty()) fail(at, "anomaly_observed_vanishes needs each UPDATE to name its key");
    for (const std::string& key : step.statement.keys) {
      auto& versions = out.versions[RowKey{step.statement.table, key}];
      for (const auto& [writer, value] : versions)
        if (value == assignment->amount)
          fail(at, "anomaly_observed_vanishes needs distinct values for each row, and " + step.statement.table + "/" + key +
                       " already has a version " + std::to_string(value));
      versions.emplace_back(step.txn, assignment->amount);
    }
  }
  return out;
}

}  // namespace

InterleavingTest parse_interleaving(const nlohmann::json& json) {
  expect_keys(json, "workload", {"name", "title", "anomaly", "summary", "tables", "steps", "retry",
                                 "anomaly_needs_commit", "anomaly_final", "anomaly_observed_vanishes"});
  InterleavingTest test;
  auto text = [&](const char* key) {
    if (!json.contains(key)) return std::string();
    if (!json[key].is_string()) fail(std::string("workload.") + key, "expected text");
    return json[key].get<std::string>();
  };
  test.name = text("name");
  test.title = text("title");
  test.anomaly = text("anomaly");
  test.summary = text("summary");
  if (json.contains("tables")) {
    const auto& tables = json["tables"];
    if (!tables.is_object()) fail("workload.tables", "expected {\"table\": {\"key\": {row}}}");
    for (const auto& [table, rows] : tables.items()) {
      if (!rows.is_object()) fail("workload.tables." + table, "expected {\"key\": {row}}");
      for (const auto& [key, value] : rows.items()) test.initial[RowKey{table, key}] = row(value, "workload.tables." + table + "." + key);
    }
  } else {
    test.initial = hermitage_table();
  }
  if (!json.contains("steps") || !json["steps"].is_array() || json["steps"].empty())
    fail("workload.steps", "expected a non-empty array of steps");
  for (std::size_t i = 0; i < json["steps"].size(); ++i)
    test.steps.push_back(step(json["steps"][i], "workload.steps[" + std::to_string(i) + "]"));
  if (json.contains("retry")) test.retry = txn_list(json["retry"], "workload.retry");
  if (json.contains("anomaly_needs_commit")) test.anomaly_needs_commit = txn_list(json["anomaly_needs_commit"], "workload.anomaly_needs_commit");
  if (json.contains("anomaly_final")) {
    const auto& finals = json["anomaly_final"];
    if (!finals.is_array()) fail("workload.anomaly_final", "expected an array of conditions");
    for (std::size_t i = 0; i < finals.size(); ++i) {
      std::string at = "workload.anomaly_final[" + std::to_string(i) + "]";
      const auto& item = finals[i];
      FinalCondition condition;
      if (!item.is_object()) fail(at, "expected a condition");
      if (item.contains("table")) condition.table = item["table"].get<std::string>();
      if (item.contains("rows_gt")) {
        condition.rows_gt = integer(item["rows_gt"], at + ".rows_gt");
      } else {
        if (!item.contains("key")) fail(at, "expected \"key\" with a predicate, or \"rows_gt\"");
        condition.key = key_text(item["key"], at + ".key");
        nlohmann::json bounds = item;
        bounds.erase("table");
        bounds.erase("key");
        if (predicate(bounds, at, condition.predicate)) fail(at, "cannot compare with a read");
      }
      test.anomaly_final.push_back(condition);
    }
  }
  if (json.contains("anomaly_observed_vanishes")) test.anomaly_vanishes = vanish_condition(json["anomaly_observed_vanishes"], test);
  bool has_condition = !test.anomaly_final.empty() || test.anomaly_vanishes.has_value();
  for (const Step& s : test.steps) has_condition = has_condition || s.anomaly_if.has_value();
  if (!has_condition)
    fail("workload", "say what the anomaly looks like: \"anomaly_if\" on a step, \"anomaly_final\" or \"anomaly_observed_vanishes\"");
  return test;
}

}  // namespace dsim::txn::isolation
