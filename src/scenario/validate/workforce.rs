//! The workforce keys of a team — presets, attrition, hiring, training, learning
//! curve, hiring and vendor costs — validated into the model's [`Workforce`].

use crate::model::{TeamKind, VendorManagement, Workforce, YEAR_S};
use crate::scenario::defaults;
use crate::scenario::diagnostics::{Bounds, Ctx};
use crate::scenario::raw::{Preset, RawResolution, RawTeam};
use crate::scenario::units::Duration;

/// The values a preset fills in (see docs/model.md for the sources).
struct PresetValues {
    kind: TeamKind,
    attrition: f64,
    hiring_lag_days: f64,
    training_days: f64,
    ramp_days: f64,
    new_hire_proficiency: f64,
    new_hire_quality: f64,
    quality: f64,
    resolution: f64,
    shrinkage: f64,
    /// In-house cost details, applied only to a team with a `wage`:
    /// (overhead, night premium, hiring cost).
    in_house_costs: Option<(f64, f64, f64)>,
}

/// A preset as written in a scenario file.
fn preset_name(p: Preset) -> &'static str {
    match p {
        Preset::InHouse => "in_house",
        Preset::OnshoreBpo => "onshore_bpo",
        Preset::OffshoreBpo => "offshore_bpo",
        Preset::Freelance => "freelance",
        Preset::PremiumBpo => "premium_bpo",
    }
}

/// A team kind as written in a scenario file.
fn kind_name(k: TeamKind) -> &'static str {
    match k {
        TeamKind::InHouse => "in_house",
        TeamKind::Outsourced => "outsourced",
    }
}

fn preset_values(p: Preset) -> PresetValues {
    match p {
        Preset::InHouse => PresetValues {
            kind: TeamKind::InHouse,
            attrition: 0.35,
            hiring_lag_days: 42.0,
            training_days: 21.0,
            ramp_days: 84.0,
            new_hire_proficiency: 0.6,
            new_hire_quality: 0.9,
            quality: 1.0,
            resolution: 0.75,
            shrinkage: 0.33,
            in_house_costs: Some((0.43, 0.125, 4_129.0)),
        },
        Preset::OnshoreBpo => PresetValues {
            kind: TeamKind::Outsourced,
            attrition: 0.4,
            hiring_lag_days: 14.0,
            training_days: 14.0,
            ramp_days: 56.0,
            new_hire_proficiency: 0.6,
            new_hire_quality: 0.85,
            quality: 0.97,
            resolution: 0.7,
            shrinkage: 0.3,
            in_house_costs: None,
        },
        Preset::OffshoreBpo => PresetValues {
            kind: TeamKind::Outsourced,
            attrition: 0.65,
            hiring_lag_days: 14.0,
            training_days: 21.0,
            ramp_days: 70.0,
            new_hire_proficiency: 0.55,
            new_hire_quality: 0.85,
            quality: 0.93,
            resolution: 0.67,
            shrinkage: 0.3,
            in_house_costs: None,
        },
        Preset::Freelance => PresetValues {
            kind: TeamKind::Outsourced,
            attrition: 0.5,
            hiring_lag_days: 7.0,
            training_days: 7.0,
            ramp_days: 42.0,
            new_hire_proficiency: 0.65,
            new_hire_quality: 0.85,
            quality: 0.93,
            resolution: 0.68,
            shrinkage: 0.15,
            in_house_costs: None,
        },
        Preset::PremiumBpo => PresetValues {
            kind: TeamKind::Outsourced,
            attrition: 0.3,
            hiring_lag_days: 14.0,
            training_days: 21.0,
            ramp_days: 56.0,
            new_hire_proficiency: 0.6,
            new_hire_quality: 0.9,
            quality: 1.0,
            resolution: 0.82,
            shrinkage: 0.3,
            in_house_costs: None,
        },
    }
}

