//! Reproducible random streams keyed by (seed, replication, purpose).
//!
//! Every source of randomness in a replication has its own stream, so that changing
//! routing or staffing never shifts the draws of arrivals or contact attributes
//! (common random numbers across plans), and results never depend on which thread
//! ran a replication. The generator is named (Xoshiro256++), never `StdRng`, whose
//! algorithm may change between rand releases.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator used for every stream.
pub type SimRng = Xoshiro256PlusPlus;

/// What a stream is used for. Channel-bound purposes carry the channel's name so a
/// stream does not move when channels are added, removed or reordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose<'a> {
    /// Inter-arrival draws of one channel.
    Arrivals(&'a str),
    /// Handle times of the contacts of one channel (one sub-stream per contact).
    Handle(&'a str),
    /// Patience of the contacts of one channel (one sub-stream per contact).
    Patience(&'a str),
    /// Day-level forecast-error ("busyness") factors of one channel.
    Forecast(&'a str),
    /// Whether the contacts of one channel are resolved (one sub-stream per contact
    /// and episode).
    Outcome(&'a str),
    /// Whether and when unresolved contacts of one channel come back.
    Repeat(&'a str),
    /// Tenures of the agents of one team (one sub-stream per seat and occupant).
    Workforce(&'a str),
}

impl Purpose<'_> {
    fn key(self) -> u64 {
        let (tag, name) = match self {
            Purpose::Arrivals(n) => (1, n),
            Purpose::Handle(n) => (2, n),
            Purpose::Forecast(n) => (3, n),
            Purpose::Patience(n) => (4, n),
            Purpose::Outcome(n) => (5, n),
            Purpose::Repeat(n) => (6, n),
            Purpose::Workforce(n) => (7, n),
        };
        mix(fnv1a(name.as_bytes()) ^ tag)
    }
}

/// The key of the stream for `purpose` in replication `replication` of a run seeded
/// with `seed`.
pub fn stream_key(seed: u64, replication: u64, purpose: Purpose<'_>) -> u64 {
    mix(mix(seed) ^ mix(replication.wrapping_add(0x9E37_79B9_7F4A_7C15)) ^ purpose.key())
}

/// Returns the independent stream for `purpose` in replication `replication` of a
/// run seeded with `seed`.
pub fn stream(seed: u64, replication: u64, purpose: Purpose<'_>) -> SimRng {
    SimRng::seed_from_u64(stream_key(seed, replication, purpose))
}

/// Sub-stream `index` of the stream with key `key`: e.g. the handle time of the
/// `index`-th contact of a channel. Drawing each contact's attributes from its own
/// sub-stream keeps common random numbers intact when a plan changes how many
/// draws an attribute takes (another distribution family, a rejection sampler
/// such as the gamma's, patience added or removed).
#[inline]
pub fn sub_stream(key: u64, index: u64) -> SimRng {
    SimRng::seed_from_u64(mix(key ^ mix(index)))
}

/// SplitMix64 finaliser: a bijective mix so nearby inputs give unrelated keys.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a, a stable (version-independent) hash of a stream name.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    //! Literal value-stability tests of the streams are in tests/rng_stability.rs.
    use super::*;
    use rand::Rng;

    #[test]
    fn purposes_replications_and_channels_differ() {
        let draw = |rep, p| stream(7, rep, p).next_u64();
        let a = draw(0, Purpose::Arrivals("chat"));
        assert_ne!(a, draw(1, Purpose::Arrivals("chat")));
        assert_ne!(a, draw(0, Purpose::Handle("chat")));
        assert_ne!(a, draw(0, Purpose::Patience("chat")));
        let key = stream_key(7, 0, Purpose::Handle("chat"));
        assert_ne!(sub_stream(key, 0).next_u64(), sub_stream(key, 1).next_u64());
        assert_ne!(a, draw(0, Purpose::Forecast("chat")));
        assert_ne!(a, draw(0, Purpose::Arrivals("email")));
    }
}
