//! Statistics: per-replication tallies, the KPIs derived from them, and their
//! distribution across replications.

pub mod checks;
mod intervals;
pub mod kpi;
mod p2;
pub mod quantiles;
pub mod ratio;
pub mod summary;
mod tally;

pub use intervals::{Band, INTERVAL_KPIS, IntervalStats};
pub use p2::P2;
pub use ratio::{Measure, PairedMoments, RatioMoments};
pub use summary::{KpiSeries, KpiStats, PairedSeries};
pub use tally::{
    ChannelTally, IntervalChannel, IntervalTally, IntervalTeam, ReplicationResult, Spend, TeamTally,
};
