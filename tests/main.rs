//! Integration tests: one binary, one module per behaviour.

mod bad_input;
mod calibration;
mod charts;
mod cli;
mod common;
mod costs;
mod defaults;
mod docs;
mod erlang_exactness;
mod fuzz;
mod hours;
mod injection;
#[cfg(unix)]
mod interrupt;
mod invariants;
mod memory;
mod monotonicity;
mod monte_carlo;
mod plans;
mod reliability;
mod report;
mod rng_stability;
mod satisfaction;
mod scenarios;
mod summary;
mod targets;
mod tiers;
mod workforce;
