//! The LMDB store (heed): databases `meta`, `blocks` and one per `StateTable` in one
//! environment. Every value carries a CRC-32 trailer over (database, key, value),
//! checked on every read. A writer holds the directory's writer lock for its whole
//! life and commits only on top of the tip it last saw (compare-and-swap in the write
//! transaction). Readers take no lock: LMDB gives them a consistent snapshot while a
//! writer commits. Byte layout: STORE-FORMAT.md.

use crate::dir::{self, DirState, WriterLock};
use crate::error::{CommitError, Corrupt, CorruptKind, OpenError, ReadError};
use crate::rows::{Batch, BlockRow, RowVisitor, StateReader, StateTable, Store, Tip};
use bns_engine::params_file::ParamsFile;
use bns_engine::Params;
use std::path::{Path, PathBuf};

/// Format version written in the `version` meta row.
pub const FORMAT_VERSION: u32 = 5;

/// Called with each (key, value) of a range scan; `Ok(false)` stops the scan.
pub type RangeVisitor<'v> = dyn FnMut(&[u8], &[u8]) -> Result<bool, ReadError> + 'v;
/// LMDB map size: address space reserved, not disk used (the file grows as needed).
const MAP_SIZE_BYTES: usize = 1 << 40;

const KEY_VERSION: &[u8] = b"version";
const KEY_FINGERPRINT: &[u8] = b"fingerprint";
const KEY_PARAMS: &[u8] = b"params";
const KEY_PARAMS_SOURCE: &[u8] = b"params_source";
const KEY_NETWORK: &[u8] = b"network";
const KEY_TIP: &[u8] = b"tip";
const KEY_DIGEST: &[u8] = b"state_digest";

type Bytes = heed::types::Bytes;
type Db = heed::Database<Bytes, Bytes>;

/// What a store is: written once, at creation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// `Params::fingerprint()` (or a test processor's identity).
    pub fingerprint: [u8; 32],
    /// The full parameter set as a params file (`Params::to_params_file`, JSON);
    /// `None` only for test processors that have no BNS parameters.
    pub params_json: Option<String>,
    /// The Bitcoin network of the blocks (`mainnet`, `testnet`, `regtest`, …).
    pub network: String,
    /// Where the parameters came from (`built-in regtest`, `--params FILE`, …).
    pub params_source: String,
}

impl Identity {
    /// The identity of a store built with `params` from `network`'s blocks.
    pub fn of_params(params: &Params, network: &str, source: &str) -> Result<Identity, OpenError> {
        let file = params.to_params_file().map_err(|e| OpenError::NotOurs {
            dir: PathBuf::new(),
            reason: format!("parameters cannot be stored: {e}"),
        })?;
        let json = serde_json::to_string_pretty(&file).map_err(|e| OpenError::NotOurs {
            dir: PathBuf::new(),
            reason: format!("parameters cannot be stored: {e}"),
        })?;
        Ok(Identity {
            fingerprint: params.fingerprint(),
            params_json: Some(json),
            network: network.to_string(),
            params_source: source.to_string(),
        })
    }
}

/// The CRC-32 trailer of a value in `db` under `key`.
fn checksum(db: &str, key: &[u8], value: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(db.as_bytes());
    h.update(&[0]);
    h.update(key);
    h.update(value);
    h.finalize()
}

/// `value ‖ crc32 LE`.
pub fn seal(db: &str, key: &[u8], value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() + 4);
    out.extend_from_slice(value);
    out.extend_from_slice(&checksum(db, key, value).to_le_bytes());
    out
}

/// The value of a sealed row, after checking its trailer.
pub fn unseal<'v>(db: &str, key: &[u8], stored: &'v [u8]) -> Result<&'v [u8], Corrupt> {
    let Some((value, crc)) = stored.split_last_chunk::<4>() else {
        return Err(Corrupt::new(db, key, CorruptKind::NoChecksum));
    };
    if checksum(db, key, value) != u32::from_le_bytes(*crc) {
        return Err(Corrupt::new(db, key, CorruptKind::Checksum));
    }
    Ok(value)
}

fn read_err(e: heed::Error) -> ReadError {
    ReadError::Lmdb(e)
}

fn lmdb(dir: &Path) -> impl Fn(heed::Error) -> OpenError + '_ {
    move |source| match source {
        heed::Error::Mdb(
            heed::MdbError::Invalid | heed::MdbError::Corrupted | heed::MdbError::VersionMismatch,
        ) => OpenError::NotOurs { dir: dir.to_path_buf(), reason: format!("LMDB cannot read it: {source}") },
        source => OpenError::Lmdb { dir: dir.to_path_buf(), source },
    }
}

