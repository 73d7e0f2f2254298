//! End-to-end tests of the replay pipeline on generated regtest chains, with the
//! transparent `DigestProcessor` standing in for the engine: whatever reaches the
//! engine (heights, block hashes, candidate transactions, every prevout) is folded
//! into the per-block hash, so equal hash lists mean equal engine input.

mod common;

use bns_replay::check::CheckList;
use bns_replay::processor::DigestProcessor;
use bns_replay::replay::{run, ReplayOptions, Silent};
use bns_replay::source::BlockSource;
use bns_replay::store::{MemStore, Store};
use common::*;
use std::path::Path;

fn options() -> ReplayOptions {
    ReplayOptions { confirmations: 0, batch_blocks: 7, chunk_blocks: 5, ..ReplayOptions::default() }
}

/// Replay `dir` into a fresh in-memory store; the printed lines.
fn replay_lines(dir: &Path, options: &ReplayOptions) -> Vec<String> {
    let mut store = MemStore::default();
    replay_into(dir, options, &mut store).expect("replay succeeds")
}

fn replay_into(
    dir: &Path,
    options: &ReplayOptions,
    store: &mut MemStore,
) -> Result<Vec<String>, bns_replay::error::ReplayError> {
    let mut source = BlockSource::open(dir, None)?;
    let mut processor = DigestProcessor::new(1, *b"id");
    let mut out = Vec::new();
    run(&mut source, &mut processor, store, options, &mut out, None, &Silent)?;
    Ok(String::from_utf8(out).unwrap().lines().map(str::to_string).collect())
}

#[test]
fn clean_and_messy_layouts_give_identical_lines() {
    let chain = build_chain(40, 30, 3, 7);
    let clean = tempfile::tempdir().unwrap();
    write_clean(clean.path(), &chain, 9);
    let messy = tempfile::tempdir().unwrap();
    write_messy(messy.path(), &chain, 11);
    let a = replay_lines(clean.path(), &options());
    let b = replay_lines(messy.path(), &options());
    assert_eq!(a.len(), 40, "heights 1..=40");
    assert_eq!(a, b);
    let tip = chain.main.last().unwrap().block_hash().to_string();
    assert!(a.last().unwrap().starts_with(&format!("40 {tip} ")));
}

#[test]
fn verify_and_no_verify_agree_on_valid_blocks() {
    let chain = build_chain(25, 20, 2, 3);
    let dir = tempfile::tempdir().unwrap();
    write_messy(dir.path(), &chain, 5);
    let verified = replay_lines(dir.path(), &ReplayOptions { verify: true, ..options() });
    let trusted = replay_lines(dir.path(), &ReplayOptions { verify: false, ..options() });
    assert_eq!(verified, trusted);
}

/// Without verify the prevout filter is checked during the block walk (flags) and
/// only re-walked for chunks that add predictions; over a long chain with small
/// chunks that path runs many times and must give the verified lines exactly.
#[test]
fn outputs_flagged_during_the_walk_resolve_like_verify() {
    let chain = build_chain(300, 290, 3, 41);
    let dir = tempfile::tempdir().unwrap();
    write_messy(dir.path(), &chain, 42);
    let verified = replay_lines(dir.path(), &ReplayOptions { verify: true, ..options() });
    for chunk_blocks in [1, 3, 64] {
        let trusted = replay_lines(dir.path(), &ReplayOptions { verify: false, chunk_blocks, ..options() });
        assert_eq!(verified, trusted, "chunk_blocks {chunk_blocks}");
    }
}

#[test]
fn thread_counts_give_identical_lines() {
    let chain = build_chain(30, 25, 2, 9);
    let dir = tempfile::tempdir().unwrap();
    write_messy(dir.path(), &chain, 13);
    let lines: Vec<Vec<String>> = [1usize, 2, 8]
        .iter()
        .map(|&n| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap();
            pool.install(|| replay_lines(dir.path(), &options()))
        })
        .collect();
    assert_eq!(lines[0], lines[1]);
    assert_eq!(lines[0], lines[2]);
}

