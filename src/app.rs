//! Wires the pipeline of each command: scenario → runner → analysis → exporters →
//! files.
//! With `output` (how the files reach disk), the only module that touches files and
//! the terminal.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::{Cli, Command, ErlangArgs, RunArgs};
use crate::{interrupt, output};
use staffmix::analysis;
use staffmix::erlang::{self, QueueParams};
use staffmix::memory;
use staffmix::report::{self, RunMeta};
use staffmix::runner::{self, RunConfig};
use staffmix::scenario::{self, ScenarioErrors, limits, units::Duration};
use staffmix::terminal::escaped;

/// Prints to stdout. A closed pipe (`staffmix validate x.toml | head -1`) must not
/// panic the way `println!` does, so write errors on stdout are ignored.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($arg)*);
    }};
}

/// [`out!`] with a newline.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// The starter scenario written by `staffmix init` (also the quickstart example).
const STARTER: &str = include_str!("../scenarios/quickstart.toml");

/// Why a command failed. [`AppError::exit_code`] maps it to the process status.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The scenario file is invalid.
    #[error("{0}")]
    Scenario(#[from] ScenarioErrors),
    /// The command line is invalid in a way clap cannot check.
    #[error("error: {0}")]
    Usage(String),
    /// Reading or writing a file failed.
    #[error("error: {what} {}: {source}", escaped(&path.display().to_string()))]
    Io {
        /// What was being done.
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Anything else (a bug or an export failure).
    #[error("error: {0}")]
    Internal(String),
}

impl AppError {
    /// 2 for bad input (scenario or arguments), 1 for everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Scenario(_) | AppError::Usage(_) => 2,
            AppError::Io { .. } | AppError::Internal(_) => 1,
        }
    }
}

impl From<output::Failure> for AppError {
    fn from(f: output::Failure) -> Self {
        AppError::Io {
            what: f.what,
            path: f.path,
            source: f.source,
        }
    }
}

/// Runs the parsed command.
pub fn main(cli: Cli) -> Result<(), AppError> {
    match cli.command {
        Command::Run(args) => run(args),
        Command::Validate { scenario } => validate(&scenario),
        Command::Erlang(args) => erlang(&args),
        Command::Schema => {
            let schema = serde_json::to_string_pretty(&scenario::json_schema())
                .map_err(|e| AppError::Internal(e.to_string()))?;
            outln!("{schema}");
            Ok(())
        }
        Command::Init { file, force } => init(&file, force),
    }
}

/// Reads a scenario file; an unreadable one is bad input (exit code 2).
fn read_scenario(path: &Path) -> Result<String, AppError> {
    scenario::read(path, &path.display().to_string()).map_err(|e| match e {
        scenario::ReadError::Invalid(errors) => errors.into(),
        scenario::ReadError::Io(e) => AppError::Usage(format!(
            "cannot read scenario file {}: {e}\n  = help: check the path; `staffmix init FILE` writes a starter scenario",
            path.display()
        )),
    })
}

fn validate(path: &Path) -> Result<(), AppError> {
    let (file, text) = (path.display().to_string(), read_scenario(path)?);
    let study = scenario::parse_study(&file, &text)?;
    let model = study.base();
    let agents: u32 = model.teams.iter().map(|t| t.max_agents()).sum();
    outln!(
        "{}: valid — scenario \"{}\", {} channels, {} teams (up to {} agents available at once), horizon {:.1} days",
        escaped(&file),
        escaped(&model.name),
        model.channels.len(),
        model.teams.len(),
        agents,
        model.horizon_s / 86_400.0
    );
    let estimate = memory::estimate(&study, study.replications, 1);
    outln!(
        "  memory: about {} for {} replications on one thread, {} more per further thread",
        memory::show(estimate.total()),
        study.replications,
        memory::show(estimate.per_thread())
    );
    let limit = memory::default_limit(physical_memory());
    if estimate.total() > limit {
        outln!(
            "  warning: that is above the default memory limit of {}; `staffmix run` refuses it unless given --max-memory (or fewer plans, a coarser `interval`, a shorter `horizon` or fewer replications)",
            memory::show(limit)
        );
    }
    for w in analysis::staffing_warnings(&study)
        .into_iter()
        .chain(analysis::ceiling_warning(&study))
    {
        outln!("  warning: {}", escaped(&report::warning(&study, &w)));
    }
    for w in scenario::warnings(&file, &text, &study) {
        outln!("{w}");
    }
    for c in &model.channels {
        let per_h = c.mean_rate(model.horizon_s) * 3600.0;
        let load = per_h / 3600.0 * c.handle_time.mean() / f64::from(c.concurrency);
        outln!(
            "  {}: {:.1} contacts/h on average, mean handle time {:.1} min → {:.1} agents busy on average (at proficiency 1)",
            escaped(&c.name),
            per_h,
            c.handle_time.mean() / 60.0,
            load
        );
    }
    Ok(())
}

