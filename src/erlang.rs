//! Analytic queueing formulas: Erlang B, Erlang C (M/M/n) and Erlang A
//! (M/M/n+M, exponential patience).
//!
//! This module owns the closed-form (non-simulated) performance of a single
//! skill queue with `n` identical servers, Poisson arrivals and exponential
//! handle times, optionally with exponential abandonment. It provides the
//! textbook Erlang B blocking probability, a [`QueueMetrics`] evaluation of a
//! given staffing level ([`evaluate`]) and the smallest staffing level meeting
//! a service-level target ([`min_servers`]). The simulator uses it as a
//! cross-check and as a starting point for staffing searches.
//!
//! Numerical approach for Erlang A: every quantity is an expectation over the
//! number of contacts `i` already waiting when a contact joins the queue. The
//! weight of `i` is `y^i / ((x+1)…(x+i))` with `x = nμ/θ`, `y = λ/θ`; in
//! overload these weights climb to `e^{hundreds}` or more before decaying, so
//! they are accumulated in one pass in log space with a running maximum, and
//! every per-`i` factor (served / abandoned probability, conditional wait,
//! probability of being answered within the threshold) is a bounded number
//! multiplied onto that weight. No step subtracts two large quantities.

use serde::Serialize;
use thiserror::Error;

/// Largest staffing level [`min_servers`] will try before giving up.
pub const MAX_SERVERS: u32 = 100_000;

/// Largest number of series terms one Erlang A evaluation may sum.
///
/// The series peaks near `(λ − nμ)/θ` terms, so only a deeply overloaded queue
/// with a vanishing abandon rate gets near this; refusing it keeps a call from
/// running for minutes instead of returning a wrong number.
pub const MAX_SERIES_TERMS: usize = 20_000_000;

/// Utilisation closer to 1 than this counts as unstable in Erlang C.
const STABILITY_EPS: f64 = 1e-9;

/// Relative size of the neglected series tail.
const SERIES_EPS: f64 = 1e-17;

/// Input of an analytic queue. Rates are per second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QueueParams {
    /// Number of identical servers (agents), at least 1.
    pub servers: u32,
    /// Poisson arrival rate λ (contacts per second), finite and > 0.
    pub arrival_rate: f64,
    /// Service rate μ of one server (1 / mean handle time), finite and > 0.
    pub service_rate: f64,
    /// Abandon rate θ = 1 / mean patience (per second), finite and >= 0.
    /// Zero selects Erlang C (nobody abandons); positive selects Erlang A.
    pub abandon_rate: f64,
}

impl QueueParams {
    /// Offered load a = λ/μ in Erlangs.
    pub fn offered_load(&self) -> f64 {
        self.arrival_rate / self.service_rate
    }
}

/// Steady-state performance of an analytic queue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct QueueMetrics {
    /// Probability that an arrival has to wait at all (finds all servers busy).
    pub p_wait: f64,
    /// Average speed of answer: mean wait of the contacts that are served
    /// (non-waiting ones count as zero), in seconds.
    pub asa_s: f64,
    /// Mean time in queue over all arrivals, in seconds; an abandoning contact
    /// contributes the time it waited before hanging up.
    pub mean_wait_s: f64,
    /// Fraction of offered contacts that are served with a wait of at most the
    /// threshold (abandoned contacts count as misses).
    pub service_level: f64,
    /// Probability that an arrival abandons.
    pub abandon_rate: f64,
    /// Mean busy servers divided by servers: `λ(1 − P(abandon)) / (nμ)`.
    pub occupancy: f64,
}

