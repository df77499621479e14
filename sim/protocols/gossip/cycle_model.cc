// The synchronous cycle model (cycle_model.h). Sections: one contact of each kind; the loop.
#include "sim/protocols/gossip/cycle_model.h"

#include <algorithm>
#include <numeric>

#include "sim/core/assert.h"
#include "sim/core/random.h"
#include "sim/protocols/gossip/epidemic_site.h"

namespace dsim::gossip {
namespace {

// Streams of the cycle model: partners and orders, and the sites' coins.
constexpr std::uint64_t kPartnerStream = 1;
constexpr std::uint64_t kCoinStream = 2;

struct World {
  std::vector<EpidemicSite> sites;
  TimeUs cycle = 0;  // the "clock" the sites record arrivals with: the cycle number
  std::uint64_t update_messages = 0;
};

// ---------------------------------------------------------------- one contact of each kind

void learn_all(EpidemicSite& site, const std::vector<UpdateEntry>& entries, TimeUs now) {
  for (const UpdateEntry& entry : entries) site.learn(entry, now);
}

void rumor_push(World& world, EpidemicSite& from, EpidemicSite& to, const std::vector<UpdateEntry>& hot) {
  ++world.update_messages;
  from.count_contact(hot);
  std::vector<UpdateId> knew = to.already_known_of(hot);
  learn_all(to, hot, world.cycle);
  if (from.rules().interest == Interest::feedback) from.count_feedback(hot, knew);
}

void rumor_pull(World& world, EpidemicSite& requester, EpidemicSite& partner) {
  std::vector<UpdateEntry> hot = partner.hot_at_round_start();
  if (hot.empty()) return;  // the partner has nothing hot: the request carried no update either way
  ++world.update_messages;
  partner.count_contact(hot);
  std::vector<UpdateId> knew = requester.already_known_of(hot);
  learn_all(requester, hot, world.cycle);
  if (partner.rules().interest == Interest::feedback) partner.count_feedback(hot, knew);
}

void anti_entropy(World& world, Direction direction, EpidemicSite& initiator, EpidemicSite& partner) {
  std::vector<UpdateEntry> initiator_knows = initiator.known_at_round_start();
  // Both halves are decided on the start-of-cycle state, before either side learns anything.
  std::vector<UpdateEntry> pulled;
  if (direction != Direction::push) pulled = partner.missing_from(initiator_knows);
  if (direction != Direction::pull && !initiator_knows.empty()) {
    ++world.update_messages;
    learn_all(partner, initiator_knows, world.cycle);
  }
  if (!pulled.empty()) {
    ++world.update_messages;
    learn_all(initiator, pulled, world.cycle);
  }
}

// ---------------------------------------------------------------- the loop

bool any_infective_at_round_start(const World& world) {
  for (const EpidemicSite& site : world.sites) {
    if (!site.hot_at_round_start().empty()) return true;
  }
  return false;
}

std::uint32_t susceptible_count(const World& world) {
  std::uint32_t count = 0;
  for (const EpidemicSite& site : world.sites) count += site.knows(0) ? 0 : 1;
  return count;
}

}  // namespace

CycleResult run_cycles(const CycleOptions& options, std::uint64_t seed) {
  DSIM_ASSERT(options.sites >= 2, "an epidemic needs at least two sites");
  Rng root(seed);
  Rng partners = root.fork(kPartnerStream);
  Rng coins = root.fork(kCoinStream);
  World world;
  world.sites.assign(options.sites, EpidemicSite(options.rules, options.rumor_mongering));
  world.sites[0].learn(UpdateEntry{0, 0}, 0);

  CycleResult result;
  result.susceptible_after.push_back(options.sites - 1);
  std::vector<std::uint32_t> order(options.sites);
  std::iota(order.begin(), order.end(), 0u);
  std::vector<std::uint32_t> accepted(options.sites, 0);
  const bool limited = options.connection_limit > 0;

  for (std::uint32_t cycle = 1;; ++cycle) {
    DSIM_ASSERT(cycle < options.max_cycles, "an epidemic ends within max_cycles");
    for (EpidemicSite& site : world.sites) site.begin_round(coins);
    bool done = options.rumor_mongering ? !any_infective_at_round_start(world) : susceptible_count(world) == 0;
    if (done) break;
    world.cycle = cycle;
    result.cycles = cycle;
    if (limited) {
      partners.shuffle(order);
      std::fill(accepted.begin(), accepted.end(), 0u);
    }
    for (std::uint32_t initiator : order) {
      EpidemicSite& site = world.sites[initiator];
      // Rumor push: only a site with a hot rumor makes a contact.
      std::vector<UpdateEntry> hot;
      if (options.rumor_mongering && options.rules.direction == Direction::push) {
        hot = site.hot_at_round_start();
        if (hot.empty()) continue;
      }
      // A uniformly chosen other site; under a limit, refused ones are hunted past.
      std::uint32_t partner = 0;
      bool connected = false;
      for (std::uint32_t attempt = 0; attempt <= (limited ? options.hunt_limit : 0); ++attempt) {
        partner = static_cast<std::uint32_t>(partners.index(options.sites - 1));
        if (partner >= initiator) ++partner;
        if (!limited || accepted[partner] < options.connection_limit) {
          connected = true;
          break;
        }
        ++result.refused_connections;
      }
      if (!connected) continue;
      if (limited) ++accepted[partner];
      if (!options.rumor_mongering) anti_entropy(world, options.anti_entropy, site, world.sites[partner]);
      else if (options.rules.direction == Direction::push) rumor_push(world, site, world.sites[partner], hot);
      else rumor_pull(world, site, world.sites[partner]);
    }
    result.susceptible_after.push_back(susceptible_count(world));
  }

  std::uint64_t heard = 0;
  std::uint64_t arrival_sum = 0;
  for (const EpidemicSite& site : world.sites) {
    if (!site.knows(0)) continue;
    ++heard;
    std::uint64_t arrival = site.arrival_round(0);
    arrival_sum += arrival;
    result.t_last = std::max<std::uint32_t>(result.t_last, static_cast<std::uint32_t>(arrival));
  }
  result.residue = static_cast<double>(options.sites - heard) / options.sites;
  result.update_messages = world.update_messages;
  result.traffic = static_cast<double>(world.update_messages) / options.sites;
  result.t_ave = static_cast<double>(arrival_sum) / static_cast<double>(heard);
  return result;
}

}  // namespace dsim::gossip
