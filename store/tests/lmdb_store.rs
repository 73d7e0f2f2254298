//! The LMDB store at its edges (issue 13 items 1, 2 and 4): commits and reopening, one
//! writer at a time, directories that are not ours, stores of format 2, flipped bits
//! and truncated files. Each refusal leaves the directory's bytes as they were.

use bns_engine::Params;
use bns_store::{
    Batch, BlockRow, CorruptKind, Identity, LmdbStore, OpenError, ReadError, RowChange, StateReader,
    StateTable, StateWrite, Store as _, Tip,
};
use std::path::Path;

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

fn identity() -> Identity {
    Identity::of_params(&Params::regtest(), "regtest", "built-in regtest").unwrap()
}

fn batch(height: u32, rows: Vec<RowChange>) -> Batch {
    Batch {
        rows: vec![row(height)],
        state: StateWrite { replace_all: false, rows },
        checked: true,
        state_digest: None,
        history: Vec::new(),
    }
}

/// Every file of a directory, by name, with its length and CRC-32 (lock.mdb only by
/// name: LMDB's reader table changes whenever anyone reads).
fn snapshot(dir: &Path) -> Vec<(String, usize, u32)> {
    let mut out: Vec<(String, usize, u32)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let bytes = if name == "lock.mdb" { Vec::new() } else { std::fs::read(e.path()).unwrap() };
            (name, bytes.len(), crc32fast::hash(&bytes))
        })
        .collect();
    out.sort();
    out
}

fn table(store: &dyn StateReader, table: StateTable) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    store
        .for_each(table, &mut |k, v| {
            out.push((k.to_vec(), v.to_vec()));
            Ok(())
        })
        .unwrap();
    out
}

#[test]
fn commits_reopen_with_rows_tip_params_and_network() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = LmdbStore::open_writer(dir.path(), &identity()).unwrap();
        assert_eq!(store.tip().unwrap(), None);
        store
            .commit(&batch(
                10,
                vec![put(StateTable::Names, b"b.id", b"B"), put(StateTable::Names, b"a.id", b"A")],
            ))
            .unwrap();
        let deletes = vec![RowChange { table: StateTable::Names, key: b"a.id".to_vec(), value: None }];
        store.commit(&batch(11, deletes)).unwrap();
    }
    let store = LmdbStore::open_reader(dir.path()).unwrap();
    assert_eq!(store.tip().unwrap(), Some(Tip { height: 11, block_hash: [11; 32], checked: true }));
    assert_eq!(table(&store, StateTable::Names), vec![(b"b.id".to_vec(), b"B".to_vec())]);
    assert_eq!(store.rows(0, 100).unwrap(), vec![row(10), row(11)]);
    assert_eq!(store.network().unwrap().as_deref(), Some("regtest"));
    assert_eq!(store.params().unwrap().map(|p| p.fingerprint()), Some(Params::regtest().fingerprint()));
    // meta: version, fingerprint, params, network, params_source, tip.
    assert_eq!(store.check_all_rows().unwrap(), 6 + 2 + 1);
}

#[test]
fn second_writer_is_refused_with_the_pid_readers_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let mut writer = LmdbStore::open_writer(dir.path(), &identity()).unwrap();
    writer.commit(&batch(10, vec![])).unwrap();
    let err = LmdbStore::open_writer(dir.path(), &identity()).err().expect("second writer refused");
    assert!(matches!(&err, OpenError::InUse { pid, .. } if *pid == std::process::id().to_string()), "{err}");
    assert!(err.to_string().contains(&format!("in use by pid {}", std::process::id())), "{err}");
    // A restart is a writer too.
    assert!(matches!(bns_store::Restart::begin(dir.path()), Err(OpenError::InUse { .. })));
    drop(writer);
    let reader = LmdbStore::open_reader(dir.path()).unwrap();
    assert_eq!(reader.tip().unwrap().map(|t| t.height), Some(10));
}

