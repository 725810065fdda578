//! A legend drawn below the panels of a figure, wrapped over as many rows as it
//! needs, so it never hides data inside a plot.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::BODY_W;
use super::style;

/// Height of one legend row in pixels.
const ROW_H: u32 = 26;
/// Width of the symbol of an entry.
const MARK_W: i32 = 28;
/// Space between entries.
const GAP: u32 = 28;
/// Left inset of the legend in the body of a chart.
const INSET: i32 = 24;
/// Space above and below the legend.
const PAD: i32 = 8;
/// Width the entries are laid out in.
const WIDTH: u32 = BODY_W - INSET as u32;

/// How an entry is drawn.
#[derive(Debug, Clone, Copy)]
pub(super) enum Mark {
    /// A filled dot (a plan's point).
    Dot(RGBColor),
    /// A line (a plan's curve).
    Line(RGBColor),
    /// A dashed line (a frontier, a target, a threshold).
    Dashed(RGBColor),
    /// A filled square (a bar segment or a band).
    Square(RGBColor),
    /// A ring (the recommended plan).
    Ring(RGBColor),
}

/// The entries of a legend.
#[derive(Debug, Default)]
pub(super) struct Legend {
    entries: Vec<(Mark, String)>,
}

impl Legend {
    /// Adds an entry.
    pub(super) fn add(&mut self, mark: Mark, label: impl Into<String>) {
        self.entries.push((mark, label.into()));
    }

    /// Top-left corner of each entry when laid out in `width` pixels.
    fn layout(&self, width: u32) -> Vec<(i32, i32)> {
        let style = style::legend();
        let (mut x, mut y) = (0u32, 0u32);
        self.entries
            .iter()
            .map(|(_, label)| {
                let w = MARK_W as u32 + 8 + style::text_width(label, &style);
                if x > 0 && x + w > width {
                    x = 0;
                    y += ROW_H;
                }
                let at = (x as i32, y as i32);
                x += w + GAP;
                at
            })
            .collect()
    }

    /// Height the legend needs below a chart's panels (0 when empty).
    pub(super) fn height(&self) -> u32 {
        self.layout(WIDTH)
            .last()
            .map_or(0, |&(_, y)| y as u32 + ROW_H + 2 * PAD as u32)
    }

    /// Draws the legend at the top of `area`, the full width of a chart's body.
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let area = area.margin(PAD, 0, INSET, 0);
        let text = style::legend();
        for ((mark, label), (x, y)) in self.entries.iter().zip(self.layout(WIDTH)) {
            let mid = y + ROW_H as i32 / 2;
            match *mark {
                Mark::Dot(c) => area.draw(&Circle::new((x + MARK_W / 2, mid), 6, c.filled()))?,
                Mark::Ring(c) => {
                    area.draw(&Circle::new((x + MARK_W / 2, mid), 9, c.stroke_width(3)))?
                }
                Mark::Line(c) => area.draw(&PathElement::new(
                    vec![(x, mid), (x + MARK_W, mid)],
                    c.stroke_width(3),
                ))?,
                Mark::Dashed(c) => {
                    for k in 0..3 {
                        let x0 = x + k * 11;
                        area.draw(&PathElement::new(
                            vec![(x0, mid), (x0 + 6, mid)],
                            c.stroke_width(3),
                        ))?;
                    }
                }
                Mark::Square(c) => area.draw(&Rectangle::new(
                    [(x + 4, mid - 9), (x + MARK_W - 4, mid + 9)],
                    c.filled(),
                ))?,
            }
            area.draw_text(
                label,
                &text.pos(style::left_middle()),
                (x + MARK_W + 8, mid),
            )?;
        }
        Ok(())
    }
}
