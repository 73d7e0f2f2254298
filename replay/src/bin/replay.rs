//! `replay`: parse the command line, run it, turn any error into one line on stderr.
//! Exit status: 0 done, 1 a check found a difference (`--check`, `verify`), 2 bad
//! input or usage, 3 I/O or store failure (store in use, corrupt, disk full).

use clap::{CommandFactory as _, FromArgMatches as _};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = parse_args();
    match bns_replay::cli::execute(&args) {
        Ok(bns_replay::cli::Outcome::Ok) => ExitCode::SUCCESS,
        Ok(bns_replay::cli::Outcome::Differs) => ExitCode::from(1),
        Err(e) => {
            eprintln!("replay: {}", bns_replay::error::error_chain(&e));
            ExitCode::from(e.exit_code())
        }
    }
}

/// The arguments; `--version` also names the SHA-256 kernel this CPU runs.
fn parse_args() -> bns_replay::cli::Args {
    let version = format!("{} ({})", env!("CARGO_PKG_VERSION"), bns_replay::sha256_batch::Kernel::describe());
    let matches =
        bns_replay::cli::Args::command().version(&*Box::leak(version.into_boxed_str())).get_matches();
    bns_replay::cli::Args::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}
