//! Replay a Bitcoin `blocks/` directory into the in-memory read model and serve the
//! API (until the lead wires `replay --store DIR serve`).
//!
//! ```text
//! cargo run -p bns-api --example serve_blocks -- --blocks vectors/sample/blocks \
//!     --network regtest [--params FILE] [--listen 127.0.0.1:6270]
//! ```

use anyhow::Context;
use bns_api::InMemoryModel;
use bns_blockfile::ChainNetwork;
use bns_engine::{BlockHash, BlockInput, Params};
use bns_replay::processor::{BlockProcessor, BlockResult, CandidateTx, ProcessorError};
use bns_replay::replay::{run, ReplayOptions, Silent};
use bns_replay::source::BlockSource;
use bns_replay::store::{MemStore, StateReader, StateWrite};
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

struct ModelProcessor {
    params: Params,
    model: InMemoryModel,
}

impl BlockProcessor for ModelProcessor {
    fn magic(&self) -> [u8; 2] {
        self.params.magic
    }
    fn first_height(&self) -> u32 {
        self.params.first_block
    }
    fn fingerprint(&self) -> [u8; 32] {
        bns_replay::engine_adapter::params_fingerprint(&self.params)
    }
    fn apply(
        &mut self,
        height: u32,
        block_hash: [u8; 32],
        candidates: Vec<CandidateTx>,
    ) -> Result<BlockResult, ProcessorError> {
        let candidates = candidates
            .iter()
            .filter_map(|c| {
                bns_engine::extract::extract(&c.tx, &c.prevouts, c.vtxindex, height, &self.params).ok()
            })
            .collect();
        let input = BlockInput { height, block_hash: BlockHash(block_hash), candidates };
        let outcome = self.model.apply_block(input)?;
        Ok(BlockResult {
            consensus_hash: outcome.consensus_hash.0,
            accepted_json: String::new(),
            accepted_ops: serde_json::Value::Null,
        })
    }
    fn take_state_changes(&mut self) -> Result<StateWrite, ProcessorError> {
        Ok(StateWrite::default())
    }
    fn load_state(&mut self, _: &dyn StateReader) -> Result<(), ProcessorError> {
        Err(ProcessorError::FreshOnly)
    }
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
    let mut processor = ModelProcessor { model: InMemoryModel::new(params.clone()), params };
    let mut store = MemStore::default();
    let options = ReplayOptions { confirmations: 0, ..ReplayOptions::default() };
    let mut sink = std::io::sink();
    run(&mut source, &mut processor, &mut store, &options, &mut sink, None, &Silent)?;
    let model = Arc::new(processor.model);
    eprintln!(
        "serve_blocks: replayed to block {}; listening on http://{}",
        bns_api::ReadModel::tip(model.as_ref())?.height,
        args.listen
    );
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    rt.block_on(bns_api::serve(model, args.listen))?;
    Ok(())
}
