// The node kit's failure reports (protocol_node.h): out of line, so the templates stay small.
#include "sim/core/protocol_node.h"

namespace dsim::kit_detail {

void unknown_message(std::string_view node_type, std::string_view message_type) {
  std::string message = "a " + std::string(node_type) + " received a " + std::string(message_type) +
                        " message, which none of its handlers takes (add it to the node's Messages)";
  assertion_failed("a handler for every message type", __FILE__, __LINE__, message.c_str());
}

void unknown_timer(std::string_view node_type, std::uint16_t kind) {
  std::string message = "a " + std::string(node_type) + " fired a timer of kind " + std::to_string(kind) +
                        ", which none of its handlers takes (add it to the node's Timers)";
  assertion_failed("a handler for every timer kind", __FILE__, __LINE__, message.c_str());
}

void too_many_local_messages(std::string_view node_type) {
  std::string message = "a " + std::string(node_type) + " sent itself more than " +
                        std::to_string(kMaxLocalMessagesPerEvent) +
                        " messages in reaction to one event: two of its roles answer each other forever";
  assertion_failed("a bounded exchange between a node's own roles", __FILE__, __LINE__, message.c_str());
}

}  // namespace dsim::kit_detail
