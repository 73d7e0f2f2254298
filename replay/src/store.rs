//! Where replay keeps its results: the engine state, one row per block (block hash,
//! consensus hash, accepted ops), the tip and the params fingerprint. A `Store` trait
//! with an LMDB implementation (heed) and an in-memory one for tests. Every batch of
//! blocks is one atomic commit of rows + state + tip, so the tip always describes the
//! state. Byte layout: STORE-FORMAT.md.

use crate::error::{CommitError, OpenStoreError, QueryError};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Format version written in the `version` meta row.
pub const STORE_FORMAT_VERSION: u32 = 1;
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
        let consensus_hash: [u8; 16] = value.get(32..48).and_then(|s| s.try_into().ok()).ok_or_else(corrupt)?;
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
}

/// One atomic commit.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    pub rows: Vec<BlockRow>,
    pub state: Vec<u8>,
}

/// Storage of replay results.
pub trait Store {
    fn tip(&self) -> Result<Option<Tip>, QueryError>;
    fn state(&self) -> Result<Option<Vec<u8>>, QueryError>;
    /// Rows with heights in `from..=to`, ascending.
    fn rows(&self, from: u32, to: u32) -> Result<Vec<BlockRow>, QueryError>;
    /// Store the rows, the state and the tip (the last row) atomically.
    fn commit(&mut self, batch: &Batch) -> Result<(), CommitError>;
}

/// A store in memory (tests).
#[derive(Clone, Debug, Default)]
pub struct MemStore {
    pub rows: BTreeMap<u32, BlockRow>,
    pub state: Option<Vec<u8>>,
    pub tip: Option<Tip>,
    /// Fail the commit that would start at this height (crash simulation).
    pub fail_at: Option<u32>,
}

impl Store for MemStore {
    fn tip(&self) -> Result<Option<Tip>, QueryError> {
        Ok(self.tip)
    }
    fn state(&self) -> Result<Option<Vec<u8>>, QueryError> {
        Ok(self.state.clone())
    }
    fn rows(&self, from: u32, to: u32) -> Result<Vec<BlockRow>, QueryError> {
        Ok(self.rows.range(from..=to).map(|(_, r)| r.clone()).collect())
    }
    fn commit(&mut self, batch: &Batch) -> Result<(), CommitError> {
        let Some(last) = batch.rows.last() else { return Ok(()) };
        let from = batch.rows.first().map_or(last.height, |r| r.height);
        if self.fail_at.is_some_and(|h| h <= last.height && h >= from) {
            return Err(CommitError::Other { from, to: last.height, reason: "simulated failure".to_string() });
        }
        for r in &batch.rows {
            self.rows.insert(r.height, r.clone());
        }
        self.state = Some(batch.state.clone());
        self.tip = Some(Tip { height: last.height, block_hash: last.block_hash });
        Ok(())
    }
}

type Bytes = heed::types::Bytes;

/// The LMDB store: databases `meta` and `blocks` in one environment.
pub struct LmdbStore {
    dir: PathBuf,
    env: heed::Env,
    meta: heed::Database<Bytes, Bytes>,
    blocks: heed::Database<Bytes, Bytes>,
}

const KEY_VERSION: &[u8] = b"version";
const KEY_FINGERPRINT: &[u8] = b"fingerprint";
const KEY_TIP: &[u8] = b"tip";
const KEY_STATE: &[u8] = b"state";

