//! Command-line definitions (clap). No logic: `app` acts on these.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// staffmix — how many agents, in-house or outsourced, on which channels and
/// shifts, and what each staffing mix costs in money, waiting, satisfaction and
/// lost customers. Monte Carlo discrete-event simulation of customer support.
#[derive(Debug, Parser)]
#[command(name = "staffmix", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and write results, charts and report.html.
    Run(RunArgs),
    /// Check a scenario file without running it.
    Validate {
        /// Scenario file (TOML).
        scenario: PathBuf,
    },
    /// Analytic Erlang C / Erlang A calculator for one queue.
    Erlang(ErlangArgs),
    /// Print the JSON Schema of scenario files.
    Schema,
    /// Write a commented starter scenario.
    Init {
        /// File to create.
        #[arg(default_value = "scenario.toml")]
        file: PathBuf,
        /// Overwrite the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// Arguments of `staffmix run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Number of replications (default: the scenario's `replications`).
    #[arg(long, short = 'n')]
    pub reps: Option<u32>,
    /// Master random seed (default: the scenario's `seed`).
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, short = 't', env = "STAFFMIX_THREADS")]
    pub threads: Option<usize>,
    /// Output directory (default: results/<scenario name>).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Skip the charts (SVG, PNG and in report.html), e.g. for batch runs.
    #[arg(long)]
    pub no_charts: bool,
    /// Memory limit, e.g. 8GiB, 1.5GB or 500MB (default: the smaller of 4 GiB and
    /// half the physical memory). A run estimated above it is refused before it
    /// simulates, or runs on fewer threads if that fits.
    #[arg(long, value_name = "SIZE", value_parser = staffmix::memory::parse_size)]
    pub max_memory: Option<u64>,
}

/// Arguments of `staffmix erlang`.
#[derive(Debug, clap::Args)]
pub struct ErlangArgs {
    /// Contacts per hour.
    #[arg(long)]
    pub volume: f64,
    /// Mean handle time, e.g. "5m" or "300s".
    #[arg(long)]
    pub aht: String,
    /// Agents; leave out to get the fewest agents meeting --target.
    #[arg(long)]
    pub agents: Option<u32>,
    /// Mean patience (exponential) for Erlang A, e.g. "2m"; leave out for Erlang C.
    #[arg(long)]
    pub patience: Option<String>,
    /// Service-level threshold, e.g. "20s".
    #[arg(long, default_value = "20s")]
    pub within: String,
    /// Service-level target (share of contacts answered within the threshold).
    #[arg(long, default_value_t = 0.8)]
    pub target: f64,
    /// Contacts one agent handles at once (chat): the queue has agents × concurrency servers.
    #[arg(long, default_value_t = 1)]
    pub concurrency: u32,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}
