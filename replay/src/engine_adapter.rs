//! The BNS engine behind `BlockProcessor`: candidate transactions go through
//! `bns_engine::extract::extract` (dropped ones are simply not candidates), the block
//! through `Engine::apply_block`. The state lives in the store as rows, one per table
//! entry (keys in an order-preserving encoding, values bincode 1.3 with explicit
//! options, STORE-FORMAT.md); each commit writes only the rows the engine's per-block
//! `StateDelta`s touched. Also the store queries, which read only the rows they need.

use crate::check::CheckList;
use crate::cli::{drive, Args, Command, Outcome};
use crate::error::{QueryError, ReplayError};
use crate::processor::{BlockProcessor, BlockResult, CandidateTx};
use crate::source::BlockSource;
use crate::store::{RowChange, StateReader, StateTable, StateWrite};
use bincode::Options as _;
use bns_blockfile::ChainNetwork;
use bns_engine::state::{AccountKey, State, StateDelta};
use bns_engine::{BlockHash, BlockInput, Engine, Params};
use std::collections::BTreeMap;

/// bincode 1.3 options of the state values: varint integers, little endian, no
/// limit, trailing bytes rejected.
pub fn state_codec() -> impl bincode::Options {
    bincode::DefaultOptions::new()
        .with_varint_encoding()
        .with_little_endian()
        .with_no_limit()
        .reject_trailing_bytes()
}

/// Identity of a parameter set (`Params::fingerprint`).
pub fn params_fingerprint(params: &Params) -> [u8; 32] {
    params.fingerprint()
}

/// `Scalars` key of the engine's last processed block (u32 big-endian).
const KEY_LAST_BLOCK: &[u8] = b"last_block";

/// Order-preserving key of an account: the address with each 0x00 byte written as
/// 0x00 0xFF, then 0x00 0x00, then the token type as is. Byte order of the keys is the
/// order of the (address, token type) pairs.
pub fn account_key(key: &AccountKey) -> Vec<u8> {
    let (address, token_type) = key;
    let mut out = Vec::with_capacity(address.len() + token_type.len() + 2);
    for &b in address.as_bytes() {
        out.push(b);
        if b == 0 {
            out.push(0xff);
        }
    }
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(token_type.as_bytes());
    out
}

/// Inverse of `account_key`.
pub fn decode_account_key(bytes: &[u8]) -> Result<AccountKey, String> {
    let mut address = Vec::new();
    let mut i = 0;
    loop {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(0), Some(0)) => break,
            (Some(0), Some(0xff)) => {
                address.push(0);
                i += 2;
            }
            (Some(0), _) | (None, _) => {
                return Err(format!("account key {} is malformed", hex::encode(bytes)))
            }
            (Some(&b), _) => {
                address.push(b);
                i += 1;
            }
        }
    }
    let token_type = bytes.get(i + 2..).unwrap_or_default();
    let text = |b: Vec<u8>| {
        String::from_utf8(b).map_err(|_| format!("account key {} is not UTF-8", hex::encode(bytes)))
    };
    Ok((text(address)?, text(token_type.to_vec())?))
}

fn encode_value<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, String> {
    state_codec().serialize(value).map_err(|e| format!("encoding a state row: {e}"))
}

fn decode_value<T: serde::de::DeserializeOwned>(
    table: StateTable,
    key: &[u8],
    value: &[u8],
) -> Result<T, QueryError> {
    state_codec().deserialize(value).map_err(|e| {
        QueryError::Corrupt(format!("{} row {} does not decode: {e}", table.db_name(), hex::encode(key)))
    })
}

fn utf8_key(table: StateTable, key: &[u8]) -> Result<String, QueryError> {
    String::from_utf8(key.to_vec()).map_err(|_| {
        QueryError::Corrupt(format!("{} key {} is not UTF-8", table.db_name(), hex::encode(key)))
    })
}

