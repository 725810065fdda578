//! The KPI catalogue: every KPI staffmix reports, each defined once — its output
//! name, unit, scopes, better direction, aggregation and display.
//!
//! Names are a contract: they key `summary.json` and head the CSV columns. The order
//! in which KPIs appear in an output is not the catalogue's: each scope's KPIs come
//! in the order [`crate::stats::kpi`] measures them, and each exporter picks the
//! columns it shows.
//!
//! # Adding a KPI
//!
//! 1. Add an entry to the catalogue below (name, unit, scopes, direction,
//!    aggregation, display, whether it is measured over answered contacts).
//! 2. Measure it: push its value in `stats/kpi.rs` for each scope the entry names
//!    (a cost component is a field of `model::CostBreakdown` and an entry of its
//!    `components`).
//! 3. Define it in docs/scenario.md under "KPI definitions".
//!
//! Nothing else changes: `summary.json` and `replications.csv` report every KPI
//! measured. The unit tests of `stats/kpi.rs` fail when a KPI is measured in a scope
//! its entry does not name (or not measured in one it names) or when its overall
//! value does not aggregate as the entry says; tests/docs.rs fails when it is not
//! documented with its unit.

use std::fmt;

use serde::{Serialize, Serializer};

/// What a KPI's value counts or measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Contacts.
    Contacts,
    /// A share between 0 and 1.
    Fraction,
    /// Seconds.
    Seconds,
    /// Customer issues.
    Issues,
    /// Customers.
    Customers,
    /// The scenario's currency.
    Currency,
    /// Agents (a time average or a head count).
    Agents,
    /// Agent-hours.
    AgentHours,
}

impl Unit {
    /// The unit in words, as the KPI tables of docs/scenario.md write it.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Contacts => "contacts",
            Unit::Fraction => "fraction",
            Unit::Seconds => "seconds",
            Unit::Issues => "issues",
            Unit::Customers => "customers",
            Unit::Currency => "currency",
            Unit::Agents => "agents",
            Unit::AgentHours => "agent-hours",
        }
    }
}

/// Where a KPI is reported: per channel, per team, over everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scopes {
    /// Per channel (`channels.<channel>` in summary.json).
    pub channel: bool,
    /// Per team (`teams.<team>`).
    pub team: bool,
    /// Over all channels and teams (`metrics`).
    pub overall: bool,
}

/// Contact KPIs: per channel and overall.
const CONTACT: Scopes = Scopes {
    channel: true,
    team: false,
    overall: true,
};
/// Staffing KPIs: per team and overall.
const STAFF: Scopes = Scopes {
    channel: false,
    team: true,
    overall: true,
};
/// KPIs of contacts that also exist per team (contacts a team served).
const EVERY: Scopes = Scopes {
    channel: true,
    team: true,
    overall: true,
};
/// KPIs of the whole plan only.
const OVERALL: Scopes = Scopes {
    channel: false,
    team: false,
    overall: true,
};

/// Which way a KPI improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Better {
    /// More is better (service level, CSAT).
    Higher,
    /// Less is better (waits, abandons, costs).
    Lower,
    /// Neither: volume or a trade-off (offered contacts, occupancy).
    Neither,
}

/// How the overall value of a KPI combines the channels (or, for staffing KPIs, the
/// teams). Overall values are computed from the pooled tallies, never by averaging
/// the parts' values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate {
    /// The sum of the parts.
    Sum,
    /// A ratio of pooled totals (e.g. all answered within the threshold ÷ all
    /// offered): a weighted mean of the parts' ratios.
    Ratio,
    /// A quantile of the pooled observations.
    Quantile,
}

/// How a KPI's value is shown in the terminal table and report.html.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A count or amount: no decimals from 100 on, one below.
    Count,
    /// A fraction as a percentage with one decimal: "87.5%".
    Percent,
    /// One decimal (seconds).
    OneDecimal,
    /// A duration in the largest fitting unit: "42s", "3.5m", "2.1h", "1.5d".
    Duration,
}

impl Format {
    /// `x` in this format.
    pub fn apply(self, x: f64) -> String {
        match self {
            Format::Count if x.abs() >= 100.0 => format!("{x:.0}"),
            Format::Count | Format::OneDecimal => format!("{x:.1}"),
            Format::Percent => format!("{:.1}%", 100.0 * x),
            Format::Duration => match x.abs() {
                a if a >= 86_400.0 => format!("{:.1}d", x / 86_400.0),
                a if a >= 3600.0 => format!("{:.1}h", x / 3600.0),
                a if a >= 60.0 => format!("{:.1}m", x / 60.0),
                _ => format!("{x:.0}s"),
            },
        }
    }
}