/// Open the LMDB environment of `dir` (which exists and passed `check_data_file`).
fn open_env(dir: &Path, read_only: bool) -> Result<heed::Env, OpenError> {
    let mut options = heed::EnvOpenOptions::new();
    options.map_size(MAP_SIZE_BYTES).max_dbs(32);
    // SAFETY (heed's contract for `flags` and `open`): a store directory is opened by
    // one handle per process at a time (heed refuses a second), its files are written
    // only through LMDB, and the data file was checked against its header first.
    #[allow(unsafe_code)]
    let env = unsafe {
        if read_only {
            options.flags(heed::EnvFlags::READ_ONLY);
        }
        options.open(dir)
    }
    .map_err(lmdb(dir))?;
    Ok(env)
}

/// Create `dir`'s data file whole: its tables and meta rows are committed in
/// [`dir::NEW_DATA_FILE`], which is then renamed into place. A writer killed before
/// the rename leaves no `data.mdb` (a reader finds no store yet, the next writer
/// starts again); killed after, a complete empty store. Without this, a kill between
/// LMDB creating `data.mdb` and the first commit left a data file without tables,
/// which readers had to call corrupt (found by `replay/tests/crash.rs`).
fn create_data_file(dir: &Path, identity: &Identity) -> Result<(), OpenError> {
    let io = |source| OpenError::Io { dir: dir.to_path_buf(), source };
    let new_file = dir.join(dir::NEW_DATA_FILE);
    for leftover in [dir::NEW_DATA_FILE, dir::NEW_DATA_LOCK_FILE] {
        match std::fs::remove_file(dir.join(leftover)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
            _ => {}
        }
    }
    let mut options = heed::EnvOpenOptions::new();
    options.map_size(MAP_SIZE_BYTES).max_dbs(32);
    // SAFETY (heed's contract for `flags` and `open`): the file is new, opened by this
    // writer alone (it holds the directory's writer lock) and closed before the rename.
    #[allow(unsafe_code)]
    let env = unsafe {
        options.flags(heed::EnvFlags::NO_SUB_DIR);
        options.open(&new_file)
    }
    .map_err(lmdb(dir))?;
    let store = LmdbStore::with_databases(dir, env.clone(), true)?;
    store.init(identity)?;
    drop(store);
    env.prepare_for_closing().wait();
    std::fs::rename(&new_file, dir.join(dir::DATA_FILE)).map_err(io)?;
    match std::fs::remove_file(dir.join(dir::NEW_DATA_LOCK_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
        _ => {}
    }
    std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io)
}

/// The format version of a pre-marker store (1 or 2) in `dir`, read without writing
/// anything; `None` if `dir` does not hold one.
pub fn old_format_version(dir: &Path) -> Option<u32> {
    if dir::check_data_file(dir).ok() != Some(true) || !dir.join(dir::LMDB_LOCK_FILE).is_file() {
        return None;
    }
    let env = open_env(dir, true).ok()?;
    let rtxn = env.read_txn().ok()?;
    let meta: Db = env.open_database(&rtxn, Some("meta")).ok()??;
    let version = meta.get(&rtxn, KEY_VERSION).ok()??;
    let bytes: [u8; 4] = version.try_into().ok()?;
    let found = u32::from_le_bytes(bytes);
    (found == 1 || found == 2).then_some(found)
}

/// The refusal for a directory that is not ours (a pre-marker store or anything else).
fn refuse_foreign(dir: &Path, reason: String) -> OpenError {
    match old_format_version(dir) {
        Some(found) => OpenError::OldFormat { dir: dir.to_path_buf(), found, expected: FORMAT_VERSION },
        None => OpenError::NotOurs { dir: dir.to_path_buf(), reason },
    }
}

/// The LMDB store.
pub struct LmdbStore {
    dir: PathBuf,
    env: heed::Env,
    meta: Db,
    blocks: Db,
    /// The owner index (format 5, `owners.rs`).
    owners: Db,
    /// Indexed by `StateTable::index`.
    state: Vec<Db>,
    /// The history databases (format 4, `history.rs`).
    hist: crate::history::HistoryDbs,
    /// Held by a writer (`open_writer`), for the life of the store.
    lock: Option<WriterLock>,
    /// The tip a writer last saw; its next commit must find it unchanged.
    expected_tip: Option<Tip>,
    /// `value_hashes` and `zonefiles` (`zonefiles.rs`); absent in a store no writer
    /// of this version has opened.
    zonefiles: Option<crate::zonefiles::ZonefileDbs>,
    /// A writer's map of the data file, released after each commit (`mapped.rs`).
    mapped: Option<crate::mapped::MappedRange>,
}

