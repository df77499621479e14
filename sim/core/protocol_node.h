// The node kit: the one shape every protocol's node takes (docs/architecture.md, "Adding a
// protocol"). A node derives from ProtocolNode<Self> and lists its handlers once:
//
//   class BroadcastServer final : public ProtocolNode<BroadcastServer> {
//    public:
//     void on_start(Context& ctx) override;
//     bool is_current(const AntiEntropyTick& tick) const;   // one per timer type: the stale check
//     void publish_view(Context& ctx);                      // optional: runs after every event
//    private:
//     void on_gossip(Context& ctx, NodeId from, const Gossip& gossip);
//     void on_anti_entropy_tick(Context& ctx, const AntiEntropyTick& tick);
//    public:
//     using Messages = MessageHandlers<&BroadcastServer::on_gossip, ...>;
//     using Timers = TimerHandlers<&BroadcastServer::on_anti_entropy_tick>;
//   };
//
// The kit then:
//  - hands each message to the handler whose parameter type it is, and stops the run (DSIM_ASSERT,
//    naming the node, the time and the seed) when no handler takes it: a protocol sent something
//    nobody reads, which is a bug, not something to drop quietly;
//  - unpacks each timer into its type, drops it when the node's `is_current` says it is stale (the
//    one place a protocol decides staleness: STYLE.md §2), and otherwise runs its handler; a kind
//    no handler takes stops the run too;
//  - names the timer kinds for the trace (Node::timer_name);
//  - calls `publish_view` after every message and timer, so the published view always follows the
//    state the handlers left;
//  - delivers what a node sends itself with `send_to_self` once its handler returns: a node that
//    holds several roles (a Paxos proposer and its own acceptor and learner) talks to its roles
//    without the network, so such a message is never delayed, lost or counted as traffic, and the
//    handler that sent it has finished before the one that takes it starts.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "sim/core/assert.h"
#include "sim/core/message.h"
#include "sim/core/node.h"
#include "sim/core/timer.h"

namespace dsim {

namespace kit_detail {

template <typename Handler>
struct MessageHandlerTraits;
template <typename NodeType, typename MessageType>
struct MessageHandlerTraits<void (NodeType::*)(Context&, NodeId, const MessageType&)> {
  using Message = MessageType;
};

template <typename Handler>
struct TimerHandlerTraits;
template <typename NodeType, typename TimerType>
struct TimerHandlerTraits<void (NodeType::*)(Context&, const TimerType&)> {
  using Timer = TimerType;
};

template <typename... Timers>
constexpr bool kinds_are_distinct() {
  std::uint16_t kinds[] = {Timers::kKind.number..., 0};
  for (std::size_t i = 0; i < sizeof...(Timers); ++i) {
    if (kinds[i] == 0) return false;
    for (std::size_t j = i + 1; j < sizeof...(Timers); ++j) {
      if (kinds[i] == kinds[j]) return false;
    }
  }
  return true;
}

[[noreturn]] void unknown_message(std::string_view node_type, std::string_view message_type);
[[noreturn]] void unknown_timer(std::string_view node_type, std::uint16_t kind);
[[noreturn]] void too_many_local_messages(std::string_view node_type);

// A bound on the messages a node may send itself in reaction to one event (STYLE.md §9): more
// means two of its roles answer each other forever.
inline constexpr std::size_t kMaxLocalMessagesPerEvent = 1'000'000;

}  // namespace kit_detail

// The message handlers of a node: `void on_x(Context&, NodeId from, const X&)` for each message
// type X it accepts. Order does not matter; each message type appears once.
template <auto... Handlers>
struct MessageHandlers {
  // [[maybe_unused]]: a node may accept no message at all (an empty list).
  template <typename Node>
  static bool dispatch([[maybe_unused]] Node& node, [[maybe_unused]] Context& ctx, [[maybe_unused]] NodeId from,
                       [[maybe_unused]] const Message& message) {
    return (try_handler<Handlers>(node, ctx, from, message) || ...);
  }

 private:
  template <auto Handler, typename Node>
  static bool try_handler(Node& node, Context& ctx, NodeId from, const Message& message) {
    using Type = typename kit_detail::MessageHandlerTraits<decltype(Handler)>::Message;
    const Type* typed = message.as<Type>();
    if (typed == nullptr) return false;
    (node.*Handler)(ctx, from, *typed);
    return true;
  }
};

// The timer handlers of a node: `void on_x(Context&, const X&)` for each typed timer X it sets.
// Kinds must be distinct and non-zero (checked at compile time).
template <auto... Handlers>
struct TimerHandlers {
  static_assert(kit_detail::kinds_are_distinct<typename kit_detail::TimerHandlerTraits<decltype(Handlers)>::Timer...>(),
                "each timer type of a node needs its own non-zero kind number");

