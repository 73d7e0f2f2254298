//! All 4,448 real regtest blocks logged by the reference's integration tests
//! (`shared/data/real/consensus-regtest/*.jsonl.gz`, see that folder's README.md)
//! recompute exactly: serialized records → ops hash → consensus hash with the logged
//! previous consensus hashes; the logged skip list matches `skip_list_heights`
//! (FIRST_BLOCK = 256 in those runs); and the logged field orders are compared with
//! `fields_for`.
//!
//! The shared data folder is found by walking up from CARGO_MANIFEST_DIR until a
//! `shared/data/real` directory appears, or from env `BNS_SHARED_DIR`; when neither
//! exists the tests say so on stderr and pass vacuously.

use bns_engine::consensus::{consensus_hash, fields::fields_for, ops_hash, skip_list_heights};
use bns_engine::{ConsensusHash, OpsHash};
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;

/// FIRST_BLOCK of the integration-test chains in these logs (data README).
const LOG_FIRST_BLOCK: u32 = 256;
const FILES: [&str; 3] = [
    "blockstack-consensus-data-0.13.jsonl.gz",
    "blockstack-consensus-data-0.14.jsonl.gz",
    "blockstack-consensus-data-0.14.1.jsonl.gz",
];

// Tests (not engine code) may read the environment: BNS_SHARED_DIR locates shared data.
#[allow(clippy::disallowed_methods)]
fn real_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("BNS_SHARED_DIR") {
        let p = PathBuf::from(dir).join("data/real");
        if p.is_dir() {
            return Some(p);
        }
    }
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    loop {
        let candidate = dir.join("shared/data/real");
        if candidate.is_dir() {
            return Some(candidate);
        }
        if !dir.pop() {
            return None;
        }
    }
}

fn scenarios() -> Option<Vec<Json>> {
    let Some(dir) = real_data_dir() else {
        panic!("shared/data/real not found above CARGO_MANIFEST_DIR and BNS_SHARED_DIR unset: these tests need the project's shared/ folder beside the checkout (the steering repository's shared/), or BNS_SHARED_DIR=/path/to/shared");
    };
    let mut out = Vec::new();
    for file in FILES {
        let path = dir.join("consensus-regtest").join(file);
        let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut text = String::new();
        flate2::read::GzDecoder::new(&raw[..]).read_to_string(&mut text).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            out.push(serde_json::from_str(line).unwrap());
        }
    }
    Some(out)
}

fn as_ch(v: &Json) -> ConsensusHash {
    ConsensusHash::from_hex(v.as_str().unwrap()).unwrap()
}

#[test]
fn all_4448_regtest_blocks_recompute_exactly() {
    let Some(scenarios) = scenarios() else { return };
    let mut blocks_checked = 0usize;
    let mut records_checked = 0usize;
    let mut skip_lists_checked = 0usize;
    for scenario in &scenarios {
        let name = scenario["source"]["path"].as_str().unwrap();
        let mut by_height: BTreeMap<u32, ConsensusHash> = BTreeMap::new();
        for block in scenario["blocks"].as_array().unwrap() {
            let height = block["block"].as_u64().unwrap() as u32;
            let records: Vec<Vec<u8>> = block["serialized_ops"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r.as_str().unwrap().as_bytes().to_vec())
                .collect();
            let previous: Vec<ConsensusHash> =
                block["prev_consensus_hashes"].as_array().unwrap().iter().map(as_ch).collect();
            let ops = ops_hash(&records);
            assert_eq!(
                ops,
                OpsHash::from_hex(block["ops_hash"].as_str().unwrap()).unwrap(),
                "{name} block {height}"
            );
            let ch = consensus_hash(&ops, &previous);
            assert_eq!(ch, as_ch(&block["consensus_hash"]), "{name} block {height}");

            // The logged previous hashes are those of our skip-list heights, in order,
            // whenever the log holds all of those blocks.
            let heights = skip_list_heights(height, LOG_FIRST_BLOCK);
            let known: Option<Vec<ConsensusHash>> =
                heights.iter().map(|h| by_height.get(h).copied()).collect();
            if let Some(known) = known {
                assert_eq!(known, previous, "{name} block {height}: skip list");
                skip_lists_checked += 1;
            } else {
                assert_eq!(previous.len(), heights.len(), "{name} block {height}: skip list length");
            }
            by_height.insert(height, ch);
            blocks_checked += 1;
            records_checked += records.len();
        }
    }
    eprintln!(
        "{blocks_checked} blocks, {records_checked} records, {skip_lists_checked} full skip lists checked"
    );
    assert_eq!(blocks_checked, 4448);
    assert!(records_checked > 0);
    assert!(skip_lists_checked > 4000);
}

/// Older releases named some fields differently; these are the renames to v22.
fn v22_name(old: &str) -> &str {
    match old {
        "namespace_id_hash" | "preorder_name_hash" => "preorder_hash",
        "name_hash" => "name_hash128",
        other => other,
    }
}

#[test]
fn logged_field_orders_agree_with_fields_for() {
    let Some(dir) = real_data_dir() else {
        panic!("shared/data/real not found above CARGO_MANIFEST_DIR and BNS_SHARED_DIR unset: these tests need the project's shared/ folder beside the checkout (the steering repository's shared/), or BNS_SHARED_DIR=/path/to/shared");
    };
    let text =
        std::fs::read_to_string(dir.join("consensus-regtest/serialization_field_orders.json")).unwrap();
    let orders: Json = serde_json::from_str(&text).unwrap();
    let mut exact = 0;
    for (version, ops) in orders.as_object().unwrap() {
        for (opchar, variants) in ops.as_object().unwrap() {
            let byte = opchar.as_bytes()[0];
            let ours = fields_for(byte).unwrap();
            let variants: Vec<Vec<&str>> = variants
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["fields"].as_array().unwrap().iter().map(|f| f.as_str().unwrap()).collect())
                .collect();
            // Every version's list has our length; at least one variant matches ours
            // exactly, except in 0.13 where `:`/`;` ended in `recipient,
            // recipient_address` and `+` used `name_hash` (renamed in 0.14).
            for fields in &variants {
                assert_eq!(fields.len(), ours.len(), "{version} {opchar}");
            }
            let matches = |fields: &Vec<&str>, rename: bool| {
                fields.iter().zip(ours.iter()).all(|(a, b)| if rename { v22_name(a) == *b } else { a == b })
            };
            if variants.iter().any(|f| matches(f, false)) {
                exact += 1;
            } else if version == "0.13" && matches!(byte, b':' | b';' | b'+') {
                // 0.13: `+` differs only by `name_hash`; the name_consensus_hash rename.
                // `:`/`;`: recipient, recipient_address instead of sender, address.
            } else {
                assert!(variants.iter().any(|f| matches(f, true)), "{version} {opchar}: {variants:?}");
            }
        }
    }
    // 0.14 and 0.14.1 agree with v22 for all 9 logged opcodes.
    assert!(exact >= 18, "exact matches: {exact}");
}
