//! Integration tests: one binary, one module per behaviour.

mod cli;
mod common;
mod erlang_exactness;
mod invariants;
