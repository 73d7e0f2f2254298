//! Shared test helpers: the sample chain (vectors/sample/blocks, regtest) replayed into
//! the in-memory model once per test binary.
#![allow(dead_code)]

use bns_api::{InMemoryModel, Reply};
use bns_blockfile::ChainNetwork;
use bns_engine::{BlockHash, BlockInput, Params};
use bns_replay::processor::{BlockProcessor, BlockResult, CandidateTx, ProcessorError};
use bns_replay::replay::{run, ReplayOptions, Silent};
use bns_replay::source::BlockSource;
use bns_replay::store::{MemStore, StateReader, StateWrite};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

struct ModelProcessor {
    params: Params,
    model: InMemoryModel,
}

impl BlockProcessor for ModelProcessor {
    fn magic(&self) -> [u8; 2] {
        self.params.magic
    }
    fn first_height(&self) -> u32 {
        self.params.first_block
    }
    fn fingerprint(&self) -> [u8; 32] {
        bns_replay::engine_adapter::params_fingerprint(&self.params)
    }
    fn apply(
        &mut self,
        height: u32,
        block_hash: [u8; 32],
        candidates: Vec<CandidateTx>,
    ) -> Result<BlockResult, ProcessorError> {
        let candidates = candidates
            .iter()
            .filter_map(|c| {
                bns_engine::extract::extract(&c.tx, &c.prevouts, c.vtxindex, height, &self.params).ok()
            })
            .collect();
        let input = BlockInput { height, block_hash: BlockHash(block_hash), candidates };
        let outcome = self.model.apply_block(input)?;
        Ok(BlockResult {
            consensus_hash: outcome.consensus_hash.0,
            accepted_json: String::new(),
            accepted_ops: serde_json::Value::Null,
        })
    }
    fn take_state_changes(&mut self) -> Result<StateWrite, ProcessorError> {
        Ok(StateWrite::default())
    }
    fn load_state(&mut self, _: &dyn StateReader) -> Result<(), ProcessorError> {
        Err(ProcessorError::FreshOnly)
    }
}

/// Replay a regtest blocks directory into a model.
pub fn replay_dir(dir: &Path, params: Params) -> InMemoryModel {
    let mut source = BlockSource::open(dir, Some(ChainNetwork::Regtest)).expect("open blocks");
    let mut processor = ModelProcessor { model: InMemoryModel::new(params.clone()), params };
    let mut store = MemStore::default();
    let options = ReplayOptions { confirmations: 0, ..ReplayOptions::default() };
    run(&mut source, &mut processor, &mut store, &options, &mut std::io::sink(), None, &Silent)
        .expect("replay");
    processor.model
}

pub fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors/sample/blocks")
}

/// The sample chain's model (built once).
pub fn sample() -> &'static InMemoryModel {
    static MODEL: OnceLock<InMemoryModel> = OnceLock::new();
    MODEL.get_or_init(|| replay_dir(&sample_dir(), Params::regtest()))
}

pub fn get(path: &str) -> Reply {
    bns_api::handle(sample(), "GET", path.as_bytes())
}

/// GET and parse the JSON body; asserts the status and the JSON content type.
pub fn get_json(path: &str, status: u16) -> serde_json::Value {
    let r = get(path);
    assert_eq!(r.status, status, "{path}: body {}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.content_type, "application/json", "{path}");
    serde_json::from_slice(&r.body).expect("JSON body")
}

/// Assert `{"error": msg}` with this status.
pub fn assert_error(path: &str, status: u16, msg: &str) {
    assert_eq!(get_json(path, status), serde_json::json!({ "error": msg }), "{path}");
}
