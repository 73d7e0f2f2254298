//! The glue between snapshots and the store (crate `bns-store`, layout in
//! store/STORE-FORMAT.md): reading a store as a [`SnapshotSource`] and writing a fresh
//! store from a verified archive.
//!
//! Both directions go through bns-store's own state-row code: reading loads the rows
//! with `load_state_rows` and puts them into the engine (which checks its invariants),
//! writing encodes the state with `state_write`, and `read_tip` loads the written store
//! back the way replay will, so a restored store that replay could not continue fails
//! the restore instead of passing silently. A store carries its parameters, so reading
//! one needs no network: the caller may still say which parameters it expects.

use crate::archive::SnapshotSource;
use crate::engine_glue::State;
use crate::format::{Body, HistoryEntry};
use crate::restore::{StoreTip, StoreWriter};
use anyhow::{anyhow, bail, Context as _};
use bns_engine::{BlockHash, ConsensusHash, Network, Params};
use bns_store::{state_write, Batch, BlockRow, Identity, LmdbStore, StateReader, Store as _};
use std::path::Path;

/// `accepted_json` of a restored row: the archive does not carry accepted operations
/// (they are not consensus state); replay reads a non-array as "unknown".
pub const RESTORED_ROW_ACCEPTED_JSON: &str = "null";

/// The store's parameters differ from the ones the caller expects.
#[derive(Debug, thiserror::Error)]
#[error("store {dir} was built with other parameters ({stored_name}, fingerprint {stored}) than the ones given ({given_name}, fingerprint {given}); drop --network/--params (a store knows its parameters)")]
pub struct ParamsMismatch {
    pub dir: String,
    pub stored_name: String,
    pub stored: String,
    pub given_name: String,
    pub given: String,
}

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

/// Loads a store's state rows and puts them into the engine (checking its invariants).
fn load_store_state(params: &Params, rows: &dyn StateReader) -> anyhow::Result<State> {
    let state = bns_store::load_state_rows(rows).context("store state")?;
    let (state, _) = crate::engine_glue::load_and_digest(params, state)
        .map_err(|reason| anyhow!("store state: {reason}"))?;
    Ok(state)
}

/// Opens the store in `dir` and reads its tip, state and block rows (in one read
/// transaction, so all three are from the same commit), with the parameters the store
/// was built with.
pub fn open_store_source(dir: &Path) -> anyhow::Result<StoreSource> {
    let store = LmdbStore::open_reader(dir)?;
    let params = store.params()?.ok_or_else(|| anyhow!("store {} holds no BNS parameters", dir.display()))?;
    read_source(dir, &store, params)
}

/// As [`open_store_source`], refusing a store built with parameters other than
/// `expected` ([`ParamsMismatch`]).
pub fn open_source(dir: &Path, expected: Params) -> anyhow::Result<StoreSource> {
    let store = LmdbStore::open_reader(dir)?;
    let stored = store.params()?;
    let stored_fingerprint = store.fingerprint()?.unwrap_or_default();
    if stored_fingerprint != expected.fingerprint() {
        return Err(ParamsMismatch {
            dir: dir.display().to_string(),
            stored_name: stored.map_or("unknown".to_string(), |p| p.name),
            stored: hex::encode(stored_fingerprint),
            given_name: expected.name.clone(),
            given: hex::encode(expected.fingerprint()),
        }
        .into());
    }
    read_source(dir, &store, expected)
}

fn read_source(dir: &Path, store: &LmdbStore, params: Params) -> anyhow::Result<StoreSource> {
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

/// The store network name of a parameter set.
fn network_name(params: &Params) -> &'static str {
    match params.network {
        Network::Mainnet => "mainnet",
        Network::Testnet => "testnet",
        Network::Regtest => "regtest",
    }
}

/// Writes stores through bns-store, for the given parameters.
pub struct ReplayStoreWriter {
    pub params: Params,
}

fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(e) = next {
        text.push_str(": ");
        text.push_str(&e.to_string());
        next = e.source();
    }
    text
}

impl StoreWriter for ReplayStoreWriter {
    fn write_store(&self, dir: &Path, params: &Params, body: &Body<State>) -> Result<(), String> {
        if params.fingerprint() != self.params.fingerprint() {
            return Err("restore parameters differ from the writer's".to_string());
        }
        let state = state_write(&body.state);
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
        let identity =
            Identity::of_params(params, network_name(params), &format!("snapshot restore ({})", params.name))
                .map_err(|e| chain(&e))?;
        let mut store = LmdbStore::open_writer(dir, &identity).map_err(|e| chain(&e))?;
        // One commit: rows, every state row and the tip (= the last row) together; the
        // state digest with it, so a resumed replay checks the state it loads.
        let (_, digest) = crate::engine_glue::load_and_digest(params, body.state.clone())?;
        store
            .commit(&Batch { rows, state, checked: false, state_digest: Some(digest), history: Vec::new() })
            .map_err(|e| chain(&e))?;
        Ok(())
    }

    fn read_tip(&self, dir: &Path) -> Result<StoreTip, String> {
        let store = LmdbStore::open_reader(dir).map_err(|e| chain(&e))?;
        let fingerprint = store.fingerprint().map_err(|e| chain(&e))?.unwrap_or_default();
        if fingerprint != self.params.fingerprint() {
            return Err("restored store carries another params fingerprint".to_string());
        }
        let view = store.view().map_err(|e| chain(&e))?;
        let tip = view.tip().map_err(|e| chain(&e))?.ok_or("restored store has no tip")?;
        // Load with bns-store's own loader: proves the rows are readable by replay.
        let state = load_store_state(&self.params, &view).map_err(|e| format!("{e:#}"))?;
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
