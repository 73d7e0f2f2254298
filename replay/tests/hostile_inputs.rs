//! The binary against hostile inputs (issue 13, items 6 and 8): FIFOs as blk*.dat,
//! xor.dat or --params, `/dev/zero` as xor.dat or --check, a sparse 3 GB xor.dat: one
//! line naming the file, exit 2, at once (never a hang or an out-of-memory kill); and a
//! mapped block file truncated during a run: an error naming it, never a SIGBUS.

mod common;

use bns_replay::error::{ReadBlockError, ReplayError};
use bns_replay::processor::DigestProcessor;
use bns_replay::replay::{run, ReplayOptions, Silent};
use bns_replay::source::BlockSource;
use bns_replay::store::MemStore;
use common::*;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_replay");

/// Run replay; kill it and fail if it takes more than 20 s (a hang).
fn replay(args: &[&str]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("replay {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo runs");
    assert!(status.success());
}

/// Exit 2, one line on stderr containing every needle.
fn assert_refused(out: &Output, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "{needle:?} in {stderr}");
    }
}

/// A small clean regtest directory.
fn blocks(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    write_clean(dir, &build_chain(12, 8, 1, 3), 5);
}

#[test]
fn fifos_are_refused_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    let fifo_blk = tmp.path().join("fifo-blk");
    std::fs::create_dir(&fifo_blk).unwrap();
    mkfifo(&fifo_blk.join("blk00000.dat"));
    assert_refused(&replay(&["--from", s(&fifo_blk), "--store", s(&store)]), &["blk00000.dat", "FIFO"]);
    let fifo_xor = tmp.path().join("fifo-xor");
    blocks(&fifo_xor);
    mkfifo(&fifo_xor.join("xor.dat"));
    assert_refused(&replay(&["--from", s(&fifo_xor), "--store", s(&store)]), &["xor.dat", "FIFO"]);
    let good = tmp.path().join("good");
    blocks(&good);
    let params = tmp.path().join("params.json");
    mkfifo(&params);
    let out = replay(&["--from", s(&good), "--store", s(&store), "--params", s(&params)]);
    assert_refused(&out, &["params.json", "FIFO"]);
}

#[test]
fn endless_and_huge_files_are_refused_before_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    let good = tmp.path().join("good");
    blocks(&good);
    let out = replay(&["--from", s(&good), "--store", s(&store), "--check", "/dev/zero"]);
    assert_refused(&out, &["--check", "/dev/zero", "character device"]);
    let zero_xor = tmp.path().join("zero-xor");
    blocks(&zero_xor);
    std::os::unix::fs::symlink("/dev/zero", zero_xor.join("xor.dat")).unwrap();
    assert_refused(
        &replay(&["--from", s(&zero_xor), "--store", s(&store)]),
        &["xor.dat", "character device"],
    );
    let sparse_xor = tmp.path().join("sparse-xor");
    blocks(&sparse_xor);
    std::fs::File::create(sparse_xor.join("xor.dat")).unwrap().set_len(3 << 30).unwrap();
    let out = replay(&["--from", s(&sparse_xor), "--store", s(&store)]);
    assert_refused(&out, &["xor.dat", "has 3221225472 bytes, expected 8"]);
    let big_check = tmp.path().join("check.txt");
    std::fs::File::create(&big_check).unwrap().set_len((64 << 20) + 1).unwrap();
    let out = replay(&["--from", s(&good), "--store", s(&store), "--check", s(&big_check)]);
    assert_refused(&out, &["check.txt", "more than the 67108864 accepted"]);
}

/// A block file mapped at open (all but the two newest are) and truncated before the
/// scan reads it: the run stops with an error naming the file, the process lives.
#[test]
fn a_mapped_block_file_truncated_during_the_run_is_an_error() {
    let chain = build_chain(30, 20, 2, 5);
    let dir = tempfile::tempdir().unwrap();
    write_clean(dir.path(), &chain, 5);
    let mut source = BlockSource::open(dir.path(), None).unwrap();
    assert!(source.files[0].is_mapped() && source.files.len() > 3);
    let first = dir.path().join("blk00000.dat");
    std::fs::OpenOptions::new().write(true).open(&first).unwrap().set_len(100).unwrap();
    let mut processor = DigestProcessor::new(1, *b"id");
    let mut store = MemStore::default();
    let options = ReplayOptions { confirmations: 0, ..ReplayOptions::default() };
    let err =
        run(&mut source, &mut processor, &mut store, &options, &mut Vec::new(), None, &Silent).unwrap_err();
    assert!(
        matches!(&err, ReplayError::Read(ReadBlockError::Changed { file, now: 100, .. }) if *file == first),
        "{err}"
    );
    assert!(err.to_string().contains("changed during the run"), "{err}");
}

