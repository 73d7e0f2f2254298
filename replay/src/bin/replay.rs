//! `replay`: parse the command line, run it, turn any error into one line on stderr.
//! Exit status: 0 done, 1 `--check` found a difference, 2 error, 3 a block file changed
//! during the run.

use clap::{CommandFactory as _, FromArgMatches as _};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = parse_args();
    match run(&args) {
        Ok(bns_replay::cli::Outcome::Ok) => ExitCode::SUCCESS,
        Ok(bns_replay::cli::Outcome::Differs) => ExitCode::from(1),
        Err(e) => {
            eprintln!("replay: {e:#}");
            // A block file changed under us is no fault of the input: exit 3.
            let changed = matches!(
                e.downcast_ref::<bns_replay::error::ReplayError>(),
                Some(bns_replay::error::ReplayError::Read(bns_replay::error::ReadBlockError::Changed { .. }))
            );
            ExitCode::from(if changed { 3 } else { 2 })
        }
    }
}

fn run(args: &bns_replay::cli::Args) -> anyhow::Result<bns_replay::cli::Outcome> {
    Ok(bns_replay::cli::execute(args)?)
}

/// The arguments; `--version` also names the SHA-256 kernel this CPU runs.
fn parse_args() -> bns_replay::cli::Args {
    let version = format!("{} ({})", env!("CARGO_PKG_VERSION"), bns_replay::sha256_batch::Kernel::describe());
    let matches =
        bns_replay::cli::Args::command().version(&*Box::leak(version.into_boxed_str())).get_matches();
    bns_replay::cli::Args::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}
