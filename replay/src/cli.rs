//! Command-line interface: arguments (clap), and what each command does with the
//! library. Returns typed errors; the binary turns them into one line and an exit code.

use crate::check::{CheckList, CheckReport};
use crate::error::{ReplayError, UsageError};
use crate::processor::{BlockProcessor, DigestProcessor};
use crate::progress::{ProgressMode, StderrReporter};
use crate::replay::{output_error, run, ReplayOptions, Reporter as _, RunSummary};
use crate::source::BlockSource;
use crate::store::{Identity, LmdbStore, Store};
use bns_blockfile::ChainNetwork;
use clap::{Parser, Subcommand};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Replay a Bitcoin node's block files through the BNS v1 consensus engine.
///
/// Without a subcommand: replay the block files into the store (continuing from its tip)
/// and print `HEIGHT BLOCK_HASH CONSENSUS_HASH` for every replayed block. Flags may be
/// given before or after the subcommand.
#[derive(Parser, Debug)]
#[command(
    name = "replay",
    version,
    about,
    after_help = "Exit codes: 0 ok; 1 --check or verify found a difference, or the name, namespace or \
                  address asked for does not exist; 2 bad input or usage; 3 I/O or store failure; \
                  130/143 interrupted (SIGINT/SIGTERM, after committing what was applied)."
)]
pub struct Args {
    /// Block directory of a Bitcoin node (blk*.dat, optional xor.dat) [default: ~/.bitcoin/blocks]
    #[arg(long, value_name = "DIR", global = true)]
    pub from: Option<PathBuf>,
    /// LMDB store directory (created if absent; a later run continues from its tip)
    #[arg(long, value_name = "DIR", default_value = "bns-replay-store", global = true)]
    pub store: PathBuf,
    /// --network, --params, --first-block, --freeze-height (shared with chaingen)
    #[command(flatten)]
    pub net: NetworkArgs,
    /// Print only blocks at or above this height (replay and `hashes`)
    #[arg(long, value_name = "HEIGHT", global = true)]
    pub start: Option<u32>,
    /// Replay no further than this height (`hashes`: print no further)
    #[arg(long, value_name = "HEIGHT", global = true)]
    pub end: Option<u32>,
    /// Stop this many blocks below the best tip (the reference's NUM_CONFIRMATIONS) [default: 6]
    #[arg(long, value_name = "N", global = true)]
    pub confirmations: Option<u32>,
    /// Worker threads [default: all cores; at most 4 per core]
    #[arg(long, value_name = "N", global = true)]
    pub threads: Option<usize>,
    /// JSON output: lines with the accepted operations (replay, `hashes`), one object
    /// (`info`); `name`, `namespace` and `owner` always print JSON
    #[arg(long, global = true)]
    pub json: bool,
    /// No progress or notes on stderr
    #[arg(long, global = true)]
    pub quiet: bool,
    /// Rebuild the store from the first BNS block (beside the old one, swapped in only
    /// when the run succeeded): for a store whose tip is not on these files' chain, or
    /// one built with other parameters
    #[arg(long, global = true)]
    pub restart: bool,
    /// Compare with a HEIGHT BLOCK_HASH CONSENSUS_HASH list: every line must be compared
    /// and equal, else exit 1. Without --from (and without a subcommand), compare the
    /// store's hashes only, without replaying. `export stacks-v2 --check` takes no FILE
    #[arg(long, value_name = "FILE", global = true, num_args = 0..=1, default_missing_value = CHECK_WITHOUT_FILE)]
    pub check: Option<PathBuf>,
    /// Skip parsing and merkle-checking the best-chain blocks outside the scanned range
    /// (faster; safe for files a node wrote, since a node only stores checked blocks).
    /// By default every best-chain block down to genesis is checked and failures are
    /// excluded from the chain, as the reference oracle does.
    #[arg(long, global = true)]
    pub trust_blocks: bool,
    /// Blocks per store commit (5000: on the mainnet-shaped history, commits of 1000
    /// blocks cost 19% more CPU in LMDB page writes and fsyncs, for 0.2 GB less peak
    /// memory; BENCHMARKS.md "Mainnet rehearsal", session 5)
    #[arg(long, value_name = "N", default_value_t = 5000, hide = true, global = true)]
    pub batch_blocks: u32,
    /// Test aid: a stand-in engine whose "consensus hash" digests what reached it
    #[arg(long, hide = true, global = true)]
    pub digest_engine: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What `--check` given without a FILE holds (a string no path argument can be).
pub const CHECK_WITHOUT_FILE: &str = "\0";

/// The default of `--confirmations`.
pub const DEFAULT_CONFIRMATIONS: u32 = 6;

impl Args {
    pub fn confirmations(&self) -> u32 {
        self.confirmations.unwrap_or(DEFAULT_CONFIRMATIONS)
    }
}

pub use bns_blockfile::args::{FreezeHeight, NetworkArgs};

/// Queries on an existing store, and the tool's own completions and manual.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print HEIGHT BLOCK_HASH CONSENSUS_HASH of every stored block (--start/--end: a range)
    Hashes,
    /// A name's record (JSON, the reference's shape); exit 1 if there is no such name
    Name {
        /// The name, NAME.NAMESPACE (e.g. muneeb.id)
        name: String,
        /// Instead: was the name exported to Stacks 2.0, with which owner, and why not
        #[arg(long)]
        migration: bool,
    },
    /// A namespace's record (JSON, the reference's shape); exit 1 if there is no such namespace
    Namespace {
        /// The namespace ID (e.g. id)
        id: String,
    },
    /// The names owned by an address (JSON list of names; empty if it owns none)
    Owner {
        /// A Bitcoin address (base58check) as the names' records hold it
        address: String,
    },
    /// What a store is: network, parameters, tip, checked-to height, format, rows, size
    Info,
    /// Check every row of a store (checksums, encodings) and its state digest; exit 1 if corrupt
    Verify,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout
    #[command(hide = true)]
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to stdout
    #[command(hide = true)]
    Man,
    /// Zone files: `import PATH…` stores those whose hash some name has had
    Zonefiles {
        #[command(subcommand)]
        command: crate::zonefiles_cmd::ZonefilesCommand,
    },
    /// The Stacks 2.0 migration export: `stacks-v2 --out OUTDIR`, `stacks-v2 --check`
    Export {
        #[command(subcommand)]
        command: crate::export_cmd::ExportCommand,
    },
    /// Serve Blockstack Core's REST API from the store (read-only; follows a running replay)
    Serve {
        #[arg(long, default_value = crate::serve::DEFAULT_LISTEN)]
        listen: std::net::SocketAddr,
    },
}

