// A Dynamo-style storage server (DeCandia et al., SOSP 2007): every server is both a replica and,
// for the requests clients send it, a coordinator. Keys are placed on a consistent-hash ring
// (sim/protocols/hashring) and replicated on the first N distinct servers clockwise from the key
// (§4.3, the preference list). A coordinator answers a put once W replicas have made it durable
// and a get once R replicas have answered, with the newest version among them (§4.5); with
// R + W > N every read quorum meets every write quorum. Versions are last-writer-wins timestamps
// from the coordinator's own clock (version.h).
//
// Servers are nodes 0..server_count-1; anything else that sends a request is a client.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/protocol_node.h"
#include "sim/protocols/dynamo/anti_entropy.h"
#include "sim/protocols/dynamo/hinted_handoff.h"
#include "sim/protocols/dynamo/merkle_tree.h"
#include "sim/protocols/dynamo/messages.h"
#include "sim/protocols/dynamo/params.h"
#include "sim/protocols/dynamo/siblings.h"
#include "sim/protocols/dynamo/timers.h"
#include "sim/protocols/hashring/hash_ring.h"

namespace dsim::dynamo {

// Every key a server's durable storage holds, with its record; unreadable entries are skipped.
// The checkers use this to learn what each server holds at the end of a run.
std::map<std::string, Record> stored_records(const DurableEntries& storage);
// The same for "conflict": "siblings": every key's sibling set (dynamo_siblings.cc).
std::map<std::string, SiblingSet> stored_siblings(const DurableEntries& storage);

// The ring every server and the checkers agree on: `servers` nodes, `tokens` each, under `seed`.
hashring::HashRing make_ring(std::uint32_t servers, std::uint32_t tokens, std::uint64_t seed);
// The key's N replicas, primary first.
std::vector<NodeId> preference_list(const hashring::HashRing& ring, std::string_view key, std::uint32_t replicas);

class DynamoServer final : public ProtocolNode<DynamoServer> {
 public:
  static constexpr std::string_view kNodeType = "dynamo server";

  DynamoServer(DynamoParams params, std::uint32_t server_count);

  // A first start and a restart are the same: the durable records are held again; operations
  // being coordinated are forgotten (their clients time out).
  void start(Context& ctx);
  // Stale once the operation has closed.
  bool is_current(const QuorumDeadline& deadline) const { return operations_.count(deadline.op_id) > 0; }
  bool is_current(const HintTimeout& timeout) const { return operations_.count(timeout.op_id) > 0; }
  bool is_current(const HandoffTick&) const { return true; }
  bool is_current(const AntiEntropyTick&) const { return true; }
  void publish_view(Context& ctx);

  const std::map<std::string, Record>& records() const { return records_; }
  const HintStore& hints() const { return hints_; }

 private:
  // An operation this server coordinates.
  struct Operation {
    bool is_put = false;
    NodeId client = kNoNode;
    std::uint64_t request_id = 0;
    std::string key;
    TimeUs started_us = 0;
    std::vector<NodeId> replicas;          // the preference list asked
    std::uint32_t answers = 0;             // acknowledgements (put) or replies (get)
    bool answered_client = false;
    Record record;                         // a put's record; a get's newest so far
    bool found = false;                    // a get: some replica held a version
    std::map<NodeId, std::optional<Version>> replies;  // a get: what each replica held
    // Sloppy quorum only (hinted_handoff.cc): who answered, who stands in for which home, and the
    // stand-ins not yet asked.
    std::set<NodeId> answered_by;
    std::map<NodeId, NodeId> asked_for;  // home -> the stand-in asked in its place
    std::vector<NodeId> stand_ins;
    std::size_t next_stand_in = 0;
    // "conflict": "siblings" (dynamo_siblings.cc): a put's versions for the replicas (the new one
    // and every other the coordinator holds for the key), encoded; a get's merged
    // siblings so far and, per replica, what it held (for read repair).
    std::string written;
    SiblingSet siblings;
    std::map<NodeId, std::string> held;
  };

