// The gossip site's reactions (gossip_node.h). Sections: storage format; start; rounds and
// contacts; rumor mongering; anti-entropy; connections; learning an update; the view.
#include "sim/protocols/gossip/gossip_node.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

#include "sim/core/assert.h"
#include "sim/protocols/gossip/view.h"

namespace dsim::gossip {

std::string update_name(UpdateId id) { return "r" + std::to_string(id); }

std::optional<UpdateId> parse_update_name(std::string_view text) {
  if (text.size() < 2 || text[0] != 'r') return std::nullopt;
  UpdateId id = 0;
  auto parsed = std::from_chars(text.data() + 1, text.data() + text.size(), id);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) return std::nullopt;
  return id;
}

// ---------------------------------------------------------------- storage format

namespace {

std::string storage_key(UpdateId id) { return std::string(view::kDurableUpdatePrefix) + update_name(id); }

// "<origin_us> <arrival_us>": plain text, as a trace shows it.
std::string encode_update(TimeUs origin_us, TimeUs arrival_us) {
  return std::to_string(origin_us) + " " + std::to_string(arrival_us);
}

bool decode_update(std::string_view text, StoredUpdate& update) {
  std::size_t space = text.find(' ');
  if (space == std::string_view::npos) return false;
  auto origin = std::from_chars(text.data(), text.data() + space, update.origin_us);
  auto arrival = std::from_chars(text.data() + space + 1, text.data() + text.size(), update.arrival_us);
  return origin.ec == std::errc() && arrival.ec == std::errc() && arrival.ptr == text.data() + text.size();
}

}  // namespace

std::vector<StoredUpdate> stored_updates(const DurableEntries& storage) {
  std::vector<StoredUpdate> result;
  for (auto it = storage.lower_bound(view::kDurableUpdatePrefix); it != storage.end(); ++it) {
    std::string_view key = it->first;
    if (key.substr(0, view::kDurableUpdatePrefix.size()) != view::kDurableUpdatePrefix) break;
    std::optional<UpdateId> id = parse_update_name(key.substr(view::kDurableUpdatePrefix.size()));
    StoredUpdate update;
    if (!id || !decode_update(it->second, update)) continue;
    update.id = *id;
    result.push_back(update);
  }
  // Keys sort as text ("r10" before "r2"); callers want update order.
  std::sort(result.begin(), result.end(), [](const StoredUpdate& a, const StoredUpdate& b) { return a.id < b.id; });
  return result;
}

// ---------------------------------------------------------------- start

GossipNode::GossipNode(GossipParams params, std::uint32_t site_count)
    : params_(params), site_count_(site_count), site_(params.rumor, params.spread != Spread::anti_entropy) {
  DSIM_ASSERT(site_count_ >= 1, "gossip needs at least one site");
  DSIM_ASSERT(params_.round_us > 0, "a gossip round is positive");
}

void GossipNode::start(Context& ctx) {
  DSIM_ASSERT(ctx.self() < site_count_, "sites are the first nodes");
  ctx.publish(dsim::view::kRole, dsim::view::role::kServer);
  for (const StoredUpdate& stored : stored_updates(ctx.storage().entries())) {
    site_.learn(UpdateEntry{stored.id, stored.origin_us}, stored.arrival_us, /*hot=*/false);
  }
  if (site_.known_count() > 0) ctx.annotate("recovered " + std::to_string(site_.known_count()) + " updates from disk");
  // Synchronous rounds begin at the multiples of the round on every site (the paper's cycles);
  // asynchronous ones at a phase of the site's own.
  DurationUs first_delay = params_.timing == RoundTiming::synchronous
                               ? params_.round_us - ctx.now() % params_.round_us
                               : ctx.rng().uniform(1, params_.round_us);
  ctx.set_timer(first_delay, GossipRound{0});
}

// ---------------------------------------------------------------- rounds and contacts

