//! The look shared by every chart: the embedded font, colours, text sizes and the
//! number and time formats of tick labels.

use std::sync::OnceLock;

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, register_font};

use super::error::ChartError;

/// DejaVu Sans (assets/DejaVuSans.ttf, licence beside it). Registered with plotters
/// so PNGs render text without system font packages.
pub(super) static FONT_BYTES: &[u8] = include_bytes!("../../../assets/DejaVuSans.ttf");

/// Registers the embedded font as plotters' "sans-serif", once per process.
pub(super) fn ensure_font() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED
        .get_or_init(|| register_font("sans-serif", FontStyle::Normal, FONT_BYTES).is_ok());
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

/// Plan colours: the Okabe–Ito palette, distinguishable with the common forms of
/// colour blindness (its yellow is left out: too pale on white).
pub(super) const PLAN_COLOURS: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
];

/// Cost-component colours: Paul Tol's colour-blind-safe "light" scheme (its pale
/// grey left out: churn is grey), then "muted" purple, distinct from the plan
/// colours so a stacked bar never looks like a plan.
pub(super) const PART_COLOURS: [RGBColor; 9] = [
    RGBColor(0x77, 0xAA, 0xDD),
    RGBColor(0xEE, 0x88, 0x66),
    RGBColor(0xEE, 0xDD, 0x88),
    RGBColor(0x44, 0xBB, 0x99),
    RGBColor(0xFF, 0xAA, 0xBB),
    RGBColor(0x99, 0xDD, 0xFF),
    RGBColor(0xBB, 0xCC, 0x33),
    RGBColor(0xAA, 0xAA, 0x00),
    RGBColor(0xAA, 0x44, 0x99),
];

/// Text and axes.
pub(super) const INK: RGBColor = RGBColor(0x30, 0x30, 0x30);
/// Secondary text, plans not highlighted.
pub(super) const MUTED: RGBColor = RGBColor(0x8C, 0x8C, 0x8C);
/// Major grid lines.
pub(super) const GRID: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);
/// Minor grid lines.
pub(super) const GRID_LIGHT: RGBColor = RGBColor(0xF0, 0xF0, 0xF0);
/// Targets and thresholds.
pub(super) const TARGET: RGBColor = RGBColor(0xB0, 0x00, 0x20);

/// Chart width in pixels (PNG) and user units (SVG).
pub(super) const WIDTH: u32 = 1400;

/// A text style of the embedded font.
pub(super) fn text(size: f64, colour: RGBColor) -> TextStyle<'static> {
    TextStyle {
        font: FontDesc::new(FontFamily::SansSerif, size, FontStyle::Normal),
        color: colour.to_backend_color(),
        pos: Pos::default(),
    }
}

/// Chart titles.
pub(super) fn title() -> TextStyle<'static> {
    text(26.0, INK)
}

/// Panel captions.
pub(super) fn caption() -> TextStyle<'static> {
    text(19.0, INK)
}

/// Axis titles.
pub(super) fn axis_title() -> TextStyle<'static> {
    text(16.0, INK)
}

/// Tick labels.
pub(super) fn tick() -> TextStyle<'static> {
    text(14.0, INK)
}

/// Legend entries.
pub(super) fn legend() -> TextStyle<'static> {
    text(15.0, INK)
}

/// Notes under a chart.
pub(super) fn note() -> TextStyle<'static> {
    text(14.0, MUTED)
}

/// Text anchored at its left end, vertically centred.
pub(super) fn left_middle() -> Pos {
    Pos::new(HPos::Left, VPos::Center)
}

/// Text centred on its anchor.
pub(super) fn centred() -> Pos {
    Pos::new(HPos::Center, VPos::Center)
}

/// A panel's chart builder in the house layout: `caption` above (none when
/// empty), room for tick labels and the axis titles, `y_labels` pixels for the
/// y tick labels.
pub(super) fn panel<'a, 'b, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    caption: &str,
    y_labels: u32,
) -> ChartBuilder<'a, 'b, DB> {
    let mut b = ChartBuilder::on(area);
    if !caption.is_empty() {
        b.caption(caption, self::caption());
    }
    b.margin(10)
        .margin_right(24)
        .x_label_area_size(64)
        .y_label_area_size(y_labels);
    b
}

/// The house style of axes and grid lines.
pub(super) fn mesh<'a, 'b, 'm, X, Y, DB>(
    m: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    m.label_style(tick())
        .axis_desc_style(axis_title())
        .bold_line_style(GRID)
        .light_line_style(GRID_LIGHT)
        .max_light_lines(1)
}

/// Width in pixels of `s` in `style` (an estimate from the font's advances, the
/// same for SVG and PNG).
pub(super) fn text_width(s: &str, style: &TextStyle<'_>) -> u32 {
    style.font.box_size(s).map_or(0, |(w, _)| w)
}

/// A number in a compact form for ticks and labels: 950, 12.5k, 1.25M.
pub(super) fn compact(x: f64) -> String {
    let (v, unit) = match x.abs() {
        a if a >= 1e6 => (x / 1e6, "M"),
        a if a >= 1e3 => (x / 1e3, "k"),
        _ => (x, ""),
    };
    let digits = if v.abs() >= 100.0 || (unit.is_empty() && v.fract() == 0.0) {
        0
    } else if v.abs() >= 10.0 {
        1
    } else {
        2
    };
    let s = format!("{v:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    format!("{s}{unit}")
}

/// A duration in seconds as a tick label: 20 s, 5 min, 4 h, 2 d.
pub(super) fn duration(s: f64) -> String {
    let (v, unit) = match s {
        s if s >= 86_400.0 => (s / 86_400.0, "d"),
        s if s >= 3600.0 => (s / 3600.0, "h"),
        s if s >= 60.0 => (s / 60.0, "min"),
        _ => (s, "s"),
    };
    if v.fract().abs() < 1e-9 {
        format!("{v:.0} {unit}")
    } else {
        format!("{v:.1} {unit}")
    }
}

/// `name` cut to at most `max` characters with an ellipsis, for labels.
pub(super) fn shorten(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let cut: String = name.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// A lighter version of `c` (mixed with white by `amount` in 0..1).
pub(super) fn lighten(c: RGBColor, amount: f64) -> RGBColor {
    let mix = |v: u8| (f64::from(v) + (255.0 - f64::from(v)) * amount).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// Black or white, whichever reads better on `background`.
pub(super) fn on(background: RGBColor) -> RGBColor {
    let lum = 0.299 * f64::from(background.0)
        + 0.587 * f64::from(background.1)
        + 0.114 * f64::from(background.2);
    if lum > 140.0 { BLACK } else { WHITE }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_numbers() {
        assert_eq!(compact(950.0), "950");
        assert_eq!(compact(12_500.0), "12.5k");
        assert_eq!(compact(150_000.0), "150k");
        assert_eq!(compact(1_250_000.0), "1.25M");
        assert_eq!(compact(2.5), "2.5");
        assert_eq!(compact(0.0), "0");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(20.0), "20 s");
        assert_eq!(duration(300.0), "5 min");
        assert_eq!(duration(14_400.0), "4 h");
        assert_eq!(duration(5400.0), "1.5 h");
    }

    #[test]
    fn shortened_names() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
