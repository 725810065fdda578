//! The serde mirror of a scenario file: exactly the keys a planner may write, no
//! logic. Unknown keys are rejected. The doc comments here are the user-facing
//! documentation of each key: they feed `staffmix schema` and `docs/scenario.md`.

use std::fmt;
use std::marker::PhantomData;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Unexpected};

use super::units::{Duration, TimeOfDay, Weekdays, When};
use crate::model::TeamKind;

/// A staffmix scenario: demand, channels, teams and routing of one support operation.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Name shown in reports. Default: the file name.
    pub name: Option<String>,
    /// Free text describing the scenario; shown in reports.
    pub description: Option<String>,
    /// Local date-time of simulated time 0. Default: 2026-01-05T00:00:00 (a Monday).
    pub start: Option<When>,
    /// Simulated period during which contacts arrive, counted from `start` (e.g. "14d").
    pub horizon: Duration,
    /// Initial period excluded from statistics so the system starts loaded. Default "0s".
    pub warmup: Option<Duration>,
    /// After the horizon no new contacts arrive; contacts in the system are finished
    /// during this period, and those still waiting after it are reported as backlog.
    /// Default "1d".
    pub drain: Option<Duration>,
    /// Length of a reporting interval. Default "30m".
    pub interval: Option<Duration>,
    /// Master random seed (same seed, same results). Default 1.
    pub seed: Option<u64>,
    /// Number of Monte Carlo replications. Default 100.
    pub replications: Option<u32>,
    /// Demand shared by all channels: customer base and calendar patterns.
    pub demand: Option<RawDemand>,
    /// Contact channels by name (phone, chat, email, social, …).
    #[serde(default)]
    pub channels: IndexMap<String, RawChannel>,
    /// Agent teams by name.
    #[serde(default)]
    pub teams: IndexMap<String, RawTeam>,
    /// Demand surges (Black Friday, a product launch, an outage).
    #[serde(default)]
    pub surges: Vec<RawSurge>,
    /// Per channel, the ordered teams that may serve it. Default: every team skilled
    /// in the channel, in declaration order, without delay.
    #[serde(default)]
    pub routing: IndexMap<String, Vec<RawRoute>>,
}

/// Demand shared by all channels.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDemand {
    /// Number of customers; with `contacts_per_customer_month` and each channel's
    /// `share` gives the channel volumes.
    pub customers: Option<f64>,
    /// Contacts (tickets) per customer per month, the incident rate.
    pub contacts_per_customer_month: Option<f64>,
    /// Coefficient of variation of the per-day "busyness" factor, a gamma variable with
    /// mean 1 drawn per channel and day (0 = volumes exactly as forecast). Default 0.
    pub forecast_error: Option<f64>,
    /// Seven relative weights Monday..Sunday; normalised to mean 1. Default flat.
    pub weekly: Option<Vec<f64>>,
    /// Intraday profile: a built-in shape ("flat", "office", "extended", "evening")
    /// or a list of relative weights for equal slots of the day (24 hourly, 48
    /// half-hourly, …); normalised to mean 1. Default "flat".
    pub intraday: Option<RawProfile>,
}

/// An intraday profile: a named shape or explicit weights.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum RawProfile {
    /// A built-in shape: "flat", "office", "extended" or "evening".
    Named(String),
    /// Relative weights of equal slots covering the day (e.g. 24 hourly values).
    Weights(Vec<f64>),
}

