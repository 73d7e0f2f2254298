//! Issue 13 items 1–4, reproduced with the binary: two replays on one store (the
//! second used to corrupt it silently), `--restart` during a run (it unlinked the live
//! data.mdb), a failing `--restart` (it emptied the store before checking its input),
//! a flipped bit in data.mdb (81 wrong consensus hashes with exit 0) and a truncated
//! data.mdb (SIGBUS). Also: a store knows its network and parameters, so queries need
//! no `--network`, and a contradicting one is refused (exit 2).

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_replay");

fn replay(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Exit `code` with one line on stderr containing `needle`.
fn assert_refused(out: &Output, code: i32, needle: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("replay: ") && err.contains(needle), "{err}");
}

struct Fixture {
    _tmp: tempfile::TempDir,
    blocks: PathBuf,
    store: PathBuf,
    root: PathBuf,
}

/// A regtest chain of `length` blocks and a path for a store.
fn fixture(length: u64) -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let blocks = tmp.path().join("blocks");
    std::fs::create_dir(&blocks).unwrap();
    write_clean(&blocks, &build_chain(length, length - 10, 1, 91), 500);
    let store = tmp.path().join("store");
    let root = tmp.path().to_path_buf();
    Fixture { _tmp: tmp, blocks, store, root }
}

fn full_run(f: &Fixture, extra: &[&str]) -> Output {
    let mut args = vec!["--from", s(&f.blocks), "--store", s(&f.store), "--confirmations", "0", "--quiet"];
    args.extend(extra);
    replay(&args)
}

