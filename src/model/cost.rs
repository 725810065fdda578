//! What a team costs: in-house wages with overhead, night premium, supervision,
//! paid training and hiring costs, or a vendor's price per agent hour or per handled
//! ticket with a monthly minimum, onboarding fees and the in-house time spent
//! managing the vendor. Pure functions of the paid time, hires and handled volume
//! within a period (the warm-up or the statistics window).

use std::ops::Range;

use super::pay::Pay;
use super::team::{StaffStep, Team};
use super::time::DAY_S;
use crate::kpi::Kpi;

/// Average month in seconds (365.25 / 12 days), for prorating monthly minimums.
pub const MONTH_S: f64 = 365.25 / 12.0 * DAY_S;

/// A team's cost over a period, by component.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CostBreakdown {
    /// Agents' base wages for time on the floor (training excluded).
    pub wages: f64,
    /// Overhead on wages, training wages and lead wages.
    pub overhead: f64,
    /// Night premium.
    pub night_premium: f64,
    /// Team leads' wages.
    pub supervision: f64,
    /// Wages of new hires in paid training.
    pub training: f64,
    /// Recruiting cost of in-house hires.
    pub hiring: f64,
    /// Vendor invoices for agent hours or tickets.
    pub vendor: f64,
    /// Vendor onboarding fees for new agents.
    pub onboarding: f64,
    /// In-house time managing the vendor.
    pub vendor_management: f64,
}

impl CostBreakdown {
    /// The components with their KPIs, in report order.
    pub fn components(&self) -> [(Kpi, f64); 9] {
        [
            (Kpi::CostWages, self.wages),
            (Kpi::CostOverhead, self.overhead),
            (Kpi::CostNightPremium, self.night_premium),
            (Kpi::CostSupervision, self.supervision),
            (Kpi::CostTraining, self.training),
            (Kpi::CostHiring, self.hiring),
            (Kpi::CostVendor, self.vendor),
            (Kpi::CostOnboarding, self.onboarding),
            (Kpi::CostVendorManagement, self.vendor_management),
        ]
    }

    /// The KPIs of the components, in report order.
    pub fn component_kpis() -> [Kpi; 9] {
        CostBreakdown::default().components().map(|(k, _)| k)
    }

    /// Sum of all components.
    pub fn total(&self) -> f64 {
        self.components().iter().map(|(_, v)| v).sum()
    }
}

impl std::ops::AddAssign for CostBreakdown {
    /// Adds every component; the destructuring names each field, so a component
    /// added to the struct but not summed here fails to compile.
    fn add_assign(&mut self, o: CostBreakdown) {
        let CostBreakdown {
            wages,
            overhead,
            night_premium,
            supervision,
            training,
            hiring,
            vendor,
            onboarding,
            vendor_management,
        } = o;
        self.wages += wages;
        self.overhead += overhead;
        self.night_premium += night_premium;
        self.supervision += supervision;
        self.training += training;
        self.hiring += hiring;
        self.vendor += vendor;
        self.onboarding += onboarding;
        self.vendor_management += vendor_management;
    }
}

/// What a team's agents did over a replication, as far as the cost of one period
/// is concerned.
#[derive(Debug, Clone, Copy)]
pub struct PaidTime<'a> {
    /// Scheduled seats held by an agent (on the floor or in training), as steps
    /// over the whole replication.
    pub held: &'a [StaffStep],
    /// Scheduled seats held by a trained agent, as steps over the whole replication.
    pub trained: &'a [StaffStep],
    /// Agents who joined during the period.
    pub hires: u64,
    /// Contacts whose service the team started during the period (what a
    /// per-ticket vendor bills).
    pub handled: u64,
}

/// Each step's level and the `[from, to)` it holds within `period`.
fn segments(steps: &[StaffStep], period: Range<f64>) -> impl Iterator<Item = (u32, f64, f64)> + '_ {
    let Range { start, end } = period;
    let ends = steps.iter().skip(1).map(|s| s.at_s as f64).chain([end]);
    steps
        .iter()
        .zip(ends)
        .map(move |(s, to)| {
            (
                s.agents,
                (s.at_s as f64).clamp(start, end),
                to.clamp(start, end),
            )
        })
        .filter(|(_, a, b)| b > a)
}

