//! The order in which a generated chain's blocks are stored: best chain by height,
//! each stale fork right after the best-chain block at its first height (as a node
//! stores a competing block it received), then out-of-order storage within windows
//! (children before parents, as headers-first download does), and the truncated tail
//! last. Writing the directory and filling in the manifest's positions happen here.

use crate::generator::GeneratedChain;
use bitcoin::consensus::encode::serialize;
use bns_blockfile::{BlkWriter, WriterOptions};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use std::path::Path;

#[derive(Clone, Debug, Default)]
pub struct LayoutOptions {
    /// Shuffle storage order inside windows of this many records (genesis stays first).
    pub out_of_order_window: Option<usize>,
}

/// Which block a storage slot holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    Best(usize),
    Fork(usize),
}

/// Storage order (without the tail).
pub fn storage_order(chain: &GeneratedChain, opts: &LayoutOptions, seed: u64) -> Vec<Stored> {
    let mut order: Vec<Stored> = Vec::with_capacity(chain.blocks.len() + chain.forks.len());
    for height in 0..chain.blocks.len() {
        order.push(Stored::Best(height));
        for (i, (fork_height, _)) in chain.forks.iter().enumerate() {
            if *fork_height as usize == height {
                order.push(Stored::Fork(i));
            }
        }
    }
    if let Some(window) = opts.out_of_order_window.filter(|w| *w >= 2) {
        let mut rng = ChaCha20Rng::seed_from_u64(seed ^ 0x6f75_745f_6f72_6465);
        for chunk in order[1..].chunks_mut(window) {
            let original = chunk.to_vec();
            chunk.shuffle(&mut rng);
            if chunk.len() >= 2 && chunk == original.as_slice() {
                // Make sure each window really is out of order.
                chunk.swap(0, 1);
            }
        }
    }
    order
}

/// Write `chain` into `dir` and record positions, storage order, files in the manifest.
pub fn write_chain(
    chain: &mut GeneratedChain,
    dir: &Path,
    writer_opts: WriterOptions,
    layout: &LayoutOptions,
    seed: u64,
) -> std::io::Result<()> {
    let order = storage_order(chain, layout, seed);
    let xor_key = writer_opts.xor_key;
    let mut writer = BlkWriter::create(dir, writer_opts)?;
    let mut storage = Vec::with_capacity(order.len() + 1);
    for slot in order {
        let (block, entry) = match slot {
            Stored::Best(h) => (&chain.blocks[h], &mut chain.manifest.blocks[h]),
            Stored::Fork(i) => (&chain.forks[i].1, &mut chain.manifest.forks[i]),
        };
        let pos = writer.write_block(&serialize(block))?;
        entry.file = Some(pos.file);
        entry.offset = Some(pos.offset);
        storage.push(entry.hash.clone());
    }
    if let (Some(tail), Some(entry)) = (&chain.tail, chain.manifest.tail.as_mut()) {
        let bytes = serialize(tail);
        let pos = writer.write_truncated(&bytes, bytes.len() / 2)?;
        entry.file = Some(pos.file);
        entry.offset = Some(pos.offset);
        storage.push(entry.hash.clone());
    }
    chain.manifest.files = writer.finish()?;
    chain.manifest.storage_order = storage;
    chain.manifest.xor_key = xor_key.map(hex::encode);
    Ok(())
}
