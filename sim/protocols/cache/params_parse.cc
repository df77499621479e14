// Parsing a cache scenario's "params" and "workload" (params.h) through JsonReader, so every
// mistake names the file, the JSON path and what was expected. Kept apart from the nodes so that
// tests, which build params in code, never need the JSON layer.
#include <nlohmann/json.hpp>

#include "sim/protocols/cache/params.h"
#include "sim/scenario/json_reader.h"

namespace dsim::cache {

std::string_view read_path_name(ReadPath path) { return path == ReadPath::cache_aside ? "cache-aside" : "read-through"; }

std::string_view write_path_name(WritePath path) {
  switch (path) {
    case WritePath::invalidate: return "invalidate";
    case WritePath::write_through: return "write-through";
    case WritePath::write_behind: return "write-behind";
  }
  return "invalidate";
}

namespace {

KeyId parse_existing_key(const JsonReader& value, std::int64_t keys) {
  std::optional<KeyId> key = value.is_string() ? parse_key_name(value.string()) : std::nullopt;
  if (!key || *key >= static_cast<KeyId>(keys)) {
    value.fail_expected("a key that exists, \"k0\" to \"k" + std::to_string(keys - 1) + "\"");
  }
  return *key;
}

void parse_cache_node(const JsonReader& cache, CacheNodeParams& out, std::int64_t keys) {
  cache.expect_keys({"capacity", "eviction", "ttl", "ttl_jitter", "service_time", "workers", "queue_limit", "clusters",
                     "replicate", "preload", "single_flight", "leases", "lease_timeout", "stale_while_revalidate",
                     "versioned_sets", "tombstone", "negative_ttl", "bloom_filter", "bloom_bits_per_key", "cold_warmup",
                     "warmup_for", "flush_interval", "flush_batch", "journal"});
  out.capacity = cache.integer_or("capacity", out.capacity, 1, 10'000'000);
  if (auto eviction = cache.find("eviction")) out.eviction = eviction->choice({"lru", "lfu"}) == "lfu" ? Eviction::lfu : Eviction::lru;
  out.ttl_us = cache.duration_or("ttl", out.ttl_us, 1);
  out.ttl_jitter = cache.number_or("ttl_jitter", out.ttl_jitter, 0, 0.9);
  if (auto service = cache.find("service_time")) out.service_time = parse_service_time(*service);
  out.workers = cache.integer_or("workers", out.workers, 1, 10'000);
  out.queue_limit = cache.integer_or("queue_limit", out.queue_limit, 0, 10'000'000);
  out.clusters = static_cast<std::uint32_t>(cache.integer_or("clusters", out.clusters, 1, 100));
  if (auto replicate = cache.find("replicate")) {
    replicate->expect_keys({"keys", "replicas"});
    for (const JsonReader& key : replicate->at("keys").items()) out.replicated_keys.insert(parse_existing_key(key, keys));
    out.replicas = static_cast<std::uint32_t>(replicate->at("replicas").integer(1, 100));
  }
  if (auto preload = cache.find("preload")) {
    std::string mode = preload->choice({"none", "steady", "together"});
    out.preload = mode == "steady" ? Preload::steady : mode == "together" ? Preload::together : Preload::none;
  }
  out.single_flight = cache.boolean_or("single_flight", out.single_flight);
  out.leases = cache.boolean_or("leases", out.leases);
  out.lease_timeout_us = cache.duration_or("lease_timeout", out.lease_timeout_us, 1);
  out.stale_while_revalidate_us = cache.duration_or("stale_while_revalidate", out.stale_while_revalidate_us);
  out.versioned_sets = cache.boolean_or("versioned_sets", out.versioned_sets);
  out.tombstone_us = cache.duration_or("tombstone", out.tombstone_us, 1);
  out.negative_ttl_us = cache.duration_or("negative_ttl", out.negative_ttl_us);
  out.bloom_filter = cache.boolean_or("bloom_filter", out.bloom_filter);
  out.bloom_bits_per_key = cache.integer_or("bloom_bits_per_key", out.bloom_bits_per_key, 1, 64);
  out.cold_warmup = cache.boolean_or("cold_warmup", out.cold_warmup);
  out.warmup_for_us = cache.duration_or("warmup_for", out.warmup_for_us, 1);
  out.flush_interval_us = cache.duration_or("flush_interval", out.flush_interval_us, 1);
  out.flush_batch = cache.integer_or("flush_batch", out.flush_batch, 1, 100'000);
  out.journal = cache.boolean_or("journal", out.journal);
}

void parse_database(const JsonReader& database, DatabaseParams& out) {
  database.expect_keys({"workers", "queue_limit", "read_time", "write_time"});
  out.workers = database.integer_or("workers", out.workers, 1, 100'000);
  out.queue_limit = database.integer_or("queue_limit", out.queue_limit, 0, 10'000'000);
  if (auto read = database.find("read_time")) out.read_time = parse_service_time(*read);
  if (auto write = database.find("write_time")) out.write_time = parse_service_time(*write);
}

void parse_client(const JsonReader& client, ClientParams& out) {
  client.expect_keys({"timeout", "early_expiration", "beta", "lease_retry"});
  out.timeout_us = client.duration_or("timeout", out.timeout_us, 1);
  if (auto rule = client.find("early_expiration")) {
    std::string name = rule->choice({"none", "xfetch", "uniform"});
    out.early_expiration = name == "xfetch" ? EarlyExpiration::xfetch : name == "uniform" ? EarlyExpiration::uniform
                                                                                          : EarlyExpiration::none;
  }
  out.beta = client.number_or("beta", out.beta, 0.01, 100);
  out.lease_retry_us = client.duration_or("lease_retry", out.lease_retry_us, 1);
}

}  // namespace

ServiceTime parse_service_time(const JsonReader& value) {
  ServiceTime time;
  if (value.is_string()) {
    time.kind = ServiceTime::Kind::constant;
    time.a_us = value.duration();
    return time;
  }
  if (!value.is_object() || value.json().size() != 1) {
    value.fail_expected("a service time: \"20ms\", {\"uniform\": [\"5ms\", \"15ms\"]}, {\"exponential\": \"20ms\"} or "
                        "{\"lognormal\": {\"median\": \"20ms\", \"sigma\": 0.5}}");
  }
  value.expect_keys({"uniform", "exponential", "lognormal"});
  if (auto uniform = value.find("uniform")) {
    std::vector<JsonReader> bounds = uniform->items();
    if (bounds.size() != 2) uniform->fail_expected("two durations [low, high]");
    time.kind = ServiceTime::Kind::uniform;
    time.a_us = bounds[0].duration();
    time.b_us = bounds[1].duration();
    if (time.b_us < time.a_us) uniform->fail("the high end " + format_duration(time.b_us) + " is below the low end " + format_duration(time.a_us));
  } else if (auto exponential = value.find("exponential")) {
    time.kind = ServiceTime::Kind::exponential;
    time.a_us = exponential->duration(1);
  } else if (auto lognormal = value.find("lognormal")) {
    lognormal->expect_keys({"median", "sigma"});
    time.kind = ServiceTime::Kind::lognormal;
    time.a_us = lognormal->at("median").duration(1);
    time.sigma = lognormal->at("sigma").number(0, 5);
  }
  return time;
}

CacheParams parse_cache_params(const JsonReader& params) {
  params.expect_keys({"read_path", "write_path", "keys", "cache", "database", "client", "stale_read_bound", "slo"});
  CacheParams result;
  if (auto read = params.find("read_path")) {
    result.read_path = read->choice({"cache-aside", "read-through"}) == "read-through" ? ReadPath::read_through : ReadPath::cache_aside;
  }
  if (auto write = params.find("write_path")) {
    std::string name = write->choice({"invalidate", "write-through", "write-behind"});
    result.write_path = name == "write-through" ? WritePath::write_through
                        : name == "write-behind" ? WritePath::write_behind
                                                 : WritePath::invalidate;
  }
  result.keys = params.integer_or("keys", result.keys, 1, 1'000'000);
  if (auto cache = params.find("cache")) parse_cache_node(*cache, result.cache, result.keys);
  if (auto database = params.find("database")) parse_database(*database, result.database);
  if (auto client = params.find("client")) parse_client(*client, result.client);
  result.stale_read_bound_us = params.duration_or("stale_read_bound", result.stale_read_bound_us);
  if (auto slo = params.find("slo")) {
    slo->expect_keys({"error_rate", "p99"});
    result.slo.error_rate = slo->number_or("error_rate", result.slo.error_rate, 0, 1);
    result.slo.p99_us = slo->duration_or("p99", result.slo.p99_us, 1);
  }

  // Remedies that belong to one path only: say so rather than ignore them.
  bool cache_aside = result.read_path == ReadPath::cache_aside;
  auto require = [&](bool ok, std::string_view group, std::string_view key, const std::string& why) {
    if (!ok) params.at(group).at(key).fail(why);
  };
  const CacheNodeParams& cache = result.cache;
  if (cache.leases) require(cache_aside, "cache", "leases", "leases are handed to clients that fill the cache: they need \"read_path\": \"cache-aside\" (read-through has single_flight)");
  if (cache.single_flight) require(!cache_aside, "cache", "single_flight", "single_flight coalesces the cache node's own database reads: it needs \"read_path\": \"read-through\" (cache-aside has leases)");
  if (cache.cold_warmup) {
    require(cache_aside, "cache", "cold_warmup", "cold-cluster warm-up is done by clients: it needs \"read_path\": \"cache-aside\"");
    require(cache.clusters >= 2, "cache", "cold_warmup", "cold-cluster warm-up fills from another cluster: it needs \"clusters\" of 2 or more");
  }
  if (cache.journal) require(result.write_path == WritePath::write_behind, "cache", "journal", "the journal keeps write-behind's buffer: it needs \"write_path\": \"write-behind\"");
  if (result.client.early_expiration != EarlyExpiration::none) {
    require(cache_aside, "client", "early_expiration", "early recomputation is each application server's own decision: it needs \"read_path\": \"cache-aside\"");
  }
  if (result.write_path != WritePath::invalidate && cache_aside) {
    params.at("write_path").fail("write-through and write-behind hand writes to the cache node: they need \"read_path\": \"read-through\"");
  }
  if (result.write_path == WritePath::write_behind && (cache.clusters > 1 || !cache.replicated_keys.empty())) {
    params.at("write_path").fail("write-behind makes one cache node the owner of a key's versions: it needs one cluster and no replicated keys");
  }
  return result;
}

CacheWorkload parse_cache_workload(const JsonReader& workload) {
  workload.expect_keys({"clients", "rate", "write_fraction", "zipf", "stop", "flash_crowd", "missing"});
  CacheWorkload result;
  result.clients = static_cast<std::uint32_t>(workload.integer_or("clients", result.clients, 1, 1000));
  if (auto rate = workload.find("rate")) result.rate_per_second = rate->rate_per_second();
  result.write_fraction = workload.number_or("write_fraction", result.write_fraction, 0, 1);
  result.zipf_exponent = workload.number_or("zipf", result.zipf_exponent, 0, 10);
  if (auto stop = workload.find("stop")) result.stop_us = stop->duration();
  if (auto crowd = workload.find("flash_crowd")) {
    crowd->expect_keys({"at", "for", "rate", "key"});
    result.flash_crowd.at_us = crowd->at("at").duration();
    result.flash_crowd.for_us = crowd->at("for").duration(1);
    result.flash_crowd.rate_per_second = crowd->at("rate").rate_per_second();
    // The key is checked against "keys" by the plugin, which reads both sections.
    std::optional<KeyId> key = crowd->at("key").is_string() ? parse_key_name(crowd->at("key").string()) : std::nullopt;
    if (!key) crowd->at("key").fail_expected("a key such as \"k3\"");
    result.flash_crowd.key = *key;
  }
  if (auto missing = workload.find("missing")) {
    missing->expect_keys({"rate", "keys", "at"});
    result.missing_rate_per_second = missing->at("rate").rate_per_second();
    result.missing_keys = missing->integer_or("keys", result.missing_keys, 1, 1'000'000'000);
    result.missing_from_us = missing->duration_or("at", result.missing_from_us);
  }
  return result;
}

}  // namespace dsim::cache