/// Put `key` with LMDB's append flag when it sorts after every key of `db` (a
/// sequential key: heights, or rows of a table written in key order), else as a
/// plain put. Same rows either way (LMDB already splits a page at its end when
/// keys arrive in order: the pages barely change); appending skips the B-tree search
/// and the comparisons of a plain put. `last` caches the largest key known to be in
/// `db` in this write transaction (`None`: not looked up yet); it may be stale-high
/// after a delete, which only turns an append into a plain put.
pub(crate) fn put_ordered(
    db: &Db,
    wtxn: &mut heed::RwTxn<'_>,
    last: &mut Option<Option<Vec<u8>>>,
    key: &[u8],
    value: &[u8],
) -> Result<(), heed::Error> {
    let known = match last {
        Some(known) => known,
        None => last.insert(db.last(wtxn)?.map(|(k, _)| k.to_vec())),
    };
    if known.as_deref().is_none_or(|l| key > l) {
        db.put_with_flags(wtxn, heed::PutFlags::APPEND, key, value)?;
        let slot = known.get_or_insert_with(Vec::new);
        slot.clear();
        slot.extend_from_slice(key);
        Ok(())
    } else {
        db.put(wtxn, key, value)
    }
}

impl LmdbStore {
    /// Open the store in `dir` for writing, creating it if `dir` is absent or empty:
    /// takes the writer lock (refused while another writer holds it), refuses a
    /// directory that is not ours, a store of another format, or one built with other
    /// parameters.
    pub fn open_writer(dir: &Path, identity: &Identity) -> Result<LmdbStore, OpenError> {
        match dir::classify(dir)? {
            DirState::Fresh => dir::write_marker(dir, FORMAT_VERSION)?,
            DirState::Ours => {}
            DirState::Foreign(reason) => return Err(refuse_foreign(dir, reason)),
        }
        let lock = dir::lock_writer(dir)?;
        if !dir::check_data_file(dir)? {
            create_data_file(dir, identity)?;
        }
        let env = open_env(dir, false)?;
        let found = read_version(dir, &env)?;
        let mut store = LmdbStore::with_databases(dir, env, true)?;
        store.lock = Some(lock);
        store.mapped = crate::mapped::locate(&dir.join(dir::DATA_FILE));
        match found {
            Some(_) => store.check_fingerprint(&identity.fingerprint)?,
            None => store.init(identity)?,
        }
        store.expected_tip = store.tip().map_err(|e| store.corrupt_or_io(e))?;
        Ok(store)
    }

    /// Open an existing store for reading (no lock; consistent snapshots through
    /// `view` while a writer commits).
    pub fn open_reader(dir: &Path) -> Result<LmdbStore, OpenError> {
        match dir::classify(dir)? {
            DirState::Fresh => return Err(OpenError::Missing { dir: dir.to_path_buf() }),
            DirState::Ours => {}
            DirState::Foreign(reason) => return Err(refuse_foreign(dir, reason)),
        }
        if !dir::check_data_file(dir)? {
            return Err(OpenError::Missing { dir: dir.to_path_buf() });
        }
        let env = open_env(dir, false)?;
        if read_version(dir, &env)?.is_some() {
            return LmdbStore::with_databases(dir, env, false);
        }
        // No version row: a writer was stopped while creating the store. Empty, that
        // is a store with nothing replayed yet; with rows in it, something else.
        let store = LmdbStore::with_databases(dir, env, false)?;
        if !store.is_blank()? {
            return Err(store.corrupt(Corrupt::new("meta", KEY_VERSION, CorruptKind::Missing)));
        }
        Ok(store)
    }

    /// Test aid: pretend this writer last saw `tip` (to exercise the compare-and-swap).
    #[doc(hidden)]
    pub fn expect_tip_for_test(&mut self, tip: Option<Tip>) {
        self.expected_tip = tip;
    }

    pub(crate) fn env(&self) -> &heed::Env {
        &self.env
    }

    pub(crate) fn is_writer(&self) -> bool {
        self.lock.is_some()
    }