/// The newest block files, which a running node appends to, are mapped too: appending
/// to them during the run (a new block, then the node's zero preallocation) changes
/// nothing that was read, and the run gives the same result as without the append.
#[test]
fn the_newest_block_file_appended_to_during_the_run_replays_the_same() {
    let chain = build_chain(30, 20, 2, 5);
    let run_once = |append: bool| {
        let dir = tempfile::tempdir().unwrap();
        write_clean(dir.path(), &chain, 5);
        let mut source = BlockSource::open(dir.path(), None).unwrap();
        assert!(source.files.iter().all(|f| f.is_mapped()), "the newest files are mapped too");
        if append {
            let newest = source.files.last().unwrap().path.clone();
            let mut file = std::fs::OpenOptions::new().append(true).open(newest).unwrap();
            std::io::Write::write_all(&mut file, &vec![0u8; 1 << 20]).unwrap();
        }
        let mut processor = DigestProcessor::new(1, *b"id");
        let mut store = MemStore::default();
        let options = ReplayOptions { confirmations: 0, ..ReplayOptions::default() };
        let mut out = Vec::new();
        run(&mut source, &mut processor, &mut store, &options, &mut out, None, &Silent).unwrap();
        out
    };
    let plain = run_once(false);
    assert!(!plain.is_empty());
    assert_eq!(run_once(true), plain);
}

/// Issue 13 item 8, the real binary: block files are truncated (as `cp` over them does
/// first) at pseudo-random moments of a run (fixed seed). Every run ends by itself: exit
/// 0 (done before the truncation mattered) or one error line (3: a file changed during
/// the run, caught by the length check before a block or, inside the one block being read
/// in place, by the SIGBUS guard (`bns_blockfile::truncation_guard`); 2: cut before the
/// run indexed it, so the chain it finds is not the chain), never a death by signal.
#[test]
fn block_files_truncated_at_random_moments_never_kill_the_process() {
    use std::os::unix::process::ExitStatusExt as _;
    let chain = build_chain(800, 790, 3, 91);
    let tmp = tempfile::tempdir().unwrap();
    let pristine = tmp.path().join("pristine");
    std::fs::create_dir(&pristine).unwrap();
    write_clean(&pristine, &chain, 40);
    let files: Vec<_> = std::fs::read_dir(&pristine).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(files.len() > 10, "many files, most of them mapped");
    let started = Instant::now();
    let clean = replay(&["--from", s(&pristine), "--store", s(&tmp.path().join("clean")), "--quiet"]);
    assert!(clean.status.success());
    let full_run = started.elapsed();
    let mut rng = Rng(0xb105_f00d);
    let (mut errors, mut finished) = (0, 0);
    for round in 0..12 {
        let dir = tmp.path().join(format!("blocks-{round}"));
        std::fs::create_dir(&dir).unwrap();
        for name in &files {
            std::fs::copy(pristine.join(name), dir.join(name)).unwrap();
        }
        let store = tmp.path().join(format!("store-{round}"));
        let child = Command::new(BIN)
            .args(["--from", s(&dir), "--store", s(&store), "--quiet", "--confirmations", "0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(full_run.as_micros() as u64)));
        // Truncate every file but the newest two (those are read, not mapped), oldest first.
        let mut names: Vec<_> = files.clone();
        names.sort();
        for name in &names[..names.len() - 2] {
            let f = std::fs::OpenOptions::new().write(true).open(dir.join(name)).unwrap();
            f.set_len(100).unwrap();
        }
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.signal(), None, "round {round}: killed by a signal: {err}");
        match out.status.code() {
            Some(0) => finished += 1,
            Some(3) => {
                assert!(
                    err.starts_with("replay: error: ") && err.contains("changed during the run"),
                    "{err}"
                );
                assert_eq!(err.lines().count(), 1, "{err}");
                errors += 1;
            }
            Some(2) => {
                assert!(err.starts_with("replay: error: ") && err.contains("not found"), "{err}");
                assert_eq!(err.lines().count(), 1, "{err}");
                errors += 1;
            }
            other => panic!("round {round}: exit {other:?}: {err}"),
        }
    }
    eprintln!("12 rounds: {errors} stopped with an error, {finished} finished first");
}
