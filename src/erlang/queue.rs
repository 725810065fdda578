//! The input (rates, servers) and the steady-state metrics of an analytic queue.

use serde::Serialize;

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

/// Clamp a computed probability into `[0, 1]`; rounding can push a value
/// that is mathematically inside by an ulp or so outside.
pub(super) fn prob(p: f64) -> f64 {
    p.clamp(0.0, 1.0)
}
