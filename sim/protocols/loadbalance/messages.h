// The messages of load balancing. A client sends Request to its balancer; the balancer picks a
// server and sends it Dispatch; the server queues the request, serves it and sends Done back to
// the balancer, which answers the client with Response. Servers that report their load send
// LoadReport to every balancer (the stale information several balancers share).
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/fields.h"
#include "sim/core/message.h"

namespace dsim::loadbalance {

// client -> balancer: one attempt at a request. A retry is a new attempt of the same request.
struct Request : MessageOf<Request> {
  std::uint64_t request_id = 0;  // (client index << 32) | the client's sequence number
  std::uint64_t attempt = 0;     // 0 for the first try
  std::uint64_t key = 0;         // what consistent hashing hashes (a user, a session, a cache key)

  std::string_view type() const override { return "Request"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("attempt", attempt);
    out.field("key", key);
  }
};

// balancer -> server: serve this attempt and tell me when it is done.
struct Dispatch : MessageOf<Dispatch> {
  std::uint64_t request_id = 0;
  std::uint64_t attempt = 0;
  NodeId client = kNoNode;

  std::string_view type() const override { return "Dispatch"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("attempt", attempt);
  }
};

// server -> balancer: served.
struct Done : MessageOf<Done> {
  std::uint64_t request_id = 0;
  std::uint64_t attempt = 0;
  NodeId client = kNoNode;

  std::string_view type() const override { return "Done"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("attempt", attempt);
  }
};

// balancer -> client: the answer, from `server`.
struct Response : MessageOf<Response> {
  std::uint64_t request_id = 0;
  std::uint64_t attempt = 0;
  NodeId server = kNoNode;

  std::string_view type() const override { return "Response"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("attempt", attempt);
    out.field("server", static_cast<std::uint64_t>(server));
  }
};

// server -> every balancer: "this many requests are in my queue now".
struct LoadReport : MessageOf<LoadReport> {
  std::int64_t queue = 0;

  std::string_view type() const override { return "LoadReport"; }
  void describe(FieldWriter& out) const override { out.field("queue", queue); }
};

}  // namespace dsim::loadbalance
