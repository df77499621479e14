// A gossip site on the simulator: the EpidemicSite (epidemic_site.h) driven by messages and a round
// timer. Each round it begins a round of its site (rumors may lose interest), then contacts one
// random other site: anti-entropy exchanges everything (push, pull or push-pull, Demers et al.
// 1987 §1.3); rumor mongering pushes its hot rumors or pulls the partner's (§1.4), and with
// "rumor+anti-entropy" also runs an anti-entropy exchange every few rounds as the backup that
// finds the residue. A site at its connection limit answers Busy, and the initiator may hunt.
//
// Sites are nodes 0..site_count-1. Each known update is persisted before it is acknowledged or
// passed on, so a restarted site still knows it (as removed: its interest was volatile).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/gossip/epidemic_site.h"
#include "sim/protocols/gossip/messages.h"
#include "sim/protocols/gossip/params.h"
#include "sim/protocols/gossip/timers.h"

namespace dsim::gossip {

// A known update as read back from a site's durable storage.
struct StoredUpdate {
  UpdateId id = 0;
  TimeUs origin_us = 0;
  TimeUs arrival_us = 0;
};
// Every update in `storage`, ascending; entries that do not parse are skipped. The checkers read
// what each site knows at the end of a run through this.
std::vector<StoredUpdate> stored_updates(const DurableEntries& storage);
// Reads "r17" back; nullopt for anything else.
std::optional<UpdateId> parse_update_name(std::string_view text);

class GossipNode final : public ProtocolNode<GossipNode> {
 public:
  static constexpr std::string_view kNodeType = "gossip site";

  GossipNode(GossipParams params, std::uint32_t site_count);

  // A first start and a restart are the same: persisted updates are known again, none of them hot.
  void start(Context& ctx);
  // Never stale: one round timer is pending at a time, and a crash drops an incarnation's timers.
  bool is_current(const GossipRound&) const { return true; }
  void publish_view(Context& ctx);

  // For white-box tests.
  const EpidemicSite& site() const { return site_; }

 private:
  void on_round(Context& ctx, const GossipRound& round);
  void on_inject(Context& ctx, NodeId from, const Inject& inject);
  void on_rumor_push(Context& ctx, NodeId from, const RumorPush& push);
  void on_rumor_feedback(Context& ctx, NodeId from, const RumorFeedback& feedback);
  void on_rumor_pull_request(Context& ctx, NodeId from, const RumorPullRequest& request);
  void on_rumor_pull_reply(Context& ctx, NodeId from, const RumorPullReply& reply);
  void on_anti_entropy_push(Context& ctx, NodeId from, const AntiEntropyPush& push);
  void on_anti_entropy_pull_request(Context& ctx, NodeId from, const AntiEntropyPullRequest& request);
  void on_anti_entropy_reply(Context& ctx, NodeId from, const AntiEntropyReply& reply);
  void on_busy(Context& ctx, NodeId from, const Busy& busy);

  // What a round's contact is.
  enum class Contact : std::uint8_t { rumor, anti_entropy };
  // Sends this round's `contact` to a random other site (other than `avoid`, a site that refused).
  void initiate(Context& ctx, Contact contact, NodeId avoid = kNoNode);
  // Counts an incoming connection; false (and Busy sent) when the limit is reached.
  bool accept_connection(Context& ctx, NodeId from, bool anti_entropy);
  // Learns each update; returns how many were new. `via_anti_entropy` marks a backup repair.
  std::size_t learn_all(Context& ctx, const std::vector<UpdateEntry>& updates, bool via_anti_entropy);
  bool learn(Context& ctx, const UpdateEntry& entry, bool via_anti_entropy);
  // Sends `message`, counting it as an update message when it carries any update.
  template <typename M>
  void send_updates(Context& ctx, NodeId to, M message);
  void send_feedback(Context& ctx, NodeId to, std::vector<UpdateEntry> carried, std::vector<UpdateId> knew);
  void send_reply(Context& ctx, NodeId to, std::vector<UpdateEntry> missing);
  NodeId random_other_site(Context& ctx, NodeId avoid);
  bool rumor_mongering() const { return params_.spread != Spread::anti_entropy; }
  bool feedback() const { return params_.rumor.interest == Interest::feedback; }

  GossipParams params_;
  std::uint32_t site_count_;       // sites are nodes 0..site_count_-1
  EpidemicSite site_;              // what this site knows and how hot it is (volatile but for updates)
  std::uint64_t rounds_begun_ = 0; // this incarnation's rounds
  std::uint32_t accepted_this_round_ = 0;  // incoming connections accepted since the round began
  std::uint32_t hunts_this_round_ = 0;     // other sites tried after a Busy since the round began
  std::vector<UpdateEntry> last_push_;     // the rumors this round's push carried (taken back on Busy)
  bool view_dirty_ = true;         // the published letters need rebuilding

 public:
  using Messages = MessageHandlers<&GossipNode::on_inject, &GossipNode::on_rumor_push, &GossipNode::on_rumor_feedback,
                                   &GossipNode::on_rumor_pull_request, &GossipNode::on_rumor_pull_reply,
                                   &GossipNode::on_anti_entropy_push, &GossipNode::on_anti_entropy_pull_request,
                                   &GossipNode::on_anti_entropy_reply, &GossipNode::on_busy>;
  using Timers = TimerHandlers<&GossipNode::on_round>;
};

}  // namespace dsim::gossip
