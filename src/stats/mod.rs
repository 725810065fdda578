//! Statistics: per-replication tallies, the KPIs derived from them, and their
//! distribution across replications.

pub mod kpi;
pub mod summary;
mod tally;

pub use summary::{KpiSeries, KpiStats};
pub use tally::{
    ChannelTally, IntervalChannel, IntervalTally, IntervalTeam, ReplicationResult, TeamTally,
};
