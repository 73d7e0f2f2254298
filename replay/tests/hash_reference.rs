//! The fast batch hashers of `sha256_batch` (sixteen AVX-512 lanes where the CPU has
//! them) give exactly what bns-blockfile's reference `sha256d` and `merkle_root` (plain
//! `sha2`) give, for every message length around the block boundaries and every leaf
//! count up to 70, and on the txids of real (generated) blocks.

mod common;

use bns_replay::sha256_batch::{merkle_root, sha256d_many, Backend, Pieces};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

#[test]
fn batch_sha256d_equals_the_reference() {
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let owned: Vec<Vec<u8>> = (0..300).map(|len| (0..len).map(|_| rng.gen()).collect()).collect();
    let messages: Vec<Pieces<'_>> = owned.iter().map(|m| Pieces::whole(m)).collect();
    let expected: Vec<[u8; 32]> = owned.iter().map(|m| bns_blockfile::sha256d(m)).collect();
    assert_eq!(sha256d_many(&messages, Backend::Detect), expected);
    assert_eq!(sha256d_many(&messages, Backend::Scalar), expected);
    // A message in three pieces hashes as their concatenation.
    let (a, b, c) = (&owned[100][..30], &owned[200][..77], &owned[299][..4]);
    let split = sha256d_many(&[Pieces([a, b, c])], Backend::Scalar)[0];
    assert_eq!(split, bns_blockfile::sha256d(&[a, b, c].concat()));
}

#[test]
fn batch_merkle_root_equals_the_reference() {
    let mut rng = ChaCha8Rng::seed_from_u64(10);
    for count in 0..70 {
        let leaves: Vec<[u8; 32]> = (0..count).map(|_| rng.gen()).collect();
        let expected = bns_blockfile::merkle_root(&leaves);
        assert_eq!(merkle_root(&leaves, Backend::Detect), expected, "count {count}");
        assert_eq!(merkle_root(&leaves, Backend::Scalar), expected, "count {count}");
    }
}

#[test]
fn block_txids_and_roots_equal_the_reference() {
    use bitcoin::hashes::Hash as _;
    let chain = common::build_chain(12, 8, 1, 3);
    for block in &chain.main {
        let bytes = bitcoin::consensus::serialize(block);
        let spans = bns_replay::txwalk::walk_block(&bytes, b"id").unwrap();
        let txids = bns_replay::txwalk::txids(&bytes, &spans);
        let expected: Vec<[u8; 32]> = block.txdata.iter().map(|t| t.compute_txid().to_byte_array()).collect();
        assert_eq!(txids, expected);
        assert_eq!(bns_blockfile::merkle_root(&txids), Some(block.header.merkle_root.to_byte_array()));
        assert_eq!(merkle_root(&txids, Backend::Detect), bns_blockfile::merkle_root(&txids));
        assert_eq!(bns_blockfile::sha256d(&bytes[..80]), block.block_hash().to_byte_array());
    }
}
