//! Where replay keeps its results: the engine state as rows (one LMDB database per
//! state table), one row per block (block hash, consensus hash, accepted ops), the tip
//! and the params fingerprint. A `Store` trait with an LMDB implementation (heed) and
//! an in-memory one for tests. Every batch of blocks is one atomic commit of block
//! rows, the state rows the batch changed and the tip, so the tip always describes the
//! state.
//! The store only moves bytes: what a state row means is the processor's business
//! (engine_adapter.rs). Byte layout: STORE-FORMAT.md.

use crate::error::{CommitError, OpenStoreError, QueryError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Format version written in the `version` meta row.
pub const STORE_FORMAT_VERSION: u32 = 2;
/// LMDB map size: address space reserved, not disk used (the file grows as needed).
const MAP_SIZE_BYTES: usize = 1 << 40;

/// One replayed block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockRow {
    pub height: u32,
    /// Display order.
    pub block_hash: [u8; 32],
    pub consensus_hash: [u8; 16],
    /// JSON array of the accepted operations.
    pub accepted_json: String,
}

impl BlockRow {
    /// `HEIGHT BLOCK_HASH CONSENSUS_HASH`, the oracle's line format.
    pub fn line(&self) -> String {
        format!("{} {} {}", self.height, hex::encode(self.block_hash), hex::encode(self.consensus_hash))
    }

    fn encode_value(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(48 + self.accepted_json.len());
        v.extend_from_slice(&self.block_hash);
        v.extend_from_slice(&self.consensus_hash);
        v.extend_from_slice(self.accepted_json.as_bytes());
        v
    }

    fn decode(height: u32, value: &[u8]) -> Result<BlockRow, QueryError> {
        let corrupt = || QueryError::Corrupt(format!("block row {height} has {} bytes", value.len()));
        let block_hash: [u8; 32] = value.get(..32).and_then(|s| s.try_into().ok()).ok_or_else(corrupt)?;
        let consensus_hash: [u8; 16] =
            value.get(32..48).and_then(|s| s.try_into().ok()).ok_or_else(corrupt)?;
        let accepted_json = String::from_utf8(value.get(48..).unwrap_or_default().to_vec())
            .map_err(|_| QueryError::Corrupt(format!("block row {height}: accepted ops are not UTF-8")))?;
        Ok(BlockRow { height, block_hash, consensus_hash, accepted_json })
    }
}

/// The last committed block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tip {
    pub height: u32,
    /// Display order.
    pub block_hash: [u8; 32],
    /// Every best-chain block up to this one was parsed and merkle-checked (the runs
    /// that built the store did not use `--trust-blocks`), so a resumed run need not
    /// check them again.
    pub checked: bool,
}

/// The state tables of a store, one LMDB database each (STORE-FORMAT.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StateTable {
    Names,
    Namespaces,
    Preorders,
    Accounts,
    ImportKeychains,
    ConsensusHashes,
    /// Single values (the engine's last processed block, a test processor's state).
    Scalars,
}

impl StateTable {
    pub const ALL: [StateTable; 7] = [
        StateTable::Names,
        StateTable::Namespaces,
        StateTable::Preorders,
        StateTable::Accounts,
        StateTable::ImportKeychains,
        StateTable::ConsensusHashes,
        StateTable::Scalars,
    ];

    /// The LMDB database name.
    pub fn db_name(self) -> &'static str {
        match self {
            StateTable::Names => "state.names",
            StateTable::Namespaces => "state.namespaces",
            StateTable::Preorders => "state.preorders",
            StateTable::Accounts => "state.accounts",
            StateTable::ImportKeychains => "state.import_keychains",
            StateTable::ConsensusHashes => "state.consensus_hashes",
            StateTable::Scalars => "state.scalars",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One state row to write: `value: None` deletes the row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowChange {
    pub table: StateTable,
    pub key: Vec<u8>,
    pub value: Option<Vec<u8>>,
}

/// The state part of a commit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StateWrite {
    /// Empty every state table first (the rows are then the whole state).
    pub replace_all: bool,
    /// Applied in order, so a later change of a key wins.
    pub rows: Vec<RowChange>,
}

/// One atomic commit.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub rows: Vec<BlockRow>,
    pub state: StateWrite,
    /// The tip this batch writes will say `checked` (see [`Tip::checked`]).
    pub checked: bool,
}

