//! What a channel `kind` fills in: a satisfaction curve calibrated to published CSAT by channel.
//!
//! The values and their sources are tabled in docs/model.md ("Channel kinds"); every
//! one is overridden by the key it fills when the channel sets it.

use crate::scenario::raw::ChannelKind;

/// The satisfaction keys a channel kind fills in.
pub(super) struct KindValues {
    /// `satisfaction.baseline`.
    pub baseline: f64,
    /// `satisfaction.unresolved`.
    pub unresolved: f64,
    /// `satisfaction.half_life`, seconds.
    pub half_life_s: f64,
}

/// SQM Group: customers whose issue was resolved in one contact rate CSAT 33 %
/// higher than the others, so an unresolved contact keeps 1 ÷ 1.33 ≈ 0.75 of it.
const UNRESOLVED: f64 = 0.75;

/// The values kind `k` fills in.
pub(super) fn kind_values(k: ChannelKind) -> KindValues {
    let (baseline, half_life_s) = match k {
        ChannelKind::Voice => (0.96, 600.0),
        ChannelKind::Chat => (1.0, 900.0),
        ChannelKind::Email => (0.91, 86_400.0),
        ChannelKind::Social => (0.87, 86_400.0),
    };
    KindValues {
        baseline,
        unresolved: UNRESOLVED,
        half_life_s,
    }
}
