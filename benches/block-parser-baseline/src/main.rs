//! Baseline for `scripts/bench-replay.sh`: `bitcoin-block-parser` (crates.io, 0.5.3)
//! used as its README recommends — `BlockParser::new_with_opts(dir, options)`, then
//! `parse(closure)`, the closure running on the crate's own thread pool — to decode
//! every block of a `blocks/` directory and compute the txid of every transaction
//! (the work of replay/examples/naive_pipeline.rs). Only the thread count is set
//! (`ParserOptions::num_threads`, default 64; here `--threads`, default 2); the other
//! options keep the crate's defaults.
//!
//! The crate needs no block index (`blocks/index`): `HeaderParser` reads every
//! header of every `blk*.dat` (applying `xor.dat` if present), links them by
//! `prev_blockhash` from the all-zero hash (genesis) and keeps the longest chain.
//! Unordered results (`parse` without `ordered()`), as the crate's fastest mode.
//!
//! Prints blocks, transactions and a fold of the txids (so no work can be skipped).
//!
//! `block-parser-baseline DIR [--threads N]`

use bitcoin::hashes::Hash as _;
use bitcoin_block_parser::blocks::{BlockParser, ParserOptions};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).ok_or_else(|| anyhow::anyhow!("usage: block-parser-baseline DIR [--threads N]"))?;
    let threads = match args.iter().position(|a| a == "--threads").and_then(|i| args.get(i + 1)) {
        Some(n) => n.parse()?,
        None => 2,
    };
    let options = ParserOptions { num_threads: threads, ..ParserOptions::default() };
    let parser = BlockParser::new_with_opts(dir, options)?;
    let per_block = parser.parse(|block| {
        let mut fold = 0u64;
        for tx in &block.txdata {
            let txid = tx.compute_txid().to_byte_array();
            fold ^=
                u64::from_le_bytes([txid[0], txid[1], txid[2], txid[3], txid[4], txid[5], txid[6], txid[7]]);
        }
        (block.txdata.len() as u64, fold)
    });
    let (mut blocks, mut txs, mut fold) = (0u64, 0u64, 0u64);
    for (n, f) in per_block {
        blocks += 1;
        txs += n;
        fold ^= f;
    }
    println!("bitcoin-block-parser: {blocks} blocks, {txs} transactions (txid fold {fold:016x})");
    Ok(())
}
