// The messages of rate limiting. Clients send Request to their limiter (a gateway) and get a
// Response. A limiter in store mode asks the shared counter store for each request (Take, then
// TakeReply: one round trip per request, like an INCR or a script in a shared Redis); in sync mode
// it tells the store its own window counts every sync interval (SyncCounts) and learns everyone
// else's (SyncReply), deciding locally in between.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/core/fields.h"
#include "sim/core/message.h"
#include "sim/core/time.h"

namespace dsim::ratelimit {

// client -> limiter: one request to let through or turn away.
struct Request : MessageOf<Request> {
  std::uint64_t request_id = 0;  // (client index << 32) | the client's sequence number

  std::string_view type() const override { return "Request"; }
  void describe(FieldWriter& out) const override { out.field("request_id", request_id); }
};

// limiter -> client: the verdict, sent when the request may go on (a leaky bucket holds it first).
struct Response : MessageOf<Response> {
  std::uint64_t request_id = 0;
  bool admitted = false;
  std::string reason;  // for a rejection: "over the limit" or "store unavailable"

  std::string_view type() const override { return "Response"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("admitted", admitted);
    if (!reason.empty()) out.field("reason", reason);
  }
};

// limiter -> store: "may this request go?" The store decides with the one shared limiter.
struct Take : MessageOf<Take> {
  std::uint64_t request_id = 0;

  std::string_view type() const override { return "Take"; }
  void describe(FieldWriter& out) const override { out.field("request_id", request_id); }
};

// store -> limiter: the shared limiter's decision, made at `decided_us` on the store's clock.
struct TakeReply : MessageOf<TakeReply> {
  std::uint64_t request_id = 0;
  bool admitted = false;
  TimeUs decided_us = 0;
  TimeUs release_us = 0;  // a leaky bucket's release time; decided_us otherwise

  std::string_view type() const override { return "TakeReply"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("admitted", admitted);
    out.field("decided_us", decided_us);
    if (release_us != decided_us) out.field("release_us", release_us);
  }
};

// A count of admissions in one aligned window.
struct WindowCount {
  std::int64_t window = 0;  // the window's index, floor(time / window length)
  std::int64_t count = 0;
};

inline std::vector<std::string> describe_counts(const std::vector<WindowCount>& counts) {
  std::vector<std::string> text;
  for (const WindowCount& entry : counts) text.push_back("w" + std::to_string(entry.window) + "=" + std::to_string(entry.count));
  return text;
}

// limiter -> store, every sync interval: "I have admitted this many in these windows" (totals,
// not deltas, so a lost or repeated message does no harm).
struct SyncCounts : MessageOf<SyncCounts> {
  std::vector<WindowCount> own;

  std::string_view type() const override { return "SyncCounts"; }
  void describe(FieldWriter& out) const override { out.field("own", describe_counts(own)); }
};

// store -> limiter: what every other limiter has reported for the same windows.
struct SyncReply : MessageOf<SyncReply> {
  std::vector<WindowCount> elsewhere;

  std::string_view type() const override { return "SyncReply"; }
  void describe(FieldWriter& out) const override { out.field("elsewhere", describe_counts(elsewhere)); }
};

}  // namespace dsim::ratelimit