#[test]
fn resuming_in_steps_equals_one_run() {
    let chain = build_chain(30, 25, 2, 21);
    let dir = tempfile::tempdir().unwrap();
    write_clean(dir.path(), &chain, 10);
    let whole = replay_lines(dir.path(), &options());
    let mut store = MemStore::default();
    let mut pieces = Vec::new();
    for end in [4u32, 5, 17, 30] {
        pieces.extend(
            replay_into(dir.path(), &ReplayOptions { end: Some(end), ..options() }, &mut store).unwrap(),
        );
    }
    assert_eq!(pieces, whole);
    let stored: Vec<String> = store.rows(0, u32::MAX).unwrap().iter().map(|r| r.line()).collect();
    assert_eq!(stored, whole);
}

#[test]
fn failed_commit_loses_nothing_committed_and_resume_completes() {
    let chain = build_chain(30, 25, 2, 22);
    let dir = tempfile::tempdir().unwrap();
    write_clean(dir.path(), &chain, 10);
    let whole = replay_lines(dir.path(), &options());
    let mut store = MemStore { fail_at: Some(16), ..MemStore::default() };
    assert!(replay_into(dir.path(), &options(), &mut store).is_err());
    let tip = store.tip.unwrap().height;
    assert_eq!(tip, 14, "batches of 7: 1..=7 and 8..=14 committed, 15..=21 failed");
    store.fail_at = None;
    replay_into(dir.path(), &options(), &mut store).unwrap();
    let stored: Vec<String> = store.rows(0, u32::MAX).unwrap().iter().map(|r| r.line()).collect();
    assert_eq!(stored, whole);
}

#[test]
fn confirmations_stop_below_the_tip() {
    let chain = build_chain(20, 15, 2, 23);
    let dir = tempfile::tempdir().unwrap();
    write_clean(dir.path(), &chain, 10);
    let lines = replay_lines(dir.path(), &ReplayOptions { confirmations: 6, ..options() });
    assert_eq!(lines.len(), 14);
    assert!(lines.last().unwrap().starts_with("14 "));
}

#[test]
fn stale_fork_with_more_work_takes_over() {
    // Fork from 10 with 15 blocks beats main's 20: best chain tip is fork height 25.
    let chain = build_chain(20, 10, 15, 24);
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for b in chain.main.iter().chain(chain.fork.iter()) {
        bytes.extend(record(b));
    }
    write_file(&dir.path().join("blk00000.dat"), &bytes);
    let lines = replay_lines(dir.path(), &options());
    assert_eq!(lines.len(), 25);
    let tip = chain.fork.last().unwrap().block_hash().to_string();
    assert!(lines.last().unwrap().starts_with(&format!("25 {tip} ")));
}

#[test]
fn bad_merkle_block_is_excluded_and_the_chain_reselected() {
    let chain = build_chain(12, 8, 2, 25);
    let mut main = chain.main.clone();
    // Corrupt block 10's coinbase after mining: header keeps the old merkle root.
    main[10] = with_bad_merkle(&main[10]);
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = Vec::new();
    for b in main.iter().chain(chain.fork.iter()) {
        bytes.extend(record(b));
    }
    write_file(&dir.path().join("blk00000.dat"), &bytes);
    let lines = replay_lines(dir.path(), &ReplayOptions { verify: true, ..options() });
    // Main minus 10.. leaves heights ..9; the fork (9, 10) from 8 is now best.
    let tip = chain.fork.last().unwrap().block_hash().to_string();
    assert_eq!(lines.len(), 10);
    assert!(lines.last().unwrap().starts_with(&format!("10 {tip} ")));
}

