//! Crash consistency of the real binary: an uninterrupted run gives the reference
//! list; then a fresh store is replayed by a child process that is SIGKILLed at
//! pseudo-random moments (fixed seed, at least 24 kills over several fresh stores), each time checking that what the
//! store holds is a prefix of the reference (the tip always matches the rows), and
//! resumed; the final stored list must equal the uninterrupted one.
//!
//! The printed stream (README "The printed stream"): each killed or resumed child's
//! stdout is kept; every output ends with a whole line, and the concatenation of a
//! round's outputs, keeping the first line of each height, equals one clean run's
//! output (a killed run has printed every block it committed; a resumed run prints
//! from the block after the stored tip, so it can only repeat, identically, lines of
//! blocks the killed run printed but had not committed).

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
    let clean = replay(dir.path(), &reference_store).output().unwrap();
    assert!(clean.status.success());
    let full_run = started.elapsed();
    let reference = hashes(&reference_store);
    let clean_lines: Vec<String> =
        String::from_utf8(clean.stdout).unwrap().lines().map(str::to_string).collect();
    assert_eq!(clean_lines, reference, "a clean run prints what it stores");
    assert_eq!(reference.len(), 800 - 688 + 1);

    // Rounds on fresh stores until 24 kills (at most 200 rounds): each round kills and resumes until a
    // run completes, then must hold exactly the reference list.
    let mut rng = Rng(0x5eed_1234);
    let (mut kills, mut rounds) = (0, 0);
    while kills < 24 && rounds < 200 {
        rounds += 1;
        let store = dir.path().join(format!("store-{rounds}"));
        let mut printed: Vec<String> = Vec::new();
        let mut child_index = 0;
        loop {
            // Kill within the first three quarters of an uninterrupted run's time, so that a
            // machine whose load drops during the test still yields mid-run kills.
            let delay_us = rng.below((full_run.as_micros() * 3 / 4).max(1) as u64);
            child_index += 1;
            let out_path = dir.path().join(format!("out-{rounds}-{child_index}.txt"));
            let out_file = std::fs::File::create(&out_path).unwrap();
            let mut child = replay(dir.path(), &store)
                .stdout(Stdio::from(out_file))
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_micros(delay_us));
            let finished = child.try_wait().unwrap().is_some();
            if !finished {
                child.kill().unwrap();
                kills += 1;
            }
            let status = child.wait().unwrap();
            let text = std::fs::read_to_string(&out_path).unwrap();
            assert!(text.is_empty() || text.ends_with('\n'), "round {rounds}: output ends with a whole line");
            printed.extend(text.lines().map(str::to_string));
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
        // The documented rule: keep the first line of each height.
        let mut seen = std::collections::BTreeSet::new();
        let stream: Vec<String> = printed
            .into_iter()
            .filter(|line| seen.insert(line.split(' ').next().unwrap_or_default().to_string()))
            .collect();
        assert_eq!(
            stream, clean_lines,
            "round {rounds}: the printed stream, duplicates dropped, is one clean run's"
        );
    }
    eprintln!("{kills} children killed mid-run in {rounds} round(s) (full run {full_run:?})");
    assert!(kills >= 20, "only {kills} children were killed mid-run");
}