    pub(crate) fn zonefile_tables(&self) -> Option<crate::zonefiles::ZonefileDbs> {
        self.zonefiles
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Close the environment, keeping the writer lock (if any) for the caller.
    pub fn close(self) -> Option<WriterLock> {
        self.lock
    }

    fn with_databases(dir: &Path, env: heed::Env, create: bool) -> Result<LmdbStore, OpenError> {
        let err = lmdb(dir);
        let names: Vec<&str> = ["meta", "blocks", crate::owners::OWNERS_DB]
            .into_iter()
            .chain(StateTable::ALL.iter().map(|t| t.db_name()))
            .chain(crate::history::DB_NAMES)
            .collect();
        let mut dbs: Vec<Option<Db>> = Vec::with_capacity(names.len());
        if create {
            let mut wtxn = env.write_txn().map_err(&err)?;
            for name in &names {
                dbs.push(Some(env.create_database(&mut wtxn, Some(name)).map_err(&err)?));
            }
            wtxn.commit().map_err(&err)?;
        } else {
            // A read transaction, committed so the handles stay open (heed `RoTxn::commit`).
            let rtxn = env.read_txn().map_err(&err)?;
            for name in &names {
                dbs.push(env.open_database(&rtxn, Some(name)).map_err(&err)?);
            }
            rtxn.commit().map_err(&err)?;
        }
        let missing = |name: &str| OpenError::Corrupt {
            dir: dir.to_path_buf(),
            source: Corrupt::new(name, b"", CorruptKind::Missing),
        };
        let mut all = Vec::with_capacity(names.len());
        for (name, db) in names.iter().zip(dbs) {
            all.push(db.ok_or_else(|| missing(name))?);
        }
        let mut all = all.into_iter();
        let (Some(meta), Some(blocks), Some(owners)) = (all.next(), all.next(), all.next()) else {
            return Err(missing("meta"));
        };
        let zonefiles = crate::zonefiles::ZonefileDbs::open(&env, create).map_err(&err)?;
        let state: Vec<Db> = all.by_ref().take(StateTable::ALL.len()).collect();
        let hist = crate::history::HistoryDbs::from_vec(all.collect()).ok_or_else(|| missing("hist.rows"))?;
        Ok(LmdbStore {
            dir: dir.to_path_buf(),
            env,
            meta,
            blocks,
            owners,
            state,
            hist,
            lock: None,
            expected_tip: None,
            zonefiles,
            mapped: None,
        })
    }

    fn db(&self, table: StateTable) -> &Db {
        self.state
            .get(table.index())
            .expect("with_databases opens one database per StateTable::ALL entry, in that order")
    }

    fn corrupt(&self, source: Corrupt) -> OpenError {
        OpenError::Corrupt { dir: self.dir.clone(), source }
    }

    fn corrupt_or_io(&self, e: ReadError) -> OpenError {
        match e {
            ReadError::Corrupt(c) => self.corrupt(c),
            ReadError::Lmdb(source) => OpenError::Lmdb { dir: self.dir.clone(), source },
        }
    }

    fn meta_get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, ReadError> {
        let rtxn = self.env.read_txn().map_err(read_err)?;
        meta_get(&self.meta, &rtxn, key)
    }

    fn check_fingerprint(&self, fingerprint: &[u8; 32]) -> Result<(), OpenError> {
        let stored = self.meta_get(KEY_FINGERPRINT).map_err(|e| self.corrupt_or_io(e))?.unwrap_or_default();
        if stored.as_slice() != fingerprint {
            return Err(OpenError::ForeignParams {
                dir: self.dir.clone(),
                stored: hex::encode(stored),
                current: hex::encode(fingerprint),
            });
        }
        Ok(())
    }

    /// No row in any database.
    fn is_blank(&self) -> Result<bool, OpenError> {
        let err = lmdb(&self.dir);
        let rtxn = self.env.read_txn().map_err(&err)?;
        let mut empty = self.meta.is_empty(&rtxn).map_err(&err)?
            && self.blocks.is_empty(&rtxn).map_err(&err)?
            && self.owners.is_empty(&rtxn).map_err(&err)?;
        for db in &self.state {
            empty &= db.is_empty(&rtxn).map_err(&err)?;
        }
        for (_, db) in self.hist.all() {
            empty &= db.is_empty(&rtxn).map_err(&err)?;
        }
        Ok(empty)
    }

    fn init(&self, identity: &Identity) -> Result<(), OpenError> {
        let err = lmdb(&self.dir);
        if !self.is_blank()? {
            return Err(self.corrupt(Corrupt::new("meta", KEY_VERSION, CorruptKind::Missing)));
        }
        let mut wtxn = self.env.write_txn().map_err(&err)?;
        let mut put = |key: &[u8], value: &[u8]| self.meta.put(&mut wtxn, key, &seal("meta", key, value));
        put(KEY_FINGERPRINT, &identity.fingerprint).map_err(&err)?;
        if let Some(json) = &identity.params_json {
            put(KEY_PARAMS, json.as_bytes()).map_err(&err)?;
        }
        put(KEY_NETWORK, identity.network.as_bytes()).map_err(&err)?;
        put(KEY_PARAMS_SOURCE, identity.params_source.as_bytes()).map_err(&err)?;
        // Last: a store with a version row is complete.
        put(KEY_VERSION, &FORMAT_VERSION.to_le_bytes()).map_err(&err)?;
        wtxn.commit().map_err(&err)
    }

    /// The fingerprint row.
    pub fn fingerprint(&self) -> Result<Option<[u8; 32]>, ReadError> {
        match self.meta_get(KEY_FINGERPRINT)? {
            None => Ok(None),
            Some(v) => v.as_slice().try_into().map(Some).map_err(|_| {
                Corrupt::new("meta", KEY_FINGERPRINT, CorruptKind::Malformed("is not 32 bytes")).into()
            }),
        }
    }

    fn meta_text(&self, key: &[u8]) -> Result<Option<String>, ReadError> {
        match self.meta_get(key)? {
            None => Ok(None),
            Some(v) => String::from_utf8(v)
                .map(Some)
                .map_err(|_| Corrupt::new("meta", key, CorruptKind::Malformed("is not UTF-8")).into()),
        }
    }

    /// The Bitcoin network the store was built from.
    pub fn network(&self) -> Result<Option<String>, ReadError> {
        self.meta_text(KEY_NETWORK)
    }

    /// Where its parameters came from.
    pub fn params_source(&self) -> Result<Option<String>, ReadError> {
        self.meta_text(KEY_PARAMS_SOURCE)
    }

    /// The stored params file (JSON), as stored.
    pub fn params_json(&self) -> Result<Option<String>, ReadError> {
        self.meta_text(KEY_PARAMS)
    }

    /// The parameters the store was built with, read back through
    /// `Params::from_params_file` and checked against the stored fingerprint.
    pub fn params(&self) -> Result<Option<Params>, ReadError> {
        let Some(json) = self.params_json()? else { return Ok(None) };
        let bad = |what| ReadError::from(Corrupt::new("meta", KEY_PARAMS, CorruptKind::Malformed(what)));
        let file: ParamsFile = serde_json::from_str(&json).map_err(|_| bad("is not a params file"))?;
        let params = Params::from_params_file(&file).map_err(|_| bad("is not a valid params file"))?;
        if Some(params.fingerprint()) != self.fingerprint()? {
            return Err(bad("does not match the fingerprint row"));
        }
        Ok(Some(params))
    }

    /// A consistent read-only view (one LMDB read transaction) of tip, rows and state,
    /// for readers that must not see a commit land halfway through their reads. While
    /// it lives, read through it, not through the store: LMDB allows one read
    /// transaction per thread.
    pub fn view(&self) -> Result<StoreView<'_>, ReadError> {
        Ok(StoreView { store: self, txn: self.env.read_txn().map_err(read_err)? })
    }

