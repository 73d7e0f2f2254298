//! Temporary driver (until `replay export stacks-v2` is wired): replay a Bitcoin Core
//! `blocks/` directory in memory with bns-replay, then write the Stacks 2.0 export.
//!
//! ```text
//! cargo run -p bns-export --example export_blocks -- BLOCKS_DIR --out OUTDIR
//!     [--network regtest|mainnet] [--params FILE] [--first-block N] [--last-block N]
//!     [--height H] [--zonefiles name_zonefiles.txt] [--name NAME]...
//! ```
//!
//! Writes `chainstate.txt`, `chainstate.txt.sha256`, `name_zonefiles.txt`,
//! `name_zonefiles.txt.sha256` into OUTDIR and prints one summary line (tip, height, row
//! counts, hashes, whether they are the published mainnet ones); `--name` also prints
//! the migration status of that name as JSON.

use anyhow::{bail, Context, Result};
use bns_blockfile::ChainNetwork;
use bns_engine::Params;
use bns_export::migration::migration_status;
use bns_export::{export_stacks_v2, ZonefileMap};
use bns_replay::engine_adapter::EngineProcessor;
use bns_replay::replay::{run, ReplayOptions, Silent};
use bns_replay::source::BlockSource;
use bns_replay::store::MemStore;
use clap::Parser;
use std::path::PathBuf;

#[derive(Parser)]
struct Args {
    /// Bitcoin Core blocks/ directory.
    blocks: PathBuf,
    #[arg(long)]
    out: PathBuf,
    #[arg(long)]
    network: Option<String>,
    #[arg(long)]
    params: Option<PathBuf>,
    #[arg(long)]
    first_block: Option<u32>,
    /// Replay no further than this height (the tip T of the export).
    #[arg(long)]
    last_block: Option<u32>,
    /// Export height X (default: the tip).
    #[arg(long)]
    height: Option<u32>,
    /// Zone files in name_zonefiles.txt format.
    #[arg(long)]
    zonefiles: Option<PathBuf>,
    #[arg(long)]
    name: Vec<String>,
}

fn main() {
    if let Err(e) = real_main() {
        let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
        eprintln!("export_blocks: error: {}", chain.join(": "));
        std::process::exit(2);
    }
}

fn real_main() -> Result<()> {
    let args = Args::parse();
    let network = match args.network.as_deref() {
        None => None,
        Some("regtest") => Some(ChainNetwork::Regtest),
        Some("mainnet") => Some(ChainNetwork::Mainnet),
        Some(other) => bail!("unknown network {other}"),
    };
    let mut source = BlockSource::open(&args.blocks, network).context("cannot read the block files")?;
    let mut params = match (&args.params, source.network) {
        (Some(path), _) => bns_replay::params_loader::load(path).context("cannot load the params file")?,
        (None, ChainNetwork::Mainnet) => Params::mainnet_with_genesis(),
        (None, _) => Params::regtest(),
    };
    if let Some(first) = args.first_block {
        params.first_block = first;
    }
    let mut processor = EngineProcessor::new(params.clone());
    let options = ReplayOptions { confirmations: 0, end: args.last_block, ..ReplayOptions::default() };
    let mut sink = Vec::new();
    run(&mut source, &mut processor, &mut MemStore::default(), &options, &mut sink, None, &Silent)
        .context("replay failed")?;
    let state = processor.engine().state();
    let height = args.height.unwrap_or(state.last_block);
    let zonefiles = match &args.zonefiles {
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            ZonefileMap::from_name_zonefiles_txt(&bytes).with_context(|| format!("{}", path.display()))?
        }
        None => ZonefileMap::default(),
    };
    let files = export_stacks_v2(&params, state, height, &zonefiles).context("export failed")?;
    std::fs::create_dir_all(&args.out).with_context(|| format!("cannot create {}", args.out.display()))?;
    files.write_to(&args.out)?;
    let c = files.counts;
    println!(
        "tip {} height {} namespaces {} names {} balances {} vesting {} zonefiles {} chainstate.txt {} {}{} name_zonefiles.txt {} {}{}",
        state.last_block,
        height,
        c.namespaces,
        c.names,
        c.balances,
        c.vesting,
        c.zonefiles,
        files.chainstate_txt.len(),
        files.chainstate_sha256,
        if files.chainstate_matches_published() { " (published)" } else { "" },
        files.name_zonefiles_txt.len(),
        files.name_zonefiles_sha256,
        if files.name_zonefiles_match_published() { " (published)" } else { "" },
    );
    for name in &args.name {
        println!("{}", serde_json::to_string(&migration_status(&params, state, height, name))?);
    }
    Ok(())
}