/// Time within `period` during which a team has at least one seat.
fn contracted_s(headcount: &[StaffStep], period: Range<f64>) -> f64 {
    segments(headcount, period)
        .filter(|(n, _, _)| *n > 0)
        .map(|(_, a, b)| b - a)
        .sum()
}

/// Integral of a staffing step function over `period`, agent·s.
pub fn paid_agent_s(steps: &[StaffStep], period: Range<f64>) -> f64 {
    segments(steps, period)
        .map(|(n, a, b)| f64::from(n) * (b - a))
        .sum()
}

/// Seconds of `[a, b)` inside the nightly window, where simulated time 0 is `offset_s`
/// seconds after a midnight.
pub fn night_seconds(a: f64, b: f64, offset_s: f64, night: (u32, u32)) -> f64 {
    let (start, end) = (f64::from(night.0), f64::from(night.1));
    let len = if end > start {
        end - start
    } else {
        end + DAY_S - start
    };
    let first = ((a + offset_s) / DAY_S).floor() as i64 - 1;
    let last = ((b + offset_s) / DAY_S).ceil() as i64;
    (first..=last)
        .map(|d| {
            let from = d as f64 * DAY_S + start - offset_s;
            (b.min(from + len) - a.max(from)).max(0.0)
        })
        .sum()
}

