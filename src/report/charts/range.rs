//! Axis ranges: padding, minimum spans and the decimals their ticks need.

/// Padded `(low, high)` of values, never empty.
pub(super) fn padded(lo: f64, hi: f64, pad: f64) -> (f64, f64) {
    let span = hi - lo;
    if span.abs() < 1e-12 {
        let d = (lo.abs() * 0.05).max(1.0);
        (lo - d, hi + d)
    } else {
        (lo - span * pad, hi + span * pad)
    }
}

/// Narrowest span of a percentage axis, in points: a tighter zoom would make
/// differences of a fraction of a point look dramatic.
pub(super) const MIN_SPAN_PCT: f64 = 10.0;

/// `(low, high)` widened about its middle to span at least `span`.
pub(super) fn at_least((lo, hi): (f64, f64), span: f64) -> (f64, f64) {
    if hi - lo >= span {
        (lo, hi)
    } else {
        let mid = (lo + hi) / 2.0;
        (mid - span / 2.0, mid + span / 2.0)
    }
}

/// Decimals needed to tell ticks apart over a span.
pub(super) fn decimals(span: f64) -> usize {
    match span {
        s if s < 1.0 => 2,
        s if s < 10.0 => 1,
        _ => 0,
    }
}
