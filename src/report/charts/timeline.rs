//! The interval timeline: above, the offered workload (in agents' worth of work)
//! against the agents each plan has available; below, each plan's service level
//! per interval, pooled over replications, with its p10–p90 band across them. Time
//! runs in calendar dates and hours over the statistics window: the warm-up (which
//! may be weeks of hiring and training before a surge) is left out, as it is from
//! the KPIs.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::context::Ctx;
use super::frame::{DrawResult, Figure, NOTE_H, TITLE_H};
use super::legend::{Legend, Mark};
use super::range::{decimals, padded};
use super::{style, ticks};
use crate::kpi::Kpi;
use crate::stats::{Band, INTERVAL_KPIS};

/// File stem.
pub(super) const NAME: &str = "timeline";

/// Most points per curve: longer runs are averaged over consecutive intervals.
const MAX_POINTS: usize = 700;
/// Height of the workload panel.
const TOP_H: u32 = 400;
/// Height of the service-level panel.
const BOTTOM_H: u32 = 380;

/// One plan's series, over groups of `bucket` intervals each.
struct Series {
    plan: usize,
    /// Offered workload in agents (contacts × mean handle time ÷ concurrency ÷ time).
    workload: Vec<f64>,
    /// Agents available on average.
    agents: Vec<f64>,
    /// Service level in %: the pooled estimate, p10, p90 (NaN without contacts).
    sl: Vec<[f64; 3]>,
}

pub(super) struct Timeline<'c, 'r, 'a> {
    ctx: &'c Ctx<'r, 'a>,
    series: Vec<Series>,
    /// Hours from `origin` of each point (bucket midpoints).
    hours: Vec<f64>,
    /// Calendar time of hour 0: the first reporting interval after the warm-up.
    origin: jiff::civil::DateTime,
    /// Intervals per point.
    bucket: usize,
    /// Hours covered.
    span_h: f64,
    /// Whether every plan faces the same workload (drawn once).
    same_workload: bool,
    legend: Legend,
}

/// Index of an interval KPI.
fn kpi(kpi: Kpi) -> Option<usize> {
    INTERVAL_KPIS.iter().position(|k| *k == kpi)
}

/// Averages of `values` over consecutive groups of `bucket`, ignoring NaN.
fn averaged(values: &[f64], bucket: usize) -> Vec<f64> {
    values
        .chunks(bucket)
        .map(|c| {
            let (sum, n) = c
                .iter()
                .filter(|v| !v.is_nan())
                .fold((0.0, 0), |(s, n), v| (s + v, n + 1));
            if n == 0 { f64::NAN } else { sum / f64::from(n) }
        })
        .collect()
}

