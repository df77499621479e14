// Queueing theory for `dsim experiment load-balancing`: n servers, each FIFO with exponential
// service of mean 1, Poisson arrivals of rate load x n, every job assigned when it arrives. Times
// are in mean service times. Three policies have exact answers, each for its own model:
//
//   random       each server receives an independent Poisson stream of rate `load` (a Poisson
//                process split at random), so it is an M/M/1 queue, for every n: the sojourn is
//                exponential with rate 1 - load (Kleinrock, Queueing Systems Vol. 1, Ch. 3), mean
//                1 / (1 - load), quantile q at -ln(1 - q) / (1 - load).
//   round-robin  each server receives every n-th arrival, gaps Erlang(n, rate load x n): an E_n/M/1
//                queue (G/M/1: Kleinrock Vol. 1, Ch. 6) for every n. With sigma the root in (0, 1) of
//                sigma = A*(1 - sigma), A*(s) = (n load / (n load + s))^n the gaps' Laplace
//                transform, the sojourn is exponential with rate 1 - sigma.
//   two-choices  Mitzenmacher's supermarket model (The Power of Two Choices in Randomized Load
//                Balancing, 1996 thesis, Ch. 3; IEEE TPDS 2001, §3): as n grows, the fraction s_i
//                of servers holding at least i jobs tends to the fixed point of
//                ds_i/dt = load (s_{i-1}^d - s_i^d) - (s_i - s_{i+1}), s_0 = 1, which is
//                s_i = load^((d^i - 1)/(d - 1)). A job joins a queue of exactly k with probability
//                s_k^d - s_{k+1}^d and then waits for k + 1 exponential services, so its sojourn
//                is a mixture of Erlangs; its mean, by Little's law sum s_i / load, is
//                sum over i >= 1 of load^((d^i - d)/(d - 1)). A limit as n -> infinity only: at
//                finite n the equilibrium is within O(1/n) of it (Luczak and McDiarmid 2007).
#pragma once

#include <cstdint>
#include <vector>

namespace dsim::experiments {

// M/M/1 at utilisation `load` (< 1).
double mm1_mean_sojourn(double load);
double mm1_sojourn_quantile(double load, double q);

// The supermarket model's fixed point: s_0 = 1, s_1 = load, ... until s_i < 1e-16.
std::vector<double> supermarket_tails(double load, std::uint32_t choices);
double supermarket_mean_sojourn(double load, std::uint32_t choices);
// The q-quantile of the sojourn in the limit: P(T > x) = sum_k (s_k^d - s_{k+1}^d) P(Erlang(k+1) > x).
double supermarket_sojourn_quantile(double load, std::uint32_t choices, double q);

// E_n/M/1: sigma in (0, 1) with sigma = (n load / (n load + 1 - sigma))^n.
double erlang_gm1_sigma(std::uint32_t n, double load);
double round_robin_mean_sojourn(std::uint32_t n, double load);
double round_robin_sojourn_quantile(std::uint32_t n, double load, double q);

// The M/M/1 queue's relaxation time 1 / (1 - sqrt(load))^2: how long, in mean service times, its
// queue takes to forget where it started. It is read off the transient solution, whose terms
// e^-(1 + load)t I_k(2 sqrt(load) t) decay as e^-(1 - sqrt(load))^2 t since the Bessel function
// I_k(z) grows as e^z / sqrt(2 pi z). The experiment's warm-up for random and round robin is a
// multiple of it.
double mm1_relaxation_time(double load);

}  // namespace dsim::experiments
