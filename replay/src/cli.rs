//! Command-line interface: arguments (clap), and what each command does with the
//! library. Returns typed errors; the binary turns them into one line and an exit code.

use crate::check::CheckList;
use crate::error::ReplayError;
use crate::processor::{BlockProcessor, DigestProcessor};
use crate::progress::{ProgressMode, StderrReporter};
use crate::replay::{output_error, run, write_row, ReplayOptions, Reporter as _, RunSummary};
use crate::source::BlockSource;
use crate::store::{Identity, LmdbStore, Store};
use bns_blockfile::ChainNetwork;
use clap::{Parser, Subcommand};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Replay a Bitcoin node's block files through the BNS v1 consensus engine.
#[derive(Parser, Debug)]
#[command(name = "replay", version, about)]
pub struct Args {
    /// Block directory of a Bitcoin node (blk*.dat, optional xor.dat) [default: ~/.bitcoin/blocks]
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    /// LMDB store directory (created if absent; a later run continues from its tip)
    #[arg(long, value_name = "DIR", default_value = "bns-replay-store")]
    pub store: PathBuf,
    /// --network, --params, --first-block, --freeze-height (shared with chaingen)
    #[command(flatten)]
    pub net: NetworkArgs,
    /// Print only blocks at or above this height
    #[arg(long, value_name = "HEIGHT")]
    pub start: Option<u32>,
    /// Replay no further than this height
    #[arg(long, value_name = "HEIGHT")]
    pub end: Option<u32>,
    /// Stop this many blocks below the best tip (the reference's NUM_CONFIRMATIONS)
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub confirmations: u32,
    /// Worker threads [default: all cores]
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// JSON lines with the accepted operations instead of plain lines
    #[arg(long)]
    pub json: bool,
    /// No progress or notes on stderr
    #[arg(long)]
    pub quiet: bool,
    /// Empty the store first and replay from the first BNS block (for a store whose tip
    /// is not on these files' chain, or one built with other parameters)
    #[arg(long)]
    pub restart: bool,
    /// Compare with a HEIGHT BLOCK_HASH CONSENSUS_HASH list; exit 1 at the first difference
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
    /// Skip parsing and merkle-checking the best-chain blocks outside the scanned range
    /// (faster; safe for files a node wrote, since a node only stores checked blocks).
    /// By default every best-chain block down to genesis is checked and failures are
    /// excluded from the chain, as the reference oracle does.
    #[arg(long)]
    pub trust_blocks: bool,
    /// Accepted for compatibility: checking every block is the default
    #[arg(long, hide = true)]
    pub verify: bool,
    /// Blocks per store commit
    #[arg(long, value_name = "N", default_value_t = 1000, hide = true)]
    pub batch_blocks: u32,
    /// Test aid: a stand-in engine whose "consensus hash" digests what reached it
    #[arg(long, hide = true)]
    pub digest_engine: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

pub use bns_blockfile::args::{FreezeHeight, NetworkArgs};

/// Queries on an existing store.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print HEIGHT BLOCK_HASH CONSENSUS_HASH of every stored block
    Hashes,
    /// A name's record (JSON)
    Name { name: String },
    /// A namespace's record (JSON)
    Namespace { id: String },
    /// The names owned by an address (JSON)
    Owner { address: String },
    /// What a store is: network, parameters, tip, checked-to height, format, rows, size
    Info,
    /// Check every row of a store (checksums, encodings) and its state digest; exit 1 if corrupt
    Verify,
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
    if let Some(n) = args.threads {
        // Ignore "already initialised" (only possible when called twice in one process).
        let _ = rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build_global();
    }
    if !args.restart {
        check_network_arg(args)?;
    }
    match &args.command {
        None => replay_command(args),
        Some(Command::Hashes) => {
            let store = LmdbStore::open_reader(&args.store)?;
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for row in store.rows(0, u32::MAX)? {
                write_row(&mut out, &row, args.json)?;
            }
            out.flush().map_err(output_error)?;
            Ok(Outcome::Ok)
        }
        Some(Command::Info) => crate::store_info::info(&args.store, args.json),
        Some(Command::Verify) => crate::store_info::verify(&args.store),
        Some(Command::Serve { listen }) => crate::serve::serve(&args.store, *listen),
        Some(query) => {
            let store = LmdbStore::open_reader(&args.store)?;
            // One read transaction: the answer is from one commit even while a replay writes.
            let view = store.view()?;
            if view.tip()?.is_none() {
                return Err(ReplayError::Usage("the store holds no state yet".to_string()));
            }
            let text = crate::query_state(&view, query)?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "{text}").and_then(|()| out.flush()).map_err(output_error)?;
            Ok(Outcome::Ok)
        }
    }
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
        return Err(ReplayError::Usage(format!(
            "store {} holds {} state, not {}; drop --network (a store knows its network), or use another --store",
            args.store.display(),
            stored.network,
            network.name()
        )));
    }
    Ok(())
}

fn default_blocks_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    home.join(".bitcoin").join("blocks")
}

fn replay_command(args: &Args) -> Result<Outcome, ReplayError> {
    let dir = args.from.clone().unwrap_or_else(default_blocks_dir);
    let check = match &args.check {
        Some(path) => {
            let text = bns_blockfile::input::read_regular_text(path, crate::check::MAX_CHECK_FILE_BYTES)
                .map_err(|e| ReplayError::Usage(format!("--check: {}", error_chain(&e))))?;
            Some(
                CheckList::parse(&text)
                    .map_err(|e| ReplayError::Usage(format!("{}: {e}", path.display())))?,
            )
        }
        None => None,
    };
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
    let mut store = LmdbStore::open_writer(dir, identity)?;
    let options = ReplayOptions {
        start: args.start,
        end: args.end,
        confirmations: args.confirmations,
        verify: args.verify || !args.trust_blocks,
        batch_blocks: args.batch_blocks,
        json: args.json,
        ..ReplayOptions::default()
    };
    let reporter = StderrReporter::new(ProgressMode::detect(args.quiet));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = run(source, processor, &mut store, &options, &mut out, check, &reporter);
    if let Some(restart) = restart {
        // A failed or empty rebuild leaves the old store as it was (issue 13 item 3).
        let finished = matches!(result, Ok(_) | Err(ReplayError::OutputClosed));
        let replayed = finished && store.tip()?.is_some();
        let lock = store.close();
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
    match summary.mismatch {
        Some(m) => {
            eprintln!("{m}");
            Ok(Outcome::Differs)
        }
        None => Ok(Outcome::Ok),
    }
}

/// `e` and its sources joined by ": " (one line).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
