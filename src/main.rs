//! The `staffmix` binary: parse the command line, run the pipeline, map the
//! outcome to an exit code (0 success, 2 bad input, 1 other failure).

mod app;
mod cli;
mod interrupt;
mod output;

use std::process::ExitCode;

use clap::Parser;
use staffmix::terminal::escaped_lines;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match app::main(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Paths and values quoted in errors come from the user: no raw controls.
            let text = e.to_string();
            eprint!("{}", escaped_lines(&text));
            if !text.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(e.exit_code())
        }
    }
}
