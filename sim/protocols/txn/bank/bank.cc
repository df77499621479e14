// The cross-database bank's helpers: who holds which account, the SQL of each step, and the
// durable encodings (see bank.h; parsing is in bank_parse.cc).
#include "sim/protocols/txn/bank/bank.h"

#include <algorithm>
#include <cstdlib>

namespace dsim::txn::bank {

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

std::vector<std::string> two_phase_bugs() { return {kBugSendBeforeLog, kBugVolatilePrepare}; }
std::vector<std::string> saga_bugs() { return {kBugSkipCompensation}; }

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

}  // namespace dsim::txn::bank
