// The messages of the lock service with leases and fencing tokens. A client asks the lock service
// for a lease (Acquire), keeps it alive (Renew) and gives it back (Release); the service answers
// LeaseGranted with a fencing token that grows with every grant, or LeaseDenied. While it holds a
// lease the client writes to the shared resource (Write), quoting its token, and the resource
// answers WriteReply. Leases: Gray & Cheriton, SOSP 1989, §2; fencing tokens: Kleppmann, "How to
// do distributed locking", 2016 ("Making the lock safe with fencing").
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/fields.h"
#include "sim/core/ids.h"
#include "sim/core/message.h"
#include "sim/core/time.h"

namespace dsim::lock {

// client -> lock service: "give me the lock".
struct Acquire : MessageOf<Acquire> {
  std::uint64_t request_id = 0;  // pairs the request with its answer

  std::string_view type() const override { return "Acquire"; }
  void describe(FieldWriter& out) const override { out.field("request_id", request_id); }
};

// client -> lock service: "extend my lease for token `token`".
struct Renew : MessageOf<Renew> {
  std::uint64_t request_id = 0;
  std::uint64_t token = 0;

  std::string_view type() const override { return "Renew"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("token", token);
  }
};

// client -> lock service: "I am done with token `token`".
struct Release : MessageOf<Release> {
  std::uint64_t token = 0;

  std::string_view type() const override { return "Release"; }
  void describe(FieldWriter& out) const override { out.field("token", token); }
};

// lock service -> client: the lease is yours for `ttl_us` (on the service's clock) from when the
// service granted it, and `token` is the fencing token to quote to the resource.
struct LeaseGranted : MessageOf<LeaseGranted> {
  std::uint64_t request_id = 0;
  std::uint64_t token = 0;
  DurationUs ttl_us = 0;

  std::string_view type() const override { return "LeaseGranted"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("token", token);
    out.field("ttl_us", ttl_us);
  }
};

// lock service -> client: not now (someone else holds a live lease, or the service is waiting out
// the leases it may have granted before a crash).
// On Raft (lock_replica.h), a replica that does not lead denies with `not_leader` and the leader it
// knows of, which the client asks next.
struct LeaseDenied : MessageOf<LeaseDenied> {
  std::uint64_t request_id = 0;
  bool not_leader = false;
  NodeId leader_hint = kNoNode;

  std::string_view type() const override { return "LeaseDenied"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    if (not_leader) {
      out.field("status", "not_leader");
      if (leader_hint != kNoNode) out.field("leader_hint", leader_hint);
    }
  }
};

// client -> resource: one write, done as lock holder under fencing token `token`.
struct Write : MessageOf<Write> {
  std::uint64_t request_id = 0;
  std::uint64_t token = 0;

  std::string_view type() const override { return "Write"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("token", token);
  }
};

// resource -> client: whether the write was applied; a fencing resource refuses a token older than
// the newest it has accepted (`highest_token`).
struct WriteReply : MessageOf<WriteReply> {
  std::uint64_t request_id = 0;
  bool accepted = false;
  std::uint64_t highest_token = 0;

  std::string_view type() const override { return "WriteReply"; }
  void describe(FieldWriter& out) const override {
    out.field("request_id", request_id);
    out.field("accepted", accepted);
    out.field("highest_token", highest_token);
  }
};

}  // namespace dsim::lock
