//! The serde mirror of a scenario file: exactly the keys a planner may write, no
//! logic. Unknown keys are rejected. The doc comments here are the user-facing
//! documentation of each key: they feed `staffmix schema` and `docs/scenario.md`;
//! each default comes from [`super::defaults`] into the schema's `default`.

mod forms;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;

use super::defaults;
use super::units::{DistKind, Duration, TimeOfDay, Weekdays, When};
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
    #[schemars(extend("default" = defaults::START.to_string()))]
    pub start: Option<When>,
    /// Simulated period during which contacts arrive, counted from `start` (e.g. "14d").
    pub horizon: Duration,
    /// Initial period excluded from statistics so the system starts loaded. Default "0s".
    #[schemars(extend("default" = defaults::WARMUP.to_string()))]
    pub warmup: Option<Duration>,
    /// After the horizon no new contacts arrive; contacts in the system are finished
    /// during this period, and those still waiting after it are reported as backlog.
    /// Default "1d".
    #[schemars(extend("default" = defaults::DRAIN.to_string()))]
    pub drain: Option<Duration>,
    /// Length of a reporting interval. Default "30m".
    #[schemars(extend("default" = defaults::INTERVAL.to_string()))]
    pub interval: Option<Duration>,
    /// Master random seed (same seed, same results). Default 1.
    #[schemars(extend("default" = defaults::SEED))]
    pub seed: Option<u64>,
    /// Number of Monte Carlo replications. Default 100.
    #[schemars(extend("default" = defaults::REPLICATIONS))]
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
    /// Named staffing plans, each the base scenario with some channel, team, routing,
    /// demand or surge settings overridden (dotted keys such as
    /// `teams.vendor.agents = 60`). All plans share the base scenario's time and seed.
    #[serde(default)]
    pub plans: Vec<RawPlan>,
    /// A grid over numeric fields of the base scenario, expanded into one plan per
    /// combination: keys are quoted dotted paths such as `"teams.core.agents"`, values
    /// a list of numbers or `{ from, to, step }`.
    #[serde(default)]
    pub sweep: IndexMap<String, RawSweepAxis>,
    /// Name of the plan the others are compared against. Default "base" (the base
    /// scenario itself).
    #[schemars(extend("default" = defaults::BASELINE))]
    pub baseline: Option<String>,
    /// Targets a plan must meet, and the confidence with which it must meet them.
    pub targets: Option<RawTargets>,
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
    #[schemars(extend("default" = defaults::FORECAST_ERROR))]
    pub forecast_error: Option<f64>,
    /// Seven relative weights Monday..Sunday; normalised to mean 1. Default flat.
    pub weekly: Option<Vec<f64>>,
    /// Intraday profile: a built-in shape ("flat", "office", "extended", "evening")
    /// or a list of relative weights for equal slots of the day (24 hourly, 48
    /// half-hourly, …); normalised to mean 1. Default "flat".
    #[schemars(extend("default" = defaults::INTRADAY))]
    pub intraday: Option<RawProfile>,
    /// Probability that a dissatisfied customer leaves (churns). Default 0.52: of
    /// the 25 unhappy customers a day at CSAT 75 % and 100 tickets, about 13 leave.
    #[schemars(extend("default" = defaults::CHURN_IF_DISSATISFIED))]
    pub churn_if_dissatisfied: Option<f64>,
    /// Value of a customer (e.g. lifetime margin), in the scenario's currency: the
    /// cost of one churned customer. Default 0.
    #[schemars(extend("default" = defaults::CUSTOMER_VALUE))]
    pub customer_value: Option<f64>,
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
    /// What kind of channel this is (voice, chat, email, social): fills the
    /// satisfaction curve calibrated to published CSAT by channel. Default none.
    pub kind: Option<ChannelKind>,
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
    #[schemars(extend("default" = defaults::CONCURRENCY))]
    pub concurrency: Option<u32>,
    /// Relative handle-time stretch per additional concurrent contact (0.1 = each extra
    /// chat makes a new chat 10 % longer). Default 0.
    #[schemars(extend("default" = defaults::SLOWDOWN))]
    pub slowdown: Option<f64>,
    /// Agents serve waiting contacts of higher priority first. Default 0.
    #[schemars(extend("default" = defaults::PRIORITY))]
    pub priority: Option<i32>,
    /// Service-level definition: handled within `within`, and the `target` share.
    #[schemars(extend("default" = { "within": defaults::SERVICE_LEVEL_WITHIN.to_string() }))]
    pub service_level: Option<RawServiceLevel>,
    /// Channel-specific weekly weights (overrides `demand.weekly`).
    pub weekly: Option<Vec<f64>>,
    /// Channel-specific intraday profile (overrides `demand.intraday`).
    pub intraday: Option<RawProfile>,
    /// Channel-specific forecast error (overrides `demand.forecast_error`).
    pub forecast_error: Option<f64>,
    /// How waiting and unresolved contacts lower satisfaction on this channel.
    pub satisfaction: Option<RawSatisfaction>,
    /// Contacts not resolved by a team without `escalate_to` come back after a delay
    /// with a probability, e.g. `{ probability = 0.6, delay = { mean = "1d" } }`.
    pub repeat: Option<RawRepeat>,
    /// Opening hours, in the syntax of a team's `schedule`: "24/7", "business_hours"
    /// (Mon–Fri 09:00–17:00), `{ days = "mon-fri", start = "07:00", end = "23:00" }`,
    /// or a list of such tables. Contacts that arrive while the channel is closed are
    /// not offered to agents: `when_closed` says what becomes of them. Contacts
    /// already waiting at closing time are still served. Default "24/7".
    #[schemars(extend("default" = defaults::HOURS))]
    pub hours: Option<RawOpenHours>,
    /// What becomes of a contact that arrives while the channel is closed (required
    /// with `hours` other than "24/7"): "lost" (the customer gives up: offered,
    /// abandoned, dissatisfied), "wait" (offered to agents at the next opening; its
    /// wait counts from its arrival), or the name of another channel it moves to at
    /// once (e.g. "email" for a callback or voicemail ticket; it is offered there
    /// and draws that channel's handle time).
    pub when_closed: Option<String>,
}

