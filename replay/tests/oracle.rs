//! Differential test against the installed reference oracle (/work/shared/oracle):
//! a generated regtest chain past FIRST (688), laid out messily (xor.dat, disorder,
//! stale fork, duplicates, padding, junk, truncated tail), must give exactly the
//! oracle's `HEIGHT BLOCK_HASH CONSENSUS_HASH` lines. Ignored by default (needs the
//! oracle, ~1 min): `cargo test -p bns-replay --test oracle -- --ignored`.

mod common;

use bns_engine::Params;
use bns_replay::engine_adapter::EngineProcessor;
use bns_replay::replay::{run, ReplayOptions, Silent};
use bns_replay::source::BlockSource;
use bns_replay::store::MemStore;
use common::*;
use std::path::Path;
use std::process::Command;

const ORACLE: &str = "/work/shared/oracle/run.sh";

fn ours(dir: &Path) -> String {
    let mut source = BlockSource::open(dir, None).unwrap();
    let mut processor = EngineProcessor::new(Params::regtest());
    let mut out = Vec::new();
    let options = ReplayOptions { confirmations: 0, ..ReplayOptions::default() };
    run(&mut source, &mut processor, &mut MemStore::default(), &options, &mut out, None, &Silent).unwrap();
    String::from_utf8(out).unwrap()
}

fn oracle(dir: &Path) -> String {
    let dump = dir.join("oracle-dump.json");
    let output = Command::new(ORACLE)
        .args(["--blocks", dir.to_str().unwrap(), "--network", "regtest", "--dump", dump.to_str().unwrap()])
        .output()
        .expect("oracle runs");
    assert!(output.status.success(), "oracle failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
#[ignore = "needs the reference oracle installed under /opt/bns-oracle (~1 min)"]
fn generated_messy_chain_matches_the_oracle() {
    let chain = build_chain(700, 690, 4, 31);
    let dir = tempfile::tempdir().unwrap();
    write_messy(dir.path(), &chain, 41);
    let theirs = oracle(dir.path());
    let mine = ours(dir.path());
    assert_eq!(mine.lines().count(), 13, "heights 688..=700");
    assert_eq!(mine, theirs);
}
