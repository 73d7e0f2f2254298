//! Issue 13 (new user): `--json` leaked Rust internals: `"txid":[208,189,…]` byte
//! arrays, `op_fee` as `{"Int":25000}`, the reference's opaque `*:40:…` record string;
//! name records lacked `expire_block`. Every JSON the product prints is now hex strings
//! and the reference's record shapes (bns-api's): this test parses each command's JSON
//! on the sample chain and checks the value types, and that a replay run's lines equal
//! `hashes --json` (the API's operations route) byte for byte.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_replay");

fn sample_blocks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/sample/blocks")
}

fn run(args: &[&str]) -> String {
    let out = Command::new(BIN).args(args).output().expect("run replay");
    assert!(out.status.success(), "replay {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Every place a value leaks an internal representation, as `path: what`.
fn leaks(value: &Value, path: &str, found: &mut Vec<String>) {
    match value {
        Value::Array(items) => {
            if !items.is_empty() && items.iter().all(Value::is_number) {
                found.push(format!("{path}: an array of numbers (bytes?)"));
            }
            for (i, item) in items.iter().enumerate() {
                leaks(item, &format!("{path}[{i}]"), found);
            }
        }
        Value::Object(map) => {
            let wrappers = ["Int", "Float", "Str", "Bool", "None", "IntList", "Some"];
            if map.len() == 1 && map.keys().all(|k| wrappers.contains(&k.as_str())) {
                found.push(format!("{path}: an enum wrapper {value}"));
            }
            for (k, v) in map {
                leaks(v, &format!("{path}.{k}"), found);
            }
        }
        Value::String(s) => {
            // The reference's serialized consensus record: `OPCHARS:LEN:TEXT,LEN:TEXT…`.
            let bytes = s.as_bytes();
            let opaque = s.find(':').is_some_and(|i| {
                i <= 2 && bytes.get(i + 1).is_some_and(u8::is_ascii_digit) && s.contains(',')
            });
            if opaque {
                found.push(format!("{path}: an opaque record string {s:.40}"));
            }
        }
        _ => {}
    }
}

fn assert_clean(what: &str, value: &Value) {
    let mut found = Vec::new();
    leaks(value, what, &mut found);
    assert!(found.is_empty(), "{what}: {found:#?}");
}

fn is_hex(v: &Value, len: usize) -> bool {
    v.as_str().is_some_and(|s| s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[test]
fn every_json_output_is_hex_strings_and_reference_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let s = store.to_str().unwrap();
    let blocks = sample_blocks();
    let live =
        run(&["--from", blocks.to_str().unwrap(), "--store", s, "--confirmations", "0", "--quiet", "--json"]);
    let mut ops = 0;
    for line in live.lines() {
        let v: Value = serde_json::from_str(line).expect("a JSON line");
        assert_clean("replay --json", &v);
        assert!(v["height"].is_u64());
        assert!(is_hex(&v["block_hash"], 64) && is_hex(&v["consensus_hash"], 32), "{line}");
        for op in v["accepted"].as_array().expect("accepted is an array") {
            ops += 1;
            assert!(is_hex(&op["txid"], 64), "txid is 64 hex digits: {op}");
            assert!(op["vtxindex"].is_u64(), "{op}");
            assert!(op["opcode"]
                .as_str()
                .is_some_and(|o| o.chars().all(|c| c.is_ascii_uppercase() || c == '_')));
            assert!(op.get("record").is_none(), "no opaque record: {op}");
            if let Some(fee) = op.get("op_fee") {
                assert!(fee.is_number(), "op_fee is a number: {op}");
            }
        }
    }
    assert!(ops > 500, "the sample's accepted operations are listed ({ops})");
    // The stored rows print the same objects (the API's operations route).
    assert_eq!(run(&["--store", s, "hashes", "--json"]), live);

    let info: Value = serde_json::from_str(&run(&["--store", s, "info", "--json"])).unwrap();
    assert_clean("info --json", &info);
    assert!(is_hex(&info["params_fingerprint"], 64) && is_hex(&info["tip_block_hash"], 64));

    let name: Value = serde_json::from_str(&run(&["--store", s, "name", "hazelcedar.imported"])).unwrap();
    assert_clean("name", &name);
    assert!(name["expire_block"].is_i64(), "a name record has expire_block: {name}");
    assert!(name["op_fee"].is_number() && is_hex(&name["txid"], 64));
    let namespace: Value = serde_json::from_str(&run(&["--store", s, "namespace", "sample"])).unwrap();
    assert_clean("namespace", &namespace);
    assert!(namespace["buckets"].is_string(), "buckets as the reference's text: {namespace}");
    let address = name["address"].as_str().unwrap();
    let owner: Value = serde_json::from_str(&run(&["--store", s, "owner", address])).unwrap();
    assert_clean("owner", &owner);
    assert!(owner["names"].as_array().is_some_and(|n| n.iter().any(|x| x == "hazelcedar.imported")));
}