    /// Row counts per database, in the order `meta`, `blocks`, then `StateTable::ALL`.
    pub fn row_counts(&self) -> Result<Vec<(&'static str, u64)>, ReadError> {
        let rtxn = self.env.read_txn().map_err(read_err)?;
        let mut out = vec![
            ("meta", self.meta.len(&rtxn).map_err(read_err)?),
            ("blocks", self.blocks.len(&rtxn).map_err(read_err)?),
        ];
        for t in StateTable::ALL {
            out.push((t.db_name(), self.db(t).len(&rtxn).map_err(read_err)?));
        }
        for (name, db) in self.hist.all() {
            out.push((name, db.len(&rtxn).map_err(read_err)?));
        }
        out.push((crate::owners::OWNERS_DB, self.owners.len(&rtxn).map_err(read_err)?));
        Ok(out)
    }

    /// Size of `data.mdb` in bytes.
    pub fn file_size(&self) -> u64 {
        std::fs::metadata(self.dir.join(dir::DATA_FILE)).map_or(0, |m| m.len())
    }

    /// Check every row of every database (checksum, and the layout of block and meta
    /// rows); the state rows' decoding is checked by loading them (`load_state_rows`).
    /// Returns the number of rows checked.
    pub fn check_all_rows(&self) -> Result<u64, ReadError> {
        let rtxn = self.env.read_txn().map_err(read_err)?;
        let mut count = 0u64;
        for item in self.meta.iter(&rtxn).map_err(read_err)? {
            let (k, v) = item.map_err(read_err)?;
            unseal("meta", k, v)?;
            count += 1;
        }
        for item in self.blocks.iter(&rtxn).map_err(read_err)? {
            let (k, v) = item.map_err(read_err)?;
            let height: [u8; 4] = k
                .try_into()
                .map_err(|_| Corrupt::new("blocks", k, CorruptKind::Malformed("key is not 4 bytes")))?;
            BlockRow::decode(u32::from_be_bytes(height), unseal("blocks", k, v)?)?;
            count += 1;
        }
        for t in StateTable::ALL {
            for item in self.db(t).iter(&rtxn).map_err(read_err)? {
                let (k, v) = item.map_err(read_err)?;
                unseal(t.db_name(), k, v)?;
                count += 1;
            }
        }
        for (name, db) in self.hist.all() {
            for item in db.iter(&rtxn).map_err(read_err)? {
                let (k, v) = item.map_err(read_err)?;
                unseal(name, k, v)?;
                count += 1;
            }
        }
        // Checksums, and exactly one row per name under its owner.
        count += crate::owners::check(&self.owners, self.db(StateTable::Names), &rtxn)?;
        Ok(count)
    }
}

