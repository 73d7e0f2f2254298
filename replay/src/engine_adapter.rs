//! The BNS engine behind `BlockProcessor`: candidate transactions go through
//! `bns_engine::extract::extract` (dropped ones are simply not candidates), the block
//! through `Engine::apply_block`. The state lives in the store as rows (bns-store:
//! `delta_rows`, `load_state_rows`, store/STORE-FORMAT.md); each commit writes only
//! the rows the engine's per-block `StateDelta`s touched. Also the parameters of a run
//! (from the store it continues, or from the arguments for a new one) and the store
//! queries, which read only the rows they need.

use crate::check::CheckList;
use crate::cli::{drive, Args, Outcome};
use crate::error::{ReplayError, UsageError};
use crate::processor::{BlockProcessor, BlockResult, CandidateTx, ProcessorError};
use crate::source::BlockSource;
use crate::store::{Identity, RowChange, StateReader, StateTable, StateWrite};
use bns_blockfile::ChainNetwork;
use bns_engine::state::StateDelta;
use bns_engine::{BlockHash, BlockInput, BlockOutcome, Engine, Params};
use bns_store::history::{BlockHistory, OpInput, RejectInput};
use bns_store::state::{delta_rows, load_state_rows, state_write};
use std::collections::BTreeMap;

/// Identity of a parameter set (`Params::fingerprint`).
pub fn params_fingerprint(params: &Params) -> [u8; 32] {
    params.fingerprint()
}

/// The state rows written since the last commit, encoded as soon as a block is
/// applied (encoded rows are several times smaller than the records), keyed so a
/// later value of a key replaces the earlier one.
#[derive(Debug, Default)]
struct PendingRows {
    /// Empty every state table before writing `rows` (they hold the whole state).
    replace_all: bool,
    rows: BTreeMap<(StateTable, Vec<u8>), Option<Vec<u8>>>,
}

impl PendingRows {
    fn add(&mut self, changes: Vec<RowChange>) {
        for change in changes {
            self.rows.insert((change.table, change.key), change.value);
        }
    }
    fn into_write(self) -> StateWrite {
        let rows =
            self.rows.into_iter().map(|((table, key), value)| RowChange { table, key, value }).collect();
        StateWrite { replace_all: self.replace_all, rows }
    }
}

/// What the store does not have yet.
#[derive(Debug)]
enum Unsaved {
    /// A fresh engine whose state is in no store: the first commit writes all of it.
    Everything,
    /// The rows the blocks since the last commit changed (plus, after a fresh start,
    /// every row of the state before them).
    Rows(PendingRows),
}

/// The BNS engine as a block processor.
pub struct EngineProcessor {
    params: Params,
    engine: Engine,
    unsaved: Unsaved,
    /// The history rows of the blocks applied since the last commit.
    history: Vec<BlockHistory>,
}

impl EngineProcessor {
    pub fn new(params: Params) -> EngineProcessor {
        EngineProcessor {
            engine: Engine::new(params.clone()),
            params,
            unsaved: Unsaved::Everything,
            history: Vec::new(),
        }
    }
    pub fn engine(&self) -> &Engine {
        &self.engine
    }
}

