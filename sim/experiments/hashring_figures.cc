// The figures of `dsim experiment hashring` and the bands they are judged by, all at one two-sided
// confidence (99.9% by default). Four kinds:
//   theory    an exact expectation with a known variance: the band is the expectation plus or
//             minus z standard errors over the T trials (binomial for keys that move
//             independently, Beta plus binomial for a ring's random arcs);
//   theory, measured spread   an exact expectation whose variance we estimate from the trials
//             (the coefficient of variation): t(T-1) times the trials' standard deviation / sqrt(T);
//   published a number printed in a paper, from one run of its set-up as far as the paper says:
//             our mean must lie within t(T-1) trial standard deviations times sqrt(1 + 1/T) of it
//             (a prediction interval for one run), widened by how precisely the number was printed
//             or read off a plot;
//   exact     a count that must be zero (monotonicity).
// A ring's share of n nodes with v random tokens each is Beta(v, (n-1)v): mean 1/n, variance
// (n-1)/(n^2 (nv+1)), hence the coefficient of variation sqrt((n-1)/(nv+1)) of ownership. With K
// keys on top, a node's key count has E[cv^2] = (n-1)/K + (1-1/K)(n-1)/(nv+1) (the binomial noise
// of the keys plus the arcs'); for schemes without arcs only the first term remains.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <tuple>

#include "sim/experiments/hashring.h"
#include "sim/experiments/quantiles.h"