/// Append the row changes of one table.
fn table_rows<K, V: serde::Serialize>(
    out: &mut Vec<RowChange>,
    table: StateTable,
    changes: &BTreeMap<K, Option<V>>,
    key: impl Fn(&K) -> Vec<u8>,
) -> Result<(), String> {
    for (k, v) in changes {
        let value = v.as_ref().map(encode_value).transpose()?;
        out.push(RowChange { table, key: key(k), value });
    }
    Ok(())
}

/// The store rows of a delta (a `StateDelta::of_state` delta gives the whole state).
pub fn delta_rows(delta: &StateDelta) -> Result<Vec<RowChange>, String> {
    let mut out = Vec::new();
    table_rows(&mut out, StateTable::Names, &delta.names, |k| k.as_bytes().to_vec())?;
    table_rows(&mut out, StateTable::Namespaces, &delta.namespaces, |k| k.as_bytes().to_vec())?;
    table_rows(&mut out, StateTable::Preorders, &delta.preorders, |k| k.as_bytes().to_vec())?;
    table_rows(&mut out, StateTable::Accounts, &delta.accounts, account_key)?;
    table_rows(&mut out, StateTable::ImportKeychains, &delta.import_keychains, |k| k.as_bytes().to_vec())?;
    for (height, hash) in &delta.consensus_hashes {
        out.push(RowChange {
            table: StateTable::ConsensusHashes,
            key: height.to_be_bytes().to_vec(),
            value: hash.map(|h| h.0.to_vec()),
        });
    }
    if let Some(last_block) = delta.last_block {
        out.push(RowChange {
            table: StateTable::Scalars,
            key: KEY_LAST_BLOCK.to_vec(),
            value: Some(last_block.to_be_bytes().to_vec()),
        });
    }
    Ok(out)
}

/// The whole state as one store write (every table replaced).
pub fn state_write(state: &State) -> Result<StateWrite, String> {
    Ok(StateWrite { replace_all: true, rows: delta_rows(&StateDelta::of_state(state))? })
}

/// Read every state row back into a `State` (checking that each key matches its
/// record).
pub fn load_state_rows(rows: &dyn StateReader) -> Result<State, QueryError> {
    let mut state = State::default();
    let mismatch = |table: StateTable, key: &[u8]| {
        QueryError::Corrupt(format!(
            "{} row {} holds another key's record",
            table.db_name(),
            hex::encode(key)
        ))
    };
    let t = StateTable::Names;
    rows.for_each(t, &mut |k, v| {
        let record: bns_engine::state::NameRecord = decode_value(t, k, v)?;
        let key = utf8_key(t, k)?;
        if record.name != key {
            return Err(mismatch(t, k));
        }
        state.names.insert(key, record);
        Ok(())
    })?;
    let t = StateTable::Namespaces;
    rows.for_each(t, &mut |k, v| {
        let record: bns_engine::state::NamespaceRecord = decode_value(t, k, v)?;
        let key = utf8_key(t, k)?;
        if record.namespace_id != key {
            return Err(mismatch(t, k));
        }
        state.namespaces.insert(key, record);
        Ok(())
    })?;
    let t = StateTable::Preorders;
    rows.for_each(t, &mut |k, v| {
        state.preorders.insert(utf8_key(t, k)?, decode_value(t, k, v)?);
        Ok(())
    })?;
    let t = StateTable::Accounts;
    rows.for_each(t, &mut |k, v| {
        let account: bns_engine::state::Account = decode_value(t, k, v)?;
        let key = decode_account_key(k).map_err(QueryError::Corrupt)?;
        if (account.address.as_str(), account.token_type.as_str()) != (key.0.as_str(), key.1.as_str()) {
            return Err(mismatch(t, k));
        }
        state.accounts.insert(key, account);
        Ok(())
    })?;
    let t = StateTable::ImportKeychains;
    rows.for_each(t, &mut |k, v| {
        state.import_keychains.insert(utf8_key(t, k)?, decode_value(t, k, v)?);
        Ok(())
    })?;
    let t = StateTable::ConsensusHashes;
    rows.for_each(t, &mut |k, v| {
        let corrupt = || QueryError::Corrupt(format!("{} row {} is malformed", t.db_name(), hex::encode(k)));
        let height: [u8; 4] = k.try_into().map_err(|_| corrupt())?;
        let hash: [u8; 16] = v.try_into().map_err(|_| corrupt())?;
        state.consensus_hashes.insert(u32::from_be_bytes(height), bns_engine::ConsensusHash(hash));
        Ok(())
    })?;
    let last = rows
        .get(StateTable::Scalars, KEY_LAST_BLOCK)?
        .ok_or_else(|| QueryError::Corrupt("no last_block row".to_string()))?;
    let last: [u8; 4] = last
        .as_slice()
        .try_into()
        .map_err(|_| QueryError::Corrupt("last_block row is not 4 bytes".to_string()))?;
    state.last_block = u32::from_be_bytes(last);
    Ok(state)
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
}

