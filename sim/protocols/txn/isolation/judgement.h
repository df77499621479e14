// Whether the anomaly a test probes happened, judged from what the script observed (each step's
// record: what its statement returned, and which COMMITs succeeded) and the committed rows at the
// end. The interleaving runner judges its own run with it, and the no_anomaly check judges the
// same records as the store node wrote them to its durable storage (transcript.h), so a live run
// and a saved trace reach one verdict. Also the words both use to quote what a step returned.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/protocols/txn/isolation/interleaving.h"

namespace dsim::txn::isolation {

struct AnomalyJudgement {
  bool happened = false;
  std::string evidence;  // when it happened: the observations that define it, in words
};

// `steps` in the order they were issued; a step's first record is its first attempt.
AnomalyJudgement judge_anomaly(const InterleavingTest& test, const std::vector<StepRecord>& steps,
                               const std::map<RowKey, Row>& committed_rows);

// What a read returned, as a person writes it: "10", "no row", "{1: 20, 2: 30}".
std::string shown(const nlohmann::json& value);
// A read by key shows one column; say so in the SQL ("SELECT value FROM ..." for "SELECT * FROM").
std::string spoken_sql(const Step& step, const std::string& sql);
// "T1", "T1 and T2", "T1, T2 and T3".
std::string join_names(const std::vector<std::string>& items);

}  // namespace dsim::txn::isolation
