//! Ops hash and consensus hash (consensus spec §6–§7). STUB: owner H1.
use crate::types::{ConsensusHash, OpsHash};

/// Merkle root over the sorted `hex(dsha256(record))` leaves; empty → `dsha256("")` leaf.
pub fn ops_hash(records: &[Vec<u8>]) -> OpsHash {
    let _ = records;
    unimplemented!("consensus::hash (H1)")
}

/// Heights mixed into block `height`'s consensus hash: `height − (2^i − 1)` for
/// i = 1, 2, … while ≥ `first_block` (in that order: h−1, h−3, h−7, …).
pub fn skip_list_heights(height: u32, first_block: u32) -> Vec<u32> {
    let _ = (height, first_block);
    unimplemented!("consensus::hash (H1)")
}

/// `CH = hash160(unhex(merkle_root(sorted(prev ++ [ops]))))[0..16]`.
pub fn consensus_hash(ops: &OpsHash, previous: &[ConsensusHash]) -> ConsensusHash {
    let _ = (ops, previous);
    unimplemented!("consensus::hash (H1)")
}
