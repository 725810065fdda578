//! Why an analytic queue could not be evaluated or staffed.

use thiserror::Error;

/// Why an analytic queue could not be evaluated.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum ErlangError {
    /// The queue has no servers.
    #[error("a queue needs at least one server; set servers to 1 or more")]
    ZeroServers,
    /// More servers than the formulas evaluate ([`super::MAX_SERVERS`]).
    #[error(
        "{servers} servers (agents × concurrency) is more than the {max} the Erlang \
         formulas evaluate; split the queue, or lower --agents or --concurrency"
    )]
    TooManyServers {
        /// Servers that were asked for.
        servers: u32,
        /// The most servers evaluated.
        max: u32,
    },
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
