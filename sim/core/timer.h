// Timers as typed values (STYLE.md §2). A protocol declares each of its timers once, in its
// timers.h, as a small struct that says what the timer guards (the term it was set in, the request
// it retries):
//
//   struct HeartbeatTimeout {
//     static constexpr TimerKind kKind{2, "heartbeat"};
//     Term term = 0;  // the term it was set in: a leader of a later term ignores it
//     TimerWords pack() const { return {to_word(term)}; }
//     static HeartbeatTimeout unpack(TimerWords words) { return {from_word<Term>(words.a)}; }
//   };
//
// The simulator stores a pending timer as its kind number and two words (a `Timer`), which keeps a
// pending event at 32 bytes; the node kit (protocol_node.h) packs a typed timer on the way in and
// unpacks it for the handler, after asking the node whether it is still current. The trace shows
// the kind's name and the two words.
#pragma once

#include <concepts>
#include <cstdint>
#include <string_view>

namespace dsim {

// What the simulator stores and observers see: the protocol's kind number plus two words.
struct Timer {
  std::uint16_t kind = 0;
  std::uint64_t a = 0;
  std::uint64_t b = 0;
};

// A timer's identity within its protocol: a number unique among the node's timers (0 is reserved
// for "no kind") and the name traces and the visualizer show.
struct TimerKind {
  std::uint16_t number = 0;
  std::string_view name;
};

// A typed timer's fields, packed into the two words a pending timer carries.
struct TimerWords {
  std::uint64_t a = 0;
  std::uint64_t b = 0;
};

template <typename T>
constexpr std::uint64_t to_word(T value) {
  return static_cast<std::uint64_t>(value);
}
template <typename T>
constexpr T from_word(std::uint64_t word) {
  return static_cast<T>(word);
}

template <typename T>
concept TypedTimer = requires(const T& timer, TimerWords words) {
  { T::kKind } -> std::convertible_to<TimerKind>;
  { timer.pack() } -> std::same_as<TimerWords>;
  { T::unpack(words) } -> std::same_as<T>;
};

template <TypedTimer T>
Timer encode_timer(const T& timer) {
  TimerWords words = timer.pack();
  return Timer{T::kKind.number, words.a, words.b};
}

template <TypedTimer T>
T decode_timer(const Timer& timer) {
  return T::unpack(TimerWords{timer.a, timer.b});
}

}  // namespace dsim