fn run(args: RunArgs) -> Result<(), AppError> {
    let path = &args.scenario;
    let (file, text) = (path.display().to_string(), read_scenario(path)?);
    let study = scenario::parse_study(&file, &text)?;
    // Located scenario warnings go to stderr before the run, so they are seen while
    // it runs and never mix with the table on stdout.
    for w in scenario::warnings(&file, &text, &study) {
        eprintln!("{w}");
    }
    let config = RunConfig {
        seed: args.seed.unwrap_or(study.seed),
        replications: args.reps.unwrap_or(study.replications),
    };
    if !(1..=limits::MAX_REPLICATIONS).contains(&config.replications) {
        return Err(AppError::Usage(format!(
            "--reps must be between 1 and {}, got {}",
            limits::MAX_REPLICATIONS,
            config.replications
        )));
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (threads, note) = limits::threads(args.threads, cores).map_err(AppError::Usage)?;
    if let Some(note) = note {
        eprintln!("{note}");
    }
    // Checked before any output is prepared: a refused run leaves nothing behind.
    let limit = args
        .max_memory
        .unwrap_or_else(|| memory::default_limit(physical_memory()));
    let estimate = memory::estimate(&study, config.replications, threads);
    let (threads, note) = memory::fit(&estimate, limit).map_err(AppError::Usage)?;
    if let Some(note) = note {
        eprintln!("{note}");
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let out_dir = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("results").join(output::dir_name(&study.name)));
    // Every name a run can write: a directory holding others is refused now, not
    // after the simulation.
    let owned: Vec<String> = report::file_names();
    let target = output::Target::prepare(&out_dir, &owned)?;
    interrupt::clean_up_on_interrupt(target.dir())
        .map_err(|e| AppError::Internal(format!("cannot handle interrupts: {e}")))?;

    // The bar (on stderr) is for people watching a terminal: none when the table
    // goes to a file or pipe, or with --quiet.
    let bar = if args.quiet || !std::io::stdout().is_terminal() {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(0)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {bar:40} {pos}/{len} plan-replications, {elapsed} elapsed, ETA {eta}",
        )
        .expect("valid template"),
    );
    // Each plan-replication's row spills to an unnamed file beside the output (on
    // its disk, not in memory), which vanishes with the process however it ends.
    let spill_dir = (target.dir().parent())
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(free) = free_space(spill_dir) {
        let need = memory::disk::estimate(&study, config.replications);
        memory::disk::check(need, free, spill_dir, &study, config.replications)
            .map_err(AppError::Usage)?;
    }
    let spill = tempfile::tempfile_in(spill_dir).map_err(|source| AppError::Io {
        what: "cannot create a temporary file in",
        path: spill_dir.to_path_buf(),
        source,
    })?;
    let started = Instant::now();
    let plans = pool
        .install(|| {
            runner::run_study_spilling(&study, config, spill, |done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })
        })
        .map_err(|e| AppError::Internal(format!("simulation failed: {e}")))?;
    bar.finish_and_clear();
    let wall_s = started.elapsed().as_secs_f64();
    let run = analysis::analyse(&study, config, plans);

    let mut files = report::render_files(&run, !args.no_charts)
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let pairs = f64::from(config.replications) * run.plans.len() as f64;
    let meta = RunMeta {
        staffmix_version: env!("CARGO_PKG_VERSION"),
        generator: "Xoshiro256++ (rand_xoshiro), streams keyed by (seed, replication, purpose)",
        threads,
        wall_s,
        replications_per_s: pairs / wall_s.max(1e-9),
    };
    files.push((
        "run.json".to_string(),
        report::Content::Bytes(
            meta.to_bytes()
                .map_err(|e| AppError::Internal(e.to_string()))?,
        ),
    ));
    // Chart files of an earlier run that this one did not draw go with the old set
    // (their names were given to `prepare`).
    target.write_set(&files)?;

    if !args.quiet {
        out!("{}", report::render_table(&run));
        outln!(
            "\n{} plan-replications in {:.2} s on {} threads; results in {}",
            pairs,
            wall_s,
            threads,
            escaped(&target.dir().display().to_string())
        );
    }
    Ok(())
}