/// The satisfaction curve of a channel: waits up to `service_level.within` do not
/// lower satisfaction; beyond it the wait factor decays towards `floor`, losing half
/// of the remaining distance every `half_life`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSatisfaction {
    /// Extra wait beyond the service-level threshold that halves the wait factor's
    /// distance to `floor`. Default 5 × the threshold (at least 1 minute).
    pub half_life: Option<Duration>,
    /// Wait factor of an endless wait, 0–1. Default 0.
    #[schemars(extend("default" = defaults::SATISFACTION_FLOOR))]
    pub floor: Option<f64>,
    /// Satisfaction of a prompt, resolved contact served by a team of quality 1,
    /// 0–1: the channel's own level. Default 1 (from the channel `kind` if set).
    #[schemars(extend("default" = defaults::SATISFACTION_BASELINE))]
    pub baseline: Option<f64>,
    /// Satisfaction factor of a contact the first contact did not resolve, 0–1.
    /// Default 0.5.
    #[schemars(extend("default" = defaults::SATISFACTION_UNRESOLVED))]
    pub unresolved: Option<f64>,
}

/// A distribution of durations, e.g. `{ dist = "lognormal", mean = "6m", cv = 0.8 }`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDist {
    /// Distribution family. Default "exponential".
    #[schemars(extend("default" = defaults::DIST))]
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
    /// Realistic defaults for the team's workforce, quality and cost details:
    /// "in_house", "onshore_bpo", "offshore_bpo" or "freelance" (docs/model.md lists
    /// every value and its source). Every key set on the team overrides the preset.
    pub preset: Option<Preset>,
    /// "in_house" (employed) or "outsourced" (bought from a vendor). Required unless
    /// a `preset` implies it.
    pub kind: Option<TeamKind>,
    /// Agents on duty whenever the `schedule` is open (not with `shifts`): a whole
    /// number, or a list of periods `[{ from = 2026-11-26, to = 2026-12-01, agents = 60 },
    /// { agents = 30 }]` whose entry without `from`/`to` is the headcount outside them.
    pub agents: Option<RawAgents>,
    /// When the team works: "24/7", "business_hours" (Mon–Fri 09:00–17:00) or
    /// `{ days = "mon-fri", start = "08:00", end = "20:00" }`. Give `schedule` or `shifts`.
    pub schedule: Option<RawSchedule>,
    /// Explicit shifts, each with its own days, hours and agents.
    pub shifts: Option<Vec<RawShift>>,
    /// Channels the team serves, with proficiency (handle time ÷ proficiency; 1 = standard).
    pub skills: IndexMap<String, f64>,
    /// Fraction of scheduled time agents are unavailable (breaks, meetings, absence),
    /// 0–1. Available agents = round(scheduled × (1 − shrinkage)). Default 0.
    #[schemars(extend("default" = defaults::SHRINKAGE))]
    pub shrinkage: Option<f64>,
    /// Probability that a prompt, resolved contact leaves the customer satisfied, 0–1.
    /// Default 1 (CSAT then measures waiting and resolution only).
    #[schemars(extend("default" = defaults::QUALITY))]
    pub quality: Option<f64>,
    /// First-contact resolution: probability the team resolves a contact, 0–1, or a
    /// table per channel it serves (`{ chat = 0.8, email = 0.7 }`). Default 1.
    #[schemars(extend("default" = defaults::RESOLUTION))]
    pub resolution: Option<RawResolution>,
    /// A team whose queue receives the contacts this team does not resolve (tier 2).
    pub escalate_to: Option<String>,
    /// Priority of escalated contacts in the `escalate_to` team, compared with channel
    /// priorities. Default: above every channel.
    pub escalation_priority: Option<i32>,
    /// Handle time of an escalated contact in the `escalate_to` team at proficiency 1.
    /// Default: a fresh draw from the contact's channel.
    pub escalation_handle_time: Option<RawDist>,
    /// Leavers per agent per year (0.35 = 35 % annual attrition). Default 0.
    #[schemars(extend("default" = defaults::ATTRITION))]
    pub attrition: Option<f64>,
    /// Time from a leaver's departure to the replacement's first day. Default "0s".
    #[schemars(extend("default" = defaults::HIRING_LAG.to_string()))]
    pub hiring_lag: Option<Duration>,
    /// Paid training of a new agent before taking contacts. Default "0s".
    #[schemars(extend("default" = defaults::TRAINING.to_string()))]
    pub training: Option<Duration>,
    /// Learning curve after training: proficiency and quality rise linearly from the
    /// new-hire values to 1 over this time. Default "0s".
    #[schemars(extend("default" = defaults::RAMP.to_string()))]
    pub ramp: Option<Duration>,
    /// Proficiency multiplier of a new agent right after training, 0–1. Default 1.
    #[schemars(extend("default" = defaults::NEW_HIRE_PROFICIENCY))]
    pub new_hire_proficiency: Option<f64>,
    /// Quality multiplier of a new agent right after training, 0–1. Default 1.
    #[schemars(extend("default" = defaults::NEW_HIRE_QUALITY))]
    pub new_hire_quality: Option<f64>,
    /// Share of the agents at the start who have just finished training, 0–1.
    /// Default 0.
    #[schemars(extend("default" = defaults::NEW_HIRE_SHARE))]
    pub new_hire_share: Option<f64>,
    /// In-house: recruiting cost of each agent who joins after the start. Default 0.
    #[schemars(extend("default" = defaults::HIRE_COST))]
    pub hiring_cost: Option<f64>,
    /// Outsourced: the vendor's onboarding fee for each agent who joins after the
    /// start. Default 0.
    #[schemars(extend("default" = defaults::HIRE_COST))]
    pub onboarding_fee: Option<f64>,
    /// Outsourced: in-house time spent managing the vendor.
    pub vendor_management: Option<RawVendorManagement>,
    /// Overworked agents: when the team's recent occupancy exceeds `threshold`,
    /// satisfaction is multiplied by `factor`.
    pub overload: Option<RawOverload>,
    /// In-house: an agent's hourly wage, in the scenario's currency, paid for every
    /// scheduled hour (shrinkage is paid time).
    pub wage: Option<f64>,
    /// In-house: employer load on wages and lead wages (benefits, taxes, office) as a
    /// fraction: 0.43 = +43 %. Default 0.
    #[schemars(extend("default" = defaults::OVERHEAD))]
    pub overhead: Option<f64>,
    /// In-house: extra pay for scheduled hours in the `night` window, as a fraction
    /// of the wage (0.15 = +15 %). Default 0.
    #[schemars(extend("default" = defaults::NIGHT_PREMIUM))]
    pub night_premium: Option<f64>,
    /// In-house: the night window of the premium. Default 22:00–06:00.
    #[schemars(extend("default" = { "start": defaults::NIGHT.0.to_string(), "end": defaults::NIGHT.1.to_string() }))]
    pub night: Option<RawNight>,
    /// In-house: team leads, one per `span` scheduled agents (rounded up).
    pub supervisors: Option<RawSupervisors>,
    /// Outsourced: the vendor's price, `{ per_hour = 14.0 }` per scheduled agent hour,
    /// or `{ per_ticket = 3.5, monthly_minimum = 20000 }` per handled contact.
    pub price: Option<RawPrice>,
}

