// The base of every protocol message. A message knows its type name and how to describe its body
// for the trace; the simulator owns it from send to delivery. Protocols derive through
// `MessageOf<T>`, which supplies cloning (for duplicated packets) and a cheap type test:
//
//   struct RequestVote : MessageOf<RequestVote> { ... };
//   if (auto* vote = message.as<RequestVote>()) on_request_vote(ctx, from, *vote);
#pragma once

#include <memory>
#include <string_view>

#include "sim/core/fields.h"
#include "sim/core/ids.h"
#include "sim/core/message_pool.h"

namespace dsim {

class Message {
 public:
  virtual ~Message() = default;
  // The message's type as shown in traces and the visualizer: "RequestVote".
  virtual std::string_view type() const = 0;
  // Writes the body's fields for the trace. Only called when a trace is being written.
  virtual void describe(FieldWriter& /*out*/) const {}
  virtual std::unique_ptr<Message> clone() const = 0;
  virtual const void* type_tag() const = 0;

  template <typename T>
  const T* as() const {
    return type_tag() == T::tag() ? static_cast<const T*>(this) : nullptr;
  }
  template <typename T>
  bool is() const { return type_tag() == T::tag(); }

  MessageId id() const { return id_; }

 private:
  friend class Simulator;
  MessageId id_ = 0;  // set by the simulator at send; copies made by duplication keep it
};

template <typename Derived>
class MessageOf : public Message {
 public:
  // Every message comes from the thread's block cache (message_pool.h): a run allocates and
  // frees one per send, and the cache takes malloc and free off that path. Deleting through a
  // Message* reaches these through the virtual destructor, with the dynamic type's size.
  static void* operator new(std::size_t bytes) { return message_pool::allocate(bytes); }
  static void operator delete(void* block, std::size_t bytes) noexcept { message_pool::release(block, bytes); }

  std::unique_ptr<Message> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
  const void* type_tag() const override { return tag(); }
  static const void* tag() {
    static const char unique = 0;
    return &unique;
  }
};

}  // namespace dsim