fn meta_get(meta: &Db, rtxn: &heed::RoTxn, key: &[u8]) -> Result<Option<Vec<u8>>, ReadError> {
    match meta.get(rtxn, key).map_err(read_err)? {
        None => Ok(None),
        Some(v) => Ok(Some(unseal("meta", key, v)?.to_vec())),
    }
}

/// The `version` row of the store in `env`, if it has one; refuses any version but
/// the current one (before anything is written).
fn read_version(dir: &Path, env: &heed::Env) -> Result<Option<u32>, OpenError> {
    let err = lmdb(dir);
    let rtxn = env.read_txn().map_err(&err)?;
    let meta: Option<Db> = env.open_database(&rtxn, Some("meta")).map_err(&err)?;
    let raw = match meta {
        Some(meta) => meta.get(&rtxn, KEY_VERSION).map_err(&err)?.map(<[u8]>::to_vec),
        None => None,
    };
    // Committed, not dropped, so the handle opened here stays valid (heed `RoTxn::commit`).
    rtxn.commit().map_err(&err)?;
    let Some(raw) = raw else { return Ok(None) };
    // Versions 1 and 2 wrote a bare u32; version 3 seals it.
    if let Ok(old) = <[u8; 4]>::try_from(raw.as_slice()) {
        let found = u32::from_le_bytes(old);
        return Err(OpenError::OldFormat { dir: dir.to_path_buf(), found, expected: FORMAT_VERSION });
    }
    let corrupt = |source| OpenError::Corrupt { dir: dir.to_path_buf(), source };
    let value = unseal("meta", KEY_VERSION, &raw).map_err(corrupt)?;
    let bytes: [u8; 4] = value
        .try_into()
        .map_err(|_| corrupt(Corrupt::new("meta", KEY_VERSION, CorruptKind::Malformed("is not 4 bytes"))))?;
    let found = u32::from_le_bytes(bytes);
    if found != FORMAT_VERSION {
        return Err(OpenError::OldFormat { dir: dir.to_path_buf(), found, expected: FORMAT_VERSION });
    }
    Ok(Some(found))
}

/// Less free space than this on the store's file system makes an EIO a full disk.
const NEARLY_FULL_BYTES: u64 = 1 << 20;

fn commit_err(dir: &Path, from: u32, to: u32, e: heed::Error) -> CommitError {
    match e {
        heed::Error::Mdb(heed::MdbError::MapFull) => CommitError::MapFull { from, to },
        // ENOSPC (28) and EDQUOT (122): the file system refused to grow the file.
        heed::Error::Io(io) if matches!(io.raw_os_error(), Some(28 | 122)) => {
            CommitError::DiskFull { from, to }
        }
        // LMDB reports a short write (what a full disk gives mid-page) as EIO (5).
        heed::Error::Io(io) if io.raw_os_error() == Some(5) && nearly_full(dir) => {
            CommitError::DiskFull { from, to }
        }
        heed::Error::Mdb(heed::MdbError::Other(5)) if nearly_full(dir) => CommitError::DiskFull { from, to },
        source => CommitError::Lmdb { from, to, source },
    }
}

fn nearly_full(dir: &Path) -> bool {
    rustix::fs::statvfs(dir).is_ok_and(|s| s.f_bavail.saturating_mul(s.f_frsize) < NEARLY_FULL_BYTES)
}

fn read_rows(blocks: &Db, rtxn: &heed::RoTxn, from: u32, to: u32) -> Result<Vec<BlockRow>, ReadError> {
    let (lo, hi) = (from.to_be_bytes(), to.to_be_bytes());
    let range = (std::ops::Bound::Included(&lo[..]), std::ops::Bound::Included(&hi[..]));
    let mut out = Vec::new();
    for item in blocks.range(rtxn, &range).map_err(read_err)? {
        let (k, v) = item.map_err(read_err)?;
        let key: [u8; 4] = k
            .try_into()
            .map_err(|_| Corrupt::new("blocks", k, CorruptKind::Malformed("key is not 4 bytes")))?;
        out.push(BlockRow::decode(u32::from_be_bytes(key), unseal("blocks", k, v)?)?);
    }
    Ok(out)
}

fn for_each_row(
    name: &str,
    db: &Db,
    rtxn: &heed::RoTxn,
    visit: &mut RowVisitor<'_>,
) -> Result<(), ReadError> {
    for item in db.iter(rtxn).map_err(read_err)? {
        let (k, v) = item.map_err(read_err)?;
        visit(k, unseal(name, k, v)?)?;
    }
    Ok(())
}

