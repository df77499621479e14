// The list of built-in protocols; each new protocol folder adds one line here.
#include "sim/protocols/builtin.h"

#include "sim/protocols/broadcast/register.h"
#include "sim/protocols/cache/register.h"
#include "sim/protocols/causal/register.h"
#include "sim/protocols/crdt/register.h"
#include "sim/protocols/dynamo/register.h"
#include "sim/protocols/gossip/register.h"
#include "sim/protocols/jobs/register.h"
#include "sim/protocols/loadbalance/register.h"
#include "sim/protocols/lock/register.h"
#include "sim/protocols/log/register.h"
#include "sim/protocols/paxos/register.h"
#include "sim/protocols/raft/register.h"
#include "sim/protocols/ratelimit/register.h"
#include "sim/protocols/sharding/register.h"
#include "sim/protocols/swim/register.h"
#include "sim/protocols/txn/register.h"
#include "sim/runner/builtin_registry.h"

namespace dsim {

void register_builtin_protocols(ProtocolRegistry& registry) {
  register_broadcast(registry);
  register_cache(registry);
  register_causal(registry);
  register_loadbalance(registry);
  register_paxos(registry);
  register_raft(registry);
  register_ratelimit(registry);
  register_txn(registry);
  register_gossip(registry);
  register_swim(registry);
  register_sharding(registry);
  register_lock(registry);
  register_log(registry);
  register_dynamo(registry);
  register_crdt(registry);
  register_jobs(registry);
}

const ProtocolRegistry& builtin_registry() {
  static const ProtocolRegistry registry = [] {
    ProtocolRegistry built;
    register_builtin_protocols(built);
    return built;
  }();
  return registry;
}

}  // namespace dsim
