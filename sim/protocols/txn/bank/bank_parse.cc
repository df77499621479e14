// Parsing a cross-database scenario's "workload" and "params" (bank.h).
#include "sim/protocols/txn/bank/bank.h"

#include <nlohmann/json.hpp>

#include "sim/scenario/json_reader.h"

namespace dsim::txn::bank {

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

}  // namespace dsim::txn::bank