fn hashes(store: &Path) -> String {
    let out = replay(&["--store", s(store), "hashes"]);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// A replay that stays running: its standard output is a pipe nobody reads, so it
/// blocks once the pipe is full, holding the store's writer lock.
struct Running(std::process::Child);

impl Running {
    fn start(f: &Fixture) -> Running {
        let child = Command::new(BIN)
            .args(["--from", s(&f.blocks), "--store", s(&f.store), "--confirmations", "0", "--quiet"])
            .args(["--batch-blocks", "10"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id().to_string();
        let deadline = Instant::now() + Duration::from_secs(60);
        let lock = f.store.join("writer.lock");
        while std::fs::read_to_string(&lock).map(|t| t.trim().to_string()).ok() != Some(pid.clone()) {
            assert!(Instant::now() < deadline, "the replay never took the lock");
            std::thread::sleep(Duration::from_millis(20));
        }
        Running(child)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        // Only the process this test started.
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_second_writer_is_refused_while_readers_keep_working() {
    // ~2,300 lines of ~100 bytes: more than a pipe holds, so the first run blocks.
    let f = fixture(3000);
    let running = Running::start(&f);
    let pid = running.0.id();
    let needle = format!("in use by pid {pid}");
    assert_refused(&full_run(&f, &[]), 3, &needle);
    assert_refused(&full_run(&f, &["--restart"]), 3, &needle);
    assert!(f.store.join("data.mdb").is_file(), "--restart during a run removed nothing");
    // Readers see the last commit.
    let out = replay(&["--store", s(&f.store), "info"]);
    assert!(out.status.success(), "{}", stderr(&out));
    drop(running);
    // The interrupted run's store resumes to the uninterrupted result.
    assert!(full_run(&f, &[]).status.success());
    let reference = fixture(3000);
    assert!(full_run(&reference, &[]).status.success());
    assert_eq!(hashes(&f.store), hashes(&reference.store));
}

#[test]
fn a_failing_restart_leaves_the_old_store_as_it_was() {
    let f = fixture(720);
    assert!(full_run(&f, &[]).status.success());
    let before = hashes(&f.store);
    assert!(before.lines().count() > 20);
    let missing = f.root.join("missing");
    let wrong_from = replay(&[
        "--from",
        s(&missing),
        "--store",
        s(&f.store),
        "--restart",
        "--confirmations",
        "0",
        "--quiet",
    ]);
    assert_refused(&wrong_from, 2, "does not exist");
    let wrong_network = full_run(&f, &["--restart", "--network", "mainnet"]);
    assert_ne!(wrong_network.status.code(), Some(0), "{}", stderr(&wrong_network));
    assert_refused(&full_run(&f, &["--restart", "--end", "100"]), 2, "below the first BNS block");
    assert_eq!(hashes(&f.store), before, "rows before == rows after");
    let verify = replay(&["--store", s(&f.store), "verify"]);
    assert!(verify.status.success(), "{}", stderr(&verify));
    let leftovers: Vec<String> = std::fs::read_dir(&f.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!leftovers.iter().any(|n| n.contains("restart")), "{leftovers:?}");
}

#[test]
fn a_foreign_data_file_is_never_wiped_or_adopted() {
    let f = fixture(700);
    std::fs::create_dir(&f.store).unwrap();
    std::fs::write(f.store.join("data.mdb"), "someone else's notes\n").unwrap();
    assert_refused(&full_run(&f, &[]), 2, "not a bns store");
    assert_refused(&full_run(&f, &["--restart"]), 2, "not a bns store");
    assert_eq!(std::fs::read_to_string(f.store.join("data.mdb")).unwrap(), "someone else's notes\n");
}

#[test]
fn a_flipped_bit_is_reported_not_replayed_over() {
    let f = fixture(720);
    assert!(full_run(&f, &["--end", "700"]).status.success());
    // Flip one bit in every copy of a stored consensus hash value (the genesis
    // consensus hash rows hold a known 16-byte value).
    let path = f.store.join("data.mdb");
    let mut bytes = std::fs::read(&path).unwrap();
    let needle = bns_engine::params::GENESIS_CONSENSUS_HASH;
    let at = bytes.windows(16).position(|w| w == needle).expect("genesis consensus hash stored");
    bytes[at + 5] ^= 0x10;
    std::fs::write(&path, &bytes).unwrap();
    let verify = replay(&["--store", s(&f.store), "verify"]);
    assert_eq!(verify.status.code(), Some(1), "{}", stderr(&verify));
    assert!(stderr(&verify).contains("checksum mismatch"), "{}", stderr(&verify));
    let resumed = full_run(&f, &[]);
    assert_eq!(resumed.status.code(), Some(3), "{}", stderr(&resumed));
    assert!(resumed.stdout.is_empty(), "no hashes printed from a corrupt state");
    assert!(stderr(&resumed).contains("checksum mismatch"), "{}", stderr(&resumed));
}

#[test]
fn a_truncated_data_file_is_one_line_not_a_signal() {
    let f = fixture(720);
    assert!(full_run(&f, &[]).status.success());
    let path = f.store.join("data.mdb");
    let len = std::fs::metadata(&path).unwrap().len();
    std::fs::OpenOptions::new().write(true).open(&path).unwrap().set_len(len / 2).unwrap();
    for out in [
        replay(&["--store", s(&f.store), "hashes"]),
        full_run(&f, &[]),
        replay(&["--store", s(&f.store), "verify"]),
    ] {
        assert_refused(&out, 3, "truncated");
    }
}

#[test]
fn a_store_knows_its_network_and_parameters() {
    let f = fixture(720);
    assert!(full_run(&f, &[]).status.success());
    // No --network: taken from the store.
    for args in
        [vec!["hashes"], vec!["owner", "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn"], vec!["info"], vec!["verify"]]
    {
        let mut all = vec!["--store", s(&f.store)];
        all.extend(args.iter());
        let out = replay(&all);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    }
    let info = replay(&["--store", s(&f.store), "--json", "info"]);
    let info: serde_json::Value = serde_json::from_slice(&info.stdout).unwrap();
    assert_eq!(info["network"], "regtest");
    assert_eq!(info["params_fingerprint"], hex::encode(bns_engine::Params::regtest().fingerprint()));
    assert_eq!(info["tip_height"], 720);
    assert_eq!(info["format_version"], 5);
    // A contradicting --network is refused, for queries and runs alike.
    assert_refused(&replay(&["--store", s(&f.store), "--network", "mainnet", "hashes"]), 2, "not mainnet");
    assert_refused(&full_run(&f, &["--network", "mainnet"]), 2, "not mainnet");
    // Continuing without any flag uses the stored parameters.
    assert!(full_run(&f, &[]).status.success());
}