fn open_err(dir: &Path, e: heed::Error) -> OpenStoreError {
    match e {
        heed::Error::Mdb(m @ (heed::MdbError::Invalid | heed::MdbError::Corrupted | heed::MdbError::VersionMismatch)) => {
            OpenStoreError::Corrupt { dir: dir.to_path_buf(), reason: m.to_string() }
        }
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
        let store = LmdbStore::open_env(dir, true)?;
        store.check_or_init(fingerprint)?;
        Ok(store)
    }

    /// Open an existing store for queries (any parameters).
    pub fn open_existing(dir: &Path) -> Result<LmdbStore, OpenStoreError> {
        if !dir.join("data.mdb").is_file() {
            return Err(OpenStoreError::Io { dir: dir.to_path_buf(), reason: "no store here (data.mdb missing)".to_string() });
        }
        let store = LmdbStore::open_env(dir, false)?;
        store.check_version()?;
        Ok(store)
    }

    fn open_env(dir: &Path, create: bool) -> Result<LmdbStore, OpenStoreError> {
        if create {
            std::fs::create_dir_all(dir).map_err(|e| OpenStoreError::Io { dir: dir.to_path_buf(), reason: e.to_string() })?;
        }
        let mut options = heed::EnvOpenOptions::new();
        options.map_size(MAP_SIZE_BYTES).max_dbs(4);
        // SAFETY (heed's contract for `open`): the store directory is opened once per
        // process by this type, nothing else in the process maps or writes its files,
        // and we never open it with different flags concurrently.
        #[allow(unsafe_code)]
        let env = unsafe { options.open(dir) }.map_err(|e| open_err(dir, e))?;
        let mut wtxn = env.write_txn().map_err(|e| open_err(dir, e))?;
        let meta = env.create_database(&mut wtxn, Some("meta")).map_err(|e| open_err(dir, e))?;
        let blocks = env.create_database(&mut wtxn, Some("blocks")).map_err(|e| open_err(dir, e))?;
        wtxn.commit().map_err(|e| open_err(dir, e))?;
        Ok(LmdbStore { dir: dir.to_path_buf(), env, meta, blocks })
    }

    fn meta_get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, heed::Error> {
        let rtxn = self.env.read_txn()?;
        Ok(self.meta.get(&rtxn, key)?.map(<[u8]>::to_vec))
    }

    fn corrupt(&self, reason: String) -> OpenStoreError {
        OpenStoreError::Corrupt { dir: self.dir.clone(), reason }
    }

    fn check_version(&self) -> Result<bool, OpenStoreError> {
        let Some(v) = self.meta_get(KEY_VERSION).map_err(|e| open_err(&self.dir, e))? else { return Ok(false) };
        let bytes: [u8; 4] = v.as_slice().try_into().map_err(|_| self.corrupt("bad version row".to_string()))?;
        let found = u32::from_le_bytes(bytes);
        if found != STORE_FORMAT_VERSION {
            return Err(OpenStoreError::Version { dir: self.dir.clone(), found, expected: STORE_FORMAT_VERSION });
        }
        Ok(true)
    }

    fn check_or_init(&self, fingerprint: &[u8; 32]) -> Result<(), OpenStoreError> {
        if self.check_version()? {
            let stored = self.meta_get(KEY_FINGERPRINT).map_err(|e| open_err(&self.dir, e))?.unwrap_or_default();
            if stored.as_slice() != fingerprint {
                return Err(OpenStoreError::ForeignParams {
                    dir: self.dir.clone(),
                    stored: hex::encode(stored),
                    current: hex::encode(fingerprint),
                });
            }
            return Ok(());
        }
        let rtxn = self.env.read_txn().map_err(|e| open_err(&self.dir, e))?;
        let empty = self.meta.len(&rtxn).map_err(|e| open_err(&self.dir, e))? == 0
            && self.blocks.len(&rtxn).map_err(|e| open_err(&self.dir, e))? == 0;
        drop(rtxn);
        if !empty {
            return Err(self.corrupt("rows present but no version row".to_string()));
        }
        let mut wtxn = self.env.write_txn().map_err(|e| open_err(&self.dir, e))?;
        self.meta.put(&mut wtxn, KEY_VERSION, &STORE_FORMAT_VERSION.to_le_bytes()).map_err(|e| open_err(&self.dir, e))?;
        self.meta.put(&mut wtxn, KEY_FINGERPRINT, fingerprint).map_err(|e| open_err(&self.dir, e))?;
        wtxn.commit().map_err(|e| open_err(&self.dir, e))
    }

    /// The fingerprint row.
    pub fn fingerprint(&self) -> Result<Option<Vec<u8>>, QueryError> {
        self.meta_get(KEY_FINGERPRINT).map_err(query_err)
    }
}

