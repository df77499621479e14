// How many recomputations one expiry of a cached value causes, in expectation, when reads arrive
// as a Poisson process at rate r, a recomputation takes exactly Δ, the value lives T, and every
// reader that finds the value fresh recomputes it early with a look-ahead gap drawn from a
// distribution whose survival function is G (P(gap >= s) = G(s)). Readers do not coordinate.
//
// Derivation (docs/concepts/caching.md, "How many recomputations per expiry"). Count time by τ, the
// time left until expiry. Early recomputations start as a Poisson process of intensity r·G(τ)
// (a reader at τ recomputes when its gap is at least τ), so the expected number started while τ
// falls from T to τ is Λ(τ) = r ∫_τ^T G(s) ds, and the first starts at τ1 with density
// r·G(τ)·e^{-Λ(τ)}. Until it ends, Δ later, readers keep deciding alone: the expected number more
// is Λ(τ1 - Δ) - Λ(τ1) when τ1 >= Δ; when τ1 < Δ the value expires first, so it is Λ(0) - Λ(τ1)
// plus r·(Δ - τ1) readers that miss after the expiry. With no early start at all (probability
// e^{-Λ(0)}) the first miss after the expiry and the r·Δ readers during its recomputation make
// 1 + r·Δ. Hence
//
//   E[N] = ∫_0^T r G(τ) e^{-Λ(τ)} (1 + A(τ)) dτ + e^{-Λ(0)} (1 + rΔ).
//
// XFetch (Vattani et al. 2015) takes G(s) = e^{-s/(βΔ)}: then Λ(τ1 - Δ) = e^{1/β} Λ(τ1), Λ(τ1) is an
// Exp(1) draw (the first arrival of a Poisson process), and as r·Δ and T/Δ grow E[N] tends to
//
//   1 + (e^{1/β} - 1) · E[Exp(1)] = e^{1/β},  which is e ≈ 2.718 at β = 1,
//
// whatever the rate. The uniform gap on [0, W], W = 2βΔ (the same mean), has no such property: its
// first start lies x = sqrt(2Wu/r) inside the window (u an Exp(1) draw) and r(2xΔ + Δ²)/(2W) more
// start while it runs, about 1 + rΔ/(4β) + Γ(3/2)·sqrt(rΔ/β), which grows with the rate. No early
// recomputation gives 1 + rΔ (the paper's "r·Δ").
#pragma once

#include <functional>

#include "sim/core/time.h"

namespace dsim::experiments {

// E[N] for the survival function `gap_survival` (of a gap in microseconds), by Simpson's rule.
double expected_recomputations(const std::function<double(double)>& gap_survival, double rate_per_s,
                               DurationUs recompute_us, DurationUs ttl_us);

double expected_recomputations_xfetch(double rate_per_s, DurationUs recompute_us, DurationUs ttl_us, double beta);
double expected_recomputations_uniform(double rate_per_s, DurationUs recompute_us, DurationUs ttl_us, double beta);
// Without early recomputation: the first miss and the r·Δ that arrive while it runs.
double expected_recomputations_none(double rate_per_s, DurationUs recompute_us);
// XFetch's limit for a high rate and a long TTL: e^{1/β}.
double xfetch_limit(double beta);

}  // namespace dsim::experiments