/// A kind of contact channel, with its published satisfaction level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// Phone calls.
    Voice,
    /// Live chat.
    Chat,
    /// Email and web forms.
    Email,
    /// Social media (and messaging).
    Social,
}

/// A named set of realistic team defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Preset {
    /// An employed team: slow hiring, lower turnover, higher quality.
    InHouse,
    /// A vendor in the same country.
    OnshoreBpo,
    /// A vendor abroad: cheap, fast to hire, high turnover.
    OffshoreBpo,
    /// Individual contractors: fastest to hire, shortest training.
    Freelance,
    /// A best-in-class vendor: world-class first-contact resolution, in-house quality.
    PremiumBpo,
}

/// First-contact resolution of a team: one probability, or one per channel.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum RawResolution {
    /// The same probability on every channel.
    All(f64),
    /// A probability per channel the team serves.
    PerChannel(IndexMap<String, f64>),
}

/// In-house time spent managing a vendor.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawVendorManagement {
    /// Hours per week.
    pub hours_per_week: f64,
    /// Hourly cost of that time.
    pub wage: f64,
}

/// Unresolved contacts that come back as new contacts of the same channel.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRepeat {
    /// Probability that an unresolved contact comes back, 0–1.
    pub probability: f64,
    /// Time from the end of the unresolved contact to the repeat contact.
    pub delay: RawDist,
}

