//! Crash consistency of the real binary: an uninterrupted run gives the reference
//! list; then a fresh store is replayed by a child process that is SIGKILLed at
//! pseudo-random moments (fixed seed, at least 24 kills over several fresh stores), each time checking that what the
//! store holds is a prefix of the reference (the tip always matches the rows), and
//! resumed; the final stored list must equal the uninterrupted one.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_replay");

fn replay(dir: &Path, store: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.args([
        "--from",
        dir.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
        "--confirmations",
        "0",
        "--quiet",
    ]);
    c.args(["--batch-blocks", "2"]);
    c
}

fn hashes(store: &Path) -> Vec<String> {
    let out = Command::new(BIN).args(["--store", store.to_str().unwrap(), "hashes"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn killed_runs_resume_to_the_uninterrupted_result() {
    let chain = build_chain(800, 790, 3, 77);
    let dir = tempfile::tempdir().unwrap();
    write_messy(dir.path(), &chain, 78);

    let reference_store = dir.path().join("reference-store");
    let started = Instant::now();
    let status = replay(dir.path(), &reference_store).stdout(Stdio::null()).status().unwrap();
    assert!(status.success());
    let full_run = started.elapsed();
    let reference = hashes(&reference_store);
    assert_eq!(reference.len(), 800 - 688 + 1);

    // Rounds on fresh stores until 24 kills (at most 200 rounds): each round kills and resumes until a
    // run completes, then must hold exactly the reference list.
    let mut rng = Rng(0x5eed_1234);
    let (mut kills, mut rounds) = (0, 0);
    while kills < 24 && rounds < 200 {
        rounds += 1;
        let store = dir.path().join(format!("store-{rounds}"));
        loop {
            // Kill within the first three quarters of an uninterrupted run's time, so that a
            // machine whose load drops during the test still yields mid-run kills.
            let delay_us = rng.below((full_run.as_micros() * 3 / 4).max(1) as u64);
            let mut child =
                replay(dir.path(), &store).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
            std::thread::sleep(Duration::from_micros(delay_us));
            let finished = child.try_wait().unwrap().is_some();
            if !finished {
                child.kill().unwrap();
                kills += 1;
            }
            let status = child.wait().unwrap();
            if store.join("data.mdb").exists() {
                let partial = hashes(&store);
                assert_eq!(
                    partial[..],
                    reference[..partial.len()],
                    "stored rows are a prefix of the reference"
                );
            }
            if finished {
                assert!(status.success());
                break;
            }
        }
        assert_eq!(hashes(&store), reference, "round {rounds}");
    }
    eprintln!("{kills} children killed mid-run in {rounds} round(s) (full run {full_run:?})");
    assert!(kills >= 20, "only {kills} children were killed mid-run");
}
