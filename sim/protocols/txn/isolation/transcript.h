// The script's transcript: what each step's statement returned, as the psql terminals of a
// Hermitage run would show it. The store node writes it to its durable storage when the script
// ends, beside the engine's tables and transaction log, so that the no_anomaly check judges the
// anomaly from what the run recorded (judgement.h), live or from a saved trace. Its absence means
// the script had not ended.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/node.h"
#include "sim/protocols/txn/isolation/interleaving.h"

namespace dsim::txn::isolation {

inline constexpr std::string_view kDurableTranscript = "script/transcript";

// A JSON array: per record its step index, transaction label, SQL, status and result.
std::string encode_transcript(const std::vector<StepRecord>& steps);
// The transcript the storage holds, nullopt if none; throws DurableLogError (durable_log.h) when
// it cannot be read.
std::optional<std::vector<StepRecord>> durable_transcript(const DurableEntries& storage);

}  // namespace dsim::txn::isolation
