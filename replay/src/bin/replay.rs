//! `replay`: parse the command line, run it, turn any error into one line on stderr,
//! `replay: error: <the error chain joined by ": ">`. Exit status (README "Exit
//! codes"): 0 done, 1 a check found a difference (`--check`, `verify`) or the name,
//! namespace or address asked for does not exist, 2 bad input or usage, 3 I/O or store
//! failure (store in use, corrupt, disk full), 130/143 on SIGINT/SIGTERM.

use clap::{CommandFactory as _, FromArgMatches as _};
use std::process::ExitCode;

const TOOL: &str = "replay";

/// mimalloc instead of glibc malloc: `replay serve` under load fragmented glibc's
/// per-thread arenas (resident memory grew for the whole 10-minute run).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    disable_transparent_huge_pages();
    let args = match parse_args() {
        Ok(args) => args,
        Err(code) => return code,
    };
    if let Err(e) = bns_replay::interrupt::install(TOOL) {
        eprintln!("{TOOL}: warning: cannot handle SIGINT/SIGTERM ({e}); an interrupted --restart may leave a temporary store");
    }
    if let Err(e) = bns_blockfile::truncation_guard::install(TOOL) {
        eprintln!("{TOOL}: warning: cannot guard mapped block files ({e}); a block file truncated during the run may end it with SIGBUS");
    }
    match bns_replay::cli::execute(&args) {
        Ok(bns_replay::cli::Outcome::Ok) => ExitCode::SUCCESS,
        Ok(bns_replay::cli::Outcome::Differs) => ExitCode::from(1),
        Err(e @ bns_replay::error::ReplayError::Interrupted(_)) => {
            eprintln!("{TOOL}: interrupted");
            ExitCode::from(e.exit_code())
        }
        Err(e) => {
            let text = bns_replay::error::error_chain(&e).replace(['\n', '\r'], " ");
            eprintln!("{TOOL}: error: {text}");
            ExitCode::from(e.exit_code())
        }
    }
}

/// Transparent huge pages off for this process (a per-process flag, set before any
/// thread starts). mimalloc advises huge pages for its segments, and each segment it
/// purges and takes back is a fresh 2 MiB page for the kernel to zero: on the 2.3 GB
/// bulk chain that system time swung between 0.3 and 0.6 s a run, and fell to
/// 0.16–0.22 s with this flag (BENCHMARKS.md "replay", session 5). Where the flag
/// cannot be set the run goes on as before.
fn disable_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

/// The arguments; `--version` also names the SHA-256 kernel this CPU runs. A usage
/// error is one line and exit 2; `--help` and `--version` exit 0.
fn parse_args() -> Result<bns_replay::cli::Args, ExitCode> {
    use clap::error::ErrorKind;
    let version = format!("{} ({})", env!("CARGO_PKG_VERSION"), bns_replay::sha256_batch::Kernel::describe());
    let parsed = bns_replay::cli::Args::command()
        .version(&*Box::leak(version.into_boxed_str()))
        .try_get_matches()
        .and_then(|m| bns_replay::cli::Args::from_arg_matches(&m));
    match parsed {
        Ok(args) => Ok(args),
        Err(error) if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = error.print();
            Err(ExitCode::SUCCESS)
        }
        Err(error) => {
            let rendered = error.render().to_string();
            // clap's first paragraph, on one line (a list of missing arguments follows
            // its heading on the next lines).
            let paragraph: Vec<&str> =
                rendered.lines().map(str::trim).take_while(|l| !l.is_empty()).collect();
            let paragraph = paragraph.join(" ");
            let first = paragraph.strip_prefix("error: ").unwrap_or(&paragraph);
            eprintln!("{TOOL}: error: {first} (see {TOOL} --help)");
            Err(ExitCode::from(2))
        }
    }
}