/// What `StateReader::for_each` calls with each row's key and value.
pub type RowVisitor<'v> = dyn FnMut(&[u8], &[u8]) -> Result<(), QueryError> + 'v;

/// Reading state rows.
pub trait StateReader {
    /// The row of `key` in `table`.
    fn get(&self, table: StateTable, key: &[u8]) -> Result<Option<Vec<u8>>, QueryError>;
    /// Every row of `table` in key (byte) order; stops at the first error `visit` returns.
    fn for_each(&self, table: StateTable, visit: &mut RowVisitor<'_>) -> Result<(), QueryError>;
}

/// Storage of replay results.
pub trait Store: StateReader {
    fn tip(&self) -> Result<Option<Tip>, QueryError>;
    /// Rows with heights in `from..=to`, ascending.
    fn rows(&self, from: u32, to: u32) -> Result<Vec<BlockRow>, QueryError>;
    /// Store the block rows, the state changes and the tip (the last row) atomically.
    fn commit(&mut self, batch: &Batch) -> Result<(), CommitError>;
}

/// A store in memory (tests).
#[derive(Clone, Debug, Default)]
pub struct MemStore {
    pub rows: BTreeMap<u32, BlockRow>,
    pub state: BTreeMap<StateTable, BTreeMap<Vec<u8>, Vec<u8>>>,
    pub tip: Option<Tip>,
    /// Fail the commit that would start at this height (crash simulation).
    pub fail_at: Option<u32>,
}

impl StateReader for MemStore {
    fn get(&self, table: StateTable, key: &[u8]) -> Result<Option<Vec<u8>>, QueryError> {
        Ok(self.state.get(&table).and_then(|t| t.get(key)).cloned())
    }
    fn for_each(&self, table: StateTable, visit: &mut RowVisitor<'_>) -> Result<(), QueryError> {
        for (k, v) in self.state.get(&table).into_iter().flatten() {
            visit(k, v)?;
        }
        Ok(())
    }
}

impl Store for MemStore {
    fn tip(&self) -> Result<Option<Tip>, QueryError> {
        Ok(self.tip)
    }
    fn rows(&self, from: u32, to: u32) -> Result<Vec<BlockRow>, QueryError> {
        Ok(self.rows.range(from..=to).map(|(_, r)| r.clone()).collect())
    }
    fn commit(&mut self, batch: &Batch) -> Result<(), CommitError> {
        let Some(last) = batch.rows.last() else { return Ok(()) };
        let from = batch.rows.first().map_or(last.height, |r| r.height);
        if self.fail_at.is_some_and(|h| h <= last.height && h >= from) {
            return Err(CommitError::Other {
                from,
                to: last.height,
                reason: "simulated failure".to_string(),
            });
        }
        for r in &batch.rows {
            self.rows.insert(r.height, r.clone());
        }
        if batch.state.replace_all {
            self.state.clear();
        }
        for change in &batch.state.rows {
            let table = self.state.entry(change.table).or_default();
            match &change.value {
                Some(v) => {
                    table.insert(change.key.clone(), v.clone());
                }
                None => {
                    table.remove(&change.key);
                }
            }
        }
        self.tip = Some(Tip { height: last.height, block_hash: last.block_hash, checked: batch.checked });
        Ok(())
    }
}

type Bytes = heed::types::Bytes;
type Db = heed::Database<Bytes, Bytes>;

/// The LMDB store: databases `meta`, `blocks` and one per `StateTable` in one
/// environment.
pub struct LmdbStore {
    dir: PathBuf,
    env: heed::Env,
    meta: Db,
    blocks: Db,
    /// Indexed by `StateTable::index`.
    state: Vec<Db>,
}

const KEY_VERSION: &[u8] = b"version";
const KEY_FINGERPRINT: &[u8] = b"fingerprint";
const KEY_TIP: &[u8] = b"tip";
/// The version-1 whole-state row (never written by this version).
const KEY_STATE_V1: &[u8] = b"state";

fn open_err(dir: &Path, e: heed::Error) -> OpenStoreError {
    match e {
        heed::Error::Mdb(
            m @ (heed::MdbError::Invalid | heed::MdbError::Corrupted | heed::MdbError::VersionMismatch),
        ) => OpenStoreError::Corrupt { dir: dir.to_path_buf(), reason: m.to_string() },
        other => OpenStoreError::Io { dir: dir.to_path_buf(), reason: other.to_string() },
    }
}

fn query_err(e: heed::Error) -> QueryError {
    QueryError::Read(e.to_string())
}

impl LmdbStore {
    /// Open or create the store in `dir` for parameters with `fingerprint`; refuses a
    /// store of another format version or made with other parameters.
    pub fn open(dir: &Path, fingerprint: &[u8; 32]) -> Result<LmdbStore, OpenStoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| OpenStoreError::Io { dir: dir.to_path_buf(), reason: e.to_string() })?;
        let env = open_env(dir)?;
        // Check the version before creating anything, so an old store is left untouched.
        let found = read_version(dir, &env)?;
        let store = LmdbStore::with_databases(dir, env, true)?;
        match found {
            Some(_) => store.check_fingerprint(fingerprint)?,
            None => store.init(fingerprint)?,
        }
        Ok(store)
    }

    /// Open an existing store for queries (any parameters).
    pub fn open_existing(dir: &Path) -> Result<LmdbStore, OpenStoreError> {
        if !dir.join("data.mdb").is_file() {
            return Err(OpenStoreError::Io {
                dir: dir.to_path_buf(),
                reason: "no store here (data.mdb missing)".to_string(),
            });
        }
        let env = open_env(dir)?;
        if read_version(dir, &env)?.is_some() {
            return LmdbStore::with_databases(dir, env, false);
        }
        // No version row: a replay was stopped while creating the store (or never got
        // past it). Empty, that is a store with nothing replayed yet, which the next
        // replay initialises; with rows in it, something else.
        let store = LmdbStore::with_databases(dir, env, true)?;
        if !store.is_blank()? {
            return Err(store.corrupt("rows present but no version row".to_string()));
        }
        Ok(store)
    }

    fn with_databases(dir: &Path, env: heed::Env, create: bool) -> Result<LmdbStore, OpenStoreError> {
        let err = |e| open_err(dir, e);
        let names: Vec<&str> =
            ["meta", "blocks"].into_iter().chain(StateTable::ALL.iter().map(|t| t.db_name())).collect();
        let mut dbs = Vec::with_capacity(names.len());
        if create {
            let mut wtxn = env.write_txn().map_err(err)?;
            for name in &names {
                dbs.push(env.create_database(&mut wtxn, Some(name)).map_err(err)?);
            }
            wtxn.commit().map_err(err)?;
        } else {
            // A read transaction, committed so the handles stay open (heed `RoTxn::commit`).
            let rtxn = env.read_txn().map_err(err)?;
            for name in &names {
                let db = env.open_database(&rtxn, Some(name)).map_err(err)?;
                dbs.push(db.ok_or_else(|| OpenStoreError::Corrupt {
                    dir: dir.to_path_buf(),
                    reason: format!("database {name} is missing"),
                })?);
            }
            rtxn.commit().map_err(err)?;
        }
        let mut dbs = dbs.into_iter();
        let (Some(meta), Some(blocks)) = (dbs.next(), dbs.next()) else {
            return Err(OpenStoreError::Corrupt {
                dir: dir.to_path_buf(),
                reason: "databases missing".to_string(),
            });
        };
        Ok(LmdbStore { dir: dir.to_path_buf(), env, meta, blocks, state: dbs.collect() })
    }

    fn db(&self, table: StateTable) -> &Db {
        self.state
            .get(table.index())
            .expect("with_databases opens one database per StateTable::ALL entry, in that order")
    }

    fn meta_get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, heed::Error> {
        let rtxn = self.env.read_txn()?;
        Ok(self.meta.get(&rtxn, key)?.map(<[u8]>::to_vec))
    }

    fn corrupt(&self, reason: String) -> OpenStoreError {
        OpenStoreError::Corrupt { dir: self.dir.clone(), reason }
    }

    fn check_fingerprint(&self, fingerprint: &[u8; 32]) -> Result<(), OpenStoreError> {
        let stored = self.meta_get(KEY_FINGERPRINT).map_err(|e| open_err(&self.dir, e))?.unwrap_or_default();
        if stored.as_slice() != fingerprint {
            return Err(OpenStoreError::ForeignParams {
                dir: self.dir.clone(),
                stored: hex::encode(stored),
                current: hex::encode(fingerprint),
            });
        }
        Ok(())
    }

    /// No row in any database.
    fn is_blank(&self) -> Result<bool, OpenStoreError> {
        let err = |e| open_err(&self.dir, e);
        let rtxn = self.env.read_txn().map_err(err)?;
        let mut empty =
            self.meta.is_empty(&rtxn).map_err(err)? && self.blocks.is_empty(&rtxn).map_err(err)?;
        for db in &self.state {
            empty &= db.is_empty(&rtxn).map_err(err)?;
        }
        Ok(empty)
    }

    fn init(&self, fingerprint: &[u8; 32]) -> Result<(), OpenStoreError> {
        let err = |e| open_err(&self.dir, e);
        if !self.is_blank()? {
            return Err(self.corrupt("rows present but no version row".to_string()));
        }
        let mut wtxn = self.env.write_txn().map_err(err)?;
        self.meta.put(&mut wtxn, KEY_VERSION, &STORE_FORMAT_VERSION.to_le_bytes()).map_err(err)?;
        self.meta.put(&mut wtxn, KEY_FINGERPRINT, fingerprint).map_err(err)?;
        wtxn.commit().map_err(err)
    }

    /// The fingerprint row.
    pub fn fingerprint(&self) -> Result<Option<Vec<u8>>, QueryError> {
        self.meta_get(KEY_FINGERPRINT).map_err(query_err)
    }

    /// A consistent read-only view (one LMDB read transaction) of tip, rows and state,
    /// for readers that must not see a commit land halfway through their reads. While
    /// it lives, read through it, not through the store: LMDB allows one read
    /// transaction per thread.
    pub fn view(&self) -> Result<StoreView<'_>, QueryError> {
        Ok(StoreView { store: self, txn: self.env.read_txn().map_err(query_err)? })
    }
}

