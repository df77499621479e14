// Lab 1's durable format (given). The grader's all_delivered check reads each server's durable
// storage at the end of the run in broadcast's format, "value/c0-17" -> "<origin_us> <seen_us>",
// so store every value you hold through store_value() and read them back with stored_value_ids().
#pragma once

#include <string>
#include <vector>

#include "sim/core/node.h"
#include "sim/protocols/broadcast/broadcast_node.h"
#include "sim/protocols/broadcast/view.h"

namespace dsim::lab01 {

// Writes `value` to this server's durable storage (Context::persist): after this it survives a
// crash. With a storage model, messages sent after it wait until the write is on disk.
inline void store_value(Context& ctx, const broadcast::ValueId& value) {
  std::string now = std::to_string(ctx.now());
  ctx.persist(std::string(broadcast::view::kDurableValuePrefix) + value.to_string(), now + " " + now);
}

// Every value in this server's durable storage, in value order (for start after a restart).
inline std::vector<broadcast::ValueId> stored_value_ids(Context& ctx) {
  std::vector<broadcast::ValueId> values;
  for (const broadcast::StoredValue& stored : broadcast::stored_values(ctx.storage().entries())) values.push_back(stored.value);
  return values;
}

}  // namespace dsim::lab01