fn get_row(name: &str, db: &Db, rtxn: &heed::RoTxn, key: &[u8]) -> Result<Option<Vec<u8>>, ReadError> {
    match db.get(rtxn, key).map_err(read_err)? {
        None => Ok(None),
        Some(v) => Ok(Some(unseal(name, key, v)?.to_vec())),
    }
}

fn read_tip(meta: &Db, rtxn: &heed::RoTxn) -> Result<Option<Tip>, ReadError> {
    Ok(meta_get(meta, rtxn, KEY_TIP)?.as_deref().map(Tip::decode).transpose()?)
}

fn read_digest(meta: &Db, rtxn: &heed::RoTxn) -> Result<Option<(u32, [u8; 32])>, ReadError> {
    let Some(v) = meta_get(meta, rtxn, KEY_DIGEST)? else { return Ok(None) };
    let bad = || Corrupt::new("meta", KEY_DIGEST, CorruptKind::Malformed("is not 36 bytes"));
    let (height, digest) = v.split_first_chunk::<4>().ok_or_else(bad)?;
    let digest: [u8; 32] = digest.try_into().map_err(|_| bad())?;
    Ok(Some((u32::from_le_bytes(*height), digest)))
}

impl StateReader for LmdbStore {
    fn get(&self, table: StateTable, key: &[u8]) -> Result<Option<Vec<u8>>, ReadError> {
        let rtxn = self.env.read_txn().map_err(read_err)?;
        get_row(table.db_name(), self.db(table), &rtxn, key)
    }
    fn for_each(&self, table: StateTable, visit: &mut RowVisitor<'_>) -> Result<(), ReadError> {
        let rtxn = self.env.read_txn().map_err(read_err)?;
        for_each_row(table.db_name(), self.db(table), &rtxn, visit)
    }
}

impl Store for LmdbStore {
    fn tip(&self) -> Result<Option<Tip>, ReadError> {
        let rtxn = self.env.read_txn().map_err(read_err)?;
        read_tip(&self.meta, &rtxn)
    }

    fn rows(&self, from: u32, to: u32) -> Result<Vec<BlockRow>, ReadError> {
        let rtxn = self.env.read_txn().map_err(read_err)?;
        read_rows(&self.blocks, &rtxn, from, to)
    }

    fn state_digest(&self) -> Result<Option<(u32, [u8; 32])>, ReadError> {
        let rtxn = self.env.read_txn().map_err(read_err)?;
        read_digest(&self.meta, &rtxn)
    }

    fn commit(&mut self, batch: &Batch) -> Result<(), CommitError> {
        let Some(last) = batch.rows.last() else { return Ok(()) };
        let (from, to) = (batch.rows.first().map_or(last.height, |r| r.height), last.height);
        let dir = self.dir.clone();
        let err = |e| commit_err(&dir, from, to, e);
        if self.lock.is_none() {
            return Err(CommitError::Other {
                from,
                to,
                reason: "the store was opened for reading".to_string(),
            });
        }
        let mut wtxn = self.env.write_txn().map_err(err)?;
        // Compare-and-swap: the tip must still be the one this writer last saw.
        let found = match meta_get(&self.meta, &wtxn, KEY_TIP).map(|v| v.as_deref().map(Tip::decode)) {
            Ok(Some(Ok(t))) => Some(t),
            Ok(None) => None,
            _ => {
                return Err(CommitError::Other {
                    from,
                    to,
                    reason: "the stored tip is unreadable".to_string(),
                })
            }
        };
        if found != self.expected_tip {
            return Err(CommitError::TipMoved {
                from,
                to,
                expected: Tip::describe(self.expected_tip.as_ref()),
                found: Tip::describe(found.as_ref()),
            });
        }
        let mut last_block_key = None;
        for row in &batch.rows {
            let key = row.height.to_be_bytes();
            let value = seal("blocks", &key, &row.encode_value());
            put_ordered(&self.blocks, &mut wtxn, &mut last_block_key, &key, &value).map_err(err)?;
        }
        if batch.state.replace_all {
            for db in &self.state {
                db.clear(&mut wtxn).map_err(err)?;
            }
        }
        // Before the rows land: the index reads the owners being replaced.
        let names = *self.db(StateTable::Names);
        crate::owners::apply(&self.owners, &names, &mut wtxn, batch.state.replace_all, &batch.state.rows)
            .map_err(|e| match e {
                crate::owners::IndexError::Lmdb(e) => err(e),
                crate::owners::IndexError::Corrupt(c) => {
                    CommitError::Other { from, to, reason: format!("store is corrupt: {c}") }
                }
            })?;
        // The changes come in (table, key) order: each table's last key, for appends.
        let mut last_keys: Vec<Option<Option<Vec<u8>>>> = vec![None; StateTable::ALL.len()];
        for change in &batch.state.rows {
            let name = change.table.db_name();
            let db = self.db(change.table);
            match &change.value {
                Some(value) => {
                    let slot = last_keys
                        .get_mut(change.table.index())
                        .expect("one slot per StateTable::ALL entry, indexed by StateTable::index");
                    put_ordered(db, &mut wtxn, slot, &change.key, &seal(name, &change.key, value))
                        .map_err(err)?
                }
                None => {
                    db.delete(&mut wtxn, &change.key).map_err(err)?;
                }
            }
        }
        if let Some(z) = &self.zonefiles {
            z.record_batch(&mut wtxn, batch).map_err(err)?;
        }
        crate::history::apply(&self.hist, &mut wtxn, &batch.history).map_err(|e| match e {
            crate::history::HistoryError::Lmdb(e) => err(e),
            crate::history::HistoryError::Corrupt(c) => {
                CommitError::Other { from, to, reason: format!("store is corrupt: {c}") }
            }
        })?;
        let tip = Tip { height: last.height, block_hash: last.block_hash, checked: batch.checked };
        self.meta.put(&mut wtxn, KEY_TIP, &seal("meta", KEY_TIP, &tip.encode())).map_err(err)?;
        if let Some(digest) = batch.state_digest {
            let mut v = last.height.to_le_bytes().to_vec();
            v.extend_from_slice(&digest);
            self.meta.put(&mut wtxn, KEY_DIGEST, &seal("meta", KEY_DIGEST, &v)).map_err(err)?;
        }
        wtxn.commit().map_err(err)?;
        self.expected_tip = Some(tip);
        if let Some(range) = self.mapped {
            crate::mapped::release(range, self.file_size());
        }
        Ok(())
    }
}

