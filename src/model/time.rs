//! Time constants in seconds (the unit of every model time).

/// Seconds in a day.
pub const DAY_S: f64 = 86_400.0;

/// Seconds in an average year (365.25 days), for annual rates.
pub const YEAR_S: f64 = 365.25 * DAY_S;
