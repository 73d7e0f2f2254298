//! Fixtures shared by tests, the fuzz target and the benches: an in-memory
//! [`SnapshotSource`] whose state comes from the real engine (empty regtest blocks
//! from FIRST to the tip) plus synthetic name records. Not used by the tool itself.

use crate::archive::SnapshotSource;
use crate::engine_glue::State;
use crate::format::HistoryEntry;
use bns_engine::state::{NameRecord, OpFee};
use bns_engine::{BlockHash, BlockInput, Engine, Params};

/// A source built from plain values.
#[derive(Clone, Debug)]
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
        self.history.last().map_or(0, |entry| entry.height)
    }
    fn tip_block_hash(&self) -> BlockHash {
        self.history.last().map_or(BlockHash::default(), |entry| entry.block_hash)
    }
    fn state(&self) -> &State {
        &self.state
    }
    fn history(&self) -> Vec<HistoryEntry> {
        self.history.clone()
    }
}

/// A deterministic block hash for height `height` of the synthetic chain.
pub fn block_hash_at(height: u32) -> BlockHash {
    let mut bytes = [0u8; 32];
    bytes[..4].copy_from_slice(&height.to_be_bytes());
    bytes[31] = 0xbb;
    BlockHash(bytes)
}

/// A synthetic, registered-looking name record number `index`.
pub fn name_record(index: usize, block: u32) -> NameRecord {
    let name = format!("name{index:07}.id");
    NameRecord {
        preorder_hash: format!("{index:040x}"),
        name_hash128: format!("{index:032x}"),
        namespace_id: "id".to_string(),
        namespace_block_number: block,
        value_hash: index.is_multiple_of(3).then(|| format!("{:040x}", index * 7)),
        sender: format!("76a914{index:040x}88ac"),
        sender_pubkey: None,
        address: format!("mzaddress{index:025}"),
        block_number: block,
        preorder_block_number: block,
        first_registered: block,
        last_renewed: block,
        revoked: false,
        op: ":".to_string(),
        txid: format!("{index:064x}"),
        vtxindex: u32::try_from(index % 1000).unwrap_or(0),
        op_fee: OpFee::Int(6_400_000),
        importer: None,
        importer_address: None,
        consensus_hash: None,
        token_fee: "0".to_string(),
        last_creation_op: "?".to_string(),
        last_update_consensus_hash: None,
        name,
    }
}

/// Regtest state after empty blocks FIRST..=`tip` through the engine, with `names`
/// synthetic name records added; history holds one entry per applied block.
pub fn sample_source(names: usize, tip: u32) -> MemorySource {
    let params = Params::regtest();
    let mut engine = Engine::new(params.clone());
    let mut history = Vec::new();
    for height in params.first_block..=tip {
        let input = BlockInput { height, block_hash: block_hash_at(height), candidates: Vec::new() };
        let outcome = engine.apply_block(input).expect("empty regtest blocks are always accepted");
        history.push(HistoryEntry {
            height,
            block_hash: outcome.block_hash,
            consensus_hash: outcome.consensus_hash,
        });
    }
    let mut state = engine.into_state();
    for index in 0..names {
        let record = name_record(index, params.first_block);
        state.names.insert(record.name.clone(), record);
    }
    MemorySource { params, state, history }
}

/// One fuzz iteration over an untrusted archive file (fuzz target `archive`): every
/// reader this crate has gets the bytes, none may panic. Signature checking is run but
/// not required, so the decoders behind it are reached too.
pub fn fuzz_archive(data: &[u8]) {
    use crate::{archive, bsk, format, trailer};
    use std::io::Cursor;
    let key = fuzz_public_key();
    let _ = archive::check_signatures(&mut Cursor::new(data), &[key], 1);
    if let Ok(parsed) = trailer::parse(data) {
        let size = parsed.payload_size as u64;
        if let Ok(body) = archive::decode_payload(&mut Cursor::new(data), size) {
            let _ = archive::check_contents(body, &Params::regtest());
        }
        if let Some(payload) = data.get(..parsed.payload_size) {
            let _ = bsk::list(payload);
        }
    }
    // The body decoder directly, without gzip, so mutations reach the state decoder.
    if let Ok(body) = format::decode::<State, _>(data) {
        let _ = archive::check_contents(body, &Params::regtest());
    }
}

fn fuzz_public_key() -> secp256k1::PublicKey {
    let mut bytes = [0u8; 32];
    bytes[31] = 1;
    let key = secp256k1::SecretKey::from_slice(&bytes).expect("1 is a valid secret key");
    secp256k1::PublicKey::from_secret_key(secp256k1::SECP256K1, &key)
}
