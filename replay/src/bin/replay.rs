//! `replay`: parse the command line, run it, turn any error into one line on stderr.
//! Exit status: 0 done, 1 a check found a difference (`--check`, `verify`), 2 bad
//! input or usage, 3 I/O or store failure (store in use, corrupt, disk full).

use clap::Parser as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = bns_replay::cli::Args::parse();
    match bns_replay::cli::execute(&args) {
        Ok(bns_replay::cli::Outcome::Ok) => ExitCode::SUCCESS,
        Ok(bns_replay::cli::Outcome::Differs) => ExitCode::from(1),
        Err(e) => {
            eprintln!("replay: {}", bns_replay::error::error_chain(&e));
            ExitCode::from(e.exit_code())
        }
    }
}
