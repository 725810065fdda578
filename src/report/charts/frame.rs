//! A chart's frame (title, body, note) and its rendering to SVG and PNG bytes.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::error::ChartError;
use super::{raster, style};

/// One rendered chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File stem: the chart is written as `NAME.svg` and `NAME.png`.
    pub name: &'static str,
    /// Title drawn on the chart.
    pub title: String,
    /// One sentence saying what the chart shows (for the report).
    pub caption: String,
    /// SVG document.
    pub svg: String,
    /// PNG image.
    pub png: Vec<u8>,
}

/// Result of drawing on a backend.
pub(super) type DrawResult<DB> =
    Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart before rendering: drawn once on the SVG and once on the bitmap backend.
pub(super) trait Figure {
    /// File stem.
    const NAME: &'static str;
    /// Title drawn at the top.
    fn title(&self) -> String;
    /// One sentence for the report.
    fn caption(&self) -> String;
    /// A note drawn at the bottom (e.g. which plans are shown).
    fn note(&self) -> Option<String> {
        None
    }
    /// Height in pixels (the width is [`style::WIDTH`]).
    fn height(&self) -> u32;
    /// Draws the body (everything but title and note).
    fn draw<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> DrawResult<DB>;
}

/// Height of the title band.
pub(super) const TITLE_H: u32 = 56;
/// Height of the note band.
pub(super) const NOTE_H: u32 = 30;
/// Width of the body inside [`frame`]'s margins.
pub(super) const BODY_W: u32 = style::WIDTH - 36;

/// Title, body and note of `f` on `root`.
fn frame<DB: DrawingBackend, F: Figure>(root: &DrawingArea<DB, Shift>, f: &F) -> DrawResult<DB> {
    root.fill(&WHITE)?;
    let (_, h) = root.dim_in_pixel();
    let (head, body) = root.split_vertically(TITLE_H);
    head.draw_text(&f.title(), &style::title(), (24, 18))?;
    let body = match f.note() {
        Some(note) => {
            let (body, foot) = body.split_vertically(h - TITLE_H - NOTE_H);
            foot.draw_text(&note, &style::note(), (24, 6))?;
            body
        }
        None => body,
    };
    f.draw(&body.margin(0, 8, 12, 24))
}

/// Renders `figure` (if any) to SVG and PNG and appends it to `out`.
pub(super) fn push<F: Figure>(out: &mut Vec<Chart>, figure: Option<F>) -> Result<(), ChartError> {
    let Some(f) = figure else {
        return Ok(());
    };
    let size = (style::WIDTH, f.height());
    let draw_err = |e: &dyn std::fmt::Display| ChartError::Draw {
        chart: F::NAME,
        message: e.to_string(),
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        frame(&root, &f).map_err(|e| draw_err(&e))?;
        root.present().map_err(|e| draw_err(&e))?;
    }
    let mut rgb = vec![0u8; size.0 as usize * size.1 as usize * 3];
    {
        let root = raster::Raster::new(&mut rgb, size)
            .ok_or(ChartError::Font)?
            .into_drawing_area();
        frame(&root, &f).map_err(|e| draw_err(&e))?;
        root.present().map_err(|e| draw_err(&e))?;
    }
    out.push(Chart {
        name: F::NAME,
        title: f.title(),
        caption: f.caption(),
        svg,
        png: encode_png(&rgb, size).map_err(|e| ChartError::Png {
            chart: F::NAME,
            message: e.to_string(),
        })?,
    });
    Ok(())
}

/// An RGB buffer as PNG bytes.
///
/// Deflated at zlib level 1, not `png`'s default level 6: on the 34 charts of the
/// shipped scenarios, encoding takes a quarter of the time (72 ms instead of 290)
/// for files 31 % larger (2.8 MB instead of 2.1); `png`'s `Fast` setting would
/// save 34 ms more but nearly double the files. See benches/README.md, "Writing
/// results". The pixels are the same at every level.
fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_deflate_compression(png::DeflateCompression::Level(1));
    let mut writer = enc.write_header()?;
    writer.write_image_data(rgb)?;
    writer.finish()?;
    Ok(out)
}
