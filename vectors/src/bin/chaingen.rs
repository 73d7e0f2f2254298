//! `chaingen`: write Bitcoin Core style block files from a scenario, or a large
//! mainnet-like chain for benchmarks. See vectors/README.md for examples.

use anyhow::{bail, Context, Result};
use bns_blockfile::args::NetworkArgs;
use bns_blockfile::writer::{parse_xor_key, WriterOptions};
use bns_blockfile::ChainNetwork;
use bns_vectors::bulk::{self, BulkOptions};
use bns_vectors::generator::GenOptions;
use bns_vectors::layout::LayoutOptions;
use bns_vectors::scenario::Scenario;
use bns_vectors::{run_scenario, ScenarioRun};
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};

#[path = "chaingen/history_cmd.rs"]
mod history_cmd;

/// `println!` that ends the program quietly when stdout is closed (piped into `head`),
/// instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            eprintln!("chaingen: error: cannot write to stdout: {e}");
            std::process::exit(3);
        }
    }};
}

#[derive(Parser)]
#[command(
    name = "chaingen",
    version,
    about = "Generate realistic Bitcoin Core block files (blk*.dat) for BNS tests and benchmarks",
    after_help = "Exit codes: 0 ok; 2 bad input or usage (scenario, params file, arguments); \
                  3 I/O failure (writing the output)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the chain of a scenario file (JSON or TOML, see SCENARIO-FORMAT.md).
    Scenario(ScenarioArgs),
    /// Generate a large mainnet-like chain for benchmarks.
    Bulk(BulkArgs),
    /// Generate a mainnet-shaped BNS history from the real genesis block to 665,760.
    History(history_cmd::HistoryArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) to stdout
    #[command(hide = true)]
    Completions {
        /// The shell to complete for
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to stdout
    #[command(hide = true)]
    Man,
}

#[derive(Args)]
struct LayoutArgs {
    /// --network (default regtest), --params, --first-block, --freeze-height (shared with replay)
    #[command(flatten)]
    net: NetworkArgs,
    /// Start a new blkNNNNN.dat when the next record would reach this size (bytes, or with KiB/MiB/GiB).
    #[arg(long, default_value = "128MiB", value_parser = parse_size)]
    max_file_size: u64,
    /// Write xor.dat with this 8-byte key (16 hex chars) or `random` (derived from the seed), and obfuscate.
    #[arg(long)]
    xor: Option<String>,
    /// Store blocks shuffled within windows of this many records (children before parents).
    #[arg(long)]
    out_of_order: Option<usize>,
    /// No zero padding after the last record.
    #[arg(long)]
    no_padding: bool,
    /// Pad the last file to a multiple of this size (Core preallocates 16 MiB chunks).
    #[arg(long, default_value = "16MiB", value_parser = parse_size)]
    padding_chunk: u64,
    /// End the last file with a half-written record of a block extending the tip.
    #[arg(long)]
    truncate_tail: bool,
}

#[derive(Args)]
struct ScenarioArgs {
    /// Scenario file (.json or .toml).
    file: PathBuf,
    /// Seed of the generator (the same seed gives the same files)
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output directory (created; must not already hold blk files).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Add this many stale forks that lose by cumulative work.
    #[arg(long, default_value_t = 0)]
    stale_forks: u32,
    /// Also write an oracle params file (oracle/PARAMS.md format) for this scenario.
    #[arg(long)]
    params_out: Option<PathBuf>,
    /// Where cited consensus hashes come from: `engine` (run bns-engine inline; real
    /// CH of every block) or `genesis` (only the four genesis rows before FIRST).
    #[arg(long, default_value = "engine", value_parser = ["engine", "genesis"])]
    consensus: String,
    /// Print the engine's `HEIGHT BLOCKHASH CONSENSUS_HASH` line for every block from FIRST
    /// (the oracle's output format) instead of the op summary.
    #[arg(long)]
    print_hashes: bool,
    /// The summary as one JSON object (scenario, blocks, tip, files, ops with what was
    /// expected and what the engine did) instead of text
    #[arg(long, conflicts_with = "print_hashes")]
    json: bool,
    #[command(flatten)]
    layout: LayoutArgs,
}

