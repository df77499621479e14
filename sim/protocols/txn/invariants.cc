// The txn protocol's checkers (see invariants.h). Violations are reported at the end of the run,
// naming the anomaly class and its cycle ("G-single: T1 -rw-> T2 -wr-> T1") or the counted rows.
#include "sim/protocols/txn/invariants.h"

#include "sim/core/simulator.h"

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

class EngineChecker : public LiveWorldChecker {
 public:
  EngineChecker(std::string name, EngineLookup engine) : LiveWorldChecker(std::move(name)), engine_(std::move(engine)) {}
  void finish_live(const Simulator& simulator) final {
    if (const TxnEngine* engine = engine_(simulator)) check(simulator.now(), *engine);
  }

 protected:
  virtual void check(TimeUs now, const TxnEngine& engine) = 0;

 private:
  EngineLookup engine_;
};

class NoAnomalyChecker final : public LiveWorldChecker {
 public:
  explicit NoAnomalyChecker(ScriptLookup script) : LiveWorldChecker("no_anomaly"), script_(std::move(script)) {}
  void finish_live(const Simulator& simulator) override {
    ScriptState state = script_(simulator);
    if (!state.outcome) return;
    const InterleavingOutcome& outcome = *state.outcome;
    if (!state.finished) {
      report(simulator.now(), {}, "the script had not finished when the run ended: make the scenario's duration longer");
      return;
    }
    if (!outcome.anomaly) return;
    std::string message = (outcome.title.empty() ? std::string("the anomaly") : outcome.title) + " happened at " + flavour_name(outcome.flavour) + " " +
                          level_name(outcome.level) + ": " + outcome.anomaly_evidence + ". ";
    if (outcome.dsg_anomalies.empty()) {
      message += "(The dependency graph shows no cycle: the test's definition is stricter than Adya's.)";
    } else {
      message += "The dependency graph has ";
      for (std::size_t i = 0; i < outcome.dsg_anomalies.size(); ++i)
        message += (i ? " and " : "") + outcome.dsg_anomalies[i].name + ": " + outcome.dsg_anomalies[i].evidence;
    }
    report(simulator.now(), {}, message);
  }

 private:
  ScriptLookup script_;
};

class AcyclicHistoryChecker final : public EngineChecker {
 public:
  explicit AcyclicHistoryChecker(EngineLookup engine) : EngineChecker("acyclic_history", std::move(engine)) {}

 protected:
  void check(TimeUs now, const TxnEngine& engine) override {
    for (const dsg::Anomaly& anomaly : dsg::find_anomalies(engine.history()))
      report(now, {}, anomaly.name + ": " + anomaly.evidence + " — " + anomaly.explanation);
  }
};

class SerializableHistoryChecker final : public EngineChecker {
 public:
  SerializableHistoryChecker(EngineLookup engine, Level level)
      : EngineChecker("serializable_history", std::move(engine)), level_(level) {}

 protected:
  void check(TimeUs now, const TxnEngine& engine) override {
    dsg::AdyaLevel adya = adya_level(level_);
    for (const dsg::Anomaly& anomaly : dsg::violations(engine.history(), adya))
      report(now, {}, anomaly.name + " is forbidden at " + dsg::adya_level_name(adya) + ": " + anomaly.evidence + " — " +
                          anomaly.explanation);
  }

 private:
  Level level_;
};

class NoOversellChecker final : public EngineChecker {
 public:
  NoOversellChecker(EngineLookup engine, std::string table, std::int64_t max_rows)
      : EngineChecker("no_oversell", std::move(engine)), table_(std::move(table)), max_rows_(max_rows) {}

 protected:
  void check(TimeUs now, const TxnEngine& engine) override {
    std::int64_t rows = 0;
    for (const auto& [row_key, row] : engine.store().committed_state()) rows += row_key.table == table_;
    if (rows > max_rows_)
      report(now, {}, table_ + " holds " + std::to_string(rows) + " committed rows but only " + std::to_string(max_rows_) +
                          " were available: " + std::to_string(rows - max_rows_) + " oversold");
  }

 private:
  std::string table_;
  std::int64_t max_rows_;
};

class MoneyConservedChecker final : public EngineChecker {
 public:
  MoneyConservedChecker(EngineLookup engine, std::string table, std::string column, std::int64_t total)
      : EngineChecker("money_conserved", std::move(engine)), table_(std::move(table)), column_(std::move(column)), total_(total) {}

 protected:
  void check(TimeUs now, const TxnEngine& engine) override {
    std::int64_t sum = 0;
    for (const auto& [row_key, row] : engine.store().committed_state())
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

class SeatsAccountedForChecker final : public EngineChecker {
 public:
  SeatsAccountedForChecker(EngineLookup engine, SeatAccounting rule)
      : EngineChecker("seats_accounted_for", std::move(engine)), rule_(std::move(rule)) {}

 protected:
  void check(TimeUs now, const TxnEngine& engine) override {
    for (std::string& problem : seat_accounting_problems(engine.store().committed_state(), rule_)) report(now, {}, std::move(problem));
  }

 private:
  SeatAccounting rule_;
};

class CounterMatchesRowsChecker final : public EngineChecker {
 public:
  CounterMatchesRowsChecker(EngineLookup engine, CounterOfRows rule)
      : EngineChecker("counter_matches_rows", std::move(engine)), rule_(std::move(rule)) {}

 protected:
  void check(TimeUs now, const TxnEngine& engine) override {
    for (std::string& problem : counter_of_rows_problems(engine.store().committed_state(), rule_)) report(now, {}, std::move(problem));
  }

 private:
  CounterOfRows rule_;
};

}  // namespace

std::unique_ptr<Checker> make_no_anomaly_checker(ScriptLookup script) {
  return std::make_unique<NoAnomalyChecker>(std::move(script));
}
std::unique_ptr<Checker> make_acyclic_history_checker(EngineLookup engine) {
  return std::make_unique<AcyclicHistoryChecker>(std::move(engine));
}
std::unique_ptr<Checker> make_serializable_history_checker(EngineLookup engine, Level level) {
  return std::make_unique<SerializableHistoryChecker>(std::move(engine), level);
}
std::unique_ptr<Checker> make_no_oversell_checker(EngineLookup engine, std::string table, std::int64_t max_rows) {
  return std::make_unique<NoOversellChecker>(std::move(engine), std::move(table), max_rows);
}
std::unique_ptr<Checker> make_money_conserved_checker(EngineLookup engine, std::string table, std::string column,
                                                      std::int64_t total) {
  return std::make_unique<MoneyConservedChecker>(std::move(engine), std::move(table), std::move(column), total);
}

std::unique_ptr<Checker> make_seats_accounted_for_checker(EngineLookup engine, SeatAccounting rule) {
  return std::make_unique<SeatsAccountedForChecker>(std::move(engine), std::move(rule));
}
std::unique_ptr<Checker> make_counter_matches_rows_checker(EngineLookup engine, CounterOfRows rule) {
  return std::make_unique<CounterMatchesRowsChecker>(std::move(engine), std::move(rule));
}

}  // namespace dsim::txn