/// Open the LMDB environment of `dir` (which exists).
fn open_env(dir: &Path) -> Result<heed::Env, OpenStoreError> {
    let mut options = heed::EnvOpenOptions::new();
    options.map_size(MAP_SIZE_BYTES).max_dbs(16);
    // SAFETY (heed's contract for `open`): the store directory is opened once per
    // process by this type, nothing else in the process maps or writes its files,
    // and we never open it with different flags concurrently.
    #[allow(unsafe_code)]
    let env = unsafe { options.open(dir) }.map_err(|e| open_err(dir, e))?;
    Ok(env)
}

/// The `version` row of the store in `env`, if it has one; refuses any version but
/// the current one (version 1 kept the whole state in one row: it cannot be read).
fn read_version(dir: &Path, env: &heed::Env) -> Result<Option<u32>, OpenStoreError> {
    let err = |e| open_err(dir, e);
    let rtxn = env.read_txn().map_err(err)?;
    let meta: Option<Db> = env.open_database(&rtxn, Some("meta")).map_err(err)?;
    let (version, has_v1_state) = match meta {
        Some(meta) => (
            meta.get(&rtxn, KEY_VERSION).map_err(err)?.map(<[u8]>::to_vec),
            meta.get(&rtxn, KEY_STATE_V1).map_err(err)?.is_some(),
        ),
        None => (None, false),
    };
    // Committed, not dropped, so the handle opened here stays valid (heed `RoTxn::commit`).
    rtxn.commit().map_err(err)?;
    let Some(v) = version else { return Ok(None) };
    let bytes: [u8; 4] = v.try_into().map_err(|_| OpenStoreError::Corrupt {
        dir: dir.to_path_buf(),
        reason: "bad version row".to_string(),
    })?;
    let found = u32::from_le_bytes(bytes);
    if found != STORE_FORMAT_VERSION {
        return Err(OpenStoreError::Version {
            dir: dir.to_path_buf(),
            found,
            expected: STORE_FORMAT_VERSION,
        });
    }
    if has_v1_state {
        return Err(OpenStoreError::Corrupt {
            dir: dir.to_path_buf(),
            reason: "version 2 store with a version 1 state row".to_string(),
        });
    }
    Ok(Some(found))
}

