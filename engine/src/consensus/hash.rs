//! Ops hash and consensus hash (consensus spec §6–§7; virtualchain `indexer.py`
//! `make_ops_snapshot`, `make_snapshot_from_ops_hash`, `calculate_consensus_hash` and
//! `merkle.py MerkleTree`).
//!
//! The reference works on hex strings: leaves are sorted as lowercase hex text, then
//! each is hex-decoded and byte-reversed ("internal" order), paired Bitcoin-style
//! (odd rows duplicate the last node) with double SHA-256, and the root is reversed
//! back. Leaves may have different lengths (16-byte consensus hashes next to a 32-byte
//! ops hash) and are concatenated as they are.

use crate::hashes::{dsha256, hash160};
use crate::types::{ConsensusHash, OpsHash};

/// Merkle root over display-order byte strings, returned in display order. The caller
/// sorts. A single leaf is returned unchanged (no hashing).
fn merkle_root_display(sorted_leaves: &[Vec<u8>]) -> Vec<u8> {
    let mut row: Vec<Vec<u8>> =
        sorted_leaves.iter().map(|leaf| leaf.iter().rev().copied().collect()).collect();
    while row.len() > 1 {
        if row.len() % 2 == 1 {
            if let Some(last) = row.last().cloned() {
                row.push(last);
            }
        }
        row = row
            .chunks_exact(2)
            .map(|pair| {
                let mut joined = pair[0].clone();
                joined.extend_from_slice(&pair[1]);
                dsha256(&joined).to_vec()
            })
            .collect();
    }
    let mut root = row.pop().unwrap_or_default();
    root.reverse();
    root
}

/// Sort display byte strings the way the reference sorts their lowercase hex text.
/// Lowercase hex preserves byte order and a prefix sorts first, so this is a plain
/// lexicographic sort of the bytes.
fn sort_as_hex(leaves: &mut [Vec<u8>]) {
    leaves.sort();
}

/// Merkle root over the sorted `hex(dsha256(record))` leaves; empty → `dsha256("")` leaf.
pub fn ops_hash(records: &[Vec<u8>]) -> OpsHash {
    let mut leaves: Vec<Vec<u8>> = records.iter().map(|r| dsha256(r).to_vec()).collect();
    if leaves.is_empty() {
        leaves.push(dsha256(b"").to_vec());
    }
    sort_as_hex(&mut leaves);
    let root = merkle_root_display(&leaves);
    let mut out = OpsHash::default();
    // Every leaf and every inner node is 32 bytes here.
    out.0.copy_from_slice(&root);
    out
}

/// Heights mixed into block `height`'s consensus hash: `height − (2^i − 1)` for
/// i = 1, 2, … while ≥ `first_block` (in that order: h−1, h−3, h−7, …).
pub fn skip_list_heights(height: u32, first_block: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut offset: u64 = 1;
    while let Some(h) = u64::from(height).checked_sub(offset) {
        if h < u64::from(first_block) {
            break;
        }
        // h ≤ height, so it fits in u32.
        out.push(h as u32);
        offset = offset * 2 + 1;
    }
    out
}

/// `CH = hash160(unhex(merkle_root(sorted(prev ++ [ops]))))[0..16]`.
pub fn consensus_hash(ops: &OpsHash, previous: &[ConsensusHash]) -> ConsensusHash {
    let mut leaves: Vec<Vec<u8>> = previous.iter().map(|ch| ch.0.to_vec()).collect();
    leaves.push(ops.0.to_vec());
    sort_as_hex(&mut leaves);
    let root = merkle_root_display(&leaves);
    let digest = hash160(&root);
    let mut out = ConsensusHash::default();
    out.0.copy_from_slice(&digest[..16]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skip_list_offsets_are_one_three_seven() {
        assert_eq!(skip_list_heights(100, 100), Vec::<u32>::new());
        assert_eq!(skip_list_heights(101, 100), vec![100]);
        assert_eq!(skip_list_heights(102, 100), vec![101]);
        assert_eq!(skip_list_heights(103, 100), vec![102, 100]);
        assert_eq!(skip_list_heights(107, 100), vec![106, 104, 100]);
        assert_eq!(skip_list_heights(131, 100), vec![130, 128, 124, 116, 100]);
    }

    #[test]
    fn skip_list_below_first_block_is_empty() {
        assert_eq!(skip_list_heights(5, 100), Vec::<u32>::new());
        assert_eq!(skip_list_heights(0, 0), Vec::<u32>::new());
    }

    #[test]
    fn skip_list_near_u32_max_does_not_overflow() {
        let heights = skip_list_heights(u32::MAX, 0);
        assert_eq!(heights.len(), 32);
        assert_eq!(heights.last(), Some(&0));
    }

    #[test]
    fn prefix_leaf_sorts_before_longer_leaf() {
        let mut leaves = vec![vec![0xab, 0x00], vec![0xab]];
        sort_as_hex(&mut leaves);
        assert_eq!(leaves, vec![vec![0xab], vec![0xab, 0x00]]);
    }
}
