// The sink's one reaction: apply a job's side effect, or (idempotency on) refuse a key it has
// already applied.
#include "sim/protocols/jobs/sink_node.h"

#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/jobs/view.h"

namespace dsim::jobs {

void SideEffectSink::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() == kSink, "the sink is node 1");
  ctx.publish(dsim::view::kRole, view::kRoleSink);
  for (const auto& [key, value] : ctx.storage().entries()) {
    if (key.rfind(view::kDurableKeyPrefix, 0) == 0) applied_keys_.insert(key.substr(view::kDurableKeyPrefix.size()));
  }
}

void SideEffectSink::publish_view(Context& ctx) {
  ctx.publish(view::kApplied, applied_);
  ctx.publish(view::kDeduplicated, deduplicated_);
}

void SideEffectSink::on_execute(Context& ctx, NodeId from, const Execute& execute) {
  HistoryEvent event;
  event.time = ctx.now();
  event.op = std::string(view::kHistoryExecute);
  event.key = std::to_string(execute.job);
  event.value = std::to_string(from) + " " + std::to_string(execute.attempt);
  // The mutant makes the classic mistake of an idempotency key that changes with every retry.
  std::string key = params_.mutant_key_per_attempt ? execute.key + "#" + std::to_string(execute.attempt) : execute.key;
  bool seen = applied_keys_.count(key) > 0;
  Executed reply;
  reply.request_id = execute.request_id;
  if (seen && params_.idempotency) {
    ++deduplicated_;
    ctx.mark(view::kMarkDuplicateRefused);
    ctx.count(view::kMetricDuplicatesRefused);
    ctx.annotate("key " + execute.key + " was applied already: " + ctx.node_name(from) + "'s attempt " +
                 std::to_string(execute.attempt) + " changes nothing");
    event.kind = HistoryEvent::Kind::fail;
  } else {
    if (seen) {
      ctx.mark(view::kMarkDuplicateApplied);
      ctx.count(view::kMetricDuplicatesApplied);
      ctx.annotate("applied job " + std::to_string(execute.job) + " (key " + execute.key + ") again, for " +
                   ctx.node_name(from) + "'s attempt " + std::to_string(execute.attempt) + ": it has now run twice");
    }
    // Durable before the reply: a restarted sink must still know every key it applied.
    applied_keys_.insert(key);
    ctx.persist(std::string(view::kDurableKeyPrefix) + key, std::to_string(execute.job));
    ++applied_;
    ctx.count(view::kMetricExecutions);
    event.kind = HistoryEvent::Kind::ok;
    reply.applied = true;
  }
  ctx.record(std::move(event));
  ctx.send(from, std::move(reply));
}

}  // namespace dsim::jobs
