//! The replay store (LMDB, crate bns-replay) as source and target: a store written
//! from a state is read back as the same snapshot; `create` from a store, `restore`
//! into a new one, and the restored store reads back identical state and rows.

mod common;

use bns_engine::Params;
use bns_snapshots::archive::{self, SnapshotSource as _};
use bns_snapshots::format::Body;
use bns_snapshots::restore::{restore, StoreWriter as _};
use bns_snapshots::store_glue::{open_source, ReplayStoreWriter, RESTORED_ROW_ACCEPTED_JSON};
use bns_store::{LmdbStore, Store as _};
use common::*;
use std::io::Cursor;

fn write_store(dir: &std::path::Path, source: &MemorySource) {
    let (header, history) = archive::header_of(source).expect("header");
    let body = Body { header, history, state: source.state.clone() };
    let writer = ReplayStoreWriter { params: source.params.clone() };
    writer.write_store(dir, &source.params, &body).expect("writes store");
}

#[test]
fn store_round_trips_through_an_archive() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = small_source(20, 700);
    let store_a = dir.path().join("a");
    std::fs::create_dir(&store_a).expect("mkdir");
    write_store(&store_a, &original);

    let from_store = open_source(&store_a, Params::regtest()).expect("opens store");
    assert_eq!(from_store.state(), &original.state);
    assert_eq!(from_store.history(), original.history);
    assert_eq!(from_store.tip_height(), 700);

    let file = signed_by(&archive::create(&from_store, Vec::new()).expect("create"), &[1]);
    assert_eq!(file, signed_by(&create_bytes(&original), &[1]), "store and memory give the same archive");

    let store_b = dir.path().join("b");
    let writer = ReplayStoreWriter { params: Params::regtest() };
    restore(&mut Cursor::new(&file), &policy(&[1], 1), &store_b, &writer).expect("restores");
    let restored = open_source(&store_b, Params::regtest()).expect("opens restored store");
    assert_eq!(restored.state(), &original.state);
    assert_eq!(restored.history(), original.history);

    let store = LmdbStore::open_reader(&store_b).expect("open");
    let rows = store.rows(0, 700).expect("rows");
    assert_eq!(rows.len(), original.history.len());
    assert!(rows.iter().all(|row| row.accepted_json == RESTORED_ROW_ACCEPTED_JSON));
    assert_eq!(store.tip().expect("tip").map(|t| t.height), Some(700));
}

#[test]
fn store_with_other_params_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_store(dir.path(), &small_source(2, 690));
    let error = open_source(dir.path(), Params::mainnet()).err().expect("refused");
    assert!(error.to_string().contains("other parameters"), "{error}");
}

#[test]
fn missing_store_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(open_source(&dir.path().join("none"), Params::regtest()).is_err());
}
