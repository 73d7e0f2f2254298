//! Shared fixtures for the integration tests: an in-memory snapshot source and keys.
#![allow(dead_code)]

use bns_engine::{BlockHash, ConsensusHash, Params};
use bns_snapshots::archive::{self, Policy, SnapshotSource};
use bns_snapshots::engine_glue::State;
use bns_snapshots::format::HistoryEntry;
use secp256k1::{PublicKey, SecretKey, SECP256K1};

/// A source built from plain values.
pub struct MemorySource {
    pub params: Params,
    pub state: State,
    pub history: Vec<HistoryEntry>,
}

impl SnapshotSource for MemorySource {
    fn params(&self) -> &Params {
        &self.params
    }
    fn tip_height(&self) -> u32 {
        self.history.last().map_or(0, |e| e.height)
    }
    fn tip_block_hash(&self) -> BlockHash {
        self.history.last().map_or(BlockHash::default(), |e| e.block_hash)
    }
    fn state(&self) -> &State {
        &self.state
    }
    fn history(&self) -> Vec<HistoryEntry> {
        self.history.clone()
    }
}

/// A small regtest source: `names` names, history from 684 to `tip`.
pub fn small_source(names: usize, tip: u32) -> MemorySource {
    let mut state = State::default();
    for i in 0..names {
        state.names.insert(format!("name{i}.id"), vec![u8::try_from(i % 251).expect("< 251"); 20]);
    }
    let history = (684..=tip)
        .map(|height| {
            let mut block = [0u8; 32];
            block[..4].copy_from_slice(&height.to_be_bytes());
            let mut ch = [0u8; 16];
            ch[..4].copy_from_slice(&height.to_le_bytes());
            ch[15] = 0xcc;
            HistoryEntry {
                height,
                block_hash: if height < 688 { BlockHash::default() } else { BlockHash(block) },
                consensus_hash: ConsensusHash(ch),
            }
        })
        .collect();
    MemorySource { params: Params::regtest(), state, history }
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