fn commit_err(from: u32, to: u32, e: heed::Error) -> CommitError {
    match e {
        heed::Error::Mdb(heed::MdbError::MapFull) => CommitError::MapFull { from, to },
        // ENOSPC (28) and EDQUOT (122): the file system refused to grow the file.
        heed::Error::Io(io) if matches!(io.raw_os_error(), Some(28 | 122)) => {
            CommitError::DiskFull { from, to }
        }
        other => CommitError::Other { from, to, reason: other.to_string() },
    }
}

fn decode_tip(v: &[u8]) -> Result<Tip, QueryError> {
    let corrupt = || QueryError::Corrupt(format!("tip row has {} bytes", v.len()));
    let (height, rest) = v.split_first_chunk::<4>().ok_or_else(corrupt)?;
    let (hash, flag) = rest.split_first_chunk::<32>().ok_or_else(corrupt)?;
    let checked = match flag {
        [0] => false,
        [1] => true,
        _ => return Err(corrupt()),
    };
    Ok(Tip { height: u32::from_le_bytes(*height), block_hash: *hash, checked })
}

fn read_rows(blocks: &Db, rtxn: &heed::RoTxn, from: u32, to: u32) -> Result<Vec<BlockRow>, QueryError> {
    let (lo, hi) = (from.to_be_bytes(), to.to_be_bytes());
    let range = (std::ops::Bound::Included(&lo[..]), std::ops::Bound::Included(&hi[..]));
    let mut out = Vec::new();
    for item in blocks.range(rtxn, &range).map_err(query_err)? {
        let (k, v) = item.map_err(query_err)?;
        let key: [u8; 4] =
            k.try_into().map_err(|_| QueryError::Corrupt("block key is not 4 bytes".to_string()))?;
        out.push(BlockRow::decode(u32::from_be_bytes(key), v)?);
    }
    Ok(out)
}

