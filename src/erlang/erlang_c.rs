//! Erlang B blocking and Erlang C (M/M/n): waiting without abandonment.

use super::error::ErlangError;
use super::queue::{QueueMetrics, QueueParams, prob};

/// Utilisation closer to 1 than this counts as unstable in Erlang C.
pub(super) const STABILITY_EPS: f64 = 1e-9;

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
pub(super) fn ln_erlang_b(servers: u32, offered_load: f64) -> f64 {
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

/// Erlang C metrics of a validated queue `p` with threshold `t` seconds.
pub(super) fn erlang_c_metrics(p: &QueueParams, t: f64) -> Result<QueueMetrics, ErlangError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erlang::test_support::{assert_abs, assert_rel, textbook};

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
        let m = erlang_c_metrics(&textbook(11), 20.0).unwrap();
        assert_abs(m.p_wait, 0.6821, 5e-4, "P(wait)");
        assert_abs(m.asa_s, 122.8, 0.1, "ASA");
        assert_abs(m.mean_wait_s, m.asa_s, 0.0, "Erlang C: mean wait = ASA");
        assert_abs(m.service_level, 0.3896, 5e-4, "SL");
        assert_eq!(m.abandon_rate, 0.0);
        assert_rel(m.occupancy, 10.0 / 11.0, 1e-14, "occupancy");
    }

    #[test]
    fn erlang_c_textbook_14_agents() {
        let m = erlang_c_metrics(&textbook(14), 20.0).unwrap();
        assert_abs(m.p_wait, 0.1741, 5e-4, "P(wait)");
        assert_abs(m.asa_s, 7.84, 0.01, "ASA");
        assert_abs(m.service_level, 0.888, 1e-3, "SL");
    }

    #[test]
    fn erlang_c_threshold_edges() {
        let m0 = erlang_c_metrics(&textbook(12), 0.0).unwrap();
        assert_rel(m0.service_level, 1.0 - m0.p_wait, 1e-15, "SL(T=0)");
        let minf = erlang_c_metrics(&textbook(12), f64::INFINITY).unwrap();
        assert_eq!(minf.service_level, 1.0);
    }
}
