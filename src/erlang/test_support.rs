//! Queue builders and tolerance assertions shared by the Erlang unit tests.

use super::queue::{QueueMetrics, QueueParams};

/// A queue with the given servers and per-second rates.
pub(super) fn q(
    servers: u32,
    arrival_rate: f64,
    service_rate: f64,
    abandon_rate: f64,
) -> QueueParams {
    QueueParams {
        servers,
        arrival_rate,
        service_rate,
        abandon_rate,
    }
}

/// Asserts `got` is within relative tolerance `tol` of `want`.
pub(super) fn assert_rel(got: f64, want: f64, tol: f64, what: &str) {
    let scale = got.abs().max(want.abs());
    assert!(
        (got - want).abs() <= tol * scale,
        "{what}: got {got:e}, want {want:e} (rel diff {:e}, tol {tol:e})",
        (got - want).abs() / scale
    );
}

/// Asserts `got` is within absolute tolerance `tol` of `want`.
pub(super) fn assert_abs(got: f64, want: f64, tol: f64, what: &str) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got:e}, want {want:e} (diff {:e}, tol {tol:e})",
        (got - want).abs()
    );
}

/// Asserts every metric is finite and probabilities lie in `[0, 1]`.
pub(super) fn assert_sane(m: &QueueMetrics, what: &str) {
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
pub(super) fn textbook(servers: u32) -> QueueParams {
    q(servers, 100.0 / 1800.0, 1.0 / 180.0, 0.0)
}
