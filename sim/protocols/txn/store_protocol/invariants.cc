// The single-database checks (see invariants.h). Violations are reported at the end of the run,
// naming the anomaly class and its cycle ("G-single: T1 -rw-> T2 -wr-> T1") or the counted rows;
// a level's violation names the class the level proscribes and, when it differs, the cycle's most
// specific class (sim/check/dsg/anomalies.h).
#include "sim/protocols/txn/store_protocol/invariants.h"

#include "sim/protocols/txn/engine/durable_log.h"

namespace dsim::txn {

dsg::AdyaLevel adya_level(Level level) {
  switch (level) {
    case Level::read_uncommitted: return dsg::AdyaLevel::pl1;
    case Level::read_committed: return dsg::AdyaLevel::pl2;
    case Level::repeatable_read: return dsg::AdyaLevel::pl2_99;
    case Level::serializable: return dsg::AdyaLevel::pl3;
  }
  return dsg::AdyaLevel::pl3;
}

namespace {

// A check of the store's durable storage as the run left it. A store that never wrote a log (it
// never started) leaves nothing to judge; one whose log cannot be read is a violation in itself.
class StoreChecker : public Checker {
 public:
  StoreChecker(std::string_view name, NodeId store) : Checker(std::string(name)), store_(store) {}

  void finish(const FinalState& final_state) final {
    const DurableEntries& storage = final_state.durable(store_);
    if (!holds_durable_log(storage)) return;
    try {
      judge(final_state.end_us(), storage);
    } catch (const DurableLogError& error) {
      report(final_state.end_us(), {store_}, error.what());
    }
  }

 protected:
  virtual void judge(TimeUs now, const DurableEntries& storage) = 0;

 private:
  NodeId store_;
};

class AcyclicHistoryChecker final : public StoreChecker {
 public:
  explicit AcyclicHistoryChecker(NodeId store) : StoreChecker(kCheckAcyclicHistory, store) {}

 protected:
  void judge(TimeUs now, const DurableEntries& storage) override {
    for (const dsg::Anomaly& anomaly : dsg::find_anomalies(to_dsg_history(durable_history(storage))))
      report(now, {}, anomaly.name + ": " + anomaly.evidence + " — " + anomaly.explanation);
  }
};

class SerializableHistoryChecker final : public StoreChecker {
 public:
  SerializableHistoryChecker(NodeId store, Level level) : StoreChecker(kCheckSerializableHistory, store), level_(level) {}

 protected:
  void judge(TimeUs now, const DurableEntries& storage) override {
    dsg::AdyaLevel adya = adya_level(level_);
    // The level's proscribed class first, then the cycle by its most specific class when that
    // differs: "G2 is forbidden at PL-3 (serializable): G-single: T1 -rw(predicate)-> T2 -wr-> T1 — ...".
    for (const dsg::Violation& violation : dsg::violations(to_dsg_history(durable_history(storage)), adya)) {
      const dsg::Anomaly& anomaly = violation.anomaly;
      std::string which = anomaly.name == violation.proscribed ? "" : anomaly.name + ": ";
      report(now, {}, violation.proscribed + " is forbidden at " + dsg::adya_level_name(adya) + ": " + which + anomaly.evidence +
                          " — " + anomaly.explanation);
    }
  }

 private:
  Level level_;
};

class NoOversellChecker final : public StoreChecker {
 public:
  NoOversellChecker(NodeId store, std::string table, std::int64_t max_rows)
      : StoreChecker(kCheckNoOversell, store), table_(std::move(table)), max_rows_(max_rows) {}

 protected:
  void judge(TimeUs now, const DurableEntries& storage) override {
    std::int64_t rows = 0;
    for (const auto& [row_key, row] : durable_committed_rows(storage)) rows += row_key.table == table_;
    if (rows > max_rows_)
      report(now, {}, table_ + " holds " + std::to_string(rows) + " committed rows but only " + std::to_string(max_rows_) +
                          " were available: " + std::to_string(rows - max_rows_) + " oversold");
  }

 private:
  std::string table_;
  std::int64_t max_rows_;
};

class MoneyConservedChecker final : public StoreChecker {
 public:
  MoneyConservedChecker(NodeId store, std::string table, std::string column, std::int64_t total)
      : StoreChecker(kCheckMoneyConserved, store), table_(std::move(table)), column_(std::move(column)), total_(total) {}

 protected:
  void judge(TimeUs now, const DurableEntries& storage) override {
    std::int64_t sum = 0;
    for (const auto& [row_key, row] : durable_committed_rows(storage))
      if (row_key.table == table_ && row.count(column_)) sum += row.at(column_);
    if (sum != total_)
      report(now, {}, "the " + column_ + " column of " + table_ + " sums to " + std::to_string(sum) + " instead of " +
                          std::to_string(total_) + ": money was " + (sum > total_ ? "made" : "lost"));
  }

 private:
  std::string table_;
  std::string column_;
  std::int64_t total_;
};

class SeatsAccountedForChecker final : public StoreChecker {
 public:
  SeatsAccountedForChecker(NodeId store, SeatAccounting rule) : StoreChecker(kCheckSeatsAccountedFor, store), rule_(std::move(rule)) {}

 protected:
  void judge(TimeUs now, const DurableEntries& storage) override {
    for (std::string& problem : seat_accounting_problems(durable_committed_rows(storage), rule_)) report(now, {}, std::move(problem));
  }

 private:
  SeatAccounting rule_;
};

class CounterMatchesRowsChecker final : public StoreChecker {
 public:
  CounterMatchesRowsChecker(NodeId store, CounterOfRows rule) : StoreChecker(kCheckCounterMatchesRows, store), rule_(std::move(rule)) {}

 protected:
  void judge(TimeUs now, const DurableEntries& storage) override {
    for (std::string& problem : counter_of_rows_problems(durable_committed_rows(storage), rule_)) report(now, {}, std::move(problem));
  }

 private:
  CounterOfRows rule_;
};

}  // namespace

std::unique_ptr<Checker> make_acyclic_history_checker(NodeId store) { return std::make_unique<AcyclicHistoryChecker>(store); }
std::unique_ptr<Checker> make_serializable_history_checker(NodeId store, Level level) {
  return std::make_unique<SerializableHistoryChecker>(store, level);
}
std::unique_ptr<Checker> make_no_oversell_checker(NodeId store, std::string table, std::int64_t max_rows) {
  return std::make_unique<NoOversellChecker>(store, std::move(table), max_rows);
}
std::unique_ptr<Checker> make_money_conserved_checker(NodeId store, std::string table, std::string column, std::int64_t total) {
  return std::make_unique<MoneyConservedChecker>(store, std::move(table), std::move(column), total);
}
std::unique_ptr<Checker> make_seats_accounted_for_checker(NodeId store, SeatAccounting rule) {
  return std::make_unique<SeatsAccountedForChecker>(store, std::move(rule));
}
std::unique_ptr<Checker> make_counter_matches_rows_checker(NodeId store, CounterOfRows rule) {
  return std::make_unique<CounterMatchesRowsChecker>(store, std::move(rule));
}

}  // namespace dsim::txn