/// The definition of one KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KpiDef {
    /// Output name in summary.json and the CSVs (a contract: never rename).
    pub name: &'static str,
    /// Unit of the value.
    pub unit: Unit,
    /// Where it is reported.
    pub scopes: Scopes,
    /// Which way it improves.
    pub better: Better,
    /// How the overall value combines channels or teams.
    pub aggregate: Aggregate,
    /// How a value is shown.
    pub format: Format,
    /// Column title in the terminal table and report.html.
    pub title: &'static str,
    /// Measured over answered contacts only (a wait of handled contacts, a handle
    /// time, first-contact resolution): without an answer it has no value.
    pub answered: bool,
}

/// Declares [`Kpi`] with one variant per entry, [`Kpi::ALL`] and [`Kpi::def`], so
/// each KPI is written down exactly once.
macro_rules! catalogue {
    ($($(#[doc = $doc:literal])+ $kpi:ident => $def:expr;)+) => {
        /// A KPI staffmix reports; see the [module documentation](self) to add one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Kpi {
            $($(#[doc = $doc])+ $kpi,)+
        }

        impl Kpi {
            /// Every KPI, in catalogue order.
            pub const ALL: &'static [Kpi] = &[$(Kpi::$kpi),+];

            /// The definition of this KPI.
            pub const fn def(self) -> &'static KpiDef {
                match self {
                    $(Kpi::$kpi => {
                        const DEF: KpiDef = $def;
                        &DEF
                    })+
                }
            }
        }
    };
}

use Aggregate::{Quantile, Ratio, Sum};
use Better::{Higher, Lower, Neither};
use Format::{Count, Duration, OneDecimal, Percent};
use Unit::{AgentHours, Agents, Contacts, Currency, Customers, Fraction, Issues, Seconds};

catalogue! {
    /// Counted contacts: arrivals in the statistics window.
    Offered => KpiDef { name: "offered", unit: Contacts, scopes: CONTACT,
        better: Neither, aggregate: Sum, format: Count,
        title: "offered", answered: false };
    /// Counted contacts an agent started serving (per team: that the team answered).
    Handled => KpiDef { name: "handled", unit: Contacts, scopes: EVERY,
        better: Neither, aggregate: Sum, format: Count,
        title: "handled", answered: false };
    /// Counted contacts that gave up waiting.
    Abandoned => KpiDef { name: "abandoned", unit: Contacts, scopes: CONTACT,
        better: Lower, aggregate: Sum, format: Count,
        title: "abandoned", answered: false };
    /// Counted contacts still waiting when the drain period ended.
    Backlog => KpiDef { name: "backlog", unit: Contacts, scopes: CONTACT,
        better: Lower, aggregate: Sum, format: Count,
        title: "backlog", answered: false };
    /// Abandoned ÷ offered.
    AbandonRate => KpiDef { name: "abandon_rate", unit: Fraction, scopes: CONTACT,
        better: Lower, aggregate: Ratio, format: Percent,
        title: "abandoned", answered: false };
    /// Average speed of answer: mean wait of handled contacts.
    Asa => KpiDef { name: "asa_s", unit: Seconds, scopes: CONTACT,
        better: Lower, aggregate: Ratio, format: OneDecimal,
        title: "ASA s", answered: true };
    /// Mean time in queue over all offered contacts.
    MeanWait => KpiDef { name: "mean_wait_s", unit: Seconds, scopes: CONTACT,
        better: Lower, aggregate: Ratio, format: OneDecimal,
        title: "mean wait s", answered: false };
    /// Share of offered contacts that waited a positive time.
    PWait => KpiDef { name: "p_wait", unit: Fraction, scopes: CONTACT,
        better: Lower, aggregate: Ratio, format: Percent,
        title: "waited", answered: false };
    /// Handled within the channel's threshold ÷ offered.
    ServiceLevel => KpiDef { name: "service_level", unit: Fraction, scopes: CONTACT,
        better: Higher, aggregate: Ratio, format: Percent,
        title: "service level", answered: false };
    /// Expected satisfied customers ÷ offered (per team: ÷ contacts it handled).
    Csat => KpiDef { name: "csat", unit: Fraction, scopes: EVERY,
        better: Higher, aggregate: Ratio, format: Percent,
        title: "CSAT", answered: false };
    /// Expected first-contact resolutions ÷ handled.
    Fcr => KpiDef { name: "fcr", unit: Fraction, scopes: EVERY,
        better: Higher, aggregate: Ratio, format: Percent,
        title: "FCR", answered: true };
    /// Contacts escalated to a tier-2 team.
    Escalations => KpiDef { name: "escalations", unit: Contacts, scopes: EVERY,
        better: Lower, aggregate: Sum, format: Count,
        title: "escalated", answered: false };
    /// Repeat contacts (unresolved contacts that came back).
    Repeats => KpiDef { name: "repeats", unit: Contacts, scopes: CONTACT,
        better: Lower, aggregate: Sum, format: Count,
        title: "repeats", answered: false };
    /// Counted contacts that arrived while the channel was closed and were lost
    /// (`when_closed = "lost"`); included in `offered` and `abandoned`.
    ClosedLost => KpiDef { name: "closed_lost", unit: Contacts, scopes: CONTACT,
        better: Lower, aggregate: Sum, format: Count,
        title: "lost closed", answered: false };
    /// Counted contacts that arrived while the channel was closed and waited for
    /// its opening (`when_closed = "wait"`); included in `offered`.
    ClosedWaited => KpiDef { name: "closed_waited", unit: Contacts, scopes: CONTACT,
        better: Neither, aggregate: Sum, format: Count,
        title: "waited closed", answered: false };
    /// Counted contacts that arrived while the channel was closed and moved to its
    /// `when_closed` channel, where they are offered (not included in this
    /// channel's `offered`).
    Redirected => KpiDef { name: "redirected", unit: Contacts, scopes: CONTACT,
        better: Neither, aggregate: Sum, format: Count,
        title: "redirected", answered: false };
    /// Mean time from an issue's first contact to its resolution.
    ResolutionTime => KpiDef { name: "resolution_time_s", unit: Seconds, scopes: CONTACT,
        better: Lower, aggregate: Ratio, format: Duration,
        title: "resolution time", answered: false };
    /// Expected issues finally resolved.
    Resolved => KpiDef { name: "resolved", unit: Issues, scopes: CONTACT,
        better: Higher, aggregate: Sum, format: Count,
        title: "resolved", answered: false };
    /// Expected customers dissatisfied at some episode of their issue (per issue,
    /// by its first arrival; abandoned and still-waiting episodes dissatisfied).
    Dissatisfied => KpiDef { name: "dissatisfied", unit: Customers, scopes: CONTACT,
        better: Lower, aggregate: Sum, format: Count,
        title: "dissatisfied", answered: false };
    /// Dissatisfied customers expected to leave: each at most once per issue.
    Churned => KpiDef { name: "churned", unit: Customers, scopes: CONTACT,
        better: Lower, aggregate: Sum, format: Count,
        title: "churned", answered: false };
    /// Value of the churned customers.
    ChurnCost => KpiDef { name: "churn_cost", unit: Currency, scopes: CONTACT,
        better: Lower, aggregate: Sum, format: Count,
        title: "churn cost", answered: false };
    /// Median wait of handled contacts.
    WaitP50 => KpiDef { name: "wait_p50_s", unit: Seconds, scopes: CONTACT,
        better: Lower, aggregate: Quantile, format: OneDecimal,
        title: "median wait s", answered: true };
    /// 80th percentile of the wait of handled contacts.
    WaitP80 => KpiDef { name: "wait_p80_s", unit: Seconds, scopes: CONTACT,
        better: Lower, aggregate: Quantile, format: OneDecimal,
        title: "p80 wait s", answered: true };
    /// 90th percentile of the wait of handled contacts.
    WaitP90 => KpiDef { name: "wait_p90_s", unit: Seconds, scopes: CONTACT,
        better: Lower, aggregate: Quantile, format: OneDecimal,
        title: "p90 wait s", answered: true };
    /// 95th percentile of the wait of handled contacts.
    WaitP95 => KpiDef { name: "wait_p95_s", unit: Seconds, scopes: CONTACT,
        better: Lower, aggregate: Quantile, format: OneDecimal,
        title: "p95 wait s", answered: true };
    /// 99th percentile of the wait of handled contacts.
    WaitP99 => KpiDef { name: "wait_p99_s", unit: Seconds, scopes: CONTACT,
        better: Lower, aggregate: Quantile, format: OneDecimal,
        title: "p99 wait s", answered: true };
    /// Average handle time of handled contacts.
    Aht => KpiDef { name: "aht_s", unit: Seconds, scopes: EVERY,
        better: Neither, aggregate: Ratio, format: OneDecimal,
        title: "AHT s", answered: true };
    /// Time-average number of contacts waiting.
    QueueMean => KpiDef { name: "queue_mean", unit: Contacts, scopes: CONTACT,
        better: Lower, aggregate: Sum, format: Count,
        title: "queue", answered: false };
    /// Busy capacity ÷ agents present.
    Occupancy => KpiDef { name: "occupancy", unit: Fraction, scopes: STAFF,
        better: Neither, aggregate: Ratio, format: Percent,
        title: "occupancy", answered: false };
    /// Time-average number of agents on duty and available.
    AgentsAvailable => KpiDef { name: "agents_available", unit: Agents, scopes: STAFF,
        better: Neither, aggregate: Sum, format: Count,
        title: "agents avail.", answered: false };
    /// Scheduled (paid) agent time over the statistics window.
    PaidHours => KpiDef { name: "paid_hours", unit: AgentHours, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "paid agent-h", answered: false };
    /// Scheduled (paid) agent time during the warm-up, before the statistics window.
    PaidHoursWarmup => KpiDef { name: "paid_hours_warmup", unit: AgentHours, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "warm-up agent-h", answered: false };
    /// `paid_hours` + `paid_hours_warmup`: what plans without costs are ranked by
    /// when the scenario has a warm-up.
    PaidHoursWithWarmup => KpiDef { name: "paid_hours_with_warmup", unit: AgentHours,
        scopes: STAFF, better: Lower, aggregate: Sum, format: Count,
        title: "paid agent-h incl. warm-up", answered: false };
    /// Agents who joined during the statistics window.
    Hires => KpiDef { name: "hires", unit: Agents, scopes: STAFF,
        better: Neither, aggregate: Sum, format: Count,
        title: "hires", answered: false };
    /// Agents who left (attrition) during the statistics window.
    Leavers => KpiDef { name: "leavers", unit: Agents, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "leavers", answered: false };
    /// Cost over the statistics window: the sum of the components.
    CostTotal => KpiDef { name: "cost_total", unit: Currency, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "cost", answered: false };
    /// What preparing the plan cost during the warm-up, before the statistics
    /// window: hiring, training, onboarding and paid time.
    CostWarmup => KpiDef { name: "cost_warmup", unit: Currency, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "warm-up cost", answered: false };
    /// `cost_total` + `cost_warmup`: what plans with costs are ranked by when the
    /// scenario has a warm-up.
    CostWithWarmup => KpiDef { name: "cost_with_warmup", unit: Currency, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "cost incl. warm-up", answered: false };
    /// Cost component: agents' base wages.
    CostWages => KpiDef { name: "cost_wages", unit: Currency, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "wages", answered: false };
    /// Cost component: overhead on wages.
    CostOverhead => KpiDef { name: "cost_overhead", unit: Currency, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "overhead", answered: false };
    /// Cost component: night premium.
    CostNightPremium => KpiDef { name: "cost_night_premium", unit: Currency, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "night_premium", answered: false };
    /// Cost component: team leads' wages.
    CostSupervision => KpiDef { name: "cost_supervision", unit: Currency, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "supervision", answered: false };
    /// Cost component: wages of new hires in paid training.
    CostTraining => KpiDef { name: "cost_training", unit: Currency, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "training", answered: false };
    /// Cost component: recruiting cost of in-house hires.
    CostHiring => KpiDef { name: "cost_hiring", unit: Currency, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "hiring", answered: false };
    /// Cost component: vendor invoices.
    CostVendor => KpiDef { name: "cost_vendor", unit: Currency, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "vendor", answered: false };
    /// Cost component: vendor onboarding fees.
    CostOnboarding => KpiDef { name: "cost_onboarding", unit: Currency, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "onboarding", answered: false };
    /// Cost component: in-house time managing the vendor.
    CostVendorManagement => KpiDef { name: "cost_vendor_management", unit: Currency, scopes: STAFF,
        better: Lower, aggregate: Sum, format: Count,
        title: "vendor_management", answered: false };
    /// Cost ÷ contacts the team started serving in the statistics window (drain
    /// included).
    CostPerContact => KpiDef { name: "cost_per_contact", unit: Currency, scopes: STAFF,
        better: Lower, aggregate: Ratio, format: Count,
        title: "cost/contact", answered: false };
    /// Cost over the statistics window ÷ resolved issues.
    CostPerResolved => KpiDef { name: "cost_per_resolved", unit: Currency, scopes: OVERALL,
        better: Lower, aggregate: Ratio, format: Count,
        title: "cost/resolved", answered: false };
    /// Cost over the statistics window + churn cost (of the same window).
    CostWithChurn => KpiDef { name: "cost_with_churn", unit: Currency, scopes: OVERALL,
        better: Lower, aggregate: Sum, format: Count,
        title: "cost with churn", answered: false };
}

impl Kpi {
    /// Output name (summary.json keys, CSV columns).
    pub const fn name(self) -> &'static str {
        self.def().name
    }

    /// Unit of the value.
    pub const fn unit(self) -> Unit {
        self.def().unit
    }

    /// Where it is reported.
    pub const fn scopes(self) -> Scopes {
        self.def().scopes
    }

    /// Which way it improves.
    pub const fn better(self) -> Better {
        self.def().better
    }

    /// Whether the KPI is measured over answered contacts only, so it has no value
    /// when contacts were offered but none was answered.
    pub const fn over_answered(self) -> bool {
        self.def().answered
    }

    /// How its overall value combines channels or teams.
    pub const fn aggregate(self) -> Aggregate {
        self.def().aggregate
    }

    /// Column title in the terminal table and report.html.
    pub const fn title(self) -> &'static str {
        self.def().title
    }

    /// `x` formatted for the terminal table and report.html.
    pub fn show(self, x: f64) -> String {
        self.def().format.apply(x)
    }
}