fn for_each_row(db: &Db, rtxn: &heed::RoTxn, visit: &mut RowVisitor<'_>) -> Result<(), QueryError> {
    for item in db.iter(rtxn).map_err(query_err)? {
        let (k, v) = item.map_err(query_err)?;
        visit(k, v)?;
    }
    Ok(())
}

impl StateReader for LmdbStore {
    fn get(&self, table: StateTable, key: &[u8]) -> Result<Option<Vec<u8>>, QueryError> {
        let rtxn = self.env.read_txn().map_err(query_err)?;
        Ok(self.db(table).get(&rtxn, key).map_err(query_err)?.map(<[u8]>::to_vec))
    }
    fn for_each(&self, table: StateTable, visit: &mut RowVisitor<'_>) -> Result<(), QueryError> {
        let rtxn = self.env.read_txn().map_err(query_err)?;
        for_each_row(self.db(table), &rtxn, visit)
    }
}

impl Store for LmdbStore {
    fn tip(&self) -> Result<Option<Tip>, QueryError> {
        self.meta_get(KEY_TIP).map_err(query_err)?.as_deref().map(decode_tip).transpose()
    }

    fn rows(&self, from: u32, to: u32) -> Result<Vec<BlockRow>, QueryError> {
        let rtxn = self.env.read_txn().map_err(query_err)?;
        read_rows(&self.blocks, &rtxn, from, to)
    }

    fn commit(&mut self, batch: &Batch) -> Result<(), CommitError> {
        let Some(last) = batch.rows.last() else { return Ok(()) };
        let (from, to) = (batch.rows.first().map_or(last.height, |r| r.height), last.height);
        let err = |e| commit_err(from, to, e);
        let mut wtxn = self.env.write_txn().map_err(err)?;
        for row in &batch.rows {
            self.blocks.put(&mut wtxn, &row.height.to_be_bytes(), &row.encode_value()).map_err(err)?;
        }
        if batch.state.replace_all {
            for db in &self.state {
                db.clear(&mut wtxn).map_err(err)?;
            }
        }
        for change in &batch.state.rows {
            let db = self.db(change.table);
            match &change.value {
                Some(value) => db.put(&mut wtxn, &change.key, value).map_err(err)?,
                None => {
                    db.delete(&mut wtxn, &change.key).map_err(err)?;
                }
            }
        }
        let mut tip = last.height.to_le_bytes().to_vec();
        tip.extend_from_slice(&last.block_hash);
        tip.push(u8::from(batch.checked));
        self.meta.put(&mut wtxn, KEY_TIP, &tip).map_err(err)?;
        wtxn.commit().map_err(err)
    }
}