/// Why an analytic queue could not be evaluated.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum ErlangError {
    /// The queue has no servers.
    #[error("a queue needs at least one server; set servers to 1 or more")]
    ZeroServers,
    /// A rate that must be strictly positive is zero, negative or not finite.
    #[error("{name} must be a finite number greater than 0 per second (got {value})")]
    NonPositiveRate {
        /// Field name of the offending rate.
        name: &'static str,
        /// The value that was supplied.
        value: f64,
    },
    /// The abandon rate is negative or not finite.
    #[error(
        "abandon_rate must be a finite number >= 0 per second (got {0}); use 0 for \
         Erlang C or 1 / mean patience in seconds for Erlang A"
    )]
    InvalidAbandonRate(f64),
    /// The service-level threshold is negative or NaN.
    #[error("service-level threshold must be >= 0 seconds or +infinity (got {0})")]
    InvalidThreshold(f64),
    /// The service-level target is outside `[0, 1)`.
    #[error(
        "service-level target must be at least 0 and below 1 (got {0}); no finite \
         staffing answers every contact within the threshold"
    )]
    InvalidTarget(f64),
    /// Erlang C with offered load >= servers: the queue grows without bound.
    #[error(
        "Erlang C queue is unstable: offered load {offered_load} Erlangs on {servers} \
         servers means utilisation >= 1; use more than {offered_load} servers or set a \
         positive abandon_rate (Erlang A)"
    )]
    Unstable {
        /// Servers that were asked for.
        servers: u32,
        /// Offered load λ/μ in Erlangs.
        offered_load: f64,
    },
    /// No staffing level up to the search cap reaches the target.
    #[error(
        "no staffing level up to {max_servers} servers reaches service level {target}; \
         lower the target, raise the threshold or split the queue"
    )]
    TargetUnreachable {
        /// Largest staffing level tried.
        max_servers: u32,
        /// Service-level target that was asked for.
        target: f64,
    },
    /// Erlang A evaluation would need an impractically long series.
    #[error(
        "Erlang A series needs more than {max_terms} terms: the queue is so overloaded \
         relative to its abandon rate that millions of contacts wait; add servers or \
         use a larger abandon_rate"
    )]
    SeriesTooLong {
        /// Term cap that was hit.
        max_terms: usize,
    },
}

/// Erlang B blocking probability for `servers` servers and `offered_load`
/// Erlangs (M/M/n/n).
///
/// Uses the recursion `B(0) = 1`, `B(k) = a·B(k−1) / (k + a·B(k−1))`, which
/// never overflows (every intermediate lies in `[0, 1]`). Returns NaN when
/// `offered_load` is negative or not finite.
pub fn erlang_b(servers: u32, offered_load: f64) -> f64 {
    if !(offered_load.is_finite() && offered_load >= 0.0) {
        return f64::NAN;
    }
    let mut b = 1.0;
    for k in 1..=servers {
        let ab = offered_load * b;
        b = ab / (f64::from(k) + ab);
    }
    b
}

/// Natural log of [`erlang_b`], exact even where `B` underflows `f64`.
///
/// `B(k)` decreases in `k`, so if the final linear value is a normal number no
/// intermediate lost precision and its log is good; otherwise (very light load
/// on thousands of servers) the recursion is redone in log space.
fn ln_erlang_b(servers: u32, offered_load: f64) -> f64 {
    let b = erlang_b(servers, offered_load);
    if b >= f64::MIN_POSITIVE || offered_load == 0.0 {
        return b.ln();
    }
    let ln_a = offered_load.ln();
    let mut lb = 0.0_f64;
    for k in 1..=servers {
        lb = ln_a + lb - (f64::from(k) + offered_load * lb.exp()).ln();
    }
    lb
}

/// `ln(e^a + e^b)` that tolerates `-inf` arguments.
fn ln_add_exp(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if hi == f64::NEG_INFINITY {
        return f64::NEG_INFINITY;
    }
    hi + (lo - hi).exp().ln_1p()
}

/// Clamp a computed probability into `[0, 1]`; rounding can push a value
/// that is mathematically inside by an ulp or so outside.
fn prob(p: f64) -> f64 {
    p.clamp(0.0, 1.0)
}

fn validate(p: &QueueParams, sl_threshold_s: f64) -> Result<(), ErlangError> {
    if p.servers == 0 {
        return Err(ErlangError::ZeroServers);
    }
    validate_rates(p)?;
    validate_threshold(sl_threshold_s)
}

fn validate_rates(p: &QueueParams) -> Result<(), ErlangError> {
    for (name, value) in [
        ("arrival_rate", p.arrival_rate),
        ("service_rate", p.service_rate),
    ] {
        if !(value.is_finite() && value > 0.0) {
            return Err(ErlangError::NonPositiveRate { name, value });
        }
    }
    if !(p.abandon_rate.is_finite() && p.abandon_rate >= 0.0) {
        return Err(ErlangError::InvalidAbandonRate(p.abandon_rate));
    }
    // λ/μ can still overflow for extreme but finite rates.
    if !p.offered_load().is_finite() {
        return Err(ErlangError::NonPositiveRate {
            name: "service_rate",
            value: p.service_rate,
        });
    }
    Ok(())
}