/// The timeline, when the run has intervals.
pub(super) fn build<'c, 'r, 'a>(ctx: &'c Ctx<'r, 'a>) -> Option<Timeline<'c, 'r, 'a>> {
    let (agents_k, sl_k) = (kpi(Kpi::AgentsAvailable)?, kpi(Kpi::ServiceLevel)?);
    let first = &ctx.run.plans[*ctx.shown.first()?].intervals;
    let base = ctx.run.study.base();
    // Intervals wholly inside the warm-up are left out (unless that leaves too few).
    let skip = (base.warmup_s / base.interval_s).floor() as usize;
    let skip = if skip + 2 <= first.bands.len() {
        skip
    } else {
        0
    };
    let n = first.bands.len() - skip;
    if n < 2 || first.replications == 0 {
        return None;
    }
    let origin = base
        .start
        .checked_add(jiff::SignedDuration::from_secs_f64(
            skip as f64 * base.interval_s,
        ))
        .unwrap_or(base.start);
    let bucket = n.div_ceil(MAX_POINTS);
    let series: Vec<Series> = ctx
        .shown
        .iter()
        .map(|&i| {
            let iv = &ctx.run.plans[i].intervals;
            let m = ctx.run.model(i);
            let reps = iv.replications.max(1) as f64;
            let workload: Vec<f64> = (skip..iv.bands.len())
                .map(|k| {
                    m.channels
                        .iter()
                        .enumerate()
                        .map(|(c, ch)| {
                            iv.detail.channel(k, c).offered as f64 / reps * ch.handle_time.mean()
                                / f64::from(ch.concurrency)
                        })
                        .sum::<f64>()
                        / iv.lengths[k]
                })
                .collect();
            let band = |f: fn(&Band) -> f64, k: usize| -> Vec<f64> {
                iv.bands[skip..].iter().map(|b| f(&b[k])).collect()
            };
            // A point's estimate pools its intervals, as each interval's pools its
            // replications; the spread is the average of the intervals' spreads.
            let pooled = |k: usize| -> Vec<f64> {
                iv.bands[skip..]
                    .chunks(bucket)
                    .map(|c| Band::pooled(c.iter().map(|b| &b[k])))
                    .collect()
            };
            let spread = |f| averaged(&band(f, sl_k), bucket);
            Series {
                plan: i,
                workload: averaged(&workload, bucket),
                agents: pooled(agents_k),
                sl: pooled(sl_k)
                    .into_iter()
                    .zip(spread(Band::p10))
                    .zip(spread(Band::p90))
                    .map(|((m, lo), hi)| [100.0 * m, 100.0 * lo, 100.0 * hi])
                    .collect(),
            }
        })
        .collect();
    let interval_h = first.lengths[0] / 3600.0;
    let hours: Vec<f64> = (0..n.div_ceil(bucket))
        .map(|b| {
            let from = b * bucket;
            let to = ((b + 1) * bucket).min(n);
            (from + to) as f64 / 2.0 * interval_h
        })
        .collect();
    let span_h = first.lengths[skip..].iter().sum::<f64>() / 3600.0;
    let same_workload = series.windows(2).all(|w| {
        w[0].workload
            .iter()
            .zip(&w[1].workload)
            .all(|(a, b)| (a - b).abs() <= 1e-9 * a.abs().max(1.0))
    });
    let mut legend = Legend::default();
    ctx.plan_legend(&mut legend, Mark::Line);
    if same_workload {
        legend.add(Mark::Square(WORKLOAD), "offered workload");
    } else {
        legend.add(Mark::Dashed(style::INK), "offered workload (plan colour)");
    }
    legend.add(
        Mark::Square(style::lighten(style::PLAN_COLOURS[0], 0.8)),
        "band: 80 % of replications (p10–p90)",
    );
    Some(Timeline {
        ctx,
        series,
        hours,
        origin,
        bucket,
        span_h,
        same_workload,
        legend,
    })
}

/// A chart over calendar time.
type TimeChart<'b, DB> =
    ChartContext<'b, DB, Cartesian2d<ticks::Ticked, plotters::coord::types::RangedCoordf64>>;

/// Fill of the workload area.
const WORKLOAD: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);

/// The runs of consecutive points where `f` has a value.
fn segments<'s>(hours: &'s [f64], values: impl Iterator<Item = f64> + 's) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (&h, v) in hours.iter().zip(values) {
        if v.is_nan() {
            if !out.last().is_some_and(Vec::is_empty) {
                out.push(Vec::new());
            }
        } else if let Some(last) = out.last_mut() {
            last.push((h, v));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

impl Figure for Timeline<'_, '_, '_> {
    const NAME: &'static str = NAME;

    fn title(&self) -> String {
        "Demand against staffing, and service level, over time".into()
    }

    fn caption(&self) -> String {
        let mut s = String::from(
            "Over the statistics window (after the warm-up). Above: the offered workload (agents needed to handle every offered contact at 100 % occupancy) \
             against the agents each plan has available after shrinkage; below: service level per interval, \
             pooled over replications, with the band holding 80 % of replications.",
        );
        if self.bucket > 1 {
            s.push_str(&format!(
                " Each point pools {} consecutive reporting intervals.",
                self.bucket
            ));
        }
        s
    }

    fn note(&self) -> Option<String> {
        self.ctx.shown_note().or_else(|| {
            (self.bucket > 1).then(|| {
                format!(
                    "Each point pools {} reporting intervals; intervals.csv has every interval.",
                    self.bucket
                )
            })
        })
    }

    fn height(&self) -> u32 {
        TITLE_H + TOP_H + BOTTOM_H + self.legend.height() + NOTE_H + 8
    }

    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let (top, rest) = area.split_vertically(TOP_H);
        let (bottom, legend) = rest.split_vertically(BOTTOM_H);
        self.supply(&top)?;
        self.service(&bottom)?;
        self.legend.draw(&legend)
    }
}