#[test]
fn store_of_other_params_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(LmdbStore::open_writer(dir.path(), &identity()).unwrap());
    let mainnet = Identity::of_params(&Params::mainnet(), "mainnet", "built-in mainnet").unwrap();
    assert!(matches!(LmdbStore::open_writer(dir.path(), &mainnet), Err(OpenError::ForeignParams { .. })));
}

#[test]
fn foreign_data_files_are_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // A text file named data.mdb, then another program's LMDB environment.
    std::fs::write(dir.path().join("data.mdb"), "not a database\n").unwrap();
    let before = snapshot(dir.path());
    for err in [
        LmdbStore::open_writer(dir.path(), &identity()).err().expect("refused"),
        LmdbStore::open_reader(dir.path()).err().expect("refused"),
        bns_store::Restart::begin(dir.path()).expect_err("refused"),
    ] {
        assert!(matches!(err, OpenError::NotOurs { .. }), "{err}");
        assert!(!err.to_string().contains('\n'));
    }
    assert_eq!(snapshot(dir.path()), before, "nothing written, nothing removed");
}

/// A format-2 store (bare u32 version row, bincode rows, no marker): refused with one
/// line saying how to rebuild, by every way of opening it; its bytes stay the same.
#[test]
fn version_2_store_is_refused_with_how_to_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut options = heed::EnvOpenOptions::new();
        options.map_size(1 << 30).max_dbs(16);
        #[allow(unsafe_code)]
        // SAFETY: a fresh directory, opened once, only through LMDB.
        let env = unsafe { options.open(dir.path()) }.unwrap();
        let mut wtxn = env.write_txn().unwrap();
        let meta: heed::Database<heed::types::Bytes, heed::types::Bytes> =
            env.create_database(&mut wtxn, Some("meta")).unwrap();
        meta.put(&mut wtxn, b"version", &2u32.to_le_bytes()).unwrap();
        meta.put(&mut wtxn, b"fingerprint", &Params::regtest().fingerprint()).unwrap();
        wtxn.commit().unwrap();
    }
    let before = snapshot(dir.path());
    for err in [
        LmdbStore::open_writer(dir.path(), &identity()).err().expect("refused"),
        LmdbStore::open_reader(dir.path()).err().expect("refused"),
    ] {
        assert!(
            matches!(err, OpenError::OldFormat { found: 2, expected: bns_store::FORMAT_VERSION, .. }),
            "{err}"
        );
        let text = err.to_string();
        assert!(
            !text.contains('\n') && text.contains("format version 2") && text.contains("--restart"),
            "{text}"
        );
    }
    assert_eq!(snapshot(dir.path()), before);
    // --restart may replace it (it is ours by its rows).
    let restart = bns_store::Restart::begin(dir.path()).expect("a format-2 store may be rebuilt");
    restart.abort();
    assert_eq!(snapshot(dir.path()), before, "an aborted restart leaves it as it was");
}

fn committed_store(dir: &Path) {
    let mut store = LmdbStore::open_writer(dir, &identity()).unwrap();
    let value = b"a-recognisable-value-0123456789".to_vec();
    store.commit(&batch(10, vec![put(StateTable::Names, b"x.id", &value)])).unwrap();
}

#[test]
fn a_flipped_bit_is_a_corrupt_row_not_a_wrong_value() {
    let dir = tempfile::tempdir().unwrap();
    committed_store(dir.path());
    let path = dir.path().join("data.mdb");
    let mut bytes = std::fs::read(&path).unwrap();
    let needle = b"a-recognisable-value";
    let at = bytes.windows(needle.len()).position(|w| w == needle).expect("value stored in clear");
    bytes[at + 3] ^= 0x04;
    std::fs::write(&path, &bytes).unwrap();
    let store = LmdbStore::open_reader(dir.path()).unwrap();
    let err = store.get(StateTable::Names, b"x.id").unwrap_err();
    match &err {
        ReadError::Corrupt(c) => {
            assert_eq!(
                (c.table.as_str(), c.key.as_str(), &c.kind),
                ("state.names", "x.id", &CorruptKind::Checksum)
            )
        }
        other => panic!("{other}"),
    }
    assert!(store.check_all_rows().unwrap_err().is_corrupt());
}