fn commit_err(from: u32, to: u32, e: heed::Error) -> CommitError {
    match e {
        heed::Error::Mdb(heed::MdbError::MapFull) => CommitError::MapFull { from, to },
        heed::Error::Io(io) if io.raw_os_error() == Some(28) => CommitError::DiskFull { from, to },
        other => CommitError::Other { from, to, reason: other.to_string() },
    }
}

impl Store for LmdbStore {
    fn tip(&self) -> Result<Option<Tip>, QueryError> {
        let Some(v) = self.meta_get(KEY_TIP).map_err(query_err)? else { return Ok(None) };
        if v.len() != 36 {
            return Err(QueryError::Corrupt(format!("tip row has {} bytes", v.len())));
        }
        let height = u32::from_le_bytes([v[0], v[1], v[2], v[3]]);
        let mut block_hash = [0u8; 32];
        block_hash.copy_from_slice(&v[4..]);
        Ok(Some(Tip { height, block_hash }))
    }

    fn state(&self) -> Result<Option<Vec<u8>>, QueryError> {
        self.meta_get(KEY_STATE).map_err(query_err)
    }

    fn rows(&self, from: u32, to: u32) -> Result<Vec<BlockRow>, QueryError> {
        let rtxn = self.env.read_txn().map_err(query_err)?;
        let (lo, hi) = (from.to_be_bytes(), to.to_be_bytes());
        let range = (std::ops::Bound::Included(&lo[..]), std::ops::Bound::Included(&hi[..]));
        let mut out = Vec::new();
        for item in self.blocks.range(&rtxn, &range).map_err(query_err)? {
            let (k, v) = item.map_err(query_err)?;
            let key: [u8; 4] = k.try_into().map_err(|_| QueryError::Corrupt("block key is not 4 bytes".to_string()))?;
            out.push(BlockRow::decode(u32::from_be_bytes(key), v)?);
        }
        Ok(out)
    }

    fn commit(&mut self, batch: &Batch) -> Result<(), CommitError> {
        let Some(last) = batch.rows.last() else { return Ok(()) };
        let (from, to) = (batch.rows.first().map_or(last.height, |r| r.height), last.height);
        let err = |e| commit_err(from, to, e);
        let mut wtxn = self.env.write_txn().map_err(err)?;
        for row in &batch.rows {
            self.blocks.put(&mut wtxn, &row.height.to_be_bytes(), &row.encode_value()).map_err(err)?;
        }
        self.meta.put(&mut wtxn, KEY_STATE, &batch.state).map_err(err)?;
        let mut tip = last.height.to_le_bytes().to_vec();
        tip.extend_from_slice(&last.block_hash);
        self.meta.put(&mut wtxn, KEY_TIP, &tip).map_err(err)?;
        wtxn.commit().map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(height: u32) -> BlockRow {
        BlockRow { height, block_hash: [height as u8; 32], consensus_hash: [1; 16], accepted_json: "[]".to_string() }
    }

    #[test]
    fn lmdb_commit_then_reopen_sees_rows_state_and_tip() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut store = LmdbStore::open(dir.path(), &[7; 32]).unwrap();
            assert_eq!(store.tip().unwrap(), None);
            store.commit(&Batch { rows: vec![row(10), row(11)], state: vec![1, 2, 3] }).unwrap();
        }
        let store = LmdbStore::open(dir.path(), &[7; 32]).unwrap();
        assert_eq!(store.tip().unwrap(), Some(Tip { height: 11, block_hash: [11; 32] }));
        assert_eq!(store.state().unwrap(), Some(vec![1, 2, 3]));
        assert_eq!(store.rows(0, 100).unwrap(), vec![row(10), row(11)]);
        assert_eq!(store.rows(11, 11).unwrap(), vec![row(11)]);
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
}