impl EngineProcessor {
    pub fn new(params: Params) -> EngineProcessor {
        EngineProcessor { engine: Engine::new(params.clone()), params, unsaved: Unsaved::Everything }
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
    ) -> Result<BlockResult, String> {
        if matches!(self.unsaved, Unsaved::Everything) {
            // Taken before the block: a block the engine refuses may leave part of itself
            // in the state, and only whole blocks may reach the store.
            let mut pending = PendingRows { replace_all: true, ..PendingRows::default() };
            pending.add(delta_rows(&StateDelta::of_state(self.engine.state()))?);
            self.unsaved = Unsaved::Rows(pending);
        }
        let candidates = candidates
            .iter()
            .filter_map(|c| {
                bns_engine::extract::extract(&c.tx, &c.prevouts, c.vtxindex, height, &self.params).ok()
            })
            .collect();
        let input = BlockInput { height, block_hash: BlockHash(block_hash), candidates };
        let outcome = self.engine.apply_block(input).map_err(|e| e.to_string())?;
        let accepted_json = serde_json::to_string(&outcome.accepted).map_err(|e| e.to_string())?;
        if let Unsaved::Rows(pending) = &mut self.unsaved {
            pending.add(delta_rows(&outcome.delta)?);
        }
        Ok(BlockResult { consensus_hash: outcome.consensus_hash.0, accepted_json })
    }
    fn take_state_changes(&mut self) -> Result<StateWrite, String> {
        match std::mem::replace(&mut self.unsaved, Unsaved::Rows(PendingRows::default())) {
            Unsaved::Everything => state_write(self.engine.state()),
            Unsaved::Rows(pending) => Ok(pending.into_write()),
        }
    }
    fn load_state(&mut self, rows: &dyn StateReader) -> Result<(), String> {
        let state = load_state_rows(rows).map_err(|e| format!("stored state does not load: {e}"))?;
        self.engine = Engine::from_state(self.params.clone(), state).map_err(|e| e.to_string())?;
        self.unsaved = Unsaved::Rows(PendingRows::default());
        Ok(())
    }
}

/// Parameters for a run: `--params FILE`, else the network's default.
fn params_for(args: &Args, network: ChainNetwork) -> Result<Params, ReplayError> {
    let mut params = match &args.net.params {
        Some(path) => crate::params_loader::load(path)?,
        // Mainnet carries the reference's STX genesis allocation and patches (engine/data/).
        None => Params::for_network(network.bitcoin()).ok_or_else(|| {
            ReplayError::Usage(format!("no built-in BNS parameters for {network}; pass --params FILE"))
        })?,
    };
    // The same overrides as the oracle's run.sh (a params file's first_block and
    // freeze_height are exactly these two fields).
    if let Some(first) = args.net.first_block {
        params.first_block = first;
    }
    if let Some(freeze) = args.net.freeze_height {
        params.freeze_height = freeze.height();
    }
    Ok(params)
}

