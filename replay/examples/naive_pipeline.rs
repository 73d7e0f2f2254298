//! The naive baseline for `scripts/bench-replay.sh`: read every blk*.dat (xor.dat
//! applied), fully decode every block with rust-bitcoin and compute the txid of every
//! transaction, in parallel over files (rayon). Prints blocks, transactions, bytes.
//!
//! `cargo run --release -p bns-replay --example naive_pipeline -- DIR [--threads N]`

use bitcoin::consensus::Decodable;
use bitcoin::hashes::Hash as _;
use bns_blockfile::{detect_network, ChainNetwork};
use bns_blockfile::{list_blk_files, load_xor_key, BlkFile};
use rayon::prelude::*;
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir =
        PathBuf::from(args.get(1).ok_or_else(|| anyhow::anyhow!("usage: naive_pipeline DIR [--threads N]"))?);
    if let Some(n) = args.iter().position(|a| a == "--threads").and_then(|i| args.get(i + 1)) {
        rayon::ThreadPoolBuilder::new().num_threads(n.parse()?).build_global()?;
    }
    let key = load_xor_key(&dir)?;
    let files: Vec<BlkFile> =
        list_blk_files(&dir)?.iter().map(|(n, p)| BlkFile::open(*n, p, key)).collect::<Result<_, _>>()?;
    let first = files.first().ok_or_else(|| anyhow::anyhow!("no files"))?;
    let network: ChainNetwork = detect_network(&first.read_prefix(1 << 20)?)?;
    let magic = network.magic();
    let totals: Vec<(u64, u64, u64)> = files
        .par_iter()
        .map(|f| -> anyhow::Result<(u64, u64, u64)> {
            let mut data = vec![0u8; usize::try_from(f.len)?];
            f.read_at(0, &mut data)?;
            let (mut blocks, mut txs, mut txid_xor) = (0u64, 0u64, 0u64);
            for (offset, size) in bns_blockfile::records_in_slice(&data, &magic) {
                let start = usize::try_from(offset)?;
                let mut bytes = &data[start..start + size as usize];
                let Ok(block) = bitcoin::Block::consensus_decode(&mut bytes) else { continue };
                blocks += 1;
                for tx in &block.txdata {
                    txs += 1;
                    // Fold the txid in so the work cannot be optimised away.
                    txid_xor ^= u64::from_le_bytes(tx.compute_txid().to_byte_array()[..8].try_into()?);
                }
            }
            Ok((blocks, txs, txid_xor))
        })
        .collect::<anyhow::Result<_>>()?;
    let bytes: u64 = files.iter().map(|f| f.len).sum();
    let (blocks, txs) = totals.iter().fold((0, 0), |(b, t), x| (b + x.0, t + x.1));
    let fold = totals.iter().fold(0, |a, x| a ^ x.2);
    println!("naive: {blocks} blocks, {txs} transactions, {bytes} bytes (txid fold {fold:016x})");
    Ok(())
}