/// The team as written, with every key it leaves out filled from its preset, and its
/// kind (`None` after reporting a missing or contradictory kind).
pub(super) fn with_preset(cx: &mut Ctx, name: &str, t: &RawTeam) -> (RawTeam, Option<TeamKind>) {
    let Some(preset) = t.preset else {
        if t.kind.is_none() {
            cx.err(
                &["teams", name],
                format!("team \"{name}\" has no `kind`"),
                "add kind = \"in_house\" or kind = \"outsourced\", or a preset such as preset = \"offshore_bpo\"",
            );
        }
        return (t.clone(), t.kind);
    };
    let v = preset_values(preset);
    if let Some(kind) = t.kind
        && kind != v.kind
    {
        cx.err(
            &["teams", name, "kind"],
            format!(
                "preset \"{}\" describes a team of kind \"{}\", but the team's kind is \"{}\"",
                preset_name(preset),
                kind_name(v.kind),
                kind_name(kind)
            ),
            "remove `kind` (the preset implies it), or choose a preset of the same kind: \"in_house\" for employed teams; \"onshore_bpo\", \"offshore_bpo\", \"premium_bpo\" or \"freelance\" for vendors",
        );
        return (t.clone(), None);
    }
    let days = |d: f64| Some(Duration(d * 86_400.0));
    let mut out = t.clone();
    out.kind = Some(v.kind);
    out.attrition = t.attrition.or(Some(v.attrition));
    out.hiring_lag = t.hiring_lag.or(days(v.hiring_lag_days));
    out.training = t.training.or(days(v.training_days));
    out.ramp = t.ramp.or(days(v.ramp_days));
    out.new_hire_proficiency = t.new_hire_proficiency.or(Some(v.new_hire_proficiency));
    out.new_hire_quality = t.new_hire_quality.or(Some(v.new_hire_quality));
    out.quality = t.quality.or(Some(v.quality));
    out.resolution = t
        .resolution
        .clone()
        .or(Some(RawResolution::All(v.resolution)));
    out.shrinkage = t.shrinkage.or(Some(v.shrinkage));
    if let Some((overhead, night_premium, hiring_cost)) = v.in_house_costs
        && t.wage.is_some()
    {
        out.overhead = t.overhead.or(Some(overhead));
        out.night_premium = t.night_premium.or(Some(night_premium));
        out.hiring_cost = t.hiring_cost.or(Some(hiring_cost));
    }
    (out, Some(v.kind))
}

/// Attrition, hiring, training and the learning curve of team `name`.
pub(super) fn workforce(cx: &mut Ctx, name: &str, t: &RawTeam) -> Workforce {
    let p = |k: &'static str| ["teams", name, k];
    let share = |cx: &mut Ctx, k: &'static str, v: Option<f64>, default: f64, help: &str| {
        cx.number(&p(k), v, default, Bounds::within(0.0, 1.0), help)
    };
    let attrition = cx.number(
        &p("attrition"),
        t.attrition,
        defaults::ATTRITION,
        Bounds::within(0.0, 20.0),
        "leavers per agent per year, e.g. 0.35 for 35 % (in-house 0.30–0.40, offshore BPO 0.50–0.80)",
    );
    let mut time = |k: &'static str, v: Option<Duration>, default: Duration, help: &str| {
        let secs = v.unwrap_or(default).secs();
        if !(0.0..=5.0 * YEAR_S).contains(&secs) {
            cx.err(
                &p(k),
                format!("{k} must be between 0s and 5 years, got {}", Duration(secs)),
                help,
            );
        }
        secs
    };
    let hiring_lag_s = time(
        "hiring_lag",
        t.hiring_lag,
        defaults::HIRING_LAG,
        "e.g. hiring_lag = \"6w\" for an in-house hire, \"2w\" for a vendor",
    );
    let training_s = time(
        "training",
        t.training,
        defaults::TRAINING,
        "new agents usually train 2–4 weeks, e.g. training = \"3w\"",
    );
    let ramp_s = time(
        "ramp",
        t.ramp,
        defaults::RAMP,
        "the learning curve after training, e.g. ramp = \"12w\"",
    );
    Workforce {
        attrition_per_s: attrition / YEAR_S,
        hiring_lag_s,
        training_s,
        ramp_s,
        new_hire_proficiency: cx.number(
            &p("new_hire_proficiency"),
            t.new_hire_proficiency,
            defaults::NEW_HIRE_PROFICIENCY,
            Bounds::above(0.0, 1.0),
            "new agents take 1.5–1.9× as long as tenured ones: a proficiency of 0.55–0.65",
        ),
        new_hire_quality: share(
            cx,
            "new_hire_quality",
            t.new_hire_quality,
            defaults::NEW_HIRE_QUALITY,
            "a satisfaction multiplier of new agents, e.g. 0.9",
        ),
        new_hire_share: share(
            cx,
            "new_hire_share",
            t.new_hire_share,
            defaults::NEW_HIRE_SHARE,
            "the share of agents at the start who have just finished training, e.g. 0.2",
        ),
    }
}

