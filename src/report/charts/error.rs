//! Why a chart could not be rendered.

/// A chart could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ChartError {
    /// The embedded font is invalid (a build problem).
    #[error("the embedded chart font (assets/DejaVuSans.ttf) could not be loaded")]
    Font,
    /// Drawing failed.
    #[error("could not draw chart {chart}: {message}")]
    Draw {
        /// Chart name.
        chart: &'static str,
        /// What went wrong.
        message: String,
    },
    /// PNG encoding failed.
    #[error("could not encode {chart}.png: {message}")]
    Png {
        /// Chart name.
        chart: &'static str,
        /// What went wrong.
        message: String,
    },
}
