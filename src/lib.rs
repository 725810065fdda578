//! staffmix: Monte Carlo simulation of customer-support staffing mixes.
#![warn(missing_docs)]

pub mod analysis;
pub mod engine;
pub mod erlang;
pub mod kpi;
pub mod memory;
pub mod model;
pub mod report;
pub mod rng;
pub mod rows;
pub mod runner;
pub mod scenario;
pub mod stats;
pub mod terminal;
