//! Disk full (the issue: "disk full → one clear line, non-zero exit, nothing committed
//! lost"), on a real full file system: the `replay` binary writes its store onto a
//! small tmpfs mounted for the test, sized to fill up halfway through the run. The run
//! must exit 2 with one line naming the problem (no panic), and the store left behind
//! must open and hold a prefix of an uninterrupted run: the same rows, a tip on the
//! last of them, and the same state as an uninterrupted run stopped at that tip. Copied
//! to a disk with room, the store then resumes to the uninterrupted result.
//!
//! Mounting needs root (CAP_SYS_ADMIN); without it the test prints why and skips.

mod common;

use bns_engine::Params;
use bns_replay::engine_adapter::EngineProcessor;
use bns_replay::processor::BlockProcessor as _;
use bns_replay::replay::{run, ReplayOptions, Silent};
use bns_replay::source::BlockSource;
use bns_replay::store::{LmdbStore, MemStore, Store as _};
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_replay");

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn replay(blocks: &Path, store: &Path, extra: &[&str]) -> Output {
    Command::new(BIN)
        .args(["--from", s(blocks), "--store", s(store), "--confirmations", "0", "--quiet"])
        .args(extra)
        .stdout(Stdio::null())
        .output()
        .unwrap()
}

fn hashes(store: &Path) -> Vec<String> {
    let out = Command::new(BIN).args(["--store", s(store), "hashes"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect()
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// A tmpfs mounted on `dir`, unmounted on drop (also when the test fails).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, bytes: u64) -> Result<Tmpfs, String> {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs", s(dir)])
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!("mount -t tmpfs failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
        }
        Ok(Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// The engine's state after an uninterrupted in-memory run up to `end`.
fn state_at(blocks: &Path, end: u32) -> bns_engine::state::State {
    let mut source = BlockSource::open(blocks, None).unwrap();
    let mut processor = EngineProcessor::new(Params::regtest());
    let options = ReplayOptions { confirmations: 0, end: Some(end), ..ReplayOptions::default() };
    run(&mut source, &mut processor, &mut MemStore::default(), &options, &mut Vec::new(), None, &Silent)
        .unwrap();
    processor.engine().state().clone()
}

#[test]
fn disk_full_gives_one_line_and_loses_nothing_committed() {
    let tmp = tempfile::tempdir().unwrap();
    let blocks = tmp.path().join("blocks");
    std::fs::create_dir(&blocks).unwrap();
    // Regtest BNS starts at 688: ~2,300 replayed blocks, one row and one consensus hash each.
    write_clean(&blocks, &build_chain(3000, 2990, 2, 91), 500);

    // Uninterrupted reference, and the store's size after its first block alone.
    let reference_store = tmp.path().join("reference");
    let out = replay(&blocks, &reference_store, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let reference = hashes(&reference_store);
    assert_eq!(reference.len(), 3000 - 688 + 1);
    let first_store = tmp.path().join("first");
    assert!(replay(&blocks, &first_store, &["--end", "688"]).status.success());
    let (start_len, full_len) =
        (file_len(&first_store.join("data.mdb")), file_len(&reference_store.join("data.mdb")));
    let lock_len = file_len(&reference_store.join("lock.mdb"));
    assert!(
        full_len >= start_len + (64 << 10),
        "the store must grow during the run: {start_len} -> {full_len} bytes"
    );
    // Room for the lock file and about half of the growth.
    let size = (lock_len + start_len + (full_len - start_len) / 2).div_ceil(4096) * 4096;

    let mount_point = tmp.path().join("small");
    let _tmpfs = match Tmpfs::mount(&mount_point, size) {
        Ok(m) => m,
        Err(reason) => {
            eprintln!("SKIPPED disk_full_gives_one_line_and_loses_nothing_committed: {reason} (needs root to mount a tmpfs)");
            return;
        }
    };
    let store = mount_point.join("store");
    let out = replay(&blocks, &store, &["--batch-blocks", "10"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Exit 3: an I/O or store failure (README exit-code policy).
    assert_eq!(out.status.code(), Some(3), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("replay: error: disk full while committing heights "), "{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "{stderr}");

    // What the full store holds is a prefix of the reference, tip and state included.
    let partial = hashes(&store);
    assert!(
        !partial.is_empty() && partial.len() < reference.len(),
        "filled mid-run: {} of {} rows",
        partial.len(),
        reference.len()
    );
    assert_eq!(partial[..], reference[..partial.len()]);
    eprintln!(
        "{size}-byte tmpfs filled after {} of {} rows: {}",
        partial.len(),
        reference.len(),
        stderr.trim()
    );
    {
        let opened = LmdbStore::open_reader(&store).expect("the store left behind opens");
        let tip = opened.tip().unwrap().expect("a tip");
        assert!(
            partial.last().unwrap().starts_with(&format!("{} {} ", tip.height, hex::encode(tip.block_hash))),
            "tip is the last row"
        );
        let mut processor = EngineProcessor::new(Params::regtest());
        processor.load_state(&opened).expect("the stored state loads");
        assert_eq!(processor.engine().state(), &state_at(&blocks, tip.height), "state at the tip");
    }

    // Moved to a disk with room, the store resumes to the uninterrupted result.
    let moved = tmp.path().join("moved");
    std::fs::create_dir(&moved).unwrap();
    // A store is its directory: the data file and the marker that says it is ours.
    for file in ["data.mdb", "bns-store.json"] {
        std::fs::copy(store.join(file), moved.join(file)).unwrap();
    }
    let out = replay(&blocks, &moved, &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(hashes(&moved), reference);
}