/// The cost of each agent who joins after the start, and vendor management; both
/// checked against the team's kind.
pub(super) fn hire_costs(
    cx: &mut Ctx,
    name: &str,
    t: &RawTeam,
    kind: TeamKind,
    priced: bool,
) -> (f64, Option<VendorManagement>) {
    let p = |k: &'static str| ["teams", name, k];
    let (own, other, own_key) = match kind {
        TeamKind::InHouse => (t.hiring_cost, t.onboarding_fee, "hiring_cost"),
        TeamKind::Outsourced => (t.onboarding_fee, t.hiring_cost, "onboarding_fee"),
    };
    let other_key = if own_key == "hiring_cost" {
        "onboarding_fee"
    } else {
        "hiring_cost"
    };
    if other.is_some() {
        cx.err_key(
            &p(other_key),
            format!(
                "`{other_key}` does not apply to a team of kind \"{}\"",
                kind_name(kind)
            ),
            format!("use `{own_key}`: hiring_cost is an in-house recruiting cost, onboarding_fee a vendor's fee per new agent"),
        );
    }
    if kind == TeamKind::InHouse && t.vendor_management.is_some() {
        cx.err_key(
            &p("vendor_management"),
            "`vendor_management` applies to outsourced teams",
            "remove it, or move it to the vendor's team",
        );
    }
    // Point at the cost that needs pay.
    let given = [
        (own_key, own.is_some()),
        ("vendor_management", t.vendor_management.is_some()),
    ]
    .into_iter()
    .find_map(|(k, given)| given.then_some(k));
    if let Some(key) = given
        && !priced
    {
        cx.err_key(
            &p(key),
            format!("team \"{name}\" has `{key}` but no pay"),
            if kind == TeamKind::InHouse {
                format!("add wage = … (per hour), or remove `{key}`")
            } else {
                format!(
                    "add price = {{ per_hour = … }} or price = {{ per_ticket = … }}, or remove `{key}`"
                )
            },
        );
    }
    let per_hire = cx.number(
        &p(own_key),
        own,
        defaults::HIRE_COST,
        Bounds::within(0.0, 1e7),
        "a cost per new agent, e.g. 4700",
    );
    let management = t.vendor_management.as_ref().map(|m| {
        let q = |k: &'static str| ["teams", name, "vendor_management", k];
        VendorManagement {
            hours_per_week: cx.value(
                &q("hours_per_week"),
                m.hours_per_week,
                Bounds::within(0.0, 168.0),
                "e.g. hours_per_week = 10",
            ),
            wage: cx.value(
                &q("wage"),
                m.wage,
                Bounds::within(0.0, 10_000.0),
                "an hourly cost, e.g. wage = 40",
            ),
        }
    });
    (per_hire, management)
}
