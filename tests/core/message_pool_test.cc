// The per-thread message block cache: blocks are reused within a size class, messages go through
// it when deleted through a Message*, and a thread's cache goes back to the heap when it exits.
#include <catch2/catch.hpp>

#include <memory>
#include <thread>

#include "sim/core/message.h"
#include "sim/core/message_pool.h"

using namespace dsim;

namespace {

struct SmallNote : MessageOf<SmallNote> {
  std::uint64_t value = 0;
  std::string_view type() const override { return "SmallNote"; }
};

struct WideNote : MessageOf<WideNote> {
  char body[400] = {};
  std::string_view type() const override { return "WideNote"; }
};

}  // namespace

TEST_CASE("a released block is handed out again for a request of the same size class") {
  void* first = message_pool::allocate(40);
  std::size_t cached_before = message_pool::cached_blocks_this_thread();
  message_pool::release(first, 40);
  CHECK(message_pool::cached_blocks_this_thread() == cached_before + 1);
  // 33..48 bytes share a class, so a 48-byte request reuses the 40-byte block.
  void* second = message_pool::allocate(48);
  CHECK(second == first);
  CHECK(message_pool::cached_blocks_this_thread() == cached_before);
  message_pool::release(second, 48);
}

TEST_CASE("a message deleted through a Message pointer returns to the cache and is reused") {
  auto* note = new SmallNote();
  void* address = note;
  std::size_t cached_before = message_pool::cached_blocks_this_thread();
  std::unique_ptr<Message> owner(note);
  owner.reset();
  CHECK(message_pool::cached_blocks_this_thread() == cached_before + 1);
  std::unique_ptr<Message> copy = SmallNote().clone();
  CHECK(static_cast<void*>(copy.get()) == address);
}

TEST_CASE("messages larger than the largest class bypass the cache") {
  std::size_t cached_before = message_pool::cached_blocks_this_thread();
  std::unique_ptr<Message> wide = std::make_unique<WideNote>();
  CHECK(sizeof(WideNote) > message_pool::kLargestPooledBytes);
  wide.reset();
  CHECK(message_pool::cached_blocks_this_thread() == cached_before);
}

TEST_CASE("a thread's cached blocks go back to the heap when the thread exits") {
  std::size_t returned_before = message_pool::blocks_returned_at_thread_exit();
  std::size_t cached_in_thread = 0;
  std::thread worker([&cached_in_thread] {
    std::unique_ptr<Message> notes[10];
    for (auto& note : notes) note = std::make_unique<SmallNote>();
    for (auto& note : notes) note.reset();
    cached_in_thread = message_pool::cached_blocks_this_thread();
  });
  worker.join();
  CHECK(cached_in_thread == 10);
  CHECK(message_pool::blocks_returned_at_thread_exit() == returned_before + 10);
}
