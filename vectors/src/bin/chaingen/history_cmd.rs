//! `chaingen history`: the mainnet-shaped BNS history (vectors/src/history).

use anyhow::{bail, Result};
use bns_vectors::blkfile::{WriterOptions, BLOCKFILE_CHUNK_SIZE, MAX_BLOCKFILE_SIZE};
use bns_vectors::history::{self, shape::DEFAULT_END_HEIGHT, HistoryOptions};
use bns_vectors::netparams::BtcNetwork;
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
pub struct HistoryArgs {
    /// Bitcoin network: only `mainnet` (the BNS mainnet parameters are built in).
    #[arg(long, value_enum)]
    network: BtcNetwork,
    /// Output directory (created; must not already hold blk files).
    #[arg(long)]
    out: PathBuf,
    /// Multiplies the number of names, users and transfers (1 = tens of thousands of names).
    #[arg(long, default_value_t = 1.0)]
    scale: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write the generator's engine lines `HEIGHT BLOCKHASH CONSENSUS_HASH` (from 373601) here.
    #[arg(long)]
    hashes_out: Option<PathBuf>,
    /// Write the generator's final engine state here (JSON), for state comparisons.
    #[arg(long)]
    state_out: Option<PathBuf>,
    /// No xor.dat (by default the files are obfuscated with a key derived from the seed).
    #[arg(long)]
    no_xor: bool,
    /// Progress line on stderr every N blocks (0 = none).
    #[arg(long, default_value_t = 0)]
    progress: u32,
    /// Stop at this height (tests; default 665760).
    #[arg(long, hide = true, default_value_t = DEFAULT_END_HEIGHT)]
    end_height: u32,
}

pub fn run(args: HistoryArgs) -> Result<()> {
    if args.network != BtcNetwork::Mainnet {
        bail!("history mode writes mainnet only (--network mainnet)");
    }
    let xor_key = (!args.no_xor).then(|| {
        let mut key = args.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15).wrapping_add(0x6869_7374).to_le_bytes();
        key[0] |= 1;
        key
    });
    let writer = WriterOptions {
        magic: args.network.magic(),
        max_file_size: MAX_BLOCKFILE_SIZE,
        xor_key,
        padding_chunk: Some(BLOCKFILE_CHUNK_SIZE),
    };
    let opts = HistoryOptions {
        seed: args.seed,
        scale: args.scale,
        end_height: args.end_height,
        hashes_out: args.hashes_out,
        progress_every: args.progress,
        state_out: args.state_out,
    };
    let started = std::time::Instant::now();
    let r = history::write_history(&args.out, writer, &opts)?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "history: {} blocks (tip {}), {} transactions, {} bytes in {} files, {} BNS txs ({} accepted, {} rejected, {} dropped), busiest block {} with {} ops, {} names alive, {} accounts, final consensus hash {}, state digest {}, {:.1} s",
        r.blocks,
        r.end_height,
        r.transactions,
        r.bytes,
        r.files.len(),
        r.bns_txs,
        r.accepted,
        r.rejected,
        r.dropped,
        r.busiest_block,
        r.busiest_block_ops,
        r.names_alive_at_end,
        r.accounts_at_end,
        r.final_consensus_hash,
        r.final_state_digest,
        secs
    );
    Ok(())
}
