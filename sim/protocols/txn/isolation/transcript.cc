// Writing and reading the script's transcript (see transcript.h).
#include "sim/protocols/txn/isolation/transcript.h"

#include <nlohmann/json.hpp>

#include "sim/protocols/txn/engine/durable_log.h"

namespace dsim::txn::isolation {
namespace {

constexpr const char* kStatusWords[] = {"done", "blocked", "failed", "skipped"};

const char* status_word(StepRecord::Status status) { return kStatusWords[static_cast<int>(status)]; }

StepRecord::Status status_from(const std::string& word) {
  for (int i = 0; i < 4; ++i)
    if (word == kStatusWords[i]) return static_cast<StepRecord::Status>(i);
  throw DurableLogError("the script's transcript holds an unknown step status \"" + word + "\"");
}

}  // namespace

std::string encode_transcript(const std::vector<StepRecord>& steps) {
  nlohmann::json out = nlohmann::json::array();
  for (const StepRecord& record : steps)
    out.push_back(nlohmann::json{{"step", record.step}, {"txn", record.txn}, {"sql", record.sql},
                                 {"status", status_word(record.status)}, {"result", record.result}});
  return out.dump();
}

std::optional<std::vector<StepRecord>> durable_transcript(const DurableEntries& storage) {
  auto found = storage.find(kDurableTranscript);
  if (found == storage.end()) return std::nullopt;
  try {
    std::vector<StepRecord> steps;
    for (const nlohmann::json& item : nlohmann::json::parse(found->second)) {
      StepRecord record;
      record.step = item.at("step").get<std::size_t>();
      record.txn = item.at("txn").get<std::string>();
      record.sql = item.at("sql").get<std::string>();
      record.status = status_from(item.at("status").get<std::string>());
      record.result = item.at("result");
      steps.push_back(std::move(record));
    }
    return steps;
  } catch (const nlohmann::json::exception& error) {
    throw DurableLogError("the script's transcript (\"" + std::string(kDurableTranscript) + "\") cannot be read: " + error.what());
  }
}

}  // namespace dsim::txn::isolation