namespace dsim::experiments {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Published numbers as printed. Chord §6.2 prints one decimal; Dynamo's are read off Figure 8.
constexpr double kPrintedRounding = 0.05;
constexpr double kPlotReading = 0.03;

double mean_of(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

double sd_of(const std::vector<double>& values) {
  double mean = mean_of(values);
  double squares = 0;
  for (double v : values) squares += (v - mean) * (v - mean);
  return std::sqrt(squares / static_cast<double>(values.size() - 1));
}

std::string format(const char* pattern, auto... args) {
  char buffer[256];
  std::snprintf(buffer, sizeof buffer, pattern, args...);
  return buffer;
}

// The first three cumulants of one trial's value: its mean, variance and third cumulant (the
// skewness times sd^3). A ring's shares are skewed (one token per node gives nearly exponential
// arcs), so the bands take the skew into account.
struct Moments {
  double mean = 0;
  double variance = 0;
  double third = 0;
};

// The fraction of K keys that land in a fixed share p: Binomial(K, p) / K.
Moments binomial_fraction(double p, double keys) {
  return {p, p * (1 - p) / keys, p * (1 - p) * (1 - 2 * p) / (keys * keys)};
}

// The fraction of K keys that land in a random share P ~ Beta(a, b), the share of a node holding
// a of a + b random tokens. Exact, by the law of total cumulance: the Beta's own cumulants plus
// the binomial noise of the keys given P, from the raw moments E[P], E[P^2], E[P^3].
Moments beta_share_fraction(double a, double b, double keys) {
  double m1 = a / (a + b);
  double m2 = m1 * (a + 1) / (a + b + 1);
  double m3 = m2 * (a + 2) / (a + b + 2);
  double share_variance = m2 - m1 * m1;
  double share_third = m3 - 3 * m1 * m2 + 2 * m1 * m1 * m1;
  double keys_variance = (m1 - m2) / keys;                     // E[P(1-P)] / K
  double keys_third = (m1 - 3 * m2 + 2 * m3) / (keys * keys);  // E[P(1-P)(1-2P)] / K^2
  double cross = 3 * ((m2 - m3) - m1 * (m1 - m2)) / keys;      // 3 Cov(P, P(1-P)/K)
  return {m1, share_variance + keys_variance, share_third + keys_third + cross};
}

using ConfigKey = std::tuple<std::string, std::uint32_t, int, std::uint32_t, std::uint64_t>;

struct Config {
  PlacementScheme scheme;
  std::uint32_t nodes;
  std::uint32_t vnodes;
  std::uint64_t keys;
  std::vector<const PlacementRow*> trials;
  std::vector<double> values(double PlacementRow::*field) const {
    std::vector<double> out;
    for (const PlacementRow* row : trials) out.push_back(row->*field);
    return out;
  }
  std::string label() const {
    std::string text = std::string(scheme_name(scheme)) + " n=" + std::to_string(nodes);
    if (scheme == PlacementScheme::ring) text += " v=" + std::to_string(vnodes);
    return text;
  }
};

class Judge {
 public:
  explicit Judge(const HashringOptions& options)
      : options_(options), z_(normal_two_sided_quantile(options.confidence)) {}

  double z() const { return z_; }
  // Student's t for a spread estimated from `trials` values.
  double t(std::size_t trials) const {
    return student_t_two_sided_quantile(options_.confidence, static_cast<double>(trials - 1));
  }

  // The mean of T trials against the theory's distribution of that mean: z standard errors
  // either side, shifted by the Cornish-Fisher term for its skewness, (z^2 - 1) skew / 6.
  void theory(std::string section, std::string figure, std::string source, const std::vector<double>& values,
              Moments per_trial, std::string distribution) {
    double trials = static_cast<double>(values.size());
    double se = std::sqrt(per_trial.variance / trials);
    double skew = per_trial.variance > 0 ? per_trial.third / std::pow(per_trial.variance, 1.5) / std::sqrt(trials) : 0;
    double shift = (z_ * z_ - 1) * skew / 6;
    add(std::move(section), std::move(figure), std::move(source), per_trial.mean, mean_of(values),
        per_trial.mean + se * (shift - z_), per_trial.mean + se * (shift + z_),
        format("%s: mean, sd and skew from the theory; z = %.2f sd/sqrt(%zu), skew-corrected (Cornish-Fisher)",
               distribution.c_str(), z_, values.size()),
        values.size());
  }

  // A coefficient of variation: the mean of cv^2 against E[cv^2], with the trials' spread.
  void cv(std::string section, std::string figure, std::string source, double expected_squared,
          const std::vector<double>& cvs) {
    std::vector<double> squares;
    for (double c : cvs) squares.push_back(c * c);
    double half = t(squares.size()) * sd_of(squares) / std::sqrt(static_cast<double>(squares.size()));
    add(std::move(section), std::move(figure), std::move(source), std::sqrt(expected_squared),
        std::sqrt(mean_of(squares)), std::sqrt(std::max(0.0, expected_squared - half)),
        std::sqrt(expected_squared + half),
        format("E[cv^2] from the theory; t(%zu) = %.2f x the trials' sd of cv^2 / sqrt(%zu)", squares.size() - 1,
               t(squares.size()), squares.size()),
        squares.size());
  }

  // A published number from one run: our mean within t sd sqrt(1 + 1/T) + `precision` of it.
  void published(std::string section, std::string figure, std::string source, double reference,
                 const std::vector<double>& values, double precision, const char* precision_rule) {
    double n = static_cast<double>(values.size());
    double half = t(values.size()) * sd_of(values) * std::sqrt(1.0 + 1.0 / n) + precision;
    add(std::move(section), std::move(figure), std::move(source), reference, mean_of(values), reference - half,
        reference + half,
        format("one run about our mean: t(%zu) = %.2f x the trials' sd x sqrt(1+1/%zu), + %.2f %s",
               values.size() - 1, t(values.size()), values.size(), precision, precision_rule),
        values.size());
  }

  // A count that must be exactly zero.
  void zero(std::string section, std::string figure, std::string source, double count, std::size_t trials) {
    add(std::move(section), std::move(figure), std::move(source), 0, count, 0, 0, "exact: must be 0", trials);
  }

  void add(std::string section, std::string figure, std::string source, double reference, double measured, double low,
           double high, std::string rule, std::size_t trials) {
    figures_.push_back({std::move(section), std::move(figure), std::move(source), reference, measured, low, high,
                        std::move(rule), static_cast<std::int64_t>(trials)});
  }

  std::vector<FigureCheck> take() { return std::move(figures_); }
  const HashringOptions& options() const { return options_; }

 private:
  const HashringOptions& options_;
  double z_;
  std::vector<FigureCheck> figures_;
};

// Keys moved on a join and a leave against the ideal, and monotonicity, for one configuration.
void judge_moves(Judge& judge, const Config& c) {
  const double n = c.nodes;
  const double k = static_cast<double>(c.keys);
  const std::string section = c.trials.front()->section;
  Moments join;
  Moments leave;
  std::string distribution = "binomial";
  std::string source = "ideal 1/(n+1)";
  std::string leave_source = "ideal 1/n";
  if (c.scheme == PlacementScheme::mod) {
    // A key stays from n to n+1 buckets only when h mod n == h mod (n+1): n of n(n+1) residues.
    join = binomial_fraction(n / (n + 1), k);
    leave = binomial_fraction((n - 1) / n, k);
    source = "theory n/(n+1)";
    leave_source = "theory (n-1)/n";
  } else if (c.scheme == PlacementScheme::ring) {
    // The new node's share is Beta(v, nv); a random leaver's among n is Beta(v, (n-1)v).
    join = beta_share_fraction(c.vnodes, c.vnodes * n, k);
    leave = beta_share_fraction(c.vnodes, c.vnodes * (n - 1), k);
    distribution = "Beta(v, nv) share + binomial";
  } else {
    // Each key independently goes to the new node (or was on the leaver) with probability 1/(n+1) (1/n).
    join = binomial_fraction(1 / (n + 1), k);
    leave = binomial_fraction(1 / n, k);
  }
  std::vector<double> leave_fractions;
  for (const PlacementRow* row : c.trials) leave_fractions.push_back(row->leave_moved_fraction);
  judge.theory(section, c.label() + ": moved on a join", source, c.values(&PlacementRow::moved_fraction), join,
               distribution);
  judge.theory(section, c.label() + ": moved on a leave", leave_source, leave_fractions, leave, distribution);

  double elsewhere = 0;
  double stranded = 0;
  std::vector<double> join_elsewhere;
  std::vector<double> leave_elsewhere;
  for (const PlacementRow* row : c.trials) {
    elsewhere += static_cast<double>(row->join_moved_elsewhere + row->leave_moved_elsewhere);
    stranded += static_cast<double>(row->leave_stranded);
    join_elsewhere.push_back(static_cast<double>(row->join_moved_elsewhere) / k);
    leave_elsewhere.push_back(static_cast<double>(row->leave_moved_elsewhere) / k);
  }
  if (c.scheme == PlacementScheme::mod) {
    // Every key that lands in the new bucket n moved there, the other moves are between old
    // buckets: n/(n+1) - 1/(n+1). On the leave all of the last bucket's keys move, 1/n of them.
    judge.theory(section, c.label() + ": moved between old nodes on a join", "theory (n-1)/(n+1)", join_elsewhere,
                 binomial_fraction((n - 1) / (n + 1), k), "binomial");
    judge.theory(section, c.label() + ": moved between staying nodes on a leave", "theory (n-2)/n", leave_elsewhere,
                 binomial_fraction((n - 2) / n, k), "binomial");
    judge.zero(section, c.label() + ": keys left on the departed bucket", "exact", stranded, c.trials.size());
  } else {
    // Keys that moved between two nodes that stayed, or stayed on the node that left.
    judge.zero(section, c.label() + ": keys moved against monotonicity", "Karger 1997: none", elsewhere + stranded,
               c.trials.size());
  }
}

// The spread of keys per node (and of ownership, for a ring) against the theory.
void judge_spread(Judge& judge, const Config& c, const std::string& section) {
  const double n = c.nodes;
  const double k = static_cast<double>(c.keys);
  double arcs = c.scheme == PlacementScheme::ring ? (n - 1) / (n * c.vnodes + 1) : 0.0;
  judge.cv(section, c.label() + format(" K=%.0f: cv of keys per node", k),
           c.scheme == PlacementScheme::ring ? "(n-1)/K + (1-1/K)(n-1)/(nv+1)" : "multinomial (n-1)/K",
           (n - 1) / k + (1 - 1 / k) * arcs, c.values(&PlacementRow::cv));
  if (c.scheme == PlacementScheme::ring) {
    judge.cv(section, c.label() + ": cv of ownership", "sqrt((n-1)/(nv+1))", arcs,
             c.values(&PlacementRow::ownership_cv));
  }
}

const Config* find(const std::map<ConfigKey, Config>& configs, const std::string& section, std::uint32_t nodes,
                   std::uint32_t vnodes, std::uint64_t keys) {
  auto it = configs.find({section, nodes, static_cast<int>(PlacementScheme::ring), vnodes, keys});
  return it == configs.end() ? nullptr : &it->second;
}

// Chord §6.2: the numbers its text prints for Figures 8 and 9, for its set-up of 10^4 nodes.
constexpr std::uint32_t kChordNodes = 10000;

void judge_chord(Judge& judge, const std::map<ConfigKey, Config>& configs) {
  const HashringOptions& o = judge.options();
  const std::string s = "chord";
  if (o.chord_nodes != kChordNodes) return;  // a smaller set-up: only the theory applies
  if (const Config* c = find(configs, s, o.chord_nodes, 1, 500000)) {
    judge.published(s, "1 token, 5x10^5 keys: p99 / mean", "Chord §6.2 Fig. 8(b): 4.6", 4.6,
                    c->values(&PlacementRow::p99_over_mean), kPrintedRounding, "(printed to 0.1)");
    judge.published(s, "1 token, 5x10^5 keys: max / mean", "Chord §6.2 Fig. 8(b): 9.1 (457 keys)", 9.1,
                    c->values(&PlacementRow::max_over_mean), kPrintedRounding, "(printed to 0.1)");
  }
  double without_empty_node = 0;
  std::size_t one_token_trials = 0;
  for (std::uint64_t keys : o.chord_keys) {
    if (const Config* c = find(configs, s, o.chord_nodes, 1, keys)) {
      for (const PlacementRow* row : c->trials) without_empty_node += row->min_keys > 0 ? 1 : 0;
      one_token_trials += c->trials.size();
    }
  }
  if (one_token_trials > 0) {
    judge.zero(s, "1 token, 10^5..10^6 keys: trials where no node is empty",
               "Chord §6.2: some node empty in all cases", without_empty_node, one_token_trials);
  }
  const std::uint64_t k = 1000000;  // Figure 9's keys
  for (auto [vnodes, p99, p1] : {std::tuple{1u, 4.8, 0.0}, std::tuple{20u, 1.6, 0.5}}) {
    const Config* c = find(configs, s, o.chord_nodes, vnodes, k);
    if (c == nullptr) continue;
    const char* tokens = vnodes == 1 ? "token" : "tokens";
    judge.published(s, format("%u %s, 10^6 keys: p99 / mean", vnodes, tokens), format("Chord §6.2 Fig. 9: %.1f", p99),
                    p99, c->values(&PlacementRow::p99_over_mean), kPrintedRounding, "(printed to 0.1)");
    judge.published(s, format("%u %s, 10^6 keys: p1 / mean", vnodes, tokens), format("Chord §6.2 Fig. 9: %.1f", p1), p1,
                    c->values(&PlacementRow::p1_over_mean), kPrintedRounding, "(printed to 0.1)");
  }
}

// Dynamo §6.2 Figure 8, as the tracker read it off the plot (the figure is not in the text), for
// its set-up of 30 nodes and 3 replicas.
void judge_dynamo(Judge& judge, const std::vector<DynamoRow>& rows) {
  if (judge.options().dynamo_nodes != 30 || judge.options().dynamo_replicas != 3) return;
  std::map<std::pair<int, std::uint32_t>, std::vector<double>> series;
  for (const DynamoRow& row : rows) series[{row.strategy, row.tokens_per_node}].push_back(row.efficiency);
  const std::string s = "dynamo";
  for (auto [tokens, published] : {std::pair{2u, 0.52}, std::pair{1024u, 0.96}}) {
    auto it = series.find({1, tokens});
    if (it == series.end()) continue;
    judge.published(s, format("strategy 1, %u tokens per node: efficiency", tokens),
                    format("Dynamo Fig. 8: about %.2f", published), published, it->second, kPlotReading,
                    "(read off the plot)");
  }
  // "Strategy 3 achieves the best load balancing efficiency": its mean margin over strategy 1 at
  // the T where they come closest.
  double smallest_margin = kInfinity;
  std::size_t trials = 0;
  for (const auto& [key, values] : series) {
    auto one = series.find({1, key.second});
    if (key.first != 3 || one == series.end()) continue;
    smallest_margin = std::min(smallest_margin, mean_of(values) - mean_of(one->second));
    trials = values.size();
  }
  if (trials > 0) {
    judge.add(s, "strategy 3 over strategy 1 where closest: mean margin", "Dynamo §6.2: strategy 3 is the best", 0,
              smallest_margin, 0, kInfinity, "a claim of direction: our means must agree with it at every T", trials);
  }
  for (const auto& [key, values] : series) {
    if (key.first != 3) continue;
    // "Above 0.85 throughout": one-sided, so the band is [0.85 - reading - t se, infinity).
    double t = judge.t(values.size());
    double half = t * sd_of(values) / std::sqrt(static_cast<double>(values.size())) + kPlotReading;
    judge.add(s, format("strategy 3, %u tokens per node: efficiency", key.second), "Dynamo Fig. 8: above 0.85", 0.85,
              mean_of(values), 0.85 - half, kInfinity,
              format("our mean at least 0.85 - %.2f (read off the plot) - t(%zu) = %.2f x the trials' sd/sqrt(%zu)",
                     kPlotReading, values.size() - 1, t, values.size()),
              values.size());
  }
}

}  // namespace

std::vector<FigureCheck> judge_hashring(const std::vector<PlacementRow>& rows, const std::vector<DynamoRow>& dynamo,
                                        const HashringOptions& options) {
  std::map<ConfigKey, Config> configs;
  for (const PlacementRow& row : rows) {
    ConfigKey key{row.section, row.nodes, static_cast<int>(row.scheme), row.vnodes, row.keys};
    auto [it, inserted] = configs.try_emplace(key, Config{row.scheme, row.nodes, row.vnodes, row.keys, {}});
    it->second.trials.push_back(&row);
  }
  Judge judge(options);
  for (const auto& [key, config] : configs) {
    if (std::get<0>(key) == "moves") judge_moves(judge, config);
  }
  for (const auto& [key, config] : configs) {
    if (std::get<0>(key) == "moves") judge_spread(judge, config, "spread");
  }
  for (const auto& [key, config] : configs) {
    // Chord's rows: the join against 1/(n+1) and the spread, at 10^6 keys for each token count.
    if (std::get<0>(key) == "chord" && config.keys == options.chord_vnode_keys) {
      judge_moves(judge, config);
      judge_spread(judge, config, "chord");
    }
  }
  judge_chord(judge, configs);
  judge_dynamo(judge, dynamo);
  return judge.take();
}

}  // namespace dsim::experiments