/// How the process should exit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// `--check` found a difference.
    Differs,
}

/// Run the command line. A reader closing standard output (`replay ... | head`) ends
/// the run quietly and successfully, after committing what was applied.
pub fn execute(args: &Args) -> Result<Outcome, ReplayError> {
    match execute_inner(args) {
        Err(ReplayError::OutputClosed) => Ok(Outcome::Ok),
        other => other,
    }
}

fn execute_inner(args: &Args) -> Result<Outcome, ReplayError> {
    match &args.command {
        Some(Command::Completions { shell }) => return print_completions(*shell),
        Some(Command::Man) => return print_man(),
        _ => {}
    }
    refuse_flags_that_do_not_apply(args)?;
    if let Some(n) = args.threads {
        let n = cap_threads(n, args.quiet);
        // Ignore "already initialised" (only possible when called twice in one process).
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n).build_global();
    }
    if !args.restart {
        check_network_arg(args)?;
    }
    match &args.command {
        None if args.from.is_none() && args.check.is_some() => check_store_command(args),
        None => replay_command(args),
        Some(Command::Hashes) => crate::query::hashes(args),
        Some(Command::Info) => crate::store_info::info(&args.store, args.json),
        Some(Command::Verify) => crate::store_info::verify(&args.store),
        Some(Command::Zonefiles { command }) => crate::zonefiles_cmd::run(&args.store, command, args.json)
            .map(|_| Outcome::Ok)
            .map_err(Into::into),
        Some(Command::Serve { listen }) => crate::serve::serve(&args.store, *listen),
        Some(Command::Export { command }) => {
            let output = crate::export_cmd::Output { json: args.json, quiet: args.quiet };
            crate::export_cmd::run(&args.store, command, args.check.is_some(), output)
        }
        Some(Command::Name { name, migration: true }) => {
            let store = LmdbStore::open_reader(&args.store)?;
            let text = crate::export_cmd::migration(&store, name)?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{text}").and_then(|()| out.flush()).map_err(output_error)?;
            Ok(Outcome::Ok)
        }
        Some(query) => {
            let store = LmdbStore::open_reader(&args.store)?;
            // One read transaction: the answer is from one commit even while a replay writes.
            let text = crate::query::answer(&store, query)?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{text}").and_then(|()| out.flush()).map_err(output_error)?;
            Ok(Outcome::Ok)
        }
    }
}

