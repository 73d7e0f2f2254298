//! Replay a Bitcoin `blocks/` directory into the in-memory read model and serve the
//! API without a store (`replay --store DIR serve` serves a store; this serves the
//! in-memory model, for `api-vs-oracle.sh --via memory` and `api-load.sh --in-memory`).
//!
//! ```text
//! cargo run -p bns-api --example serve_blocks -- --blocks vectors/sample/blocks \
//!     --network regtest [--params FILE] [--listen 127.0.0.1:6270]
//! ```

use anyhow::Context;
use bns_blockfile::ChainNetwork;
use bns_engine::Params;
use bns_replay::source::BlockSource;
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Parser)]
struct Args {
    /// Block directory (blk*.dat, optional xor.dat)
    #[arg(long, value_name = "DIR")]
    blocks: PathBuf,
    #[arg(long, value_enum)]
    network: Option<ChainNetwork>,
    /// Oracle-style params file (default: the network's built-in parameters)
    #[arg(long, value_name = "FILE")]
    params: Option<PathBuf>,
    #[arg(long, default_value = "127.0.0.1:6270")]
    listen: SocketAddr,
    #[arg(long)]
    first_block: Option<u32>,
    #[arg(long)]
    freeze_height: Option<u32>,
}

fn main() {
    if let Err(e) = real_main() {
        let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
        eprintln!("serve_blocks: error: {}", chain.join(": "));
        std::process::exit(2);
    }
}

fn real_main() -> anyhow::Result<()> {
    let args = Args::parse();
    let mut source =
        BlockSource::open(&args.blocks, args.network).context("cannot open the blocks directory")?;
    let mut params = match &args.params {
        Some(p) => bns_replay::params_loader::load(p)?,
        None => match source.network {
            ChainNetwork::Regtest => Params::regtest(),
            ChainNetwork::Mainnet => Params::mainnet_with_genesis(),
            other => anyhow::bail!("no built-in parameters for {other:?}; pass --params"),
        },
    };
    if let Some(f) = args.first_block {
        params.first_block = f;
    }
    if let Some(h) = args.freeze_height {
        params.freeze_height = Some(h);
    }
    let model = bns_replay::memory_model::replay_into_model(&mut source, params)?;
    let model = Arc::new(model);
    eprintln!(
        "serve_blocks: replayed to block {}; listening on http://{}",
        bns_api::ReadModel::tip(model.as_ref())?.height,
        args.listen
    );
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    rt.block_on(bns_api::serve(model, args.listen))?;
    Ok(())
}