  // `is_current(node, typed)` is the stale check; the handler runs only when it says true.
  // [[maybe_unused]]: a node may set no timer at all (an empty list).
  template <typename Node, typename IsCurrent>
  static bool dispatch([[maybe_unused]] Node& node, [[maybe_unused]] Context& ctx, [[maybe_unused]] const Timer& raw,
                       [[maybe_unused]] IsCurrent is_current) {
    return (try_handler<Handlers>(node, ctx, raw, is_current) || ...);
  }

  static std::string_view name([[maybe_unused]] std::uint16_t kind) {
    std::string_view found = "timer";
    (void)((kind == kit_detail::TimerHandlerTraits<decltype(Handlers)>::Timer::kKind.number
          ? (found = kit_detail::TimerHandlerTraits<decltype(Handlers)>::Timer::kKind.name, true)
          : false) ||
     ...);
    return found;
  }

 private:
  template <auto Handler, typename Node, typename IsCurrent>
  static bool try_handler(Node& node, Context& ctx, const Timer& raw, IsCurrent& is_current) {
    using Type = typename kit_detail::TimerHandlerTraits<decltype(Handler)>::Timer;
    if (raw.kind != Type::kKind.number) return false;
    Type typed = decode_timer<Type>(raw);
    if (is_current(node, typed)) (node.*Handler)(ctx, typed);
    return true;
  }
};

// A node's type name for assertion messages comes from `static constexpr std::string_view kNodeType`
// ("raft server"). `start` runs at the node's first start and, unless the node defines `restart`,
// again after a crash (rebuilding from ctx.storage()); the view is published after either.
template <typename Self>
class ProtocolNode : public Node {
 public:
  void on_start(Context& ctx) final {
    Self& self = static_cast<Self&>(*this);
    self.start(ctx);
    after_event(self, ctx);
  }

  void on_restart(Context& ctx) final {
    Self& self = static_cast<Self&>(*this);
    if constexpr (requires { self.restart(ctx); }) {
      self.restart(ctx);
    } else {
      self.start(ctx);
    }
    after_event(self, ctx);
  }

  void on_message(Context& ctx, NodeId from, const Message& message) final {
    Self& self = static_cast<Self&>(*this);
    if (!Self::Messages::dispatch(self, ctx, from, message)) {
      kit_detail::unknown_message(Self::kNodeType, message.type());
    }
    after_event(self, ctx);
  }

  void on_timer(Context& ctx, TimerId, const Timer& timer) final {
    Self& self = static_cast<Self&>(*this);
    // Generic in the node too, so that a node without timers need not declare any is_current.
    auto is_current = [](const auto& node, const auto& typed) { return node.is_current(typed); };
    if (!Self::Timers::dispatch(self, ctx, timer, is_current)) kit_detail::unknown_timer(Self::kNodeType, timer.kind);
    after_event(self, ctx);
  }

  std::string_view timer_name(std::uint16_t kind) const final { return Self::Timers::name(kind); }

 protected:
  // Queues `message` for this node's own handler of its type, which runs (with `from` = this
  // node) after the running handler returns and before the view is published; messages queued by
  // that handler follow, in order. The network never sees it: a trace shows its effects (the
  // state the handler publishes), not the message.
  template <typename M>
  void send_to_self(M message) {
    local_messages_.push_back(std::unique_ptr<Message>(new M(std::move(message))));
  }

 private:
  void after_event(Self& self, Context& ctx) {
    std::size_t delivered = 0;
    while (!local_messages_.empty()) {
      std::unique_ptr<Message> message = std::move(local_messages_.front());
      local_messages_.pop_front();
      if (++delivered > kit_detail::kMaxLocalMessagesPerEvent) kit_detail::too_many_local_messages(Self::kNodeType);
      if (!Self::Messages::dispatch(self, ctx, ctx.self(), *message)) {
        kit_detail::unknown_message(Self::kNodeType, message->type());
      }
    }
    if constexpr (requires { self.publish_view(ctx); }) self.publish_view(ctx);
  }

  std::deque<std::unique_ptr<Message>> local_messages_;  // sent to self, not yet handled
};

}  // namespace dsim
