//! The glue between snapshots and the replay store (crate `bns-replay`, layout in
//! replay/STORE-FORMAT.md, format version 2: the state as one row per table entry):
//! reading a store as a [`SnapshotSource`] and writing a fresh store from a verified
//! archive.
//!
//! Both directions go through the replay crate's own state-row code: reading loads the
//! rows with `EngineProcessor::load_state` (which also checks the engine's invariants),
//! writing encodes the state with `engine_adapter::state_write`, and `read_tip` loads
//! the written store back the way replay will, so a restored store that replay could
//! not continue fails the restore instead of passing silently.

use crate::archive::SnapshotSource;
use crate::engine_glue::State;
use crate::format::{Body, HistoryEntry};
use crate::restore::{StoreTip, StoreWriter};
use anyhow::{anyhow, bail, Context as _};
use bns_engine::{BlockHash, ConsensusHash, Params};
use bns_replay::engine_adapter::{state_write, EngineProcessor};
use bns_replay::processor::BlockProcessor as _;
use bns_replay::store::{Batch, BlockRow, LmdbStore, StateReader, Store as _};
use std::path::Path;

/// `accepted_json` of a restored row: the archive does not carry accepted operations
/// (they are not consensus state); replay reads a non-array as "unknown".
pub const RESTORED_ROW_ACCEPTED_JSON: &str = "null";

/// A store read into memory.
pub struct StoreSource {
    pub params: Params,
    pub tip_height: u32,
    pub tip_block_hash: BlockHash,
    pub state: State,
    pub history: Vec<HistoryEntry>,
}

impl SnapshotSource for StoreSource {
    fn params(&self) -> &Params {
        &self.params
    }
    fn tip_height(&self) -> u32 {
        self.tip_height
    }
    fn tip_block_hash(&self) -> BlockHash {
        self.tip_block_hash
    }
    fn state(&self) -> &State {
        &self.state
    }
    fn history(&self) -> Vec<HistoryEntry> {
        self.history.clone()
    }
}

/// Loads a store's state rows with the replay crate's loader (which also puts them
/// into the engine, checking its invariants).
fn load_store_state(params: &Params, rows: &dyn StateReader) -> anyhow::Result<State> {
    let mut processor = EngineProcessor::new(params.clone());
    processor.load_state(rows).map_err(|reason| anyhow!("store state: {reason}"))?;
    Ok(processor.engine().state().clone())
}

/// Opens the replay store in `dir` and reads its tip, state and block rows (in one
/// read transaction, so all three are from the same commit). The store must have been
/// built with `params` (same fingerprint).
pub fn open_source(dir: &Path, params: Params) -> anyhow::Result<StoreSource> {
    let store = LmdbStore::open_existing(dir).with_context(|| format!("opening store {}", dir.display()))?;
    let stored = store.fingerprint()?.unwrap_or_default();
    let expected = params.fingerprint();
    if stored.as_slice() != expected.as_slice() {
        bail!(
            "store {} was built with other parameters (fingerprint {}, yours {}); pass the matching --network or --params",
            dir.display(),
            hex::encode(&stored),
            hex::encode(expected)
        );
    }
    let view = store.view()?;
    let tip = view.tip()?.ok_or_else(|| anyhow!("store {} has no block yet", dir.display()))?;
    let state = load_store_state(&params, &view)?;
    if state.last_block != tip.height {
        bail!(
            "store {} is inconsistent: state at {}, tip at {}",
            dir.display(),
            state.last_block,
            tip.height
        );
    }
    let history = view
        .rows(0, tip.height)?
        .into_iter()
        .map(|row| HistoryEntry {
            height: row.height,
            block_hash: BlockHash(row.block_hash),
            consensus_hash: ConsensusHash(row.consensus_hash),
        })
        .collect();
    Ok(StoreSource {
        params,
        tip_height: tip.height,
        tip_block_hash: BlockHash(tip.block_hash),
        state,
        history,
    })
}

/// Writes stores through the replay crate's store API, for the given parameters.
pub struct ReplayStoreWriter {
    pub params: Params,
}

impl StoreWriter for ReplayStoreWriter {
    fn write_store(&self, dir: &Path, params: &Params, body: &Body<State>) -> Result<(), String> {
        if params.fingerprint() != self.params.fingerprint() {
            return Err("restore parameters differ from the writer's".to_string());
        }
        let state = state_write(&body.state).map_err(|e| format!("encoding the state rows: {e}"))?;
        let rows = body
            .history
            .iter()
            .map(|entry| BlockRow {
                height: entry.height,
                block_hash: entry.block_hash.0,
                consensus_hash: entry.consensus_hash.0,
                accepted_json: RESTORED_ROW_ACCEPTED_JSON.to_string(),
            })
            .collect();
        let mut store = LmdbStore::open(dir, &params.fingerprint()).map_err(|e| e.to_string())?;
        // One commit: rows, every state row and the tip (= the last row) together.
        store.commit(&Batch { rows, state, checked: false }).map_err(|e| e.to_string())?;
        Ok(())
    }

    fn read_tip(&self, dir: &Path) -> Result<StoreTip, String> {
        let store = LmdbStore::open_existing(dir).map_err(|e| e.to_string())?;
        let fingerprint = store.fingerprint().map_err(|e| e.to_string())?.unwrap_or_default();
        if fingerprint.as_slice() != self.params.fingerprint().as_slice() {
            return Err("restored store carries another params fingerprint".to_string());
        }
        let view = store.view().map_err(|e| e.to_string())?;
        let tip = view.tip().map_err(|e| e.to_string())?.ok_or("restored store has no tip")?;
        // Load with the replay crate's own loader: proves the rows are readable by replay.
        let state = load_store_state(&self.params, &view).map_err(|e| e.to_string())?;
        if state.last_block != tip.height {
            return Err(format!(
                "restored store is inconsistent: state at {}, tip at {}",
                state.last_block, tip.height
            ));
        }
        let consensus_hash =
            state.consensus_hash_at(tip.height).ok_or("restored state has no consensus hash at the tip")?;
        Ok(StoreTip { height: tip.height, block_hash: BlockHash(tip.block_hash), consensus_hash })
    }
}
