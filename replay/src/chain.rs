//! The header index and best-chain selection (oracle `blk2stream.compute_best_chain`):
//! every record's header is indexed by hash (first copy wins, duplicates counted);
//! blocks failing their own proof of work are invalid; the best chain runs from the
//! network's genesis block to the valid block with the most cumulative work, ties
//! going to the tip seen first in file order. Children of an invalid block are
//! unreachable. Blocks whose parent is not in the files are reported with that hash.

use crate::error::ChainError;
use crate::work::{block_work, check_pow, ChainWork};
use bns_blockfile::{Record, HEADER_SIZE};
use std::collections::HashMap;

/// Double SHA-256 (the one of bns-blockfile).
pub use bns_blockfile::sha256d;

/// Display-order hex of an internal-order hash.
pub fn hash_hex(internal: &[u8; 32]) -> String {
    let mut display = *internal;
    display.reverse();
    hex::encode(display)
}

/// One indexed block header and where its block lives.
#[derive(Clone, Debug)]
pub struct HeaderEntry {
    /// Block hash, internal byte order.
    pub hash: [u8; 32],
    pub prev: [u8; 32],
    pub merkle_root: [u8; 32],
    pub bits: u32,
    /// Index into the file list.
    pub file_index: u32,
    pub offset: u64,
    pub size: u32,
    /// Order of first appearance across all files.
    pub seq: u32,
    pub invalid: bool,
}

/// All unique block headers of the block files.
#[derive(Default, Debug)]
pub struct HeaderIndex {
    pub entries: Vec<HeaderEntry>,
    by_hash: HashMap<[u8; 32], u32>,
    pub records: u64,
    pub duplicates: u64,
}

/// The chosen chain: entry indexes from genesis (height 0) to the tip.
#[derive(Clone, Debug)]
pub struct BestChain {
    pub blocks: Vec<u32>,
    pub tip_work: ChainWork,
    /// Unique blocks not on the chain.
    pub off_chain: usize,
    /// (block hash, missing parent hash) of blocks whose parent is not in the files.
    pub orphans: Vec<([u8; 32], [u8; 32])>,
}

impl BestChain {
    /// Height of the tip.
    pub fn tip_height(&self) -> u32 {
        // A chain always holds genesis; heights fit u32 (block counts fit in memory).
        u32::try_from(self.blocks.len().saturating_sub(1)).unwrap_or(u32::MAX)
    }
}

fn field32(header: &[u8; HEADER_SIZE], at: usize) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(&header[at..at + 32]);
    out
}

impl HeaderIndex {
    /// Add the records of one file, in file order. Call files in numeric order.
    pub fn add_file(&mut self, file_index: u32, records: &[Record]) {
        for record in records {
            self.records += 1;
            let hash = sha256d(&record.header);
            if self.by_hash.contains_key(&hash) {
                self.duplicates += 1;
                continue;
            }
            let bits = u32::from_le_bytes([
                record.header[72],
                record.header[73],
                record.header[74],
                record.header[75],
            ]);
            let seq = u32::try_from(self.entries.len()).unwrap_or(u32::MAX);
            self.by_hash.insert(hash, seq);
            self.entries.push(HeaderEntry {
                hash,
                prev: field32(&record.header, 4),
                merkle_root: field32(&record.header, 36),
                bits,
                file_index,
                offset: record.offset,
                size: record.size,
                seq,
                invalid: !check_pow(&hash, bits),
            });
        }
    }

    pub fn get(&self, hash: &[u8; 32]) -> Option<u32> {
        self.by_hash.get(hash).copied()
    }

    pub fn entry(&self, index: u32) -> &HeaderEntry {
        &self.entries[index as usize]
    }

    pub fn mark_invalid(&mut self, index: u32) {
        if let Some(e) = self.entries.get_mut(index as usize) {
            e.invalid = true;
        }
    }