#[test]
fn missing_prevout_is_an_error_naming_it() {
    let chain = build_chain(10, 5, 1, 26);
    let dir = tempfile::tempdir().unwrap();
    // Drop block 1: its coinbase is spent later, and the chain then ends at 0.
    // Instead, re-mine nothing: remove a spent coinbase by starting from a chain whose
    // spends point at a transaction that is not on the chain at all.
    let mut main = chain.main.clone();
    let fake = bitcoin::Txid::from_byte_array([0xab; 32]);
    main[5].txdata[1].input[0].previous_output.txid = fake;
    let mut remined = main[..5].to_vec();
    let b5 = common::mine(remined[4].block_hash(), main[5].txdata.clone(), 1);
    remined.push(b5);
    let mut bytes = Vec::new();
    for b in &remined {
        bytes.extend(record(b));
    }
    write_file(&dir.path().join("blk00000.dat"), &bytes);
    let mut store = MemStore::default();
    let err = replay_into(dir.path(), &options(), &mut store).unwrap_err().to_string();
    assert!(err.contains(&format!("{fake}:0")), "{err}");
}

#[test]
fn check_list_reports_first_difference() {
    let chain = build_chain(12, 8, 1, 27);
    let dir = tempfile::tempdir().unwrap();
    write_clean(dir.path(), &chain, 10);
    let lines = replay_lines(dir.path(), &options());
    let mut tampered = lines.clone();
    tampered[6] = tampered[6].replace('a', "b");
    if tampered[6] == lines[6] {
        tampered[6].push('0');
    }
    let list = CheckList::parse(&tampered.join("\n")).unwrap();
    let mut source = BlockSource::open(dir.path(), None).unwrap();
    let mut processor = DigestProcessor::new(1, *b"id");
    let mut out = Vec::new();
    let mut store = MemStore::default();
    let summary =
        run(&mut source, &mut processor, &mut store, &options(), &mut out, Some(&list), &Silent).unwrap();
    assert_eq!(summary.mismatch.unwrap().height, 7);
}

use bitcoin::hashes::Hash as _;

#[test]
fn half_written_tip_does_not_shift_the_confirmation_window() {
    // A record whose header extends the tip but whose body is cut (zero padding after
    // it keeps the declared size inside the file): the oracle drops it as invalid.
    let chain = build_chain(20, 15, 1, 28);
    let dir = tempfile::tempdir().unwrap();
    let mut bytes: Vec<u8> = chain.main.iter().flat_map(record).collect();
    let next = common::mine(chain.main[20].block_hash(), chain.main[20].txdata.clone(), 99);
    let mut half = record(&next);
    let keep = half.len() / 2;
    half[keep..].iter_mut().for_each(|b| *b = 0);
    bytes.extend(half);
    write_file(&dir.path().join("blk00000.dat"), &bytes);
    let lines = replay_lines(dir.path(), &ReplayOptions { confirmations: 6, ..options() });
    assert!(lines.last().unwrap().starts_with("14 "), "tip is 20, not the half-written 21");
}

/// Blocks as records in one file.
fn write_blocks(path: &Path, blocks: &[&bitcoin::Block]) {
    let bytes: Vec<u8> = blocks.iter().flat_map(|b| record(b)).collect();
    write_file(path, &bytes);
}