#[derive(Args)]
struct BulkArgs {
    /// Total size of block data to write (e.g. 512MiB, 2GiB).
    #[arg(long, value_parser = parse_size)]
    size: u64,
    /// Seed of the generator (the same seed gives the same files)
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output directory (created; must not already hold blk files).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    layout: LayoutArgs,
}

/// `123`, `64KiB`, `128MiB`, `2GiB` (also KB/MB/GB as powers of 1000).
fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits.parse().map_err(|_| format!("bad size {text:?}"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kib" | "k" => 1 << 10,
        "mib" | "m" => 1 << 20,
        "gib" | "g" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        _ => return Err(format!("bad size unit in {text:?}")),
    };
    n.checked_mul(mult).ok_or_else(|| format!("size {text:?} too large"))
}

fn writer_options(layout: &LayoutArgs, seed: u64) -> Result<WriterOptions> {
    let xor_key = match layout.xor.as_deref() {
        None => None,
        Some("random") => {
            let mut key = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15).to_le_bytes();
            key[0] |= 1; // never all-zero
            Some(key)
        }
        Some(hex) => Some(
            parse_xor_key(hex)
                .with_context(|| format!("--xor {hex:?}: expected 16 hex characters or `random`"))?,
        ),
    };
    if layout.max_file_size < 1024 {
        bail!("--max-file-size must be at least 1024 bytes");
    }
    Ok(WriterOptions {
        magic: network(layout).magic(),
        max_file_size: layout.max_file_size,
        xor_key,
        padding_chunk: if layout.no_padding { None } else { Some(layout.padding_chunk) },
    })
}

/// The network the files use: `--network`, else regtest.
fn network(layout: &LayoutArgs) -> ChainNetwork {
    layout.net.network.unwrap_or(ChainNetwork::Regtest)
}

