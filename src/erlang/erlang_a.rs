//! Erlang A (M/M/n+M): waiting with exponential patience, by one log-space series.

use super::erlang_c::ln_erlang_b;
use super::error::ErlangError;
use super::queue::{QueueMetrics, QueueParams, prob};

/// Largest number of series terms one Erlang A evaluation may sum.
///
/// The series peaks near `(λ − nμ)/θ` terms, so only a deeply overloaded queue
/// with a vanishing abandon rate gets near this; refusing it keeps a call from
/// running for minutes instead of returning a wrong number.
pub const MAX_SERIES_TERMS: usize = 20_000_000;

/// Relative size of the neglected series tail.
const SERIES_EPS: f64 = 1e-17;

/// `ln(e^a + e^b)` that tolerates `-inf` arguments.
fn ln_add_exp(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if hi == f64::NEG_INFINITY {
        return f64::NEG_INFINITY;
    }
    hi + (lo - hi).exp().ln_1p()
}

/// Sums over the queue position `i` seen by a waiting arrival, each scaled by
/// `e^{-scale}` where `scale` is the running maximum log-weight.
struct QueueSums {
    /// ln of the running scale.
    scale: f64,
    /// Σ w_i: `G(x, y)·e^{-scale}`.
    total: f64,
    /// Σ w_i · P(served | i).
    served: f64,
    /// Σ w_i · P(abandon | i).
    abandoned: f64,
    /// Σ w_i · E[wait · 1{served} | i] (seconds).
    served_wait: f64,
    /// Σ w_i · P(served, wait <= T | i).
    served_in_time: f64,
}

impl QueueSums {
    fn rescale(&mut self, new_scale: f64) {
        let f = (self.scale - new_scale).exp();
        self.total *= f;
        self.served *= f;
        self.abandoned *= f;
        self.served_wait *= f;
        self.served_in_time *= f;
        self.scale = new_scale;
    }
}

/// One pass over the waiting-position series of Erlang A.
///
/// An arrival that finds `i` contacts waiting (probability ∝ `w_i =
/// y^i/((x+1)…(x+i))`) is answered after `i+1` queue departures whose rates,
/// in units of θ, are `x+m` for `m = i..0` others ahead. With patience
/// Exp(θ) independent of that virtual wait `V`:
/// * `P(served | i) = E[e^{-θV}] = x/(x+i+1)`;
/// * `E[V e^{-θV}] = x/(x+i+1) · Σ_{m=1}^{i+1} 1/(nμ + mθ)`;
/// * tilting by `e^{-θV}` turns the stage rates into `θ(x+1+m)`, whose sum is
///   the (i+1)-th failure time of `x+1+i` Exp(θ) clocks (a Beta law in
///   `u = 1 − e^{-θT}`, valid for non-integer `x` too), so
///   `P(served, V <= T | i) = x/(x+i+1) · P(NB > i)` where NB is negative
///   binomial with pmf `q_0 = s^{x+1}`, `q_j = q_{j−1}·u·(x+j)/j`,
///   `s = e^{-θT}`.
///
/// This is the closed form `G(x+1,y) − G(x+1,ys)s^{x+1}e^{y(1−s)}` expanded
/// term by term, which avoids subtracting two nearly equal series when `T` is
/// small and needs no second and third series.
fn queue_sums(n_mu: f64, theta: f64, lambda: f64, t: f64) -> Result<QueueSums, ErlangError> {
    let x = n_mu / theta;
    let y = lambda / theta;
    let theta_t = theta * t;
    // ln s = −θT and ln u = ln(1 − e^{−θT}); T = 0 gives ln u = −∞ (only q_0,
    // which is 1), T = ∞ gives ln s = −∞ (every q_j is 0).
    let ln_u = (-(-theta_t).exp_m1()).ln();
    let mut ln_q = -(x + 1.0) * theta_t;
    let mut ln_cdf = ln_q;

    let mut sums = QueueSums {
        scale: 0.0,
        total: 0.0,
        served: 0.0,
        abandoned: 0.0,
        served_wait: 0.0,
        served_in_time: 0.0,
    };
    // Log weight of the current term and Σ_{m=1}^{i+1} 1/(nμ + mθ).
    let mut ln_w = 0.0_f64;
    let mut harmonic = 0.0_f64;
    for i in 0..MAX_SERIES_TERMS {
        let fi = i as f64;
        if i > 0 {
            ln_w += (y / (x + fi)).ln();
            ln_q += ln_u + ((x + fi) / fi).ln();
            ln_cdf = ln_add_exp(ln_cdf, ln_q);
        }
        harmonic += 1.0 / (n_mu + (fi + 1.0) * theta);
        if ln_w > sums.scale {
            sums.rescale(ln_w);
        }
        let w = (ln_w - sums.scale).exp();
        let denom = x + fi + 1.0;
        let p_served = x / denom;
        // 1 − F_NB(i); −expm1 keeps precision when F is small, and the max
        // guards against F rounding a hair above 1.
        let nb_tail = (-ln_cdf.exp_m1()).max(0.0);
        sums.total += w;
        sums.served += w * p_served;
        sums.abandoned += w * ((fi + 1.0) / denom);
        sums.served_wait += w * p_served * harmonic;
        sums.served_in_time += w * p_served * nb_tail;

        // Past the peak the term ratio r = y/(x+i+1) only falls, so the tail
        // is below w·r/(1−r); stop once that is negligible.
        let r = y / denom;
        if r < 1.0 && w * r <= SERIES_EPS * (1.0 - r) * sums.total {
            return Ok(sums);
        }
    }
    Err(ErlangError::SeriesTooLong {
        max_terms: MAX_SERIES_TERMS,
    })
}