/// Bytes free for an unprivileged user on the disk of `dir`, where known.
fn free_space(dir: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        let s = rustix::fs::statvfs(dir).ok()?;
        Some(s.f_bavail.saturating_mul(s.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// The machine's physical memory (`MemTotal` of /proc/meminfo), where known.
fn physical_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

fn init(file: &Path, force: bool) -> Result<(), AppError> {
    if file.exists() && !force {
        return Err(AppError::Usage(format!(
            "{} already exists; use --force to overwrite it",
            file.display()
        )));
    }
    output::write_file(file, STARTER.as_bytes())?;
    outln!(
        "wrote {} — try: staffmix run {}",
        file.display(),
        file.display()
    );
    Ok(())
}

fn duration_arg(flag: &str, text: &str) -> Result<f64, AppError> {
    Duration::parse(text)
        .map(Duration::secs)
        .map_err(|e| AppError::Usage(format!("--{flag}: {e}")))
}

fn erlang(a: &ErlangArgs) -> Result<(), AppError> {
    let aht = duration_arg("aht", &a.aht)?;
    let within = duration_arg("within", &a.within)?;
    let patience = a
        .patience
        .as_deref()
        .map(|p| duration_arg("patience", p))
        .transpose()?;
    if !(1..=limits::MAX_CONCURRENCY).contains(&a.concurrency) {
        return Err(AppError::Usage(format!(
            "--concurrency must be between 1 and {} contacts per agent, got {}",
            limits::MAX_CONCURRENCY,
            a.concurrency
        )));
    }
    let params = QueueParams {
        servers: a.agents.unwrap_or(1).saturating_mul(a.concurrency),
        arrival_rate: a.volume / 3600.0,
        service_rate: if aht > 0.0 { 1.0 / aht } else { f64::INFINITY },
        abandon_rate: patience.map_or(0.0, |p| if p > 0.0 { 1.0 / p } else { f64::INFINITY }),
    };
    let model = if patience.is_some() {
        "Erlang A (M/M/n+M)"
    } else {
        "Erlang C (M/M/n)"
    };
    let bad = |e: erlang::ErlangError| AppError::Usage(e.to_string());
    let (agents, metrics, searched) = match a.agents {
        Some(n) => (n, erlang::evaluate(&params, within).map_err(bad)?, false),
        None => {
            let (servers, m) = erlang::min_servers(&params, within, a.target).map_err(bad)?;
            (servers.div_ceil(a.concurrency), m, true)
        }
    };
    // With concurrency, staff whole agents: re-evaluate at agents × concurrency servers.
    let metrics = if searched && a.concurrency > 1 {
        erlang::evaluate(
            &QueueParams {
                servers: agents * a.concurrency,
                ..params
            },
            within,
        )
        .map_err(bad)?
    } else {
        metrics
    };
    if a.json {
        let v = serde_json::json!({ "model": model, "agents": agents, "servers": agents * a.concurrency,
            "offered_load_erlangs": params.offered_load(), "within_s": within, "metrics": metrics });
        outln!(
            "{}",
            serde_json::to_string_pretty(&v).map_err(|e| AppError::Internal(e.to_string()))?
        );
        return Ok(());
    }
    outln!(
        "{model}: {:.1} contacts/h, AHT {:.0} s, offered load {:.2} Erlangs",
        a.volume,
        aht,
        params.offered_load()
    );
    if searched {
        outln!(
            "fewest agents for service level {:.0}% within {:.0} s: {agents}",
            100.0 * a.target,
            within
        );
    } else {
        outln!("agents: {agents}");
    }
    if a.concurrency > 1 {
        outln!(
            "concurrency {}: {} parallel servers",
            a.concurrency,
            agents * a.concurrency
        );
    }
    outln!("  P(wait)           {:>8.4}", metrics.p_wait);
    outln!("  ASA               {:>8.1} s", metrics.asa_s);
    outln!("  mean wait (all)   {:>8.1} s", metrics.mean_wait_s);
    outln!(
        "  service level     {:>8.2} %  (within {:.0} s)",
        100.0 * metrics.service_level,
        within
    );
    outln!(
        "  abandon rate      {:>8.2} %",
        100.0 * metrics.abandon_rate
    );
    outln!("  occupancy         {:>8.2} %", 100.0 * metrics.occupancy);
    Ok(())
}