/// The overload effect on satisfaction.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOverload {
    /// Occupancy above which agents count as overworked, 0–1. Default 0.9.
    #[schemars(extend("default" = defaults::OVERLOAD_THRESHOLD))]
    pub threshold: Option<f64>,
    /// Satisfaction multiplier while overworked, 0–1. Default 0.9.
    #[schemars(extend("default" = defaults::OVERLOAD_FACTOR))]
    pub factor: Option<f64>,
    /// Time constant of the exponentially weighted recent occupancy. Default "1h".
    #[schemars(extend("default" = defaults::OVERLOAD_WINDOW.to_string()))]
    pub window: Option<Duration>,
}

/// A daily time window.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNight {
    /// Start "HH:MM".
    pub start: TimeOfDay,
    /// End "HH:MM"; earlier than `start` means the next morning.
    pub end: TimeOfDay,
}

/// Team leads of an in-house team.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSupervisors {
    /// Scheduled agents per lead (8–15 is usual).
    pub span: u32,
    /// A lead's hourly wage.
    pub wage: f64,
}

/// A vendor's price.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPrice {
    /// Price per scheduled agent hour.
    pub per_hour: Option<f64>,
    /// Price per handled contact.
    pub per_ticket: Option<f64>,
    /// With `per_ticket`: minimum bill per month, prorated to the horizon. Default 0.
    #[schemars(extend("default" = defaults::MONTHLY_MINIMUM))]
    pub monthly_minimum: Option<f64>,
}

