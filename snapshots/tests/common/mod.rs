//! Shared fixtures for the integration tests: an in-memory snapshot source and keys.
#![allow(dead_code)]

use bns_engine::Params;
use bns_snapshots::archive::{self, Policy};
use secp256k1::{PublicKey, SecretKey, SECP256K1};

pub use bns_snapshots::testing::MemorySource;

/// A small regtest source: `names` names, tip at `tip` (≥ 688, regtest FIRST).
pub fn small_source(names: usize, tip: u32) -> MemorySource {
    bns_snapshots::testing::sample_source(names, tip)
}

pub fn key(n: u8) -> SecretKey {
    let mut bytes = [0u8; 32];
    bytes[31] = n;
    bytes[0] = 0x11;
    SecretKey::from_slice(&bytes).expect("valid test key")
}

pub fn public(n: u8) -> PublicKey {
    PublicKey::from_secret_key(SECP256K1, &key(n))
}

pub fn create_bytes(source: &MemorySource) -> Vec<u8> {
    archive::create(source, Vec::new()).expect("in-memory create")
}

pub fn signed_by(file: &[u8], signers: &[u8]) -> Vec<u8> {
    let mut file = file.to_vec();
    for n in signers {
        file = archive::sign_bytes(&file, &key(*n), false).expect("sign");
    }
    file
}

pub fn policy(keys: &[u8], threshold: usize) -> Policy {
    Policy { keys: keys.iter().map(|n| public(*n)).collect(), threshold, params: Params::regtest() }
}

pub fn key_bytes(n: u8) -> [u8; 32] {
    key(n).secret_bytes()
}