/// One contact channel.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    /// Mean contacts per hour before profiles and surges. Give exactly one of
    /// `volume_per_hour`, `volume_per_day` or `share`.
    pub volume_per_hour: Option<f64>,
    /// Mean contacts per day before profiles and surges.
    pub volume_per_day: Option<f64>,
    /// Share of the customer-driven demand (`demand.customers` ×
    /// `demand.contacts_per_customer_month`); shares of all channels that use them sum to 1.
    pub share: Option<f64>,
    /// Handle-time distribution for an agent of proficiency 1 handling one contact.
    pub handle_time: RawDist,
    /// How long customers wait before abandoning. Omit for channels where nobody
    /// abandons (email, social).
    pub patience: Option<RawDist>,
    /// Contacts of this channel one agent holds at once (e.g. 3 chats). Default 1.
    pub concurrency: Option<u32>,
    /// Relative handle-time stretch per additional concurrent contact (0.1 = each extra
    /// chat makes a new chat 10 % longer). Default 0.
    pub slowdown: Option<f64>,
    /// Agents serve waiting contacts of higher priority first. Default 0.
    pub priority: Option<i32>,
    /// Service-level definition: handled within `within`, and the `target` share.
    pub service_level: Option<RawServiceLevel>,
    /// Channel-specific weekly weights (overrides `demand.weekly`).
    pub weekly: Option<Vec<f64>>,
    /// Channel-specific intraday profile (overrides `demand.intraday`).
    pub intraday: Option<RawProfile>,
    /// Channel-specific forecast error (overrides `demand.forecast_error`).
    pub forecast_error: Option<f64>,
}

/// Which family a duration distribution belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DistKind {
    /// Exponential with `mean` (memoryless; the textbook assumption).
    Exponential,
    /// Lognormal with `mean` and `cv` (what call-centre data show; Brown et al. 2005).
    Lognormal,
    /// Gamma with `mean` and `cv`.
    Gamma,
    /// Always `mean`.
    Fixed,
    /// Uniform choice among measured `values`.
    Empirical,
}

/// A distribution of durations, e.g. `{ dist = "lognormal", mean = "6m", cv = 0.8 }`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDist {
    /// Distribution family. Default "exponential".
    pub dist: Option<DistKind>,
    /// Mean duration (all families but empirical).
    pub mean: Option<Duration>,
    /// Coefficient of variation, standard deviation ÷ mean (lognormal, gamma).
    pub cv: Option<f64>,
    /// Measured durations to resample (empirical).
    pub values: Option<Vec<Duration>>,
}

/// Service-level definition of a channel.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawServiceLevel {
    /// Threshold: a contact answered within this wait counts as within service level.
    pub within: Duration,
    /// Target share of offered contacts handled within the threshold (0–1).
    pub target: Option<f64>,
}

/// A demand surge.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSurge {
    /// Name shown in reports.
    pub name: Option<String>,
    /// Start (a date means its midnight).
    pub from: When,
    /// End, exclusive (a date means its midnight: `from = 2026-11-27, to = 2026-11-28`
    /// is the whole of 27 November).
    pub to: When,
    /// Demand multiplier during the surge (2.4 = 140 % more contacts).
    pub multiplier: f64,
    /// Channels affected. Default: all.
    pub channels: Option<Vec<String>>,
}

/// One team of agents.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    /// "in_house" (employed) or "outsourced" (bought from a vendor).
    pub kind: TeamKind,
    /// Agents on duty whenever the `schedule` is open (not with `shifts`).
    pub agents: Option<u32>,
    /// When the team works: "24/7", "business_hours" (Mon–Fri 09:00–17:00) or
    /// `{ days = "mon-fri", start = "08:00", end = "20:00" }`. Give `schedule` or `shifts`.
    pub schedule: Option<RawSchedule>,
    /// Explicit shifts, each with its own days, hours and agents.
    pub shifts: Option<Vec<RawShift>>,
    /// Channels the team serves, with proficiency (handle time ÷ proficiency; 1 = standard).
    pub skills: IndexMap<String, f64>,
    /// Fraction of scheduled time agents are unavailable (breaks, meetings, absence),
    /// 0–1. Available agents = round(scheduled × (1 − shrinkage)). Default 0.
    pub shrinkage: Option<f64>,
}

/// A team schedule.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum RawSchedule {
    /// "24/7" or "business_hours".
    Named(String),
    /// Opening hours on given days.
    Hours(RawHours),
}