fn validate_threshold(t: f64) -> Result<(), ErlangError> {
    // `t >= 0` is false for NaN; +inf is allowed (service level = P(served)).
    if t >= 0.0 {
        Ok(())
    } else {
        Err(ErlangError::InvalidThreshold(t))
    }
}

/// Steady-state metrics of the queue `p` with service-level threshold
/// `sl_threshold_s` seconds (0 and `f64::INFINITY` allowed).
///
/// `abandon_rate == 0` evaluates Erlang C, which requires offered load below
/// the number of servers; a positive abandon rate evaluates Erlang A, which is
/// stable at any load.
pub fn evaluate(p: &QueueParams, sl_threshold_s: f64) -> Result<QueueMetrics, ErlangError> {
    validate(p, sl_threshold_s)?;
    if p.abandon_rate == 0.0 {
        erlang_c_metrics(p, sl_threshold_s)
    } else {
        erlang_a_metrics(p, sl_threshold_s)
    }
}

fn erlang_c_metrics(p: &QueueParams, t: f64) -> Result<QueueMetrics, ErlangError> {
    let n = f64::from(p.servers);
    let a = p.offered_load();
    // Loads within rounding of n (e.g. 200/h × 180 s = 9.999…98 Erlangs on 10
    // servers) are critical, not stable: they would report waits of 1e17 s.
    if a >= n * (1.0 - STABILITY_EPS) {
        return Err(ErlangError::Unstable {
            servers: p.servers,
            offered_load: a,
        });
    }
    let rho = a / n;
    let b = erlang_b(p.servers, a);
    // 1 − ρ(1 − B) written so both summands are non-negative.
    let c = prob(b / ((1.0 - rho) + rho * b));
    // Drain rate of the queue when all servers are busy; μ(n − a) avoids
    // cancelling nμ against a nearly equal λ.
    let drain = p.service_rate * (n - a);
    let wait = c / drain;
    Ok(QueueMetrics {
        p_wait: c,
        asa_s: wait,
        mean_wait_s: wait,
        // exp(−∞) = 0 gives service level 1 for an infinite threshold.
        service_level: prob(1.0 - c * (-drain * t).exp()),
        abandon_rate: 0.0,
        occupancy: rho,
    })
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

fn erlang_a_metrics(p: &QueueParams, t: f64) -> Result<QueueMetrics, ErlangError> {
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

/// Fewest servers whose service level within `sl_threshold_s` seconds is at
/// least `sl_target`, together with the metrics at that staffing.
///
/// `p.servers` is ignored. Erlang C starts at `floor(a) + 1` (the first stable
/// staffing); Erlang A starts at `max(1, floor(target·a))` because service
/// level never exceeds `P(served) < n/a` (served work cannot exceed capacity).
/// From there the search gallops upward and bisects, relying on service level
/// being non-decreasing in the number of servers (true for both models).
/// Fails with [`ErlangError::TargetUnreachable`] above [`MAX_SERVERS`].
pub fn min_servers(
    p: &QueueParams,
    sl_threshold_s: f64,
    sl_target: f64,
) -> Result<(u32, QueueMetrics), ErlangError> {
    validate_rates(p)?;
    validate_threshold(sl_threshold_s)?;
    if !(0.0..1.0).contains(&sl_target) {
        return Err(ErlangError::InvalidTarget(sl_target));
    }
    let a = p.offered_load();
    let unreachable = ErlangError::TargetUnreachable {
        max_servers: MAX_SERVERS,
        target: sl_target,
    };
    let start = if p.abandon_rate == 0.0 {
        (a * (1.0 + 2.0 * STABILITY_EPS)).floor() + 1.0
    } else {
        (sl_target * a).floor().max(1.0)
    };
    if start > f64::from(MAX_SERVERS) {
        return Err(unreachable);
    }
    // `start` is a whole number in [1, MAX_SERVERS], so the cast is exact.
    let start = start as u32;

    let eval = |servers: u32| evaluate(&QueueParams { servers, ..*p }, sl_threshold_s);
    let first = eval(start)?;
    if first.service_level >= sl_target {
        return Ok((start, first));
    }
    // Gallop: double the step until a passing staffing is found.
    let mut fail = start;
    let mut step = 1_u32;
    let (mut pass, mut pass_metrics) = loop {
        if fail == MAX_SERVERS {
            return Err(unreachable);
        }
        let cand = fail.saturating_add(step).min(MAX_SERVERS);
        let m = eval(cand)?;
        if m.service_level >= sl_target {
            break (cand, m);
        }
        fail = cand;
        step = step.saturating_mul(2);
    };
    // Bisect the (fail, pass] bracket.
    while pass - fail > 1 {
        let mid = fail + (pass - fail) / 2;
        let m = eval(mid)?;
        if m.service_level >= sl_target {
            pass = mid;
            pass_metrics = m;
        } else {
            fail = mid;
        }
    }
    Ok((pass, pass_metrics))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(servers: u32, arrival_rate: f64, service_rate: f64, abandon_rate: f64) -> QueueParams {
        QueueParams {
            servers,
            arrival_rate,
            service_rate,
            abandon_rate,
        }
    }

    fn assert_rel(got: f64, want: f64, tol: f64, what: &str) {
        let scale = got.abs().max(want.abs());
        assert!(
            (got - want).abs() <= tol * scale,
            "{what}: got {got:e}, want {want:e} (rel diff {:e}, tol {tol:e})",
            (got - want).abs() / scale
        );
    }

    fn assert_abs(got: f64, want: f64, tol: f64, what: &str) {
        assert!(
            (got - want).abs() <= tol,
            "{what}: got {got:e}, want {want:e} (diff {:e}, tol {tol:e})",
            (got - want).abs()
        );
    }

    fn assert_sane(m: &QueueMetrics, what: &str) {
        for (name, v) in [
            ("p_wait", m.p_wait),
            ("service_level", m.service_level),
            ("abandon_rate", m.abandon_rate),
            ("occupancy", m.occupancy),
        ] {
            assert!(
                v.is_finite() && (0.0..=1.0).contains(&v),
                "{what}: {name} = {v}"
            );
        }
        for (name, v) in [("asa_s", m.asa_s), ("mean_wait_s", m.mean_wait_s)] {
            assert!(v.is_finite() && v >= 0.0, "{what}: {name} = {v}");
        }
    }

    /// Textbook example: 100 calls per 30 minutes, 180 s handle time.
    fn textbook(servers: u32) -> QueueParams {
        q(servers, 100.0 / 1800.0, 1.0 / 180.0, 0.0)
    }

    // ---- 1. Textbook Erlang B / C -------------------------------------------

    #[test]
    fn erlang_b_textbook_values() {
        assert_abs(erlang_b(10, 5.0), 0.01838, 5e-6, "B(10, 5)");
        // B(1, a) = a / (1 + a) from the M/M/1/1 balance equation.
        assert_rel(erlang_b(1, 3.0), 0.75, 1e-15, "B(1, 3)");
        assert_eq!(erlang_b(0, 2.0), 1.0);
        assert_eq!(erlang_b(4, 0.0), 0.0);
        assert!(erlang_b(4, -1.0).is_nan());
        assert!(erlang_b(4, f64::INFINITY).is_nan());
    }

    #[test]
    fn ln_erlang_b_survives_underflow() {
        // Independent: ln B = ln(a^n/n!) − ln Σ_{k<=n} a^k/k!, by log-sum-exp.
        for &(n, a) in &[(5000_u32, 500.0_f64), (3000, 10.0), (40, 30.0)] {
            let mut terms = Vec::with_capacity(n as usize + 1);
            let mut l = 0.0_f64;
            terms.push(l);
            for k in 1..=n {
                l += a.ln() - f64::from(k).ln();
                terms.push(l);
            }
            let max = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lse = max + terms.iter().map(|t| (t - max).exp()).sum::<f64>().ln();
            let want = terms[n as usize] - lse;
            assert_rel(ln_erlang_b(n, a), want, 1e-11, "ln B");
        }
        assert_eq!(erlang_b(5000, 500.0), 0.0, "linear B underflows here");
    }

    #[test]
    fn erlang_c_textbook_11_agents() {
        let m = evaluate(&textbook(11), 20.0).unwrap();
        assert_abs(m.p_wait, 0.6821, 5e-4, "P(wait)");
        assert_abs(m.asa_s, 122.8, 0.1, "ASA");
        assert_abs(m.mean_wait_s, m.asa_s, 0.0, "Erlang C: mean wait = ASA");
        assert_abs(m.service_level, 0.3896, 5e-4, "SL");
        assert_eq!(m.abandon_rate, 0.0);
        assert_rel(m.occupancy, 10.0 / 11.0, 1e-14, "occupancy");
    }

    #[test]
    fn erlang_c_textbook_14_agents() {
        let m = evaluate(&textbook(14), 20.0).unwrap();
        assert_abs(m.p_wait, 0.1741, 5e-4, "P(wait)");
        assert_abs(m.asa_s, 7.84, 0.01, "ASA");
        assert_abs(m.service_level, 0.888, 1e-3, "SL");
    }

    #[test]
    fn erlang_c_min_servers_textbook() {
        // By hand: SL(13) = 1 − 0.28527·e^{−3·20/180} = 0.7956 < 0.8 and
        // SL(14) = 1 − 0.17413·e^{−4·20/180} = 0.8884 >= 0.8, so 14.
        let sl13 = evaluate(&textbook(13), 20.0).unwrap().service_level;
        assert_abs(sl13, 0.7956, 5e-4, "SL(13)");
        let (n, m) = min_servers(&textbook(1), 20.0, 0.8).unwrap();
        assert_eq!(n, 14);
        assert_abs(m.service_level, 0.8884, 5e-4, "SL(14)");
        // A zero target is met by the first stable staffing. (Not with the
        // textbook rates: 100/1800 ÷ 1/180 rounds to 9.999999999999998, which
        // makes 10 servers numerically, if absurdly, stable.)
        let (n, _) = min_servers(&q(1, 10.0, 1.0, 0.0), 20.0, 0.0).unwrap();
        assert_eq!(n, 11);
    }

    #[test]
    fn erlang_c_threshold_edges() {
        let m0 = evaluate(&textbook(12), 0.0).unwrap();
        assert_rel(m0.service_level, 1.0 - m0.p_wait, 1e-15, "SL(T=0)");
        let minf = evaluate(&textbook(12), f64::INFINITY).unwrap();
        assert_eq!(minf.service_level, 1.0);
    }

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
            let m = evaluate(&p, 10.0).unwrap();
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
                let m = evaluate(&p, tt).unwrap();
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
            let m = evaluate(&p, t).unwrap();
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
            let c = evaluate(&textbook(n), 20.0).unwrap();
            let mut pa = textbook(n);
            pa.abandon_rate = 1e-9;
            let a = evaluate(&pa, 20.0).unwrap();
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
            let m = evaluate(&p, 15.0).unwrap();
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
            let sl = evaluate(&base, t).unwrap().service_level;
            assert!(sl >= prev, "SL decreased at T={t}");
            prev = sl;
        }
        let mut prev = -1.0;
        for n in 1..60 {
            let sl = evaluate(&QueueParams { servers: n, ..base }, 20.0)
                .unwrap()
                .service_level;
            assert!(sl >= prev, "SL decreased at n={n}");
            prev = sl;
        }
    }

    #[test]
    fn erlang_a_min_servers_matches_linear_scan() {
        let cases = [
            (q(1, 100.0 / 1800.0, 1.0 / 180.0, 1.0 / 120.0), 20.0, 0.8),
            (q(1, 50.0, 1.0, 2.0), 0.1, 0.9),
            (q(1, 30.0, 1.0, 0.05), 0.5, 0.5),
            (q(1, 0.05, 1.0, 1.0), 0.0, 0.95),
        ];
        for (p, t, target) in cases {
            let (n, m) = min_servers(&p, t, target).unwrap();
            let scan = (1..)
                .find(|&k| {
                    evaluate(&QueueParams { servers: k, ..p }, t)
                        .unwrap()
                        .service_level
                        >= target
                })
                .unwrap();
            assert_eq!(n, scan, "{p:?} T={t} target={target}");
            assert!(m.service_level >= target);
        }
    }

    // ---- 6. Errors ------------------------------------------------------------

    #[test]
    fn invalid_inputs_are_rejected_with_clear_messages() {
        let err = evaluate(&q(0, 1.0, 1.0, 0.0), 20.0).unwrap_err();
        assert_eq!(err, ErlangError::ZeroServers);
        assert!(err.to_string().contains("at least one server"));

        let err = evaluate(&q(3, -1.0, 1.0, 0.0), 20.0).unwrap_err();
        assert!(err.to_string().contains("arrival_rate"), "{err}");
        let err = evaluate(&q(3, 1.0, 0.0, 0.0), 20.0).unwrap_err();
        assert!(err.to_string().contains("service_rate"), "{err}");
        let err = evaluate(&q(3, 1.0, f64::NAN, 0.0), 20.0).unwrap_err();
        assert!(err.to_string().contains("service_rate"), "{err}");
        let err = evaluate(&q(3, 1.0, 1.0, -0.5), 20.0).unwrap_err();
        assert!(err.to_string().contains("abandon_rate"), "{err}");
        let err = evaluate(&q(3, 1.0, 1.0, f64::INFINITY), 20.0).unwrap_err();
        assert!(err.to_string().contains("abandon_rate"), "{err}");

        let err = evaluate(&q(3, 1.0, 1.0, 0.0), -1.0).unwrap_err();
        assert!(err.to_string().contains("threshold"), "{err}");
        let err = evaluate(&q(3, 1.0, 1.0, 0.0), f64::NAN).unwrap_err();
        assert!(err.to_string().contains("threshold"), "{err}");

        // ρ = 1 and ρ > 1 are unstable without abandonment, fine with it.
        for servers in [10, 9] {
            let err = evaluate(&q(servers, 10.0, 1.0, 0.0), 20.0).unwrap_err();
            assert!(matches!(err, ErlangError::Unstable { .. }), "{err:?}");
            let msg = err.to_string();
            assert!(
                msg.contains("unstable") && msg.contains("abandon_rate"),
                "{msg}"
            );
        }
        assert!(evaluate(&q(9, 10.0 / 180.0, 1.0 / 180.0, 0.01), 20.0).is_ok());

        for target in [1.0, 1.5, -0.1, f64::NAN] {
            let err = min_servers(&textbook(1), 20.0, target).unwrap_err();
            assert!(matches!(err, ErlangError::InvalidTarget(_)), "{err:?}");
            assert!(err.to_string().contains("target"));
        }
        let err = min_servers(&q(1, 2e5, 1.0, 0.0), 20.0, 0.8).unwrap_err();
        assert!(
            matches!(err, ErlangError::TargetUnreachable { .. }),
            "{err:?}"
        );

        let err = evaluate(&q(1, 2.0, 1.0, 1e-12), 1.0).unwrap_err();
        assert!(matches!(err, ErlangError::SeriesTooLong { .. }), "{err:?}");
    }

    // ---- 7. Stability at scale ------------------------------------------------

    #[test]
    fn large_and_overloaded_queues_stay_finite() {
        let mu = 1.0 / 300.0;
        let big_c = evaluate(&q(5000, 0.99 * 5000.0 * mu, mu, 0.0), 20.0).unwrap();
        assert_sane(&big_c, "Erlang C n=5000 rho=0.99");
        let big_a = evaluate(&q(5000, 0.99 * 5000.0 * mu, mu, mu), 20.0).unwrap();
        assert_sane(&big_a, "Erlang A n=5000 rho=0.99");
        let over = evaluate(&q(2000, 1.8 * 2000.0 * mu, mu, mu), 20.0).unwrap();
        assert_sane(&over, "Erlang A n=2000 rho=1.8");
        // Fluid limit of heavy overload: served fraction ≈ 1/ρ.
        assert_abs(1.0 - over.abandon_rate, 1.0 / 1.8, 1e-2, "P(served)");
        assert!(over.p_wait > 0.999_999);
    }

    #[test]
    fn parameter_grid_is_finite_and_ordered() {
        let mu = 1.0 / 240.0;
        for n in [1_u32, 7, 60, 800, 5000] {
            for load in [0.1, 0.5, 0.9, 1.0, 1.3, 2.0] {
                for ratio in [0.01, 0.3, 1.0, 10.0, 100.0] {
                    let p = q(n, load * n as f64 * mu, mu, ratio * mu);
                    for t in [0.0, 20.0, f64::INFINITY] {
                        let m = evaluate(&p, t).unwrap();
                        let what = format!("{p:?} T={t}");
                        assert_sane(&m, &what);
                        assert!(m.service_level <= 1.0 - m.abandon_rate + 1e-9, "{what}");
                        assert!(m.abandon_rate <= m.p_wait + 1e-12, "{what}");
                    }
                }
            }
        }
    }

    #[test]
    fn load_within_rounding_of_the_servers_is_unstable() {
        // 200 contacts/h × 180 s is 9.999…98 Erlangs in floating point: critical, not
        // stable with an ASA of 1e17 s.
        let p = QueueParams {
            servers: 10,
            arrival_rate: 200.0 / 3600.0,
            service_rate: 1.0 / 180.0,
            abandon_rate: 0.0,
        };
        assert!(matches!(
            evaluate(&p, 20.0),
            Err(ErlangError::Unstable { .. })
        ));
        assert_eq!(min_servers(&p, 20.0, 0.8).unwrap().0, 14);
    }
}
