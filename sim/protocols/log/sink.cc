// The sink (sink.h).
#include "sim/protocols/log/sink.h"

#include <charconv>
#include <string>
#include <utility>

#include "sim/protocols/log/view.h"

namespace dsim::log {
namespace {

// "00000042": durable keys sort in number order.
std::string padded(std::int64_t value, std::size_t width) {
  std::string digits = std::to_string(value);
  return digits.size() >= width ? digits : std::string(width - digits.size(), '0') + digits;
}

std::string applied_key(std::uint32_t partition, std::int64_t offset) {
  return std::string(view::kDurableAppliedPrefix) + view::partition_member(partition) + "/" + padded(offset, 10);
}

}  // namespace

void Sink::start(Context& ctx) {
  ctx.publish(dsim::view::kRole, dsim::view::role::kClient);
  const DurableEntries& entries = ctx.storage().entries();
  for (auto it = entries.lower_bound(view::kDurableAppliedPrefix); it != entries.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, view::kDurableAppliedPrefix.size()) != view::kDurableAppliedPrefix) break;
    // "applied/p<partition>/<offset>"
    std::string_view rest = key.substr(view::kDurableAppliedPrefix.size());
    std::size_t slash = rest.find('/');
    if (rest.empty() || rest[0] != 'p' || slash == std::string_view::npos) continue;
    std::uint32_t partition = 0;
    std::int64_t offset = 0;
    if (std::from_chars(rest.data() + 1, rest.data() + slash, partition).ec != std::errc() ||
        std::from_chars(rest.data() + slash + 1, rest.data() + rest.size(), offset).ec != std::errc()) {
      continue;
    }
    applied_.insert({partition, offset});
  }
  for (auto it = entries.lower_bound(view::kDurableOutputPrefix); it != entries.end(); ++it) {
    if (std::string_view(it->first).substr(0, view::kDurableOutputPrefix.size()) != view::kDurableOutputPrefix) break;
    ++outputs_;
  }
}

void Sink::on_write(Context& ctx, NodeId from, const SinkWrite& write) {
  SinkWriteAck ack;
  ack.request = write.request;
  if (write.dedup && applied_.count({write.partition, write.offset})) {
    ack.duplicate = true;
    ++suppressed_;
    ctx.mark(view::kMarkDedupSuppressed);
    ctx.count(view::kMetricDedupSuppressed);
    ctx.send(from, ack);
    return;
  }
  std::string number = padded(outputs_++, 8);
  // The output and its dedup entry in one handler: one durable write, so both or neither survive.
  ctx.persist(std::string(view::kDurableOutputPrefix) + number, view::partition_member(write.partition) + " " + std::to_string(write.offset) +
                                                                    " " + write.message + " " + std::to_string(from));
  if (write.dedup) {
    applied_.insert({write.partition, write.offset});
    ctx.persist(applied_key(write.partition, write.offset), "1");
  }
  HistoryEvent event;
  event.kind = HistoryEvent::Kind::ok;
  event.process = from;
  event.op = std::string(view::kOpProcess);
  event.key = view::partition_member(write.partition);
  event.value = write.message;
  event.request_id = static_cast<std::uint64_t>(write.offset);
  ctx.record(std::move(event));
  ctx.send(from, ack);  // leaves once the write is durable
}

void Sink::publish_view(Context& ctx) {
  ctx.publish(view::kApplied, outputs_);
  ctx.publish(view::kDuplicatesSuppressed, suppressed_);
}

}  // namespace dsim::log