void GossipNode::on_round(Context& ctx, const GossipRound&) {
  // Only rumors lose interest; anti-entropy skips the count (a cache miss per site at 100,000 sites).
  std::size_t infective_before = rumor_mongering() ? site_.infective_count() : 0;
  site_.begin_round(ctx.rng());
  std::size_t infective_after = rumor_mongering() ? site_.infective_count() : 0;
  for (std::size_t lost = infective_after; lost < infective_before; ++lost) {
    ctx.mark(view::kMarkLostInterest);
    ctx.count(view::kMetricRemoved);
  }
  if (infective_after != infective_before) view_dirty_ = true;
  ++rounds_begun_;
  accepted_this_round_ = 0;
  hunts_this_round_ = 0;
  last_push_.clear();
  ctx.set_timer(params_.round_us, GossipRound{rounds_begun_});
  if (params_.mutant_never_pass_on || site_count_ < 2) return;
  if (!rumor_mongering()) {
    initiate(ctx, Contact::anti_entropy);
    return;
  }
  initiate(ctx, Contact::rumor);
  if (params_.spread == Spread::rumor_and_anti_entropy && rounds_begun_ % params_.anti_entropy_every == 0) {
    initiate(ctx, Contact::anti_entropy);
  }
}

NodeId GossipNode::random_other_site(Context& ctx, NodeId avoid) {
  // Uniform over the sites other than this one (and `avoid`, when there is a third to choose).
  std::vector<NodeId> skip{ctx.self()};
  if (avoid != kNoNode && avoid != ctx.self() && site_count_ > 2) skip.push_back(avoid);
  std::sort(skip.begin(), skip.end());
  NodeId pick = static_cast<NodeId>(ctx.rng().index(site_count_ - skip.size()));
  for (NodeId skipped : skip) pick += pick >= skipped ? 1 : 0;
  return pick;
}

void GossipNode::initiate(Context& ctx, Contact contact, NodeId avoid) {
  NodeId partner = random_other_site(ctx, avoid);
  if (contact == Contact::anti_entropy) {
    std::vector<UpdateEntry> known = site_.known_at_round_start();
    switch (params_.anti_entropy) {
      case Direction::push:
      case Direction::push_pull: {
        // A push-pull goes even when this site knows nothing: its pull half may bring something.
        if (known.empty() && params_.anti_entropy == Direction::push) return;
        AntiEntropyPush push;
        push.updates = std::move(known);
        push.reply_wanted = params_.anti_entropy == Direction::push_pull;
        send_updates(ctx, partner, std::move(push));
        return;
      }
      case Direction::pull: {
        AntiEntropyPullRequest request;
        request.known = std::move(known);
        ctx.send(partner, std::move(request));
        return;
      }
    }
    return;
  }
  if (params_.rumor.direction == Direction::pull) {
    ctx.send(partner, RumorPullRequest{});
    return;
  }
  std::vector<UpdateEntry> hot = site_.hot_at_round_start();
  if (hot.empty()) return;
  site_.count_contact(hot);
  last_push_ = hot;
  RumorPush push;
  push.updates = std::move(hot);
  push.feedback_wanted = feedback();
  send_updates(ctx, partner, std::move(push));
}

template <typename M>
void GossipNode::send_updates(Context& ctx, NodeId to, M message) {
  if (!message.updates.empty()) ctx.count(view::kMetricUpdateMessages);
  ctx.send(to, std::move(message));
}

void GossipNode::send_feedback(Context& ctx, NodeId to, std::vector<UpdateEntry> carried, std::vector<UpdateId> knew) {
  RumorFeedback feedback;
  feedback.carried = std::move(carried);
  feedback.already_knew = std::move(knew);
  ctx.send(to, std::move(feedback));
}

void GossipNode::send_reply(Context& ctx, NodeId to, std::vector<UpdateEntry> missing) {
  if (missing.empty()) return;  // in sync: nothing to say
  AntiEntropyReply reply;
  reply.updates = std::move(missing);
  send_updates(ctx, to, std::move(reply));
}

// ---------------------------------------------------------------- rumor mongering

void GossipNode::on_rumor_push(Context& ctx, NodeId from, const RumorPush& push) {
  if (!accept_connection(ctx, from, false)) return;
  std::vector<UpdateId> knew = site_.already_known_of(push.updates);
  learn_all(ctx, push.updates, false);
  if (push.feedback_wanted) send_feedback(ctx, from, push.updates, std::move(knew));
}

void GossipNode::on_rumor_feedback(Context&, NodeId, const RumorFeedback& feedback) {
  site_.count_feedback(feedback.carried, feedback.already_knew);
}

void GossipNode::on_rumor_pull_request(Context& ctx, NodeId from, const RumorPullRequest&) {
  if (!accept_connection(ctx, from, false)) return;
  if (params_.mutant_never_pass_on) return;
  std::vector<UpdateEntry> hot = site_.hot_at_round_start();
  if (hot.empty()) return;  // nothing hot: the requester learns nothing either way
  site_.count_contact(hot);
  RumorPullReply reply;
  reply.updates = std::move(hot);
  reply.feedback_wanted = feedback();
  send_updates(ctx, from, std::move(reply));
}

