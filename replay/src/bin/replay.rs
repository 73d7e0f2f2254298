//! `replay`: parse the command line, run it, turn any error into one line on stderr.
//! Exit status: 0 done, 1 `--check` found a difference, 2 error, 3 a block file changed
//! during the run.

use clap::Parser as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = bns_replay::cli::Args::parse();
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
