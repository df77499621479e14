// Parsing and helpers for the cross-database bank (see bank.h).
#include "sim/protocols/txn/distributed/bank.h"

#include <algorithm>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "sim/scenario/json_reader.h"

namespace dsim::txn::distributed {

std::int64_t BankWorkload::total() const {
  std::int64_t sum = 0;
  for (const auto& [key, account] : accounts) sum += account.balance;
  return sum;
}

std::set<NodeId> BankWorkload::stores() const {
  std::set<NodeId> out;
  for (const auto& [key, account] : accounts) out.insert(account.store);
  return out;
}

std::vector<std::string> BankWorkload::accounts_on(NodeId store) const {
  std::vector<std::string> out;
  for (const auto& [key, account] : accounts)
    if (account.store == store) out.push_back(key);
  return out;
}

NodeId BankWorkload::store_of(const std::string& account) const { return accounts.at(account).store; }

std::vector<NodeId> BankWorkload::participants(const TransferPlan& transfer) const {
  std::set<NodeId> stores{store_of(transfer.from), store_of(transfer.to)};
  return {stores.begin(), stores.end()};
}

BankWorkload parse_bank_workload(const JsonReader& workload, std::uint32_t servers, const char* id_prefix) {
  workload.expect_keys({"accounts", "transfers", "reader"});
  BankWorkload out;
  JsonReader accounts = workload.at("accounts");
  if (!accounts.is_object() || accounts.json().empty()) accounts.fail_expected("an object of accounts, such as {\"alice\": {\"store\": 1, \"balance\": 100}}");
  for (const auto& [key, value] : accounts.json().items()) {
    JsonReader entry = accounts.at(key);
    entry.expect_keys({"store", "balance", "min", "max"});
    Account account;
    account.key = key;
    if (servers < 2) entry.at("store").fail("the world needs a coordinator (server 0) and at least one store: set \"nodes\" to 2 or more");
    account.store = static_cast<NodeId>(entry.at("store").integer(1, servers - 1));
    account.balance = entry.at("balance").integer(-1000000000, 1000000000);
    account.min = entry.integer_or("min", 0, -1000000000, 1000000000);
    if (entry.has("max")) account.max = entry.at("max").integer(account.min, 1000000000);
    if (account.balance < account.min || (account.max && account.balance > *account.max))
      entry.at("balance").fail("the balance must lie within [min, max]");
    out.accounts.emplace(key, account);
  }
  auto account_name = [&](const JsonReader& reader) {
    std::string name = reader.string();
    if (!out.accounts.count(name)) {
      std::vector<std::string> names;
      for (const auto& [key, account] : out.accounts) names.push_back(key);
      reader.choice(names);  // throws with the list of accounts (and "did you mean")
    }
    return name;
  };
  if (auto transfers = workload.find("transfers")) {
    int number = 0;
    TimeUs previous = 0;
    for (const JsonReader& item : transfers->items()) {
      item.expect_keys({"at", "from", "to", "amount"});
      TransferPlan plan;
      plan.id = id_prefix + std::to_string(++number);
      plan.at_us = item.at("at").duration(0);
      if (plan.at_us < previous) item.at("at").fail("transfers must be listed in time order");
      previous = plan.at_us;
      plan.from = account_name(item.at("from"));
      plan.to = account_name(item.at("to"));
      if (plan.from == plan.to) item.at("to").fail("a transfer needs two different accounts");
      plan.amount = item.at("amount").integer(1, 1000000000);
      out.transfers.push_back(plan);
    }
  }
  if (auto reader = workload.find("reader")) {
    reader->expect_keys({"name", "reads"});
    out.reader_name = reader->string_or("name", out.reader_name);
    for (const JsonReader& item : reader->at("reads").items()) {
      item.expect_keys({"at", "accounts", "for_share"});
      ReadPlan read;
      read.at_us = item.at("at").duration(0);
      if (auto names = item.find("accounts"))
        for (const JsonReader& name : names->items()) read.accounts.push_back(account_name(name));
      if (read.accounts.empty())
        for (const auto& [key, account] : out.accounts) read.accounts.push_back(key);
      read.for_share = item.boolean_or("for_share", false);
      out.reads.push_back(read);
    }
  }
  return out;
}

std::vector<std::string> two_phase_bugs() { return {kBugSendBeforeLog, kBugVolatilePrepare}; }
std::vector<std::string> saga_bugs() { return {kBugSkipCompensation}; }

BankParams parse_bank_params(const JsonReader& params, const std::vector<std::string>& allowed_bugs) {
  params.expect_keys({"flavour", "level", "decision_delay", "send_delay", "vote_timeout", "resend_interval",
                      "inquiry_timeout", "step_delay", "compensation_retry", "bugs"});
  BankParams out;
  if (params.has("flavour")) out.flavour = *parse_flavour(params.at("flavour").choice({"postgres", "mysql"}));
  if (params.has("level"))
    out.level = *parse_level(params.at("level").choice({"read-uncommitted", "read-committed", "repeatable-read", "serializable"}));
  out.decision_delay_us = params.duration_or("decision_delay", out.decision_delay_us, 0);
  out.send_delay_us = params.duration_or("send_delay", out.send_delay_us, 0);
  out.vote_timeout_us = params.duration_or("vote_timeout", out.vote_timeout_us, 1);
  out.resend_interval_us = params.duration_or("resend_interval", out.resend_interval_us, 1);
  out.inquiry_timeout_us = params.duration_or("inquiry_timeout", out.inquiry_timeout_us, 1);
  out.step_delay_us = params.duration_or("step_delay", out.step_delay_us, 0);
  out.compensation_retry_us = params.duration_or("compensation_retry", out.compensation_retry_us, 1);
  if (auto bugs = params.find("bugs"))
    for (const JsonReader& bug : bugs->items()) out.bugs.insert(bug.choice(allowed_bugs));
  return out;
}

Statement change_balance(const Account& account, std::int64_t add, bool guarded) {
  Statement s;
  s.kind = StatementKind::update;
  s.table = kAccountsTable;
  s.keys = {account.key};
  s.set = {Assignment{"balance", true, add}};
  if (guarded) {
    Predicate guard;
    guard.column = "balance";
    if (add < 0) guard.ge = account.min - add;
    else if (account.max) guard.le = *account.max - add;
    if (!guard.empty()) s.where = guard;
  }
  return s;
}

Statement read_balances(const std::vector<std::string>& keys, bool for_share) {
  Statement s;
  s.kind = StatementKind::select;
  s.table = kAccountsTable;
  s.keys = keys;
  s.locking = for_share ? LockingClause::for_share : LockingClause::none;
  return s;
}

Statement commit_statement() {
  Statement s;
  s.kind = StatementKind::commit;
  return s;
}

Statement rollback_statement() {
  Statement s;
  s.kind = StatementKind::rollback;
  return s;
}

std::string describe(const Step& step) {
  return std::string(step.add < 0 ? "debit " : "credit ") + step.account + " " + std::to_string(std::llabs(step.add));
}

std::string encode_row(const Row& row) {
  std::string out;
  for (const auto& [column, value] : row) out += (out.empty() ? "" : ";") + column + "=" + std::to_string(value);
  return out;
}

namespace {
std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    std::size_t end = text.find(separator, start);
    if (end == std::string::npos) end = text.size();
    parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}
}  // namespace

Row decode_row(const std::string& text) {
  Row row;
  for (const std::string& part : split(text, ';')) {
    auto equals = part.find('=');
    if (equals != std::string::npos) row[part.substr(0, equals)] = std::stoll(part.substr(equals + 1));
  }
  return row;
}

std::string encode_steps(const std::vector<Step>& steps) {
  std::string out;
  for (const Step& step : steps) out += (out.empty() ? "" : ";") + step.account + ":" + std::to_string(step.add);
  return out;
}

std::vector<Step> decode_steps(const std::string& text) {
  std::vector<Step> steps;
  for (const std::string& part : split(text, ';')) {
    auto colon = part.rfind(':');
    if (colon != std::string::npos) steps.push_back(Step{part.substr(0, colon), std::stoll(part.substr(colon + 1))});
  }
  return steps;
}

}  // namespace dsim::txn::distributed