/// A read-only view of an `LmdbStore` at one moment (`LmdbStore::view`).
pub struct StoreView<'s> {
    store: &'s LmdbStore,
    txn: heed::RoTxn<'s>,
}

impl StoreView<'_> {
    pub fn tip(&self) -> Result<Option<Tip>, ReadError> {
        read_tip(&self.store.meta, &self.txn)
    }
    /// Rows with heights in `from..=to`, ascending.
    pub fn rows(&self, from: u32, to: u32) -> Result<Vec<BlockRow>, ReadError> {
        read_rows(&self.store.blocks, &self.txn, from, to)
    }
    pub fn state_digest(&self) -> Result<Option<(u32, [u8; 32])>, ReadError> {
        read_digest(&self.store.meta, &self.txn)
    }
}

impl StoreView<'_> {
    /// The history databases as of this view.
    pub fn history(&self) -> crate::history::HistoryReader<'_> {
        crate::history::HistoryReader { dbs: &self.store.hist, txn: &self.txn }
    }
    /// The store this view reads.
    pub fn store(&self) -> &LmdbStore {
        self.store
    }
    /// The names `address` owns (any state: the caller filters revoked and expired
    /// ones), in name byte order: one prefix scan of the owner index.
    pub fn names_owned_by(&self, address: &str) -> Result<Vec<String>, ReadError> {
        crate::owners::names_of(&self.store.owners, &self.txn, address)
    }
    /// The read transaction of this view.
    pub(crate) fn txn(&self) -> &heed::RoTxn<'_> {
        &self.txn
    }
    /// Rows of `table` with keys ≥ `from`, in key order, until `visit` returns false.
    pub fn visit_from(
        &self,
        table: StateTable,
        from: &[u8],
        visit: &mut RangeVisitor<'_>,
    ) -> Result<(), ReadError> {
        // LMDB refuses a zero-length key as a range start.
        let start =
            if from.is_empty() { std::ops::Bound::Unbounded } else { std::ops::Bound::Included(from) };
        let range = (start, std::ops::Bound::Unbounded);
        for item in self.store.db(table).range(&self.txn, &range).map_err(read_err)? {
            let (k, v) = item.map_err(read_err)?;
            if !visit(k, unseal(table.db_name(), k, v)?)? {
                break;
            }
        }
        Ok(())
    }
}

impl StateReader for StoreView<'_> {
    fn get(&self, table: StateTable, key: &[u8]) -> Result<Option<Vec<u8>>, ReadError> {
        get_row(table.db_name(), self.store.db(table), &self.txn, key)
    }
    fn for_each(&self, table: StateTable, visit: &mut RowVisitor<'_>) -> Result<(), ReadError> {
        for_each_row(table.db_name(), self.store.db(table), &self.txn, visit)
    }
}