/// Opening hours.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHours {
    /// Days the hours apply: "mon-fri", "sat,sun", "all". Default "all".
    pub days: Option<Weekdays>,
    /// Opening time "HH:MM".
    pub start: TimeOfDay,
    /// Closing time "HH:MM"; earlier than `start` means the next day.
    pub end: TimeOfDay,
}

/// A shift.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawShift {
    /// Days the shift starts on: "mon-fri", "sat,sun", "all". Default "all".
    pub days: Option<Weekdays>,
    /// Start "HH:MM".
    pub start: TimeOfDay,
    /// End "HH:MM"; earlier than `start` means the shift ends the next day.
    pub end: TimeOfDay,
    /// Agents on this shift.
    pub agents: u32,
}

/// A routing step: a team name, or `{ team = "vendor", after = "30s" }` to make the
/// team eligible only after the contact has waited that long (overflow).
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum RawRoute {
    /// The team is eligible at once.
    Team(String),
    /// The team is eligible after a delay.
    Delayed(RawDelayedRoute),
}

/// A delayed routing step.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDelayedRoute {
    /// Team name.
    pub team: String,
    /// Wait after which the team becomes eligible. Default "0s".
    pub after: Option<Duration>,
}

/// A value written either as text or in a structured form (a list or a table).
///
/// Deserialized by hand rather than with `#[serde(untagged)]`, which buffers the
/// value and reports any mistake inside it only as "did not match any variant": here
/// a mistake inside the structured form keeps its own message, key path and position.
trait TextOr: Sized {
    /// The structured form.
    type Other: DeserializeOwned;
    /// Whether the structured form is a list (otherwise a table).
    const LIST: bool;
    /// What the value may be, for an error about a value of neither form.
    const EXPECTING: &'static str;
    /// The value from its text form.
    fn text(text: String) -> Self;
    /// The value from its structured form.
    fn other(other: Self::Other) -> Self;
}

struct TextOrVisitor<T>(PhantomData<T>);

impl<'de, T: TextOr> de::Visitor<'de> for TextOrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::text(v.to_string()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        if !T::LIST {
            return Err(de::Error::invalid_type(Unexpected::Seq, &self));
        }
        T::Other::deserialize(SeqAccessDeserializer::new(seq)).map(T::other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        if T::LIST {
            return Err(de::Error::invalid_type(Unexpected::Map, &self));
        }
        T::Other::deserialize(MapAccessDeserializer::new(map)).map(T::other)
    }
}

/// Implements `Deserialize` for a [`TextOr`] type.
macro_rules! deserialize_text_or {
    ($($ty:ty),*) => {$(
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(TextOrVisitor(PhantomData))
            }
        }
    )*};
}

deserialize_text_or!(RawProfile, RawSchedule, RawRoute);

impl TextOr for RawProfile {
    type Other = Vec<f64>;
    const LIST: bool = true;
    const EXPECTING: &'static str =
        "a profile name such as \"office\" or a list of weights such as [1.0, 2.0, …]";
    fn text(text: String) -> Self {
        RawProfile::Named(text)
    }
    fn other(other: Vec<f64>) -> Self {
        RawProfile::Weights(other)
    }
}

impl TextOr for RawSchedule {
    type Other = RawHours;
    const LIST: bool = false;
    const EXPECTING: &'static str = "\"24/7\", \"business_hours\" or a table \
         { days = \"mon-fri\", start = \"08:00\", end = \"20:00\" }";
    fn text(text: String) -> Self {
        RawSchedule::Named(text)
    }
    fn other(other: RawHours) -> Self {
        RawSchedule::Hours(other)
    }
}

impl TextOr for RawRoute {
    type Other = RawDelayedRoute;
    const LIST: bool = false;
    const EXPECTING: &'static str = "a team name or a table { team = \"NAME\", after = \"30s\" }";
    fn text(text: String) -> Self {
        RawRoute::Team(text)
    }
    fn other(other: RawDelayedRoute) -> Self {
        RawRoute::Delayed(other)
    }
}