/// Erlang A metrics of a validated queue `p` (abandon rate > 0) with threshold
/// `t` seconds.
pub(super) fn erlang_a_metrics(p: &QueueParams, t: f64) -> Result<QueueMetrics, ErlangError> {
    let n = f64::from(p.servers);
    let lambda = p.arrival_rate;
    let theta = p.abandon_rate;
    let n_mu = n * p.service_rate;
    let a = p.offered_load();
    let sums = queue_sums(n_mu, theta, lambda, t)?;

    // π_n = B / (1 + (G − 1)B), so P(wait) = π_n·G = GB / ((1 − B) + GB)
    // and P(no wait) = (1 − B) / ((1 − B) + GB); in logs because G can be
    // astronomically large in overload while B stays moderate.
    let ln_b = ln_erlang_b(p.servers, a);
    let ln_g = sums.scale + sums.total.ln();
    let ln_one_minus_b = (-ln_b.exp()).ln_1p();
    let ln_gb = ln_g + ln_b;
    let ln_den = ln_add_exp(ln_one_minus_b, ln_gb);
    let p_wait = prob((ln_gb - ln_den).exp());
    let p_no_wait = prob((ln_one_minus_b - ln_den).exp());

    let served_given_wait = sums.served / sums.total;
    let p_abandon = prob(p_wait * (sums.abandoned / sums.total));
    // Sum of two non-negative parts rather than 1 − P(abandon), which would
    // lose all relative precision when nearly everyone abandons.
    let p_served = prob(p_no_wait + p_wait * served_given_wait);
    let served_wait = p_wait * (sums.served_wait / sums.total);
    let service_level = prob(p_no_wait + p_wait * (sums.served_in_time / sums.total));

    Ok(QueueMetrics {
        p_wait,
        asa_s: served_wait / p_served,
        // Little's law on the queue: λ·E[wait] = E[Q] = λ·P(abandon)/θ.
        mean_wait_s: p_abandon / theta,
        service_level,
        abandon_rate: p_abandon,
        occupancy: prob(a / n * p_served),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erlang::erlang_c::{erlang_b, erlang_c_metrics};
    use crate::erlang::test_support::{assert_abs, assert_rel, q, textbook};

    // ---- 2. Erlang A against the birth–death chain ---------------------------

    /// Stationary distribution of the M/M/n+M birth–death chain, truncated
    /// once the terms have fallen e^{60} below their maximum past the mode.
    fn birth_death(p: &QueueParams) -> Vec<f64> {
        let n = p.servers as usize;
        let mut lp = vec![0.0_f64];
        let mut max = 0.0_f64;
        for k in 1.. {
            let death =
                k.min(n) as f64 * p.service_rate + k.saturating_sub(n) as f64 * p.abandon_rate;
            let next = lp[k - 1] + (p.arrival_rate / death).ln();
            lp.push(next);
            max = max.max(next);
            if k > n && p.arrival_rate < death && next < max - 60.0 {
                break;
            }
        }
        let w: Vec<f64> = lp.iter().map(|l| (l - max).exp()).collect();
        let total: f64 = w.iter().sum();
        w.iter().map(|v| v / total).collect()
    }

    /// (P(wait), P(abandon), occupancy) from the chain.
    fn chain_metrics(p: &QueueParams) -> (f64, f64, f64) {
        let pi = birth_death(p);
        let n = p.servers as usize;
        let p_wait: f64 = pi[n..].iter().sum();
        let queue: f64 = pi[n..].iter().enumerate().map(|(i, v)| i as f64 * v).sum();
        let busy: f64 = pi
            .iter()
            .enumerate()
            .map(|(k, v)| k.min(n) as f64 * v)
            .sum();
        (
            p_wait,
            p.abandon_rate * queue / p.arrival_rate,
            busy / n as f64,
        )
    }

    /// (servers, λ, μ, θ) cases for the chain comparisons.
    const CHAIN_CASES: &[(u32, f64, f64, f64)] = &[
        (1, 0.7, 1.0, 0.5),
        (1, 2.0, 1.0, 0.01),
        (1, 0.3, 1.0, 100.0),
        (10, 15.0, 1.0, 0.2),
        (25, 24.0, 1.0, 1.0),
        (300, 285.0, 1.0, 0.1),
        (300, 450.0, 1.0, 1.0),
        (50, 100.0 / 36.0, 1.0 / 180.0, 1.0 / 90.0),
    ];

    #[test]
    fn erlang_a_matches_birth_death_chain() {
        for &(n, l, mu, th) in CHAIN_CASES {
            let p = q(n, l, mu, th);
            let m = erlang_a_metrics(&p, 10.0).unwrap();
            let (pw, pab, occ) = chain_metrics(&p);
            let what = format!("{p:?}");
            assert_rel(m.p_wait, pw, 1e-9, &format!("{what} P(wait)"));
            assert_rel(m.abandon_rate, pab, 1e-9, &format!("{what} P(abandon)"));
            assert_rel(m.occupancy, occ, 1e-9, &format!("{what} occupancy"));
        }
    }

    // ---- 3. Erlang A service level and ASA by uniformisation -----------------

    /// Independent tagged-contact computation. The arrival finds `m` others
    /// waiting with probability π_{n+m}; from "m ahead" the next queue
    /// departure comes at rate nμ + mθ and its own patience runs out at rate θ.
    /// Uniformising at Λ = nμ + (M+1)θ, absorption into "served" at jump k
    /// happens at the k-th Poisson(Λ) epoch, which is Gamma(k, Λ) and
    /// independent of the jump chain. Returns (P(served, V <= T, waited),
    /// E[V·1{served}], P(served, waited)).
    fn tagged_by_uniformisation(p: &QueueParams, pi: &[f64], t: f64) -> (f64, f64, f64) {
        let n = p.servers as usize;
        let n_mu = p.servers as f64 * p.service_rate;
        let th = p.abandon_rate;
        let mut v: Vec<f64> = pi[n..].to_vec();
        let big_m = v.len() - 1;
        let lam_u = n_mu + (big_m as f64 + 1.0) * th;
        let lt = lam_u * t;
        // Poisson(ΛT) pmf in logs and its CDF, for P(N_T >= k) = P(Γ(k,Λ) <= T).
        let mut ln_pmf = -lt;
        let mut cdf = if t.is_finite() { ln_pmf.exp() } else { 0.0 };
        let (mut in_time, mut wait, mut served) = (0.0, 0.0, 0.0);
        for k in 1_usize.. {
            let absorbed = v[0] * n_mu / lam_u;
            let mut next = vec![0.0; v.len()];
            for m in 0..=big_m {
                let leave = n_mu + (m as f64 + 1.0) * th;
                next[m] += v[m] * (1.0 - leave / lam_u);
                if m < big_m {
                    let fwd = n_mu + (m as f64 + 1.0) * th;
                    next[m] += v[m + 1] * fwd / lam_u;
                }
            }
            v = next;
            let survival = if t.is_finite() {
                (1.0 - cdf).max(0.0)
            } else {
                1.0
            };
            served += absorbed;
            in_time += absorbed * survival;
            wait += absorbed * k as f64 / lam_u;
            if t.is_finite() && lt > 0.0 {
                ln_pmf += (lt / k as f64).ln();
                cdf += ln_pmf.exp();
            }
            if v.iter().sum::<f64>() < 1e-19 {
                break;
            }
        }
        (in_time, wait, served)
    }

    /// (servers, λ, μ, θ, T) cases for the tagged-contact comparison.
    const TAGGED_CASES: &[(u32, f64, f64, f64, f64)] = &[
        (5, 4.0, 1.0, 0.5, 0.7),
        (10, 15.0, 1.0, 2.0, 0.3),
        (1, 0.8, 1.0, 0.1, 2.0),
        (1, 2.0, 1.0, 0.5, 1.5),
        (50, 48.0, 1.0, 10.0, 0.05),
        (20, 21.0, 1.0, 0.05, 5.0),
        (12, 100.0 / 1800.0, 1.0 / 180.0, 1.0 / 120.0, 20.0),
        // Non-integer x = nμ/θ, where the NB/Beta identity is continued
        // beyond whole numbers of clocks.
        (7, 6.0, 1.0, 0.3, 1.1),
        (3, 4.5, 1.0, 0.7, 0.9),
        (2, 1.5, 1.0, 3.7, 0.25),
    ];

    #[test]
    fn erlang_a_service_level_and_asa_match_uniformisation() {
        for &(n, l, mu, th, t) in TAGGED_CASES {
            let p = q(n, l, mu, th);
            let pi = birth_death(&p);
            let no_wait: f64 = pi[..n as usize].iter().sum();
            for tt in [t, 0.0, f64::INFINITY] {
                let m = erlang_a_metrics(&p, tt).unwrap();
                let (in_time, wait, served) = tagged_by_uniformisation(&p, &pi, tt);
                let what = format!("{p:?} T={tt}");
                assert_abs(m.service_level, no_wait + in_time, 1e-6, &what);
                // Same quantities should in fact agree far tighter.
                assert_abs(m.service_level, no_wait + in_time, 1e-11, &what);
                assert_rel(m.asa_s, wait / (no_wait + served), 1e-9, &what);
                assert_abs(m.abandon_rate, 1.0 - no_wait - served, 1e-11, &what);
            }
        }
    }

    /// The closed form G(x+1,y) − G(x+1,ys)s^{x+1}e^{y(1−s)} from the
    /// derivation, evaluated directly, agrees with the term-by-term NB form.
    #[test]
    fn service_level_matches_closed_form() {
        fn ln_g(x: f64, z: f64) -> f64 {
            // Plain log-sum over 4000 terms; fine for the moderate x, z below.
            let mut l = 0.0_f64;
            let mut ls = vec![0.0];
            for k in 1..4000 {
                l += z.ln() - (x + k as f64).ln();
                ls.push(l);
            }
            let max = ls.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            max + ls.iter().map(|v| (v - max).exp()).sum::<f64>().ln()
        }
        for &(n, l, mu, th, t) in TAGGED_CASES {
            let p = q(n, l, mu, th);
            let (x, y) = (n as f64 * mu / th, l / th);
            if y > 1500.0 || x > 1500.0 {
                continue;
            }
            let s = (-th * t).exp();
            let a = l / mu;
            let b = erlang_b(n, a);
            let g = ln_g(x, y).exp();
            let pi_n = b / (1.0 + (g - 1.0) * b);
            let tail = (ln_g(x + 1.0, y * s) - (x + 1.0) * th * t + y * (1.0 - s)).exp();
            let want = 1.0 - pi_n * g + pi_n * x / (x + 1.0) * (ln_g(x + 1.0, y).exp() - tail);
            let m = erlang_a_metrics(&p, t).unwrap();
            assert_abs(m.service_level, want, 1e-11, &format!("{p:?}"));
            let rho = a / n as f64;
            let pab = pi_n * (1.0 / rho + g * (1.0 - 1.0 / rho));
            assert_rel(m.abandon_rate, pab, 1e-9, &format!("{p:?} P(ab)"));
        }
    }

    // ---- 4. θ → 0 limit -------------------------------------------------------

    #[test]
    fn erlang_a_tends_to_erlang_c() {
        for n in [11, 12, 14, 20] {
            let c = erlang_c_metrics(&textbook(n), 20.0).unwrap();
            let mut pa = textbook(n);
            pa.abandon_rate = 1e-9;
            let a = erlang_a_metrics(&pa, 20.0).unwrap();
            assert_rel(a.p_wait, c.p_wait, 1e-5, "P(wait)");
            assert_rel(a.asa_s, c.asa_s, 1e-4, "ASA");
            assert_rel(a.mean_wait_s, c.mean_wait_s, 1e-4, "mean wait");
            assert_abs(a.service_level, c.service_level, 1e-5, "SL");
            assert_rel(a.occupancy, c.occupancy, 1e-5, "occupancy");
            assert!(a.abandon_rate < 1e-5, "P(ab) = {}", a.abandon_rate);
        }
    }

    // ---- 5. Internal consistency --------------------------------------------

    #[test]
    fn erlang_a_consistency() {
        for &(n, l, mu, th) in CHAIN_CASES {
            let p = q(n, l, mu, th);
            let m = erlang_a_metrics(&p, 15.0).unwrap();
            assert_rel(m.mean_wait_s * th, m.abandon_rate, 1e-12, "Little");
            assert!(
                m.asa_s * (1.0 - m.abandon_rate) <= m.mean_wait_s * (1.0 + 1e-12),
                "{p:?}: served waiting time exceeds total waiting time"
            );
            assert!(m.service_level <= 1.0 - m.abandon_rate + 1e-12);
            assert!(m.service_level >= 1.0 - m.p_wait - 1e-12);
            assert_rel(
                m.occupancy,
                l / (n as f64 * mu) * (1.0 - m.abandon_rate),
                1e-9,
                "occ",
            );
        }
    }

    #[test]
    fn service_level_monotone_in_threshold_and_servers() {
        let base = q(20, 22.0 / 180.0, 1.0 / 180.0, 1.0 / 60.0);
        let mut prev = -1.0;
        for t in [0.0, 1.0, 5.0, 20.0, 60.0, 300.0, 3600.0, f64::INFINITY] {
            let sl = erlang_a_metrics(&base, t).unwrap().service_level;
            assert!(sl >= prev, "SL decreased at T={t}");
            prev = sl;
        }
        let mut prev = -1.0;
        for n in 1..60 {
            let sl = erlang_a_metrics(&QueueParams { servers: n, ..base }, 20.0)
                .unwrap()
                .service_level;
            assert!(sl >= prev, "SL decreased at n={n}");
            prev = sl;
        }
    }
}