/// A team's headcount: constant, or varying over calendar periods.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum RawAgents {
    /// Agents on duty whenever the schedule is open.
    Fixed(u32),
    /// Headcount periods (e.g. a vendor surge), plus at most one entry without
    /// `from`/`to`: the headcount outside the periods (default 0).
    Periods(Vec<RawAgentPeriod>),
}

/// A headcount period of a team.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAgentPeriod {
    /// Start of the period, inclusive (a date means its midnight). Omit `from` and
    /// `to` for the headcount outside all periods.
    pub from: Option<When>,
    /// End of the period, exclusive (a date means its midnight).
    pub to: Option<When>,
    /// Agents on duty during the period whenever the schedule is open.
    pub agents: u32,
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
    #[schemars(extend("default" = defaults::DAYS.to_string()))]
    pub days: Option<Weekdays>,
    /// Opening time "HH:MM".
    pub start: TimeOfDay,
    /// Closing time "HH:MM"; earlier than `start` means the next day.
    pub end: TimeOfDay,
}

/// A channel's opening hours: a name, one window or a list of windows.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum RawOpenHours {
    /// "24/7" or "business_hours".
    Named(String),
    /// One window on given days.
    Window(RawHours),
    /// Several windows; the channel is open during any of them.
    Windows(Vec<RawHours>),
}

/// A shift.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawShift {
    /// Days the shift starts on: "mon-fri", "sat,sun", "all". Default "all".
    #[schemars(extend("default" = defaults::DAYS.to_string()))]
    pub days: Option<Weekdays>,
    /// Start "HH:MM".
    pub start: TimeOfDay,
    /// End "HH:MM"; earlier than `start` means the shift ends the next day.
    pub end: TimeOfDay,
    /// Agents on this shift.
    pub agents: u32,
}

/// A staffing plan: the base scenario with overrides.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// Unique plan name shown in reports (not "base", the name of the base scenario).
    pub name: String,
    /// What the plan does; shown in reports.
    pub description: Option<String>,
    /// Overrides of channel settings, e.g. `channels.chat.concurrency = 3`.
    #[schemars(with = "Option<NestedOverrides>")]
    pub channels: Option<toml::Table>,
    /// Overrides of team settings, e.g. `teams.vendor.agents = 60`, or whole new teams.
    #[schemars(with = "Option<NestedOverrides>")]
    pub teams: Option<toml::Table>,
    /// Overrides of routing lists, e.g. `routing.phone = ["core", "vendor"]`.
    #[schemars(with = "Option<Overrides>")]
    pub routing: Option<toml::Table>,
    /// Overrides of demand settings, e.g. `demand.forecast_error = 0.2`.
    #[schemars(with = "Option<Overrides>")]
    pub demand: Option<toml::Table>,
    /// Demand surges of this plan; replaces the base scenario's list.
    pub surges: Option<Vec<RawSurge>>,
}

/// Schema stand-in for an override table (any keys of the table it overrides).
pub struct Overrides;