impl BlockProcessor for EngineProcessor {
    fn magic(&self) -> [u8; 2] {
        self.params.magic
    }
    fn first_height(&self) -> u32 {
        self.params.first_block
    }
    fn fingerprint(&self) -> [u8; 32] {
        params_fingerprint(&self.params)
    }
    fn apply(
        &mut self,
        height: u32,
        block_hash: [u8; 32],
        candidates: Vec<CandidateTx>,
    ) -> Result<BlockResult, ProcessorError> {
        let fresh = matches!(self.unsaved, Unsaved::Everything);
        let mut genesis = BlockHistory::default();
        if fresh {
            let state = self.engine.state();
            genesis.genesis_accounts = state.accounts.values().cloned().collect();
            genesis.genesis_consensus = state.consensus_hashes.iter().map(|(h, c)| (*h, c.0)).collect();
        }
        if fresh {
            // Taken before the block: a block the engine refuses may leave part of itself
            // in the state, and only whole blocks may reach the store.
            let mut pending = PendingRows { replace_all: true, ..PendingRows::default() };
            pending.add(delta_rows(&StateDelta::of_state(self.engine.state())));
            self.unsaved = Unsaved::Rows(pending);
        }
        let input = block_input(height, block_hash, &candidates, &self.params);
        let mut outcome = self.engine.apply_block(input)?;
        let accepted_json = serde_json::to_string(&outcome.accepted).map_err(ProcessorError::Json)?;
        let delta = delta_rows(&outcome.delta);
        self.history.push(block_history(genesis, &mut outcome, &delta));
        if let Unsaved::Rows(pending) = &mut self.unsaved {
            pending.add(delta);
        }
        let mut accepted: Vec<&bns_engine::AcceptedOp> = outcome.accepted.iter().collect();
        accepted.sort_by_key(|a| a.vtxindex);
        let accepted_ops = accepted
            .into_iter()
            .map(|a| bns_api::json::operation_entry(bns_api::json::accepted_op_data(a)))
            .collect();
        Ok(BlockResult {
            consensus_hash: outcome.consensus_hash.0,
            accepted_json,
            accepted_ops: serde_json::Value::Array(accepted_ops),
        })
    }
    fn take_state_changes(&mut self) -> Result<StateWrite, ProcessorError> {
        match std::mem::replace(&mut self.unsaved, Unsaved::Rows(PendingRows::default())) {
            Unsaved::Everything => Ok(state_write(self.engine.state())),
            Unsaved::Rows(pending) => Ok(pending.into_write()),
        }
    }
    fn take_history(&mut self) -> Vec<BlockHistory> {
        std::mem::take(&mut self.history)
    }
    fn state_digest(&self) -> Option<[u8; 32]> {
        Some(self.engine.state_digest())
    }
    fn load_state(&mut self, rows: &dyn StateReader) -> Result<(), ProcessorError> {
        let state = load_state_rows(rows).map_err(ProcessorError::StoredState)?;
        self.engine = Engine::from_state(self.params.clone(), state)?;
        self.unsaved = Unsaved::Rows(PendingRows::default());
        self.history.clear();
        Ok(())
    }
}

/// The reference's opcode name of an engine opcode.
fn opcode_name(opcode: bns_engine::Opcode) -> &'static str {
    use bns_engine::Opcode as O;
    match opcode {
        O::NamePreorder => "NAME_PREORDER",
        O::NameRegistration => "NAME_REGISTRATION",
        O::NameUpdate => "NAME_UPDATE",
        O::NameTransfer => "NAME_TRANSFER",
        O::NameRevoke => "NAME_REVOKE",
        O::NameImport => "NAME_IMPORT",
        O::NamespacePreorder => "NAMESPACE_PREORDER",
        O::NamespaceReveal => "NAMESPACE_REVEAL",
        O::NamespaceReady => "NAMESPACE_READY",
        O::Announce => "ANNOUNCE",
        O::TokenTransfer => "TOKEN_TRANSFER",
    }
}

/// The engine's input for a block: each candidate the extractor accepts (a dropped one
/// is simply not a candidate).
pub(crate) fn block_input(
    height: u32,
    block_hash: [u8; 32],
    candidates: &[CandidateTx],
    params: &Params,
) -> BlockInput {
    let candidates = candidates
        .iter()
        .filter_map(|c| bns_engine::extract::extract(&c.tx, &c.prevouts, c.vtxindex, height, params).ok())
        .collect();
    BlockInput { height, block_hash: BlockHash(block_hash), candidates }
}

/// What a block adds to the store's history databases (store format 4).
fn block_history(mut b: BlockHistory, outcome: &mut BlockOutcome, delta: &[RowChange]) -> BlockHistory {
    b.height = outcome.height;
    b.consensus_hash = outcome.consensus_hash.0;
    b.accepted = outcome
        .accepted
        .iter()
        .map(|a| OpInput {
            vtxindex: a.vtxindex,
            txid: a.txid.0,
            op: a.op.clone(),
            key: a.key.clone(),
            fields: a.fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        })
        .collect();
    b.rejected = outcome
        .rejected
        .iter()
        .map(|r| RejectInput {
            vtxindex: r.vtxindex,
            txid: r.txid.0,
            opcode: opcode_name(r.opcode).to_string(),
            reason: r.reason.to_string(),
        })
        .collect();
    // Moved, not cloned: the STX genesis block carries 330k rows on mainnet.
    b.account_rows = std::mem::take(&mut outcome.account_rows);
    b.states = delta
        .iter()
        .filter(|c| matches!(c.table, StateTable::Names | StateTable::Namespaces))
        .cloned()
        .collect();
    b
}