/// Replay with the BNS engine.
pub fn drive_engine(
    args: &Args,
    source: &mut BlockSource,
    check: Option<&CheckList>,
) -> Result<Outcome, ReplayError> {
    let mut processor = EngineProcessor::new(params_for(args, source.network)?);
    drive(args, source, &mut processor, check)
}

/// Answer `name`, `namespace` or `owner` from a store's state rows, as pretty JSON:
/// a name or namespace is one key lookup, an owner one pass over the name rows.
pub fn query_state(rows: &dyn StateReader, query: &Command) -> Result<String, ReplayError> {
    let value = match query {
        Command::Name { name } => {
            let t = StateTable::Names;
            let record = rows.get(t, name.as_bytes())?;
            let record: Option<bns_engine::state::NameRecord> =
                record.map(|v| decode_value(t, name.as_bytes(), &v)).transpose()?;
            serde_json::to_value(record)
        }
        Command::Namespace { id } => {
            let t = StateTable::Namespaces;
            let record = rows.get(t, id.as_bytes())?;
            let record: Option<bns_engine::state::NamespaceRecord> =
                record.map(|v| decode_value(t, id.as_bytes(), &v)).transpose()?;
            serde_json::to_value(record)
        }
        Command::Owner { address } => {
            let t = StateTable::Names;
            let mut records = Vec::new();
            rows.for_each(t, &mut |k, v| {
                let record: bns_engine::state::NameRecord = decode_value(t, k, v)?;
                if &record.address == address {
                    records.push(serde_json::json!({ "name": record.name, "record": record }));
                }
                Ok(())
            })?;
            serde_json::to_value(records)
        }
        Command::Hashes => return Err(ReplayError::Usage("hashes is not a state query".to_string())),
    };
    let value = value.map_err(|e| ReplayError::Output(e.to_string()))?;
    serde_json::to_string_pretty(&value).map_err(|e| ReplayError::Output(e.to_string()))
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
        store.commit(&Batch { rows: vec![row], state, checked: false }).unwrap();
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
        store.commit(&Batch { rows: vec![row(688)], state: first, checked: false }).unwrap();
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
        store.commit(&Batch { rows: vec![row(690)], state: later, checked: false }).unwrap();
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
    fn account_keys_sort_like_the_pairs_and_round_trip() {
        let pairs: Vec<AccountKey> =
            [("a", "STX"), ("a", "Z"), ("a\0", "A"), ("a\0b", ""), ("ab", ""), ("b", "STX"), ("", "x")]
                .iter()
                .map(|(a, t)| (a.to_string(), t.to_string()))
                .collect();
        let mut by_pair = pairs.clone();
        by_pair.sort();
        let mut by_key = pairs.clone();
        by_key.sort_by_key(account_key);
        assert_eq!(by_key, by_pair);
        for p in &pairs {
            assert_eq!(&decode_account_key(&account_key(p)).unwrap(), p);
        }
        assert!(decode_account_key(b"abc").is_err(), "no terminator");
        assert!(decode_account_key(&[b'a', 0, 1]).is_err(), "bad escape");
    }

    #[test]
    fn a_row_under_another_key_is_reported_corrupt() {
        let mut processor = EngineProcessor::new(Params::regtest());
        let mut store = MemStore::default();
        commit_changes(&mut store, &mut processor, 687);
        let accounts = store.state.get_mut(&StateTable::Accounts).expect("regtest has genesis accounts");
        let (_, value) = accounts.pop_first().unwrap();
        accounts.insert(account_key(&("someone-else".to_string(), "STX".to_string())), value);
        let err = load_state_rows(&store).unwrap_err().to_string();
        assert!(err.contains("another key"), "{err}");
    }

    #[test]
    fn fingerprints_differ_between_param_sets() {
        assert_ne!(params_fingerprint(&Params::regtest()), params_fingerprint(&Params::mainnet()));
    }
}
