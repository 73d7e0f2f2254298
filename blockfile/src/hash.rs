//! The reference double SHA-256 and merkle root of Bitcoin, on plain `sha2`. Fast batch
//! kernels elsewhere (bns-replay's `sha256_batch`) are tested equal to these.

use sha2::{Digest, Sha256};

/// `SHA256(SHA256(bytes))`, internal byte order.
pub fn sha256d(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(Sha256::digest(bytes)).into()
}

/// Merkle root (internal order) of 32-byte leaves, odd rows duplicating their last
/// element (Bitcoin's `ComputeMerkleRoot`); `None` for no leaves.
pub fn merkle_root(leaves: &[[u8; 32]]) -> Option<[u8; 32]> {
    let mut row = leaves.to_vec();
    row.first()?;
    while row.len() > 1 {
        if row.len() % 2 == 1 {
            row.push(row[row.len() - 1]);
        }
        row = row
            .chunks_exact(2)
            .map(|pair| {
                let mut both = [0u8; 64];
                both[..32].copy_from_slice(&pair[0]);
                both[32..].copy_from_slice(&pair[1]);
                sha256d(&both)
            })
            .collect();
    }
    row.first().copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use bitcoin::hashes::Hash as _;

    #[test]
    fn sha256d_of_abc() {
        // FIPS 180-2 "abc" vector, hashed twice: sha256(ba7816bf…15ad) = 4f8b42c2…6358.
        assert_eq!(
            hex::encode(sha256d(b"abc")),
            "4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358"
        );
    }

    #[test]
    fn merkle_root_of_none_one_and_the_genesis_blocks() {
        assert_eq!(merkle_root(&[]), None);
        assert_eq!(merkle_root(&[[7u8; 32]]), Some([7u8; 32]));
        // Against rust-bitcoin's own computation, on blocks with 1..=9 transactions.
        let genesis = crate::ChainNetwork::Regtest.genesis_block();
        for n in 1..=9usize {
            let mut block = genesis.clone();
            for i in 1..n {
                let mut tx = genesis.txdata[0].clone();
                tx.lock_time = bitcoin::absolute::LockTime::from_consensus(i as u32);
                block.txdata.push(tx);
            }
            let txids: Vec<[u8; 32]> =
                block.txdata.iter().map(|t| t.compute_txid().to_byte_array()).collect();
            let expected = block.compute_merkle_root().map(|r| r.to_byte_array());
            assert_eq!(merkle_root(&txids), expected, "{n} transactions");
        }
        assert_eq!(
            sha256d(&bitcoin::consensus::serialize(&genesis.header)),
            genesis.block_hash().to_byte_array()
        );
    }
}
