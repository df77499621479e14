// Describing slot lists for traces (messages.h).
#include "sim/protocols/paxos/messages.h"

namespace dsim::paxos {

std::string describe_slot_values(const std::vector<SlotValue>& entries) {
  std::string text = "[";
  for (const SlotValue& entry : entries) {
    if (text.size() > 1) text += ", ";
    text += std::to_string(entry.slot) + ":" + entry.value.describe();
  }
  return text + "]";
}

std::string describe_proposals(const std::vector<SlotProposal>& proposals) {
  std::string text = "[";
  for (const SlotProposal& proposal : proposals) {
    if (text.size() > 1) text += ", ";
    text += std::to_string(proposal.slot) + ":" + proposal.ballot.text() + " " + proposal.value.describe();
  }
  return text + "]";
}

}  // namespace dsim::paxos