impl JsonSchema for Overrides {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Overrides".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "description": "Keys of the base scenario's table to override; they are merged into it and validated like the base scenario."
        })
    }
}

/// Schema stand-in for an override table of named tables (channels, teams).
pub struct NestedOverrides;

impl JsonSchema for NestedOverrides {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NestedOverrides".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": { "type": "object" },
            "description": "Per name, keys of the base scenario's table to override; they are merged into it and validated like the base scenario."
        })
    }
}

/// The values a sweep gives one numeric field: a list, or a range with a step.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(untagged)]
pub enum RawSweepAxis {
    /// The values, e.g. `[20, 25, 30]`.
    Values(Vec<f64>),
    /// Values from `from` to `to` (inclusive when a step lands on it) every `step`.
    Range(RawSweepRange),
}

/// A range of sweep values.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSweepRange {
    /// First value.
    pub from: f64,
    /// Last value, included when `from` plus a whole number of steps reaches it.
    pub to: f64,
    /// Distance between values, greater than 0.
    pub step: f64,
}

/// Targets every plan is judged by.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTargets {
    /// Required probability (share of replications) that a plan meets all targets
    /// together, greater than 0 and less than 1. Default 0.9.
    #[schemars(extend("default" = defaults::CONFIDENCE))]
    pub confidence: Option<f64>,
    /// Whether every channel with a `service_level.target` must meet it. Default true.
    #[schemars(extend("default" = defaults::TARGETS_SERVICE_LEVEL))]
    pub service_level: Option<bool>,
    /// Upper bound of the median wait of answered contacts, met by each channel on
    /// its own (one target per channel; `[targets.channels.NAME]` overrides it).
    pub median_wait: Option<Duration>,
    /// Upper bound of the average speed of answer, met by each channel on its own.
    pub asa: Option<Duration>,
    /// Upper bound of the share of offered contacts that abandon, met by each
    /// channel on its own.
    pub abandon_rate: Option<f64>,
    /// Upper bound of the agents' occupancy, all teams together (an overwork guard).
    pub occupancy: Option<f64>,
    /// Lower bound of CSAT, all channels together (expected share of satisfied
    /// customers among offered contacts; abandoned ones count as dissatisfied).
    pub csat: Option<f64>,
    /// Targets of single channels by name; they override the per-channel targets
    /// set above.
    #[serde(default)]
    pub channels: IndexMap<String, RawChannelTargets>,
    /// Waiting-time targets of all channels pooled together, only where asked for.
    pub pooled: Option<RawPooledTargets>,
}

/// Waiting-time targets of all channels pooled together (phone seconds and email
/// hours in one distribution: meaningful only when the channels wait alike).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPooledTargets {
    /// Upper bound of the median wait of answered contacts, all channels pooled.
    pub median_wait: Option<Duration>,
    /// Upper bound of the average speed of answer, all channels pooled.
    pub asa: Option<Duration>,
    /// Upper bound of the share of offered contacts that abandon, all channels
    /// pooled.
    pub abandon_rate: Option<f64>,
}

/// Targets of one channel.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawChannelTargets {
    /// Lower bound of the channel's service level (share answered within its
    /// `service_level.within`); replaces the channel's own `service_level.target`.
    pub service_level: Option<f64>,
    /// Upper bound of the channel's median wait of answered contacts; replaces
    /// `[targets] median_wait` for this channel.
    pub median_wait: Option<Duration>,
    /// Upper bound of the channel's average speed of answer; replaces
    /// `[targets] asa` for this channel.
    pub asa: Option<Duration>,
    /// Upper bound of the channel's abandon rate; replaces `[targets]
    /// abandon_rate` for this channel.
    pub abandon_rate: Option<f64>,
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
    #[schemars(extend("default" = defaults::ROUTE_AFTER.to_string()))]
    pub after: Option<Duration>,
}
