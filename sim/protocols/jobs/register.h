// Adds the jobs protocol ("jobs") to a registry; called by register_builtin_protocols().
#pragma once

namespace dsim {
class ProtocolRegistry;
class World;

void register_jobs(ProtocolRegistry& registry);

namespace jobs {
struct JobsParams;
struct JobsWorkload;
// Adds the queue, the sink, the cron schedulers and the workers to `world` (the plugin's build;
// tests call it with mutant params).
void build_nodes(World& world, const JobsParams& params, const JobsWorkload& workload);
}  // namespace jobs
}  // namespace dsim