    /// The most-work valid chain from `genesis` (internal byte order).
    pub fn best_chain(&self, genesis: &[u8; 32]) -> Result<BestChain, ChainError> {
        let root = match self.get(genesis) {
            Some(i) if !self.entry(i).invalid => i,
            _ => return Err(ChainError::NoGenesis(hash_hex(genesis))),
        };
        let mut children: HashMap<[u8; 32], Vec<u32>> = HashMap::new();
        let mut orphans = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let i = i as u32;
            if i == root {
                continue;
            }
            if self.by_hash.contains_key(&e.prev) {
                children.entry(e.prev).or_default().push(i);
            } else {
                orphans.push((e.hash, e.prev));
            }
        }
        let mut work: HashMap<u32, ChainWork> = HashMap::new();
        let mut parent_of: HashMap<u32, u32> = HashMap::new();
        let mut work_by_bits: HashMap<u32, ChainWork> = HashMap::new();
        let mut block_work_cached = |bits: u32| *work_by_bits.entry(bits).or_insert_with(|| block_work(bits));
        let root_work = block_work_cached(self.entry(root).bits);
        work.insert(root, root_work);
        let mut best = (root, root_work);
        let mut stack = vec![root];
        while let Some(i) = stack.pop() {
            let w = work[&i];
            let better = w > best.1 || (w == best.1 && self.entry(i).seq < self.entry(best.0).seq);
            if better {
                best = (i, w);
            }
            for &c in children.get(&self.entry(i).hash).map(Vec::as_slice).unwrap_or(&[]) {
                if self.entry(c).invalid {
                    continue;
                }
                work.insert(c, w.saturating_add(block_work_cached(self.entry(c).bits)));
                parent_of.insert(c, i);
                stack.push(c);
            }
        }
        let mut blocks = vec![best.0];
        let mut cursor = best.0;
        while let Some(&p) = parent_of.get(&cursor) {
            blocks.push(p);
            cursor = p;
        }
        blocks.reverse();
        Ok(BestChain { off_chain: self.entries.len() - blocks.len(), blocks, tip_work: best.1, orphans })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header with the given prev hash and bits, nonce ground until PoW holds when
    /// `valid` (regtest bits make that a couple of tries).
    fn header(prev: [u8; 32], bits: u32, tag: u32, valid: bool) -> [u8; HEADER_SIZE] {
        let mut h = [0u8; HEADER_SIZE];
        h[4..36].copy_from_slice(&prev);
        h[68..72].copy_from_slice(&tag.to_le_bytes());
        h[72..76].copy_from_slice(&bits.to_le_bytes());
        for nonce in 0u32.. {
            h[76..80].copy_from_slice(&nonce.to_le_bytes());
            if check_pow(&sha256d(&h), bits) == valid {
                return h;
            }
        }
        unreachable!()
    }

    fn rec(header: [u8; HEADER_SIZE], offset: u64) -> Record {
        Record { offset, size: 100, header }
    }

    const BITS: u32 = 0x207f_ffff;

    #[test]
    fn longest_fork_wins_and_ties_go_to_first_seen() {
        let g = header([0; 32], BITS, 0, true);
        let gh = sha256d(&g);
        let a1 = header(gh, BITS, 1, true);
        let b1 = header(gh, BITS, 2, true);
        let b2 = header(sha256d(&b1), BITS, 3, true);
        let mut index = HeaderIndex::default();
        index.add_file(0, &[rec(g, 0), rec(a1, 1), rec(b1, 2)]);
        let chain = index.best_chain(&gh).unwrap();
        assert_eq!(chain.blocks, vec![0, 1], "tie between a1 and b1 goes to a1, seen first");
        index.add_file(1, &[rec(b2, 0), rec(b2, 5)]);
        assert_eq!(index.duplicates, 1);
        let chain = index.best_chain(&gh).unwrap();
        assert_eq!(chain.blocks, vec![0, 2, 3]);
        assert_eq!(chain.off_chain, 1);
    }

    #[test]
    fn more_work_beats_more_blocks() {
        let g = header([0; 32], BITS, 0, true);
        let gh = sha256d(&g);
        let a1 = header(gh, BITS, 1, true);
        let a2 = header(sha256d(&a1), BITS, 2, true);
        // One block with bits 0x200fffff: work 2^256/(0xfffff*2^232+1) = 16 > 2+2.
        let b1 = header(gh, 0x200f_ffff, 3, true);
        let mut index = HeaderIndex::default();
        index.add_file(0, &[rec(g, 0), rec(a1, 1), rec(a2, 2), rec(b1, 3)]);
        assert_eq!(index.best_chain(&gh).unwrap().blocks, vec![0, 3]);
    }

    #[test]
    fn bad_pow_block_and_its_children_are_excluded_and_orphans_reported() {
        let g = header([0; 32], BITS, 0, true);
        let gh = sha256d(&g);
        let a1 = header(gh, BITS, 1, false);
        let a2 = header(sha256d(&a1), BITS, 2, true);
        let orphan = header([9; 32], BITS, 3, true);
        let mut index = HeaderIndex::default();
        index.add_file(0, &[rec(g, 0), rec(a1, 1), rec(a2, 2), rec(orphan, 3)]);
        let chain = index.best_chain(&gh).unwrap();
        assert_eq!(chain.blocks, vec![0]);
        assert_eq!(chain.orphans, vec![(sha256d(&orphan), [9; 32])]);
    }

    #[test]
    fn missing_genesis_is_an_error() {
        let index = HeaderIndex::default();
        assert!(matches!(index.best_chain(&[1; 32]), Err(ChainError::NoGenesis(_))));
    }
}