impl fmt::Display for Kpi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A KPI serialises as its name (also as a map key).
impl Serialize for Kpi {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Bound;

    #[test]
    fn names_are_unique_snake_case_and_carry_their_unit() {
        let mut seen = std::collections::HashSet::new();
        for k in Kpi::ALL {
            let n = k.name();
            assert!(seen.insert(n), "{n} is defined twice");
            assert!(
                n.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{n}"
            );
            // Names in seconds end in `_s`; nothing else does.
            assert_eq!(n.ends_with("_s"), k.unit() == Unit::Seconds, "{n}");
            assert!(k.scopes().overall, "{n}: every KPI is reported overall");
        }
    }

    #[test]
    fn formats_as_the_table_shows() {
        assert_eq!(Kpi::Offered.show(1234.4), "1234");
        assert_eq!(Kpi::Offered.show(12.34), "12.3");
        assert_eq!(Kpi::ServiceLevel.show(0.8771), "87.7%");
        assert_eq!(Kpi::Asa.show(42.04), "42.0");
        assert_eq!(Kpi::ResolutionTime.show(42.0), "42s");
        assert_eq!(Kpi::ResolutionTime.show(210.0), "3.5m");
        assert_eq!(Kpi::ResolutionTime.show(7560.0), "2.1h");
        assert_eq!(Kpi::ResolutionTime.show(129_600.0), "1.5d");
        assert_eq!(
            serde_json::to_string(&Kpi::WaitP50).unwrap(),
            "\"wait_p50_s\""
        );
        assert_eq!(format!("{}_mean", Kpi::CostTotal), "cost_total_mean");
    }

    #[test]
    fn every_kind_of_target_bounds_its_kpi_in_the_better_direction() {
        let study = crate::scenario::parse_study(
            "t.toml",
            r#"
horizon = "1d"
[channels.phone]
volume_per_hour = 10
handle_time = { mean = "5m" }
service_level = { within = "20s", target = 0.8 }
[teams.core]
kind = "in_house"
agents = 3
schedule = "24/7"
skills = { phone = 1.0 }
[targets]
csat = 0.8
occupancy = 0.9
pooled = { median_wait = "2m", asa = "1m", abandon_rate = 0.05 }
channels.phone = { median_wait = "1m", asa = "30s", abandon_rate = 0.1 }
"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let targets = study.targets.expect("targets are set");
        assert_eq!(targets.list.len(), 9);
        for t in &targets.list {
            let wrong = matches!(
                (t.kpi.better(), t.bound),
                (Better::Higher, Bound::AtMost(_)) | (Better::Lower, Bound::AtLeast(_))
            );
            assert!(
                !wrong,
                "{}: {:?} on a KPI where {:?} is better",
                t.label,
                t.bound,
                t.kpi.better()
            );
        }
    }
}
