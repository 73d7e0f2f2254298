//! Restore atomicity: the target appears only once the store is written and reads back
//! the archive's tip; any failure (bad archive, failing writer, wrong read-back,
//! occupied target) leaves no target and no temporary directory behind.

mod common;

use bns_engine::Params;
use bns_snapshots::engine_glue::State;
use bns_snapshots::error::RestoreError;
use bns_snapshots::format::Body;
use bns_snapshots::restore::{restore, StoreTip, StoreWriter};
use common::*;
use std::io::Cursor;
use std::path::Path;

/// Writes the tip into a file; can fail after writing part of the store.
struct FileWriter {
    fail_midway: bool,
    lie_on_read: bool,
}

impl StoreWriter for FileWriter {
    fn write_store(&self, dir: &Path, _params: &Params, body: &Body<State>) -> Result<(), String> {
        let header = &body.header;
        let line = format!("{} {} {}", header.height, header.block_hash, header.consensus_hash);
        std::fs::write(dir.join("tip"), line).map_err(|e| e.to_string())?;
        if self.fail_midway {
            return Err("simulated failure after the first file".to_string());
        }
        Ok(())
    }
    fn read_tip(&self, dir: &Path) -> Result<StoreTip, String> {
        let line = std::fs::read_to_string(dir.join("tip")).map_err(|e| e.to_string())?;
        let mut parts = line.split(' ');
        let height: u32 = parts.next().and_then(|p| p.parse().ok()).ok_or("height")?;
        let block_hash = parts.next().and_then(bns_engine::BlockHash::from_hex).ok_or("block")?;
        let consensus_hash = parts.next().and_then(bns_engine::ConsensusHash::from_hex).ok_or("ch")?;
        let height = if self.lie_on_read { height + 1 } else { height };
        Ok(StoreTip { height, block_hash, consensus_hash })
    }
}

const GOOD: FileWriter = FileWriter { fail_midway: false, lie_on_read: false };

fn only_entry_is(dir: &Path, name: &str) {
    let names: Vec<String> = std::fs::read_dir(dir)
        .expect("read")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec![name.to_string()], "leftovers in {}", dir.display());
}

fn nothing_in(dir: &Path) {
    assert_eq!(std::fs::read_dir(dir).expect("read").count(), 0, "leftovers in {}", dir.display());
}

#[test]
fn good_archive_restores_into_target() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("store");
    let file = signed_by(&create_bytes(&small_source(10, 700)), &[1]);
    let verified = restore(&mut Cursor::new(&file), &policy(&[1], 1), &target, &GOOD).expect("restores");
    assert_eq!(verified.body.header.height, 700);
    assert!(target.join("tip").is_file());
    only_entry_is(dir.path(), "store");
}

#[test]
fn empty_existing_target_is_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("store");
    std::fs::create_dir(&target).expect("mkdir");
    let file = signed_by(&create_bytes(&small_source(10, 700)), &[1]);
    restore(&mut Cursor::new(&file), &policy(&[1], 1), &target, &GOOD).expect("restores");
    assert!(target.join("tip").is_file());
}

#[test]
fn bad_archive_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("store");
    let mut file = signed_by(&create_bytes(&small_source(10, 700)), &[1]);
    file[30] ^= 1;
    let result = restore(&mut Cursor::new(&file), &policy(&[1], 1), &target, &GOOD);
    assert!(matches!(result, Err(RestoreError::Verify(_))), "{result:?}");
    nothing_in(dir.path());
}

#[test]
fn failing_writer_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("store");
    let file = signed_by(&create_bytes(&small_source(10, 700)), &[1]);
    let failing = FileWriter { fail_midway: true, lie_on_read: false };
    let result = restore(&mut Cursor::new(&file), &policy(&[1], 1), &target, &failing);
    assert!(matches!(result, Err(RestoreError::Store { .. })), "{result:?}");
    nothing_in(dir.path());
}

#[test]
fn store_reading_back_another_tip_leaves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("store");
    let file = signed_by(&create_bytes(&small_source(10, 700)), &[1]);
    let lying = FileWriter { fail_midway: false, lie_on_read: true };
    let result = restore(&mut Cursor::new(&file), &policy(&[1], 1), &target, &lying);
    assert!(matches!(result, Err(RestoreError::Store { .. })), "{result:?}");
    nothing_in(dir.path());
}

#[test]
fn occupied_target_is_refused_and_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("store");
    std::fs::create_dir(&target).expect("mkdir");
    std::fs::write(target.join("data.mdb"), b"existing").expect("write");
    let file = signed_by(&create_bytes(&small_source(10, 700)), &[1]);
    let result = restore(&mut Cursor::new(&file), &policy(&[1], 1), &target, &GOOD);
    assert!(matches!(result, Err(RestoreError::TargetExists { .. })), "{result:?}");
    assert_eq!(std::fs::read(target.join("data.mdb")).expect("read"), b"existing");
    only_entry_is(dir.path(), "store");
}