  void on_client_put(Context& ctx, NodeId from, const ClientPut& put);
  void on_client_get(Context& ctx, NodeId from, const ClientGet& get);
  void on_replica_write(Context& ctx, NodeId from, const ReplicaWrite& write);
  void on_replica_write_ack(Context& ctx, NodeId from, const ReplicaWriteAck& ack);
  void on_replica_read(Context& ctx, NodeId from, const ReplicaRead& read);
  void on_replica_read_reply(Context& ctx, NodeId from, const ReplicaReadReply& reply);
  void on_quorum_deadline(Context& ctx, const QuorumDeadline& deadline);
  // Sloppy quorum and hinted handoff, in hinted_handoff.cc.
  void on_hint_timeout(Context& ctx, const HintTimeout& timeout);
  void on_handoff_tick(Context& ctx, const HandoffTick& tick);
  void on_handoff_write(Context& ctx, NodeId from, const HandoffWrite& write);
  void on_handoff_ack(Context& ctx, NodeId from, const HandoffAck& ack);
  // The start of sloppy quorum's part: hints back from disk, the first handoff tick.
  void start_hinted_handoff(Context& ctx);
  // A stand-in keeps a hinted write apart and acknowledges it.
  void store_hint(Context& ctx, NodeId from, const ReplicaWrite& write);
  // Whether every home of the operation, or the stand-in asked in its place, has answered.
  bool every_home_answered(const Operation& operation) const;
  // A stand-in answering a read: the newest record it holds for the key, its own or hinted.
  std::optional<Record> held_or_hinted(const std::string& key) const;
  void publish_hints(Context& ctx);
  // Anti-entropy with Merkle trees, in anti_entropy.cc.
  void on_anti_entropy_tick(Context& ctx, const AntiEntropyTick& tick);
  void on_merkle_level(Context& ctx, NodeId from, const MerkleLevel& level);
  void on_merkle_leaves(Context& ctx, NodeId from, const MerkleLeaves& leaves);
  // What this server holds of the keys it replicates together with `peer`: key -> record text.
  std::map<std::string, std::string> shared_with(NodeId peer) const;
  MerkleTree tree_shared_with(NodeId peer) const;
  // Keeps `record` if it is newer than what is held (durably, like a write); true when kept.
  bool take_if_newer(Context& ctx, const std::string& key, const Record& record);

  // Sends to a replica, or to this server's own handler when it is one of them.
  template <typename M>
  void send_to_replica(Context& ctx, NodeId replica, M message);
  std::uint64_t open_operation(Context& ctx, Operation operation);
  void answer_client(Context& ctx, Operation& operation, bool ok, std::string reason);
  // Closes a get: read repair (when on) to every replica that answered with an older version.
  void close_operation(Context& ctx, std::uint64_t op_id);

  // "conflict": "siblings" (dynamo_siblings.cc).
  void load_siblings(Context& ctx);
  // Makes the put's version (the client's context, and a fresh dot of this coordinator), keeps
  // it locally and returns every version now held for the key, encoded: what the replicas are sent.
  std::string new_version(Context& ctx, const ClientPut& put);
  void take_sibling_reply(Operation& operation, NodeId from, const ReplicaReadReply& reply);
  void count_siblings_returned(Context& ctx, const Operation& operation);
  void repair_siblings(Context& ctx, const Operation& operation);
  void store_siblings(Context& ctx, const ReplicaWrite& write);
  std::string held_siblings(const std::string& key) const;
  void publish_siblings(Context& ctx);
  bool siblings_mode() const { return params_.conflict == ConflictMode::siblings; }
  SupersedeRule supersede_rule() const {
    return params_.mutant_whole_clocks ? SupersedeRule::whole_clocks : SupersedeRule::dots;
  }

  DynamoParams params_;
  std::uint32_t server_count_;
  hashring::HashRing ring_;
  std::map<std::string, Record> records_;     // every key held; mirrors durable storage
  std::map<std::uint64_t, Operation> operations_;
  std::map<std::string, SiblingSet> siblings_;  // "conflict": "siblings": every key held
  std::uint64_t dot_counter_ = 0;               // the last dot this server gave; durable
  std::uint64_t next_op_id_ = 1;
  TimeUs last_stamp_ = -1;  // the last version stamp this coordinator gave a put
  HintStore hints_;  // sloppy quorum: writes held for other homes; mirrors durable storage
  std::uint64_t anti_entropy_round_ = 0;   // which peer the next comparison is with
  std::int64_t anti_entropy_repairs_ = 0;  // records this server took from a comparison

 public:
  using Messages = MessageHandlers<&DynamoServer::on_client_put, &DynamoServer::on_client_get,
                                   &DynamoServer::on_replica_write, &DynamoServer::on_replica_write_ack,
                                   &DynamoServer::on_replica_read, &DynamoServer::on_replica_read_reply,
                                   &DynamoServer::on_handoff_write, &DynamoServer::on_handoff_ack,
                                   &DynamoServer::on_merkle_level, &DynamoServer::on_merkle_leaves>;
  using Timers = TimerHandlers<&DynamoServer::on_quorum_deadline, &DynamoServer::on_hint_timeout,
                               &DynamoServer::on_handoff_tick, &DynamoServer::on_anti_entropy_tick>;
};

}  // namespace dsim::dynamo