void GossipNode::on_rumor_pull_reply(Context& ctx, NodeId from, const RumorPullReply& reply) {
  std::vector<UpdateId> knew = site_.already_known_of(reply.updates);
  learn_all(ctx, reply.updates, false);
  if (reply.feedback_wanted) send_feedback(ctx, from, reply.updates, std::move(knew));
}

// ---------------------------------------------------------------- anti-entropy

void GossipNode::on_anti_entropy_push(Context& ctx, NodeId from, const AntiEntropyPush& push) {
  if (!accept_connection(ctx, from, true)) return;
  // The pull half is what this site knew when its round began, decided before it learns anything.
  std::vector<UpdateEntry> missing;
  if (push.reply_wanted && !params_.mutant_never_pass_on) missing = site_.missing_from(push.updates);
  learn_all(ctx, push.updates, true);
  send_reply(ctx, from, std::move(missing));
}

void GossipNode::on_anti_entropy_pull_request(Context& ctx, NodeId from, const AntiEntropyPullRequest& request) {
  if (!accept_connection(ctx, from, true)) return;
  if (params_.mutant_never_pass_on) return;
  send_reply(ctx, from, site_.missing_from(request.known));
}

void GossipNode::on_anti_entropy_reply(Context& ctx, NodeId, const AntiEntropyReply& reply) {
  learn_all(ctx, reply.updates, true);
}

// ---------------------------------------------------------------- connections

bool GossipNode::accept_connection(Context& ctx, NodeId from, bool anti_entropy) {
  if (params_.connection_limit == 0 || accepted_this_round_ < params_.connection_limit) {
    ++accepted_this_round_;
    return true;
  }
  ctx.mark(view::kMarkConnectionRefused);
  Busy busy;
  busy.anti_entropy = anti_entropy;
  ctx.send(from, std::move(busy));
  return false;
}

void GossipNode::on_busy(Context& ctx, NodeId from, const Busy& busy) {
  if (!busy.anti_entropy) {
    site_.uncount_contact(last_push_);
    last_push_.clear();
  }
  if (hunts_this_round_ >= params_.hunt_limit) return;
  ++hunts_this_round_;
  ctx.mark(view::kMarkHunt);
  initiate(ctx, busy.anti_entropy ? Contact::anti_entropy : Contact::rumor, from);
}

// ---------------------------------------------------------------- learning an update

void GossipNode::on_inject(Context& ctx, NodeId from, const Inject& inject) {
  // The origin's first sight is the update's origin time, which every later site measures from.
  learn(ctx, UpdateEntry{inject.update, ctx.now()}, false);
  InjectOk ok;
  ok.update = inject.update;
  ctx.send(from, std::move(ok));
}

std::size_t GossipNode::learn_all(Context& ctx, const std::vector<UpdateEntry>& updates, bool via_anti_entropy) {
  std::size_t fresh = 0;
  for (const UpdateEntry& entry : updates) fresh += learn(ctx, entry, via_anti_entropy) ? 1 : 0;
  return fresh;
}

bool GossipNode::learn(Context& ctx, const UpdateEntry& entry, bool via_anti_entropy) {
  if (!site_.learn(entry, ctx.now())) return false;
  // Durable first: an update is acknowledged or passed on only once it would survive a crash.
  ctx.persist(storage_key(entry.id), encode_update(entry.origin_us, ctx.now()));
  ctx.count(view::kMetricInformed);
  DurationUs delay = std::max<DurationUs>(0, ctx.now() - entry.origin_us);
  ctx.observe(view::kMetricArrivalDelay, delay);
  ctx.observe(view::kMetricArrivalRounds, (delay + params_.round_us - 1) / params_.round_us);
  if (via_anti_entropy && rumor_mongering()) ctx.mark(view::kMarkAntiEntropyRepair);
  view_dirty_ = true;
  return true;
}

// ---------------------------------------------------------------- the view

void GossipNode::publish_view(Context& ctx) {
  if (!view_dirty_) return;
  view_dirty_ = false;
  ctx.publish(view::kUpdates, site_.letters());
  ctx.publish(view::kKnown, static_cast<std::int64_t>(site_.known_count()));
}

}  // namespace dsim::gossip
