//! Replay a blocks directory into the API's in-memory read model (no store): what the
//! API's tests and its `serve_blocks` example use to compare the in-memory model with
//! the reference. `replay --store DIR serve` is the product's way; this is the
//! store-free one, kept in one place.

use crate::error::ReplayError;
use crate::processor::{BlockProcessor, BlockResult, CandidateTx, ProcessorError};
use crate::replay::{run, ReplayOptions, Silent};
use crate::source::BlockSource;
use crate::store::{MemStore, StateReader, StateWrite};
use bns_api::InMemoryModel;
use bns_engine::Params;

/// Applies each block to an [`InMemoryModel`]; nothing is persisted.
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
        crate::engine_adapter::params_fingerprint(&self.params)
    }
    fn apply(
        &mut self,
        height: u32,
        block_hash: [u8; 32],
        candidates: Vec<CandidateTx>,
    ) -> Result<BlockResult, ProcessorError> {
        let input = crate::engine_adapter::block_input(height, block_hash, &candidates, &self.params);
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

/// Replay every best-chain block of `source` (no confirmations held back) into a new
/// in-memory model built with `params`.
pub fn replay_into_model(source: &mut BlockSource, params: Params) -> Result<InMemoryModel, ReplayError> {
    let mut processor = ModelProcessor { model: InMemoryModel::new(params.clone()), params };
    let mut store = MemStore::default();
    let options = ReplayOptions { confirmations: 0, ..ReplayOptions::default() };
    run(source, &mut processor, &mut store, &options, &mut std::io::sink(), None, &Silent)?;
    Ok(processor.model)
}