/// Parameters for a new store: `--params FILE`, else the network's default, with
/// the run.sh overrides; and a line saying where they came from.
fn params_for(args: &Args, network: ChainNetwork) -> Result<(Params, String), ReplayError> {
    let (mut params, mut source) = match &args.net.params {
        Some(path) => (crate::params_loader::load(path)?, format!("--params {}", path.display())),
        // Mainnet carries the reference's STX genesis allocation and patches (engine/data/).
        None => (
            Params::for_network(network.bitcoin()).ok_or(UsageError::NoBuiltInParams(network))?,
            format!("built-in {network}"),
        ),
    };
    // The same overrides as the oracle's run.sh (a params file's first_block and
    // freeze_height are exactly these two fields).
    if let Some(first) = args.net.first_block {
        params.first_block = first;
        source.push_str(&format!(", --first-block {first}"));
    }
    if let Some(freeze) = args.net.freeze_height {
        params.freeze_height = freeze.height();
        match freeze.height() {
            Some(h) => source.push_str(&format!(", --freeze-height {h}")),
            None => source.push_str(", --freeze-height none"),
        }
    }
    Ok((params, source))
}

/// The parameters of a run: an existing store's own (arguments that contradict them
/// are refused), else those the arguments select.
fn run_params(args: &Args, network: ChainNetwork) -> Result<(Params, String), ReplayError> {
    let stored = if args.restart { None } else { crate::cli::stored_identity(&args.store)? };
    let Some(stored) = stored else { return params_for(args, network) };
    let Some(params) = stored.params else {
        return Err(UsageError::TestProcessorStore { store: args.store.clone() }.into());
    };
    if args.net.params.is_some() || args.net.first_block.is_some() || args.net.freeze_height.is_some() {
        let (mine, _) = params_for(args, network)?;
        if mine.fingerprint() != params.fingerprint() {
            return Err(UsageError::ParamsContradictStore {
                store: args.store.clone(),
                stored_source: stored.params_source,
                stored: hex::encode(params.fingerprint()),
                given: hex::encode(mine.fingerprint()),
            }
            .into());
        }
    }
    Ok((params, stored.params_source))
}

