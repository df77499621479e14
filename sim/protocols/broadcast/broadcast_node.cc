// The broadcast server's reactions. Sections: storage format; start and recovery; client
// requests; flooding; anti-entropy (digest, reply, repair); learning a value.
#include "sim/protocols/broadcast/broadcast_node.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/broadcast/view.h"

namespace dsim::broadcast {
namespace {

// The made-up value the no_invention mutant stores: no client is numbered 999 in any scenario.
constexpr ValueId kInventedValue{999, 1};

std::string storage_key(const ValueId& value) {
  return std::string(view::kDurableValuePrefix) + value.to_string();
}

// "<origin_us> <first_seen_us>": plain text, so a trace or a debugger shows it as it is.
std::string encode_held(const HeldValue& held) {
  return std::to_string(held.origin_us) + " " + std::to_string(held.first_seen_us);
}

bool decode_held(std::string_view text, HeldValue& held) {
  std::size_t space = text.find(' ');
  if (space == std::string_view::npos) return false;
  auto origin = std::from_chars(text.data(), text.data() + space, held.origin_us);
  auto seen = std::from_chars(text.data() + space + 1, text.data() + text.size(), held.first_seen_us);
  return origin.ec == std::errc() && seen.ec == std::errc() && seen.ptr == text.data() + text.size();
}

}  // namespace

// ---------------------------------------------------------------- storage format

std::vector<StoredValue> stored_values(const DurableEntries& entries) {
  std::vector<StoredValue> result;
  for (auto it = entries.lower_bound(view::kDurableValuePrefix); it != entries.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, view::kDurableValuePrefix.size()) != view::kDurableValuePrefix) break;
    std::optional<ValueId> value = parse_value_id(key.substr(view::kDurableValuePrefix.size()));
    HeldValue held;
    if (!value || !decode_held(it->second, held)) continue;
    result.push_back({*value, held});
  }
  // Storage keys sort as text ("c0-10" before "c0-2"); callers want value order.
  std::sort(result.begin(), result.end(), [](const StoredValue& a, const StoredValue& b) { return a.value < b.value; });
  return result;
}

// ---------------------------------------------------------------- start and recovery

BroadcastServer::BroadcastServer(BroadcastParams params, std::uint32_t server_count)
    : params_(params), server_count_(server_count) {
  DSIM_ASSERT(server_count_ >= 1, "a broadcast needs at least one server");
  DSIM_ASSERT(params_.anti_entropy_interval_us > 0, "the anti-entropy interval is positive");
}

void BroadcastServer::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() < server_count_, "servers are the first nodes");
  ctx.publish(dsim::view::kRole, dsim::view::role::kServer);
  recover_from_storage(ctx);
  publish_held(ctx);
  if (params_.mutant_invent_value) learn(ctx, ValueEntry{kInventedValue, ctx.now()}, Source::client);
  if (anti_entropy_enabled() && server_count_ > 1) {
    // A random first delay spreads the servers' rounds over the interval instead of having every
    // server send its digest at the same instant.
    DurationUs first_delay = ctx.rng().uniform(1, params_.anti_entropy_interval_us);
    ctx.set_timer(first_delay, AntiEntropyTick{0});
  }
}

void BroadcastServer::recover_from_storage(Context& ctx) {
  for (const StoredValue& stored : stored_values(ctx.storage().entries())) {
    held_[stored.value] = stored.held;
    summary_.add(stored.value);
  }
  if (!held_.empty()) ctx.annotate("recovered " + std::to_string(held_.size()) + " values from disk");
}

// ---------------------------------------------------------------- client requests

void BroadcastServer::on_broadcast(Context& ctx, NodeId from, const Broadcast& request) {
  // The value is new to the whole system as far as this server knows: its first sight is the origin.
  if (learn(ctx, ValueEntry{request.value, ctx.now()}, Source::client)) {
    flood(ctx, {entry_for(request.value)});
  }
  // A retry of a value already held is acknowledged again: the client only needs to know it is safe.
  BroadcastOk ok;
  ok.value = request.value;
  ok.request_id = request.request_id;
  ctx.send(from, std::move(ok));
}

// ---------------------------------------------------------------- flooding

