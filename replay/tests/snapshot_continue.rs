//! Snapshot in the middle of a chain, restore, continue: the restored store, replayed
//! on to the tip, must hold the same `HEIGHT BLOCK_HASH CONSENSUS_HASH` rows as a full
//! replay (issue: "its hashes equal a full replay's"). Blocks come from chaingen's
//! `genesis_window_basics` example scenario (real BNS operations from FIRST on).

use bns_engine::Params;
use bns_replay::cli::{execute, Args};
use bns_replay::store::{LmdbStore, Store as _};
use bns_snapshots::archive::{self, Policy};
use bns_snapshots::restore::restore;
use bns_snapshots::store_glue::{open_store_source, ReplayStoreWriter};
use bns_vectors::blkfile::WriterOptions;
use bns_vectors::generator::GenOptions;
use bns_vectors::layout::LayoutOptions;
use bns_vectors::netparams::BtcNetwork;
use bns_vectors::scenario::Scenario;
use bns_vectors::{run_scenario, ScenarioRun};
use clap::Parser as _;
use secp256k1::{PublicKey, SecretKey, SECP256K1};
use std::io::Cursor;
use std::path::Path;

fn key(n: u8) -> SecretKey {
    let mut bytes = [0u8; 32];
    bytes[31] = n;
    bytes[0] = 0x11;
    SecretKey::from_slice(&bytes).expect("valid test key")
}

fn signed_by(file: &[u8], signers: &[u8]) -> Vec<u8> {
    let mut file = file.to_vec();
    for n in signers {
        file = archive::sign_bytes(&file, &key(*n), false).expect("sign");
    }
    file
}

fn policy(keys: &[u8], threshold: usize) -> Policy {
    let keys: Vec<PublicKey> = keys.iter().map(|n| PublicKey::from_secret_key(SECP256K1, &key(*n))).collect();
    Policy { keys, threshold, params: Params::regtest() }
}

fn generate_blocks(out: &Path) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../vectors/scenarios/examples/genesis_window_basics.json");
    let scenario = Scenario::load(&file).expect("example scenario loads");
    let run = ScenarioRun {
        gen: GenOptions { seed: 7, network: BtcNetwork::Regtest, stale_forks: 0, truncate_tail: false },
        writer: WriterOptions {
            magic: BtcNetwork::Regtest.magic(),
            max_file_size: 1 << 20,
            xor_key: None,
            padding_chunk: None,
        },
        layout: LayoutOptions { out_of_order_window: None },
        use_engine: false,
    };
    run_scenario(&scenario, file.parent().expect("has a parent"), out, &run)
        .expect("chaingen writes the chain");
}

fn replay(blocks: &Path, store: &Path, end: Option<u32>) {
    let mut argv = vec![
        "replay".to_string(),
        "--from".to_string(),
        blocks.display().to_string(),
        "--store".to_string(),
        store.display().to_string(),
        "--network".to_string(),
        "regtest".to_string(),
        "--confirmations".to_string(),
        "0".to_string(),
        "--quiet".to_string(),
        "--threads".to_string(),
        "1".to_string(),
    ];
    if let Some(end) = end {
        argv.extend(["--end".to_string(), end.to_string()]);
    }
    let args = Args::try_parse_from(argv).expect("replay arguments parse");
    execute(&args).expect("replay runs");
}

fn lines(store: &Path) -> Vec<String> {
    let store = LmdbStore::open_reader(store).expect("open store");
    store.rows(0, u32::MAX).expect("rows").iter().map(|row| row.line()).collect()
}

/// Every owner's names through the owner index (store format 5), checked against the
/// name rows themselves, after `check_all_rows` (what `replay verify` runs) passed.
fn owners(store: &Path) -> std::collections::BTreeMap<String, Vec<String>> {
    let store = LmdbStore::open_reader(store).expect("open store");
    store.check_all_rows().expect("every row, the owner index included, is consistent");
    let view = store.view().expect("view");
    let mut by_rows: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    bns_store::state::for_each_name(&view, &mut |rec| {
        by_rows.entry(rec.address.clone()).or_default().push(rec.name.clone());
        Ok(())
    })
    .expect("names");
    for (owner, names) in &by_rows {
        assert_eq!(&view.names_owned_by(owner).expect("index"), names, "{owner}");
    }
    by_rows
}

#[test]
fn restore_then_continue_matches_full_replay() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blocks = dir.path().join("blocks");
    std::fs::create_dir(&blocks).expect("mkdir");
    generate_blocks(&blocks);

    let full = dir.path().join("full");
    replay(&blocks, &full, None);
    let full_lines = lines(&full);
    assert!(full_lines.len() > 10, "chain too short: {}", full_lines.len());
    let middle: u32 =
        full_lines[full_lines.len() / 2].split(' ').next().and_then(|h| h.parse().ok()).expect("height");

    let partial = dir.path().join("partial");
    replay(&blocks, &partial, Some(middle));
    // A store knows its parameters: no network needed to read it.
    let source = open_store_source(&partial).expect("partial store opens");
    assert_eq!(source.params.fingerprint(), Params::regtest().fingerprint());
    assert_eq!(source.tip_height, middle);
    let file = signed_by(&archive::create(&source, Vec::new()).expect("create"), &[1]);

    let restored = dir.path().join("restored");
    let writer = ReplayStoreWriter { params: Params::regtest() };
    restore(&mut Cursor::new(&file), &policy(&[1], 1), &restored, &writer).expect("restore");
    // The restore (one replace_all commit) rebuilt the owner index from its names.
    let partial_owners = owners(&partial);
    assert!(!partial_owners.is_empty(), "the scenario has owned names by then");
    assert_eq!(owners(&restored), partial_owners);
    replay(&blocks, &restored, None);
    assert_eq!(lines(&restored), full_lines);
    // Resumed commits keep it: the same index as the full replay's.
    assert_eq!(owners(&restored), owners(&full));
}