/// The cost of `team` over `period` (seconds from the start) given what its agents
/// did; time 0 is `offset_s` after a midnight.
///
/// In-house agents are paid for every scheduled hour of a seat they hold, training
/// included; a vendor bills the hours of trained agents only (its onboarding fee
/// covers training). Time-based costs (hours, night premium, leads, management time,
/// a monthly minimum) are the share of `period`; hires and tickets count in the
/// period they happen in (`paid`). So the costs of adjacent periods add up to the
/// cost of their union, except that a per-ticket vendor's minimum applies to each
/// period on its own.
pub fn team_cost(
    team: &Team,
    paid: PaidTime<'_>,
    period: Range<f64>,
    offset_s: f64,
) -> CostBreakdown {
    let hours = |steps: &[StaffStep]| paid_agent_s(steps, period.clone()) / 3600.0;
    let per_hire = team.hire_cost * paid.hires as f64;
    let length = period.end - period.start;
    let managing = team
        .vendor_management
        .map_or(0.0, |m| m.hours_per_week * m.wage * length / (7.0 * DAY_S));
    match &team.pay {
        Pay::Unpriced => CostBreakdown::default(),
        Pay::PerHour { rate } => CostBreakdown {
            vendor: rate * hours(paid.trained),
            onboarding: per_hire,
            vendor_management: managing,
            ..Default::default()
        },
        Pay::PerTicket {
            price,
            monthly_minimum,
        } => CostBreakdown {
            // The minimum runs while the contract has seats (a service booked only
            // for a surge costs nothing before it).
            vendor: (price * paid.handled as f64)
                .max(monthly_minimum * contracted_s(&team.headcount, period.clone()) / MONTH_S),
            onboarding: per_hire,
            vendor_management: managing,
            ..Default::default()
        },
        Pay::Wage(w) => {
            let held_h = hours(paid.held);
            let training = w.wage * (held_h - hours(paid.trained)).max(0.0);
            let night_h = segments(paid.held, period.clone())
                .map(|(n, a, b)| f64::from(n) * night_seconds(a, b, offset_s, w.night))
                .sum::<f64>()
                / 3600.0;
            let supervision = w.supervisors.map_or(0.0, |s| {
                let lead_h = segments(paid.held, period.clone())
                    .map(|(n, a, b)| f64::from(n.div_ceil(s.span)) * (b - a))
                    .sum::<f64>()
                    / 3600.0;
                s.wage * lead_h
            });
            let wages = w.wage * held_h - training;
            CostBreakdown {
                wages,
                overhead: w.overhead * (wages + training + supervision),
                night_premium: w.wage * w.night_premium * night_h,
                supervision,
                training,
                hiring: per_hire,
                ..Default::default()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Supervisors, TeamKind, VendorManagement, Wage, Workforce};

    fn steps(s: &[(u64, u32)]) -> Vec<StaffStep> {
        s.iter()
            .map(|&(at_s, agents)| StaffStep { at_s, agents })
            .collect()
    }

    fn team(pay: Pay, hire_cost: f64) -> Team {
        Team {
            name: "t".into(),
            kind: TeamKind::InHouse,
            skills: vec![Some(1.0)],
            headcount: Vec::new(),
            scheduled: Vec::new(),
            shrinkage: 0.0,
            pay,
            hire_cost,
            vendor_management: None,
            quality: 1.0,
            resolution: vec![1.0],
            overload: None,
            workforce: Workforce::default(),
            escalation: None,
        }
    }

    /// The cost of a team paid `pay` whose every scheduled seat was held by a
    /// trained agent.
    fn cost(pay: Pay, s: &[StaffStep], horizon: f64, handled: u64) -> CostBreakdown {
        let paid = PaidTime {
            held: s,
            trained: s,
            hires: 0,
            handled,
        };
        let mut t = team(pay, 0.0);
        t.headcount = s.to_vec();
        team_cost(&t, paid, 0.0..horizon, 0.0)
    }

    #[test]
    fn night_window_crossing_midnight() {
        let night = (22 * 3600, 6 * 3600);
        // A whole day from midnight holds 8 night hours.
        assert_eq!(night_seconds(0.0, DAY_S, 0.0, night), 8.0 * 3600.0);
        // 20:00–23:00 holds one; starting at 21:00 (offset) the first 2 h hold one.
        assert_eq!(
            night_seconds(20.0 * 3600.0, 23.0 * 3600.0, 0.0, night),
            3600.0
        );
        assert_eq!(night_seconds(0.0, 7200.0, 21.0 * 3600.0, night), 3600.0);
        // Day-time window.
        assert_eq!(
            night_seconds(0.0, 2.0 * DAY_S, 0.0, (9 * 3600, 17 * 3600)),
            16.0 * 3600.0
        );
    }

    /// Wage 20, overhead 0.5, a 10 % night premium 22:00–06:00, a lead (wage 30)
    /// per 8 agents.
    fn wage_with_leads() -> Pay {
        Pay::Wage(Wage {
            wage: 20.0,
            overhead: 0.5,
            night_premium: 0.1,
            night: (22 * 3600, 6 * 3600),
            supervisors: Some(Supervisors {
                span: 8,
                wage: 30.0,
            }),
        })
    }

    #[test]
    fn wage_cost_by_hand() {
        // 10 agents 00:00–12:00, then 4 agents to 24:00 of one day; span 8.
        let s = steps(&[(0, 10), (43_200, 4)]);
        let c = cost(wage_with_leads(), &s, DAY_S, 0);
        // Paid hours 10·12 + 4·12 = 168; night hours 10·6 + 4·2 = 68; leads 2·12 + 1·12 = 36 h.
        assert_eq!(c.wages, 20.0 * 168.0);
        assert_eq!(c.night_premium, 20.0 * 0.1 * 68.0);
        assert_eq!(c.supervision, 30.0 * 36.0);
        assert_eq!(c.overhead, 0.5 * (20.0 * 168.0 + 30.0 * 36.0));
        assert_eq!(c.total(), 3360.0 + 136.0 + 1080.0 + 2220.0);
    }

    #[test]
    fn vendor_prices() {
        let s = steps(&[(0, 5)]);
        let per_hour = cost(Pay::PerHour { rate: 14.0 }, &s, 7.0 * DAY_S, 999);
        assert_eq!(per_hour.vendor, 14.0 * 5.0 * 168.0);
        let ticket = Pay::PerTicket {
            price: 3.0,
            monthly_minimum: 10_000.0,
        };
        // A week is 7 / 30.4375 of a month: minimum 2299.8…; 500 tickets cost 1500 → minimum applies.
        let low = cost(ticket.clone(), &s, 7.0 * DAY_S, 500);
        assert!((low.vendor - 10_000.0 * 7.0 / 30.4375).abs() < 1e-9);
        assert_eq!(cost(ticket.clone(), &s, 7.0 * DAY_S, 1000).vendor, 3000.0);
        // Contracted for two of the seven days only: two days of minimum.
        let surge = steps(&[(0, 0), (86_400, 5), (3 * 86_400, 0)]);
        let two_days = cost(ticket, &surge, 7.0 * DAY_S, 0).vendor;
        assert!((two_days - 10_000.0 * 2.0 / 30.4375).abs() < 1e-9);
    }

    #[test]
    fn adjacent_periods_add_up_to_their_union() {
        // The day of `wage_cost_by_hand` split at 05:00 (inside the night window)
        // and at 12:00 (a staffing step): hours, night hours and lead hours split
        // exactly; a vendor's management time by the periods' lengths.
        let s = steps(&[(0, 10), (43_200, 4)]);
        let wage = team(wage_with_leads(), 0.0);
        let mut vendor = team(Pay::PerHour { rate: 12.0 }, 0.0);
        vendor.vendor_management = Some(VendorManagement {
            hours_per_week: 7.0,
            wage: 40.0,
        });
        let paid = PaidTime {
            held: &s,
            trained: &s,
            hires: 0,
            handled: 0,
        };
        for t in [&wage, &vendor] {
            let whole = team_cost(t, paid, 0.0..DAY_S, 0.0);
            for cut in [5.0 * 3600.0, 43_200.0] {
                let mut sum = team_cost(t, paid, 0.0..cut, 0.0);
                sum += team_cost(t, paid, cut..DAY_S, 0.0);
                for ((kpi, a), (_, b)) in sum.components().iter().zip(whole.components()) {
                    assert!((a - b).abs() <= 1e-9 * b.abs(), "{kpi}: {a} ≠ {b}");
                }
            }
        }
        // 00:00–05:00: 10 agents, all night hours, 2 leads; 5 h of a week's 7 h of
        // management.
        let early = team_cost(&wage, paid, 0.0..5.0 * 3600.0, 0.0);
        assert_eq!(early.wages, 20.0 * 50.0);
        assert_eq!(early.night_premium, 20.0 * 0.1 * 50.0);
        assert_eq!(early.supervision, 30.0 * 10.0);
        let managing = team_cost(&vendor, paid, 0.0..5.0 * 3600.0, 0.0).vendor_management;
        assert!((managing - 7.0 * 40.0 * 5.0 / 168.0).abs() < 1e-9);
    }

    #[test]
    fn a_monthly_minimum_applies_to_each_period_on_its_own() {
        let s = steps(&[(0, 5)]);
        let mut t = team(
            Pay::PerTicket {
                price: 3.0,
                monthly_minimum: 10_000.0,
            },
            0.0,
        );
        t.headcount = s.clone();
        let bill = |period: Range<f64>, handled| {
            let paid = PaidTime {
                held: &s,
                trained: &s,
                hires: 0,
                handled,
            };
            team_cost(&t, paid, period, 0.0).vendor
        };
        let month = 30.4375;
        // Two quiet days pay two days of minimum; five busy ones their tickets.
        assert!((bill(0.0..2.0 * DAY_S, 10) - 10_000.0 * 2.0 / month).abs() < 1e-9);
        assert_eq!(bill(2.0 * DAY_S..7.0 * DAY_S, 2000), 6000.0);
        // Over the week at once the 2010 tickets (6030) beat the minimum (2299.8).
        assert_eq!(bill(0.0..7.0 * DAY_S, 2010), 6030.0);
    }

    #[test]
    fn training_hires_and_vendor_management_by_hand() {
        // 10 seats held all day, 8 of them by trained agents: 2 × 24 h of training.
        let held = steps(&[(0, 10)]);
        let trained = steps(&[(0, 8)]);
        let wage = Pay::Wage(Wage {
            wage: 20.0,
            overhead: 0.5,
            night_premium: 0.0,
            night: (0, 0),
            supervisors: None,
        });
        let paid = PaidTime {
            held: &held,
            trained: &trained,
            hires: 3,
            handled: 0,
        };
        let c = team_cost(&team(wage, 4700.0), paid, 0.0..DAY_S, 0.0);
        assert_eq!(c.training, 20.0 * 48.0);
        assert_eq!(c.wages, 20.0 * 192.0);
        assert_eq!(c.overhead, 0.5 * 20.0 * 240.0);
        assert_eq!(c.hiring, 3.0 * 4700.0);
        // A vendor bills trained hours only, plus onboarding and management time.
        let mut vendor = team(Pay::PerHour { rate: 10.0 }, 300.0);
        vendor.vendor_management = Some(VendorManagement {
            hours_per_week: 14.0,
            wage: 50.0,
        });
        let v = team_cost(&vendor, paid, 0.0..7.0 * DAY_S, 0.0);
        assert_eq!(v.vendor, 10.0 * 8.0 * 168.0);
        assert_eq!(v.onboarding, 900.0);
        assert_eq!(v.vendor_management, 14.0 * 50.0);
        assert_eq!(v.total(), v.vendor + 900.0 + 700.0);
    }
}