/// A read-only view of an `LmdbStore` at one moment (`LmdbStore::view`).
pub struct StoreView<'s> {
    store: &'s LmdbStore,
    txn: heed::RoTxn<'s>,
}

impl StoreView<'_> {
    pub fn tip(&self) -> Result<Option<Tip>, QueryError> {
        self.store.meta.get(&self.txn, KEY_TIP).map_err(query_err)?.map(decode_tip).transpose()
    }
    /// Rows with heights in `from..=to`, ascending.
    pub fn rows(&self, from: u32, to: u32) -> Result<Vec<BlockRow>, QueryError> {
        read_rows(&self.store.blocks, &self.txn, from, to)
    }
}

impl StateReader for StoreView<'_> {
    fn get(&self, table: StateTable, key: &[u8]) -> Result<Option<Vec<u8>>, QueryError> {
        Ok(self.store.db(table).get(&self.txn, key).map_err(query_err)?.map(<[u8]>::to_vec))
    }
    fn for_each(&self, table: StateTable, visit: &mut RowVisitor<'_>) -> Result<(), QueryError> {
        for_each_row(self.store.db(table), &self.txn, visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(height: u32) -> BlockRow {
        BlockRow {
            height,
            block_hash: [height as u8; 32],
            consensus_hash: [1; 16],
            accepted_json: "[]".to_string(),
        }
    }

    fn put(table: StateTable, key: &[u8], value: &[u8]) -> RowChange {
        RowChange { table, key: key.to_vec(), value: Some(value.to_vec()) }
    }

    fn table<S: StateReader>(store: &S, table: StateTable) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        store
            .for_each(table, &mut |k, v| {
                out.push((k.to_vec(), v.to_vec()));
                Ok(())
            })
            .unwrap();
        out
    }

    /// The same commits on an LMDB store and a MemStore leave the same rows.
    #[test]
    fn lmdb_commit_then_reopen_sees_rows_state_and_tip() {
        let dir = tempfile::tempdir().unwrap();
        let first = Batch {
            rows: vec![row(10), row(11)],
            state: StateWrite {
                replace_all: true,
                rows: vec![
                    put(StateTable::Names, b"b.id", b"B"),
                    put(StateTable::Names, b"a.id", b"A"),
                    put(StateTable::Scalars, b"x", b"1"),
                ],
            },
            checked: false,
        };
        let second = Batch {
            rows: vec![row(12)],
            state: StateWrite {
                replace_all: false,
                rows: vec![
                    RowChange { table: StateTable::Names, key: b"a.id".to_vec(), value: None },
                    put(StateTable::Names, b"c.id", b"C"),
                    put(StateTable::Scalars, b"x", b"2"),
                    put(StateTable::Names, b"c.id", b"C2"),
                ],
            },
            checked: true,
        };
        let mut mem = MemStore::default();
        {
            let mut store = LmdbStore::open(dir.path(), &[7; 32]).unwrap();
            assert_eq!(store.tip().unwrap(), None);
            for batch in [&first, &second] {
                store.commit(batch).unwrap();
                mem.commit(batch).unwrap();
            }
        }
        let store = LmdbStore::open(dir.path(), &[7; 32]).unwrap();
        assert_eq!(store.tip().unwrap(), Some(Tip { height: 12, block_hash: [12; 32], checked: true }));
        assert_eq!(
            table(&store, StateTable::Names),
            vec![(b"b.id".to_vec(), b"B".to_vec()), (b"c.id".to_vec(), b"C2".to_vec())]
        );
        assert_eq!(store.get(StateTable::Scalars, b"x").unwrap(), Some(b"2".to_vec()));
        assert_eq!(store.get(StateTable::Names, b"a.id").unwrap(), None);
        assert_eq!(store.rows(0, 100).unwrap(), vec![row(10), row(11), row(12)]);
        assert_eq!(store.rows(11, 11).unwrap(), vec![row(11)]);
        for t in StateTable::ALL {
            assert_eq!(table(&store, t), table(&mem, t), "{t:?}");
        }
        assert_eq!(mem.tip().unwrap(), store.tip().unwrap());
        let (tip, rows, names) =
            (store.tip().unwrap(), store.rows(0, 100).unwrap(), table(&store, StateTable::Names));
        let view = store.view().unwrap();
        assert_eq!(
            (view.tip().unwrap(), view.rows(0, 100).unwrap(), table(&view, StateTable::Names)),
            (tip, rows, names)
        );
    }

    #[test]
    fn replace_all_empties_every_state_table_first() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = LmdbStore::open(dir.path(), &[7; 32]).unwrap();
        let batch = |height, replace_all, rows| Batch {
            rows: vec![row(height)],
            state: StateWrite { replace_all, rows },
            checked: false,
        };
        store
            .commit(&batch(
                1,
                false,
                vec![put(StateTable::Accounts, b"k", b"v"), put(StateTable::Names, b"n", b"v")],
            ))
            .unwrap();
        store.commit(&batch(2, true, vec![put(StateTable::Names, b"m", b"w")])).unwrap();
        assert_eq!(table(&store, StateTable::Accounts), vec![]);
        assert_eq!(table(&store, StateTable::Names), vec![(b"m".to_vec(), b"w".to_vec())]);
    }

    /// A version-1 store (whole state in `meta/state`) is refused with one line that
    /// says what to do, and is left as it was.
    #[test]
    fn version_1_store_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        {
            let env = open_env(dir.path()).unwrap();
            let mut wtxn = env.write_txn().unwrap();
            let meta: Db = env.create_database(&mut wtxn, Some("meta")).unwrap();
            let blocks: Db = env.create_database(&mut wtxn, Some("blocks")).unwrap();
            meta.put(&mut wtxn, KEY_VERSION, &1u32.to_le_bytes()).unwrap();
            meta.put(&mut wtxn, KEY_FINGERPRINT, &[7; 32]).unwrap();
            meta.put(&mut wtxn, KEY_STATE_V1, b"old state").unwrap();
            blocks.put(&mut wtxn, &10u32.to_be_bytes(), &row(10).encode_value()).unwrap();
            wtxn.commit().unwrap();
        }
        let before = std::fs::read(dir.path().join("data.mdb")).unwrap();
        for err in [
            LmdbStore::open(dir.path(), &[7; 32]).err().expect("refused"),
            LmdbStore::open_existing(dir.path()).err().expect("refused"),
        ] {
            assert!(matches!(err, OpenStoreError::Version { found: 1, expected: 2, .. }), "{err}");
            let text = err.to_string();
            assert!(
                !text.contains('\n') && text.contains("format version 1") && text.contains("new --store"),
                "{text}"
            );
        }
        assert_eq!(std::fs::read(dir.path().join("data.mdb")).unwrap(), before, "old store unchanged");
    }

    #[test]
    fn store_of_other_params_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        drop(LmdbStore::open(dir.path(), &[7; 32]).unwrap());
        assert!(matches!(LmdbStore::open(dir.path(), &[8; 32]), Err(OpenStoreError::ForeignParams { .. })));
    }

    #[test]
    fn garbage_store_is_reported_corrupt_not_panicking() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("data.mdb"), vec![0x55u8; 64 * 1024]).unwrap();
        let err = LmdbStore::open(dir.path(), &[7; 32]).err().expect("must fail");
        assert!(matches!(err, OpenStoreError::Corrupt { .. } | OpenStoreError::Io { .. }), "{err}");
    }

    #[test]
    fn missing_store_for_queries_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(LmdbStore::open_existing(&dir.path().join("nope")).is_err());
    }

    #[test]
    fn store_whose_creation_was_interrupted_reads_as_empty_then_initialises() {
        // A kill between creating the databases and writing the version row.
        let dir = tempfile::tempdir().unwrap();
        let env = open_env(dir.path()).unwrap();
        drop(LmdbStore::with_databases(dir.path(), env, true).unwrap());
        let store = LmdbStore::open_existing(dir.path()).unwrap();
        assert_eq!(store.tip().unwrap(), None);
        assert!(store.rows(0, u32::MAX).unwrap().is_empty());
        drop(store);
        let store = LmdbStore::open(dir.path(), &[7; 32]).unwrap();
        assert_eq!(store.fingerprint().unwrap(), Some(vec![7; 32]));
    }
}