fn scenario(args: ScenarioArgs) -> Result<()> {
    let mut s = Scenario::load(&args.file)?;
    // --params and --first-block replace the scenario's params.base and first_block.
    if let Some(path) = &args.layout.net.params {
        let path = std::path::absolute(path).with_context(|| format!("--params {}", path.display()))?;
        s.params.base = path.to_string_lossy().into_owned();
    }
    if let Some(first) = args.layout.net.first_block {
        s.params.first_block = Some(first);
    }
    if args.layout.net.freeze_height.is_some() {
        bail!("--freeze-height: chaingen scenarios take it from their params file (freeze_height); pass --params FILE");
    }
    let dir = args.file.parent().unwrap_or(Path::new("."));
    let run = ScenarioRun {
        gen: GenOptions {
            seed: args.seed,
            network: network(&args.layout),
            stale_forks: args.stale_forks,
            truncate_tail: args.layout.truncate_tail,
        },
        writer: writer_options(&args.layout, args.seed)?,
        layout: LayoutOptions { out_of_order_window: args.layout.out_of_order },
        use_engine: args.consensus == "engine",
    };
    let chain = run_scenario(&s, dir, &args.out, &run)?;
    if let Some(path) = &args.params_out {
        let bns = bns_vectors::scenario_params(&s, dir)?;
        let json = bns_vectors::netparams::oracle_params_json(&bns, &bns.params.genesis_rows);
        std::fs::write(path, serde_json::to_vec_pretty(&json)?)
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let m = &chain.manifest;
    if args.print_hashes {
        for line in m.blocks.iter().filter_map(|b| b.consensus_line.as_deref()) {
            out!("{line}");
        }
        return Ok(());
    }
    let tip = m.blocks.last().map(|b| (b.height, b.hash.clone())).unwrap_or_default();
    if args.json {
        out!("{}", scenario_summary_json(m, &tip));
        return Ok(());
    }
    out!(
        "{}: {} blocks (tip {} {}), {} BNS ops, {} stale fork blocks{}, files: {}",
        m.scenario,
        m.blocks.len(),
        tip.0,
        tip.1,
        m.ops.len(),
        m.forks.len(),
        if m.tail.is_some() { ", truncated tail" } else { "" },
        m.files.join(" ")
    );
    for op in &m.ops {
        let engine = op.engine.as_ref().map(|v| format!(", engine: {v}")).unwrap_or_default();
        out!("  {} #{} {} {} expect {}{engine}", op.height, op.vtxindex, op.op, op.txid, op.expect);
    }
    Ok(())
}

/// `chaingen scenario --json`: plain values only (strings, numbers; the engine's verdict
/// as a word plus its reason), no Rust enum shapes.
fn scenario_summary_json(m: &bns_vectors::manifest::Manifest, tip: &(u32, String)) -> serde_json::Value {
    let ops: Vec<serde_json::Value> = m
        .ops
        .iter()
        .map(|op| {
            serde_json::json!({
                "height": op.height,
                "vtxindex": op.vtxindex,
                "op": op.op,
                "txid": op.txid,
                "expect": op.expect.to_string(),
                "engine": op.engine.as_ref().map(|v| v.outcome()),
                "engine_reason": op.engine.as_ref().and_then(|v| v.reason()),
            })
        })
        .collect();
    serde_json::json!({
        "scenario": m.scenario,
        "blocks": m.blocks.len(),
        "tip_height": tip.0,
        "tip_block_hash": tip.1,
        "stale_fork_blocks": m.forks.len(),
        "truncated_tail": m.tail.is_some(),
        "files": m.files,
        "ops": ops,
    })
}

fn bulk_cmd(args: BulkArgs) -> Result<()> {
    let net = &args.layout.net;
    if net.params.is_some() || net.first_block.is_some() || net.freeze_height.is_some() {
        bail!("--params, --first-block and --freeze-height apply to `chaingen scenario`; bulk chains use the built-in regtest BNS parameters");
    }
    let opts = BulkOptions {
        size_bytes: args.size,
        seed: args.seed,
        network: network(&args.layout),
        out_of_order_window: args.layout.out_of_order,
        truncate_tail: args.layout.truncate_tail,
    };
    let started = std::time::Instant::now();
    let report = bulk::write_bulk(&args.out, writer_options(&args.layout, args.seed)?, &opts)?;
    let secs = started.elapsed().as_secs_f64();
    out!(
        "bulk: {} blocks, {} transactions, {} BNS ops, {} bytes of blocks in {:.2} s ({:.1} MB/s), files: {}",
        report.blocks,
        report.transactions,
        report.bns_ops,
        report.bytes,
        secs,
        report.bytes as f64 / 1e6 / secs.max(1e-9),
        report.files.len()
    );
    let first = bns_engine::Params::regtest().first_block;
    let last = report.blocks.saturating_sub(1);
    if last < u64::from(first) {
        eprintln!(
            "chaingen: warning: the chain ends at height {last}, below the first BNS block {first}: it holds no BNS operations; use a larger --size"
        );
    }
    Ok(())
}

/// The exit code of a failure (README "Exit codes"): an I/O error other than a missing
/// input is 3; everything else chaingen refuses is bad input, 2.
fn exit_code(error: &anyhow::Error) -> u8 {
    for cause in error.chain() {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                std::io::ErrorKind::NotFound | std::io::ErrorKind::InvalidData => 2,
                _ => 3,
            };
        }
    }
    2
}

/// The error chain joined by ": ", each text once, on one line.
fn message(error: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if text.is_empty() || out.ends_with(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out.replace(['\n', '\r'], " ")
}

fn main() -> std::process::ExitCode {
    use clap::error::ErrorKind;
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            if matches!(error.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = error.print();
                return std::process::ExitCode::SUCCESS;
            }
            if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                let _ = error.print();
                return std::process::ExitCode::from(2);
            }
            let rendered = error.render().to_string();
            // clap's first paragraph, on one line (a list of missing arguments follows
            // its heading on the next lines).
            let paragraph: Vec<&str> =
                rendered.lines().map(str::trim).take_while(|l| !l.is_empty()).collect();
            let paragraph = paragraph.join(" ");
            let first = paragraph.strip_prefix("error: ").unwrap_or(&paragraph);
            eprintln!("chaingen: error: {first} (see chaingen --help)");
            return std::process::ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Scenario(a) => scenario(a),
        Command::Bulk(a) => bulk_cmd(a),
        Command::History(a) => history_cmd::run(a),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "chaingen",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Command::Man => clap_mangen::Man::new(<Cli as clap::CommandFactory>::command())
            .render(&mut std::io::stdout())
            .map_err(anyhow::Error::from),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("chaingen: error: {}", message(&e));
            std::process::ExitCode::from(exit_code(&e))
        }
    }
}