#[test]
fn resume_checks_only_the_blocks_above_a_checked_tip() {
    // First run: main 0..=20, checked. Then block 5 goes bad in the files (same header)
    // and blocks 21..=30 arrive. A store whose tip says "checked" resumes without
    // looking below it; a store built with --trust-blocks checks everything, finds 5,
    // and the chain without it no longer holds the stored tip.
    let chain = build_chain(30, 25, 1, 61);
    let checked_run = ReplayOptions { verify: true, ..options() };
    let trusted_run = ReplayOptions { verify: false, ..options() };
    let dir = tempfile::tempdir().unwrap();
    let first: Vec<&bitcoin::Block> = chain.main[..=20].iter().collect();
    write_blocks(&dir.path().join("blk00000.dat"), &first);
    let mut checked = MemStore::default();
    replay_into(dir.path(), &checked_run, &mut checked).unwrap();
    assert!(checked.tip.unwrap().checked);
    let mut trusted = MemStore::default();
    replay_into(dir.path(), &trusted_run, &mut trusted).unwrap();
    assert!(!trusted.tip.unwrap().checked);

    let bad5 = with_bad_merkle(&chain.main[5]);
    let mut later: Vec<&bitcoin::Block> = chain.main.iter().collect();
    later[5] = &bad5;
    write_blocks(&dir.path().join("blk00000.dat"), &later);
    let resumed = replay_into(dir.path(), &checked_run, &mut checked).unwrap();
    assert_eq!(resumed.first().map(|l| l.split(' ').next().unwrap()), Some("21"));
    assert_eq!(resumed.len(), 10);
    assert!(checked.tip.unwrap().checked);
    let err = replay_into(dir.path(), &checked_run, &mut trusted).unwrap_err().to_string();
    assert!(err.contains("20"), "the stored tip (20) is off the chain once 5 is excluded: {err}");
}

#[test]
fn heavier_fork_below_the_tip_with_an_invalid_block_is_dropped_on_resume() {
    // The store holds main to 20 (checked). A fork from 12 to 27 arrives, heavier than
    // main's 25, but its block 15 fails its merkle root: like a fresh run (and the
    // oracle), the resumed run drops the fork and continues on main.
    let chain = build_chain(25, 12, 15, 62);
    let run_options = ReplayOptions { verify: true, ..options() };
    let dir = tempfile::tempdir().unwrap();
    let first: Vec<&bitcoin::Block> = chain.main[..=20].iter().collect();
    write_blocks(&dir.path().join("blk00000.dat"), &first);
    let mut store = MemStore::default();
    let mut lines = replay_into(dir.path(), &run_options, &mut store).unwrap();

    let bad = with_bad_merkle(&chain.fork[2]); // height 12 + 3 = 15
    let mut all: Vec<&bitcoin::Block> = chain.main.iter().collect();
    all.extend(chain.fork.iter().enumerate().map(|(i, b)| if i == 2 { &bad } else { b }));
    write_blocks(&dir.path().join("blk00000.dat"), &all);
    lines.extend(replay_into(dir.path(), &run_options, &mut store).unwrap());
    let fresh = replay_lines(dir.path(), &run_options);
    assert_eq!(lines, fresh);
    let tip = chain.main.last().unwrap().block_hash().to_string();
    assert!(fresh.last().unwrap().starts_with(&format!("25 {tip} ")));
}

#[test]
fn end_below_the_tip_checks_no_block_above_it() {
    // Fork 21..=35 beats main (30) but its block 23 is bad. To the tip: main. With
    // --end 22: no block above 22 is looked at (oracle run.sh --last-block), so the
    // heavier fork stays best and 21, 22 are the fork's (oracle.rs checks this against
    // the oracle itself).
    let chain = build_chain(30, 20, 15, 63);
    let bad = with_bad_merkle(&chain.fork[2]);
    let mut all: Vec<&bitcoin::Block> = chain.main.iter().collect();
    all.extend(chain.fork.iter().enumerate().map(|(i, b)| if i == 2 { &bad } else { b }));
    let dir = tempfile::tempdir().unwrap();
    write_blocks(&dir.path().join("blk00000.dat"), &all);
    let checked = ReplayOptions { verify: true, ..options() };
    let to_tip = replay_lines(dir.path(), &checked);
    assert!(to_tip.last().unwrap().starts_with(&format!("30 {} ", chain.main[30].block_hash())));
    let to_22 = replay_lines(dir.path(), &ReplayOptions { end: Some(22), ..checked });
    assert!(to_22.last().unwrap().starts_with(&format!("22 {} ", chain.fork[1].block_hash())), "{to_22:?}");
}
