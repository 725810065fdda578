//! Integration tests: one binary, one module per behaviour.

mod bad_input;
mod cli;
mod common;
mod costs;
mod docs;
mod erlang_exactness;
mod invariants;
mod monotonicity;
mod monte_carlo;
mod plans;
mod satisfaction;
mod tiers;
mod workforce;