/// Flags that only a replay run (or `hashes`) uses are refused elsewhere rather than
/// silently ignored.
fn refuse_flags_that_do_not_apply(args: &Args) -> Result<(), ReplayError> {
    let Some(command) = &args.command else { return Ok(()) };
    let name = match command {
        Command::Hashes => "hashes",
        Command::Name { .. } => "name",
        Command::Namespace { .. } => "namespace",
        Command::Owner { .. } => "owner",
        Command::Info => "info",
        Command::Verify => "verify",
        Command::Zonefiles { .. } => "zonefiles",
        Command::Serve { .. } => "serve",
        Command::Export { .. } => "export",
        Command::Completions { .. } | Command::Man => return Ok(()),
    };
    let hashes = matches!(command, Command::Hashes);
    let given = [
        ("--from", args.from.is_some()),
        ("--start", args.start.is_some() && !hashes),
        ("--end", args.end.is_some() && !hashes),
        ("--confirmations", args.confirmations.is_some()),
        ("--threads", args.threads.is_some()),
        ("--restart", args.restart),
        ("--check", args.check.is_some() && !matches!(command, Command::Export { .. })),
        ("--trust-blocks", args.trust_blocks),
        ("--params", args.net.params.is_some()),
        ("--first-block", args.net.first_block.is_some()),
        ("--freeze-height", args.net.freeze_height.is_some()),
        ("--digest-engine", args.digest_engine),
    ];
    match given.iter().find(|(_, set)| *set) {
        Some((flag, _)) => Err(UsageError::FlagDoesNotApply { flag, command: name }.into()),
        None => Ok(()),
    }
}

/// More threads than this many per core only cost memory and switching.
pub const MAX_THREADS_PER_CORE: usize = 4;

/// `--threads N`, capped at [`MAX_THREADS_PER_CORE`] × the cores (with a note).
fn cap_threads(n: usize, quiet: bool) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let cap = cores.saturating_mul(MAX_THREADS_PER_CORE);
    if n > cap {
        if !quiet {
            eprintln!("replay: note: --threads {n} capped at {cap} ({MAX_THREADS_PER_CORE} per core, {cores} cores)");
        }
        return cap;
    }
    n.max(1)
}

fn print_completions(shell: clap_complete::Shell) -> Result<Outcome, ReplayError> {
    let mut command = <Args as clap::CommandFactory>::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(shell, &mut command, "replay", &mut out);
    out.flush().map_err(output_error)?;
    Ok(Outcome::Ok)
}

fn print_man() -> Result<Outcome, ReplayError> {
    let command = <Args as clap::CommandFactory>::command();
    let mut out = std::io::stdout().lock();
    clap_mangen::Man::new(command).render(&mut out).map_err(output_error)?;
    out.flush().map_err(output_error)?;
    Ok(Outcome::Ok)
}