#[test]
fn a_truncated_data_file_is_an_error_not_a_signal() {
    let dir = tempfile::tempdir().unwrap();
    committed_store(dir.path());
    let path = dir.path().join("data.mdb");
    let len = std::fs::metadata(&path).unwrap().len();
    for cut in [len - 4096, 8192, 100, 0] {
        let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
        file.set_len(cut).unwrap();
        drop(file);
        let err = LmdbStore::open_reader(dir.path()).err().expect("refused");
        assert!(matches!(err, OpenError::Truncated { .. } | OpenError::NotOurs { .. }), "cut {cut}: {err}");
        let err = LmdbStore::open_writer(dir.path(), &identity()).err().expect("refused");
        assert!(matches!(err, OpenError::Truncated { .. } | OpenError::NotOurs { .. }), "cut {cut}: {err}");
    }
}

#[test]
fn a_commit_on_a_moved_tip_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = LmdbStore::open_writer(dir.path(), &identity()).unwrap();
    store.commit(&batch(10, vec![])).unwrap();
    store.expect_tip_for_test(Some(Tip { height: 9, block_hash: [9; 32], checked: true }));
    let err = store.commit(&batch(11, vec![])).unwrap_err();
    assert!(matches!(err, bns_store::CommitError::TipMoved { .. }), "{err}");
    assert_eq!(store.tip().unwrap().map(|t| t.height), Some(10), "nothing of the refused batch stored");
}

#[test]
fn restart_swaps_only_on_commit() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("store");
    committed_store(&dir);
    let before = snapshot(&dir);
    let restart = bns_store::Restart::begin(&dir).unwrap();
    {
        let mut new = LmdbStore::open_writer(restart.staging(), &identity()).unwrap();
        new.commit(&batch(20, vec![])).unwrap();
    }
    drop(restart);
    assert_eq!(snapshot(&dir), before, "dropped: old store kept");
    assert!(!parent.path().join("store.restart-new").exists(), "sibling removed");
    let restart = bns_store::Restart::begin(&dir).unwrap();
    let mut new = LmdbStore::open_writer(restart.staging(), &identity()).unwrap();
    new.commit(&batch(20, vec![])).unwrap();
    restart.commit(new.close()).unwrap();
    let store = LmdbStore::open_reader(&dir).unwrap();
    assert_eq!(store.tip().unwrap().map(|t| t.height), Some(20));
    let mut names: Vec<String> = std::fs::read_dir(parent.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec!["store".to_string()]);
}

/// A writer killed while creating a store leaves at most the marker and a half-made
/// `data.mdb.new`: readers find no store yet (never a corrupt one), and the next
/// writer throws the leftover away and creates the store whole.
#[test]
fn a_store_killed_while_being_created_is_absent_then_created_whole() {
    let dir = tempfile::tempdir().unwrap();
    let store_dir = dir.path().join("store");
    drop(LmdbStore::open_writer(&store_dir, &identity()).unwrap());
    assert!(!store_dir.join("data.mdb.new").exists() && !store_dir.join("data.mdb.new-lock").exists());
    // What a kill before the rename leaves behind.
    std::fs::remove_file(store_dir.join("data.mdb")).unwrap();
    std::fs::remove_file(store_dir.join("lock.mdb")).unwrap();
    std::fs::write(store_dir.join("data.mdb.new"), b"half-written").unwrap();
    std::fs::write(store_dir.join("data.mdb.new-lock"), b"").unwrap();
    assert!(matches!(LmdbStore::open_reader(&store_dir), Err(OpenError::Missing { .. })));

    let mut writer = LmdbStore::open_writer(&store_dir, &identity()).unwrap();
    assert!(!store_dir.join("data.mdb.new").exists());
    assert_eq!(writer.tip().unwrap(), None);
    writer.commit(&batch(10, vec![])).unwrap();
    drop(writer);
    let reader = LmdbStore::open_reader(&store_dir).unwrap();
    assert_eq!(reader.tip().unwrap().map(|t| t.height), Some(10));
    assert_eq!(reader.network().unwrap().as_deref(), Some("regtest"));
}