/// Replay with the BNS engine.
pub fn drive_engine(
    args: &Args,
    source: &mut BlockSource,
    check: Option<&CheckList>,
) -> Result<Outcome, ReplayError> {
    let (params, params_source) = run_params(args, source.network)?;
    let identity = Identity::of_params(&params, source.network.name(), &params_source)?;
    if let Some(end) = args.end.filter(|end| *end < params.first_block) {
        return Err(UsageError::EndBelowFirstBlock { end, first: params.first_block }.into());
    }
    let mut processor = EngineProcessor::new(params);
    drive(args, source, &mut processor, check, &identity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Batch, MemStore, Store as _};

    fn commit_changes(store: &mut MemStore, processor: &mut EngineProcessor, height: u32) {
        let state = processor.take_state_changes().unwrap();
        let row = crate::store::BlockRow {
            height,
            block_hash: [0; 32],
            consensus_hash: [0; 16],
            accepted_json: "[]".to_string(),
        };
        store
            .commit(&Batch {
                rows: vec![row],
                state,
                checked: false,
                state_digest: None,
                history: Vec::new(),
            })
            .unwrap();
    }

    #[test]
    fn fresh_state_round_trips_through_the_rows() {
        let mut processor = EngineProcessor::new(Params::regtest());
        let mut store = MemStore::default();
        commit_changes(&mut store, &mut processor, 687);
        let mut other = EngineProcessor::new(Params::regtest());
        other.load_state(&store).unwrap();
        assert_eq!(other.engine().state(), processor.engine().state());
        assert_eq!(other.engine().next_height(), 688);
    }

    #[test]
    fn mainnet_genesis_state_round_trips_through_the_rows() {
        let mut processor = EngineProcessor::new(Params::mainnet_with_genesis());
        let accounts = processor.engine().state().accounts.len();
        assert!(accounts > 1_000, "genesis accounts present: {accounts}");
        let mut store = MemStore::default();
        commit_changes(&mut store, &mut processor, 373_600);
        let mut other = EngineProcessor::new(Params::mainnet_with_genesis());
        other.load_state(&store).unwrap();
        assert_eq!(other.engine().state(), processor.engine().state());
    }

    #[test]
    fn empty_blocks_write_only_their_own_rows() {
        let mut processor = EngineProcessor::new(Params::regtest());
        let mut store = MemStore::default();
        processor.apply(688, [1; 32], Vec::new()).unwrap();
        let first = processor.take_state_changes().unwrap();
        assert!(first.replace_all, "the first commit of a fresh engine writes the whole state");
        store
            .commit(&Batch {
                rows: vec![row(688)],
                state: first,
                checked: false,
                state_digest: None,
                history: Vec::new(),
            })
            .unwrap();
        processor.apply(689, [2; 32], Vec::new()).unwrap();
        processor.apply(690, [3; 32], Vec::new()).unwrap();
        let later = processor.take_state_changes().unwrap();
        assert!(!later.replace_all);
        // Two consensus hashes and the last block: nothing else changed.
        let tables: Vec<StateTable> = later.rows.iter().map(|r| r.table).collect();
        assert_eq!(
            tables,
            vec![StateTable::ConsensusHashes, StateTable::ConsensusHashes, StateTable::Scalars]
        );
        store
            .commit(&Batch {
                rows: vec![row(690)],
                state: later,
                checked: false,
                state_digest: None,
                history: Vec::new(),
            })
            .unwrap();
        let mut other = EngineProcessor::new(Params::regtest());
        other.load_state(&store).unwrap();
        assert_eq!(other.engine().state(), processor.engine().state());
    }

    fn row(height: u32) -> crate::store::BlockRow {
        crate::store::BlockRow {
            height,
            block_hash: [0; 32],
            consensus_hash: [0; 16],
            accepted_json: "[]".to_string(),
        }
    }

    #[test]
    fn pending_rows_keep_the_last_change_of_each_key_in_key_order() {
        let change = |table, key: &[u8], value: Option<&[u8]>| RowChange {
            table,
            key: key.to_vec(),
            value: value.map(<[u8]>::to_vec),
        };
        let mut pending = PendingRows::default();
        pending.add(vec![
            change(StateTable::Names, b"b", Some(b"1")),
            change(StateTable::Accounts, b"a", Some(b"x")),
        ]);
        pending.add(vec![change(StateTable::Names, b"b", None), change(StateTable::Names, b"a", Some(b"2"))]);
        let write = pending.into_write();
        assert!(!write.replace_all);
        assert_eq!(
            write.rows,
            vec![
                change(StateTable::Names, b"a", Some(b"2")),
                change(StateTable::Names, b"b", None),
                change(StateTable::Accounts, b"a", Some(b"x"))
            ]
        );
    }

    #[test]
    fn a_row_under_another_key_is_reported_corrupt() {
        let mut processor = EngineProcessor::new(Params::regtest());
        let mut store = MemStore::default();
        commit_changes(&mut store, &mut processor, 687);
        let accounts = store.state.get_mut(&StateTable::Accounts).expect("regtest has genesis accounts");
        let (_, value) = accounts.pop_first().unwrap();
        accounts
            .insert(bns_store::state::account_key(&("someone-else".to_string(), "STX".to_string())), value);
        let err = crate::error::error_chain(&load_state_rows(&store).unwrap_err());
        assert!(err.contains("another key"), "{err}");
    }

    #[test]
    fn fingerprints_differ_between_param_sets() {
        assert_ne!(params_fingerprint(&Params::regtest()), params_fingerprint(&Params::mainnet()));
    }
}