impl Timeline<'_, '_, '_> {
    /// A chart over the time axis with the house style, `y` from `y0` to `y1`.
    fn frame<'b, DB: DrawingBackend>(
        &self,
        area: &'b DrawingArea<DB, Shift>,
        caption: &str,
        y_desc: &str,
        (y0, y1): (f64, f64),
    ) -> Result<TimeChart<'b, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
        let mut chart = style::panel(area, caption, 72)
            .x_label_area_size(40)
            .build_cartesian_2d(
                ticks::Ticked::new(0.0..self.span_h, ticks::calendar(self.origin, self.span_h)),
                y0..y1,
            )?;
        let yd = decimals(y1 - y0);
        style::mesh(&mut chart.configure_mesh())
            .y_desc(y_desc)
            .y_label_formatter(&|v| format!("{v:.yd$}"))
            .y_labels(6)
            .draw()?;
        Ok(chart)
    }

    /// Workload against agents available.
    fn supply<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let max = self
            .series
            .iter()
            .flat_map(|s| s.workload.iter().chain(&s.agents))
            .filter(|v| !v.is_nan())
            .fold(0.0, |m: f64, v| m.max(*v));
        let mut chart = self.frame(
            area,
            "Offered workload and agents available",
            "Agents (available / needed)",
            (0.0, (max * 1.1).max(1.0)),
        )?;
        if self.same_workload {
            if let Some(s) = self.series.first() {
                for seg in segments(&self.hours, s.workload.iter().copied()) {
                    chart.draw_series(AreaSeries::new(seg, 0.0, WORKLOAD.filled()))?;
                }
            }
        } else {
            for s in &self.series {
                for seg in segments(&self.hours, s.workload.iter().copied()) {
                    chart.draw_series(DashedLineSeries::new(
                        seg,
                        6,
                        4,
                        self.ctx.colour(s.plan).stroke_width(2),
                    ))?;
                }
            }
        }
        for s in &self.series {
            for seg in segments(&self.hours, s.agents.iter().copied()) {
                chart.draw_series(LineSeries::new(
                    seg,
                    self.ctx.colour(s.plan).stroke_width(2),
                ))?;
            }
        }
        Ok(())
    }

    /// Service level per interval with its band.
    fn service<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB> {
        let lo = self
            .series
            .iter()
            .flat_map(|s| s.sl.iter().map(|v| v[1]))
            .filter(|v| !v.is_nan())
            .fold(100.0, f64::min);
        let (y0, _) = padded(lo, 100.0, 0.05);
        let mut chart = self.frame(
            area,
            "Service level per interval",
            "Service level (% within threshold)",
            (y0.max(0.0), 100.0),
        )?;
        for s in &self.series {
            let fill = self.ctx.colour(s.plan).mix(0.18).filled();
            let hours: Vec<(f64, [f64; 3])> = self
                .hours
                .iter()
                .copied()
                .zip(s.sl.iter().copied())
                .collect();
            for run in hours.split(|(_, v)| v.iter().any(|x| x.is_nan())) {
                if run.len() < 2 {
                    continue;
                }
                let outline: Vec<(f64, f64)> = run
                    .iter()
                    .map(|(h, v)| (*h, v[2]))
                    .chain(run.iter().rev().map(|(h, v)| (*h, v[1])))
                    .collect();
                chart.draw_series(std::iter::once(Polygon::new(outline, fill)))?;
            }
        }
        for s in &self.series {
            for seg in segments(&self.hours, s.sl.iter().map(|v| v[0])) {
                chart.draw_series(LineSeries::new(
                    seg,
                    self.ctx.colour(s.plan).stroke_width(2),
                ))?;
            }
        }
        Ok(())
    }
}
