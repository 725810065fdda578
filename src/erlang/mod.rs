//! Analytic queues: Erlang B, Erlang C (M/M/n) and Erlang A (M/M/n+M, exponential patience).
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

mod erlang_a;
mod erlang_c;
mod error;
mod queue;
mod staffing;
#[cfg(test)]
mod test_support;

pub use erlang_a::MAX_SERIES_TERMS;
pub use erlang_c::erlang_b;
pub use error::ErlangError;
pub use queue::{QueueMetrics, QueueParams};
pub use staffing::{MAX_SERVERS, evaluate, min_servers};