/// What an existing store says it is (read without the writer lock).
pub struct StoredIdentity {
    pub params: Option<bns_engine::Params>,
    pub network: String,
    pub params_source: String,
}

/// The identity of the store in `dir`, or `None` if there is none yet (absent, empty,
/// or created but never committed to).
pub fn stored_identity(dir: &Path) -> Result<Option<StoredIdentity>, ReplayError> {
    let store = match LmdbStore::open_reader(dir) {
        Ok(store) => store,
        Err(crate::error::OpenStoreError::Missing { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if store.fingerprint()?.is_none() {
        return Ok(None);
    }
    Ok(Some(StoredIdentity {
        params: store.params()?,
        network: store.network()?.unwrap_or_default(),
        params_source: store.params_source()?.unwrap_or_default(),
    }))
}

/// `--network` given for an existing store must be the store's network.
fn check_network_arg(args: &Args) -> Result<(), ReplayError> {
    let Some(network) = args.net.network else { return Ok(()) };
    let Some(stored) = stored_identity(&args.store)? else { return Ok(()) };
    if stored.network != network.name() {
        return Err(UsageError::NetworkContradictsStore {
            store: args.store.clone(),
            stored: stored.network,
            given: network.name().to_string(),
        }
        .into());
    }
    Ok(())
}

fn default_blocks_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    home.join(".bitcoin").join("blocks")
}

/// `replay --store S --check F` (no `--from`): compare the stored hashes with the list.
fn check_store_command(args: &Args) -> Result<Outcome, ReplayError> {
    let Some(list) = load_check(args)? else { return Ok(Outcome::Ok) };
    let store = LmdbStore::open_reader(&args.store)?;
    let report = check_rows(&store, &list)?;
    Ok(report_check(&report, &list, store.tip()?.map(|t| t.height), args))
}

/// Compare the whole list with the store's rows of the list's range.
fn check_rows(store: &LmdbStore, list: &CheckList) -> Result<CheckReport, ReplayError> {
    let Some((lo, hi)) = list.range() else { return Ok(CheckReport::default()) };
    let rows = store.rows(lo, hi)?;
    Ok(list.compare_all(
        rows.iter().map(|r| (r.height, hex::encode(r.block_hash), hex::encode(r.consensus_hash))),
    ))
}

/// Say what the check compared; exit 1 for a difference or a line not compared.
fn report_check(report: &CheckReport, list: &CheckList, tip: Option<u32>, args: &Args) -> Outcome {
    let range = report.range.map_or("none".to_string(), |(lo, hi)| format!("heights {lo}..={hi}"));
    let what = args.check.as_ref().map_or(String::new(), |p| p.display().to_string());
    if let Some(m) = &report.mismatch {
        eprintln!("replay: check: {m}");
        return Outcome::Differs;
    }
    if report.not_compared.is_empty() {
        eprintln!("replay: check: {} lines of {what} compared ({range}): all equal", report.compared);
        return Outcome::Ok;
    }
    let missing = &report.not_compared;
    let mut why = Vec::new();
    match tip {
        Some(tip) => {
            if missing.iter().any(|h| *h > tip) {
                let held = if args.from.is_some() && args.confirmations() > 0 {
                    format!(
                        "; --confirmations {} leaves the files' last blocks unreplayed",
                        args.confirmations()
                    )
                } else {
                    String::new()
                };
                why.push(format!("lines above the store's tip {tip}{held}"));
            }
            if missing.iter().any(|h| *h <= tip) {
                why.push("lines below the store's first block".to_string());
            }
        }
        None => why.push("the store holds no blocks".to_string()),
    }
    eprintln!(
        "replay: check: {} lines of {what} compared ({range}), {} of {} NOT compared: heights {} ({})",
        report.compared,
        missing.len(),
        list.lines.len(),
        crate::check::describe_heights(missing, 5),
        why.join("; ")
    );
    Outcome::Differs
}

fn load_check(args: &Args) -> Result<Option<CheckList>, ReplayError> {
    Ok(match &args.check {
        Some(path) if path.as_os_str() == CHECK_WITHOUT_FILE => {
            return Err(ReplayError::Usage(crate::error::UsageError::CheckNeedsFile))
        }
        Some(path) => {
            let text = bns_blockfile::input::read_regular_text(path, crate::check::MAX_CHECK_FILE_BYTES)
                .map_err(UsageError::CheckFile)?;
            Some(
                CheckList::parse(&text)
                    .map_err(|source| ReplayError::CheckList { path: path.display().to_string(), source })?,
            )
        }
        None => None,
    })
}

fn replay_command(args: &Args) -> Result<Outcome, ReplayError> {
    let dir = args.from.clone().unwrap_or_else(default_blocks_dir);
    let check = load_check(args)?;
    let mut source = BlockSource::open(&dir, args.net.network)?;
    if args.digest_engine {
        let mut processor = DigestProcessor::new(first_height_for_digest(source.network), *b"id");
        let identity = Identity {
            fingerprint: processor.fingerprint(),
            params_json: None,
            network: source.network.name().to_string(),
            params_source: "test digest processor".to_string(),
        };
        return drive(args, &mut source, &mut processor, check.as_ref(), &identity);
    }
    crate::drive_engine(args, &mut source, check.as_ref())
}

fn first_height_for_digest(network: ChainNetwork) -> u32 {
    match network {
        ChainNetwork::Mainnet => 373_601,
        _ => 1,
    }
}

/// Open the store (a new one beside the old with `--restart`, swapped in only when
/// the run succeeded and replayed something) for `identity` and run.
pub fn drive<P: BlockProcessor>(
    args: &Args,
    source: &mut BlockSource,
    processor: &mut P,
    check: Option<&CheckList>,
    identity: &Identity,
) -> Result<Outcome, ReplayError> {
    let restart = if args.restart { Some(bns_store::Restart::begin(&args.store)?) } else { None };
    let dir = restart.as_ref().map_or(args.store.as_path(), |r| r.staging());
    if restart.is_some() {
        crate::interrupt::register_temp(dir);
    }
    let mut store = LmdbStore::open_writer(dir, identity)?;
    let options = ReplayOptions {
        start: args.start,
        end: args.end,
        confirmations: args.confirmations(),
        verify: !args.trust_blocks,
        batch_blocks: args.batch_blocks,
        json: args.json,
        ..ReplayOptions::default()
    };
    let reporter = StderrReporter::new(ProgressMode::detect(args.quiet));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = run(source, processor, &mut store, &options, &mut out, check, &reporter);
    // A run that found no difference on the way: compare the whole list with the store.
    let report = match (&result, check) {
        (Ok(summary), Some(list)) if summary.mismatch.is_none() => {
            Some((check_rows(&store, list)?, store.tip()?.map(|t| t.height)))
        }
        _ => None,
    };
    if let Some(restart) = restart {
        // A failed or empty rebuild leaves the old store as it was (issue 13 item 3).
        let finished = matches!(result, Ok(_) | Err(ReplayError::OutputClosed));
        let replayed = finished && store.tip()?.is_some();
        let lock = store.close();
        crate::interrupt::forget(restart.staging());
        if replayed {
            restart.commit(lock)?;
        } else {
            restart.abort();
            if result.is_ok() {
                reporter.note("--restart replayed nothing; the old store is left as it was");
            }
        }
    }
    let summary: RunSummary = result?;
    // Surface a closed pipe here rather than losing it in BufWriter's drop.
    out.flush().map_err(output_error)?;
    if let Some(m) = summary.mismatch {
        eprintln!("replay: check: {m}");
        return Ok(Outcome::Differs);
    }
    match (report, check) {
        (Some((report, tip)), Some(list)) => Ok(report_check(&report, list, tip, args)),
        _ => Ok(Outcome::Ok),
    }
}