void BroadcastServer::on_gossip(Context& ctx, NodeId, const Gossip& gossip) {
  Source source = gossip.repair ? Source::repair : Source::flood;
  std::vector<ValueEntry> fresh;
  for (const ValueEntry& entry : gossip.values) {
    if (learn(ctx, entry, source)) fresh.push_back(entry);
  }
  // Only flooded values are flooded on. A repaired value is old news that anti-entropy already
  // carries everywhere; re-flooding every repair after a partition heals would send n² messages
  // per value at the worst moment.
  if (source == Source::flood && !fresh.empty()) flood(ctx, fresh);
}

void BroadcastServer::flood(Context& ctx, const std::vector<ValueEntry>& values) {
  if (params_.mutant_never_forward) return;
  for (NodeId peer = 0; peer < server_count_; ++peer) {
    if (peer == ctx.self()) continue;
    Gossip gossip;
    gossip.values = values;
    ctx.send(peer, std::move(gossip));
  }
}

// ---------------------------------------------------------------- anti-entropy

void BroadcastServer::on_anti_entropy_tick(Context& ctx, const AntiEntropyTick&) {
  ++anti_entropy_round_;
  ctx.set_timer(params_.anti_entropy_interval_us, AntiEntropyTick{anti_entropy_round_});
  if (params_.mutant_never_forward) return;
  std::vector<NodeId> peers;
  for (NodeId peer = 0; peer < server_count_; ++peer) {
    if (peer != ctx.self()) peers.push_back(peer);
  }
  ctx.rng().shuffle(peers);
  std::size_t fanout = std::min<std::size_t>(params_.fanout, peers.size());
  for (std::size_t i = 0; i < fanout; ++i) {
    Digest digest;
    digest.held = summary_;
    ctx.send(peers[i], std::move(digest));
  }
}

void BroadcastServer::on_digest(Context& ctx, NodeId from, const Digest& digest) {
  if (params_.mutant_never_forward) return;
  DigestReply reply;
  // Push: what I hold that the sender's digest does not cover.
  for (const auto& [value, held] : held_) {
    if (!digest.held.contains(value)) reply.values_you_lack.push_back(ValueEntry{value, held.origin_us});
  }
  // Pull: what the digest covers that I lack.
  for (const ValueId& value : digest.held.values()) {
    if (!held_.count(value)) reply.wanted.push_back(value);
  }
  // In sync: nothing to say. (Most rounds in a healthy cluster end here, after one message.)
  if (reply.values_you_lack.empty() && reply.wanted.empty()) return;
  ctx.send(from, std::move(reply));
}

void BroadcastServer::on_digest_reply(Context& ctx, NodeId from, const DigestReply& reply) {
  for (const ValueEntry& entry : reply.values_you_lack) learn(ctx, entry, Source::repair);
  Gossip repair;
  repair.repair = true;
  for (const ValueId& value : reply.wanted) {
    // The peer asked for what my digest listed; I may have crashed and lost nothing (storage is
    // durable), so every wanted value should be here, but a stale reply must not crash a server.
    if (held_.count(value)) repair.values.push_back(entry_for(value));
  }
  if (!repair.values.empty()) ctx.send(from, std::move(repair));
}

// ---------------------------------------------------------------- learning a value

bool BroadcastServer::learn(Context& ctx, const ValueEntry& entry, Source source) {
  if (held_.count(entry.value)) {
    ctx.mark(view::kMarkDuplicateIgnored);
    return false;
  }
  HeldValue held{entry.origin_us, ctx.now()};
  // Durable first: a value is acknowledged or passed on only once it would survive a crash.
  ctx.persist(storage_key(entry.value), encode_held(held));
  held_.emplace(entry.value, held);
  summary_.add(entry.value);
  if (source == Source::repair) ctx.mark(view::kMarkAntiEntropyRepair);
  if (source != Source::client) ctx.observe(view::kMetricDeliveryLatency, std::max<TimeUs>(0, held.first_seen_us - held.origin_us));
  publish_held(ctx);
  return true;
}

void BroadcastServer::publish_held(Context& ctx) {
  ctx.publish(view::kHeld, static_cast<std::int64_t>(held_.size()));
  ctx.gauge(view::kMetricHeld, static_cast<std::int64_t>(held_.size()));
}

ValueEntry BroadcastServer::entry_for(const ValueId& value) const {
  auto it = held_.find(value);
  DSIM_ASSERT(it != held_.end(), "only held values are sent on");
  return ValueEntry{value, it->second.origin_us};
}

}  // namespace dsim::broadcast
