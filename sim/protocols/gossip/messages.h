// The messages of the gossip protocol (Demers et al., "Epidemic algorithms for replicated
// database maintenance", PODC 1987). A rumor source injects an update at one site (Inject); sites
// spread it by anti-entropy (§1.3: AntiEntropyPush, AntiEntropyPullRequest, AntiEntropyReply) or
// by rumor mongering (§1.4: RumorPush and its RumorFeedback, or RumorPullRequest, RumorPullReply
// and its RumorFeedback); a site at its connection limit refuses a connection (Busy).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/protocols/gossip/epidemic_site.h"

namespace dsim::gossip {

// "r0", "r17": how an update is named in traces, histories and checker messages.
std::string update_name(UpdateId id);

namespace detail {
inline std::vector<std::string> names_of(const std::vector<UpdateEntry>& entries) {
  std::vector<std::string> names;
  for (const UpdateEntry& entry : entries) names.push_back(update_name(entry.id));
  return names;
}
inline std::vector<std::string> names_of(const std::vector<UpdateId>& ids) {
  std::vector<std::string> names;
  for (UpdateId id : ids) names.push_back(update_name(id));
  return names;
}
}  // namespace detail

// rumor source -> site: "you are the origin of this update".
struct Inject : MessageOf<Inject> {
  UpdateId update = 0;
  std::uint64_t attempt = 0;  // 0 for the first send; a retry goes to another site
  std::string_view type() const override { return "Inject"; }
  void describe(FieldWriter& out) const override {
    out.field("update", update_name(update));
    out.field("attempt", attempt);
  }
};

// site -> rumor source: the update is stored at this site and spreading.
struct InjectOk : MessageOf<InjectOk> {
  UpdateId update = 0;
  std::string_view type() const override { return "InjectOk"; }
  void describe(FieldWriter& out) const override { out.field("update", update_name(update)); }
};

// Rumor mongering, push: the initiator's hot rumors (those hot when its round began).
struct RumorPush : MessageOf<RumorPush> {
  std::vector<UpdateEntry> updates;
  bool feedback_wanted = true;  // false for blind loss of interest: nobody reads the answer
  std::string_view type() const override { return "RumorPush"; }
  void describe(FieldWriter& out) const override {
    out.field("updates", detail::names_of(updates));
    out.field("feedback_wanted", feedback_wanted);
  }
};

// The feedback of §1.4: which of the rumors carried to the sender of this answer the answering
// site already knew when its round began (an unnecessary contact for each).
struct RumorFeedback : MessageOf<RumorFeedback> {
  std::vector<UpdateEntry> carried;
  std::vector<UpdateId> already_knew;
  std::string_view type() const override { return "RumorFeedback"; }
  void describe(FieldWriter& out) const override {
    out.field("carried", detail::names_of(carried));
    out.field("already_knew", detail::names_of(already_knew));
  }
};

// Rumor mongering, pull: "send me your hot rumors".
struct RumorPullRequest : MessageOf<RumorPullRequest> {
  std::string_view type() const override { return "RumorPullRequest"; }
};

// The partner's hot rumors (those hot when its round began); the requester answers with feedback.
struct RumorPullReply : MessageOf<RumorPullReply> {
  std::vector<UpdateEntry> updates;
  bool feedback_wanted = true;
  std::string_view type() const override { return "RumorPullReply"; }
  void describe(FieldWriter& out) const override {
    out.field("updates", detail::names_of(updates));
    out.field("feedback_wanted", feedback_wanted);
  }
};

// Anti-entropy, push and push-pull: everything the initiator knew when its round began.
struct AntiEntropyPush : MessageOf<AntiEntropyPush> {
  std::vector<UpdateEntry> updates;
  bool reply_wanted = false;  // push-pull: the partner sends back what the initiator lacks
  std::string_view type() const override { return "AntiEntropyPush"; }
  void describe(FieldWriter& out) const override {
    out.field("updates", detail::names_of(updates));
    out.field("reply_wanted", reply_wanted);
  }
};

// Anti-entropy, pull: what the initiator knows, so the partner sends only what it lacks.
struct AntiEntropyPullRequest : MessageOf<AntiEntropyPullRequest> {
  std::vector<UpdateEntry> known;
  std::string_view type() const override { return "AntiEntropyPullRequest"; }
  void describe(FieldWriter& out) const override { out.field("known", detail::names_of(known)); }
};

// Anti-entropy's answer: the updates the initiator lacks.
struct AntiEntropyReply : MessageOf<AntiEntropyReply> {
  std::vector<UpdateEntry> updates;
  std::string_view type() const override { return "AntiEntropyReply"; }
  void describe(FieldWriter& out) const override { out.field("updates", detail::names_of(updates)); }
};

// "I have accepted my connection limit this round": the initiator may hunt for another partner.
struct Busy : MessageOf<Busy> {
  bool anti_entropy = false;  // which contact was refused: an anti-entropy exchange, else a rumor's
  std::string_view type() const override { return "Busy"; }
  void describe(FieldWriter& out) const override { out.field("anti_entropy", anti_entropy); }
};

}  // namespace dsim::gossip
