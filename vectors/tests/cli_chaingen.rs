//! chaingen's CLI vocabulary (CONVENTIONS.md): one-line `chaingen: error:` messages,
//! exit 2 for bad input, a warning for a bulk chain too small to reach the first BNS
//! block, completions and a man page.

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_chaingen");

fn chaingen(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

#[test]
fn errors_are_one_line_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json");
    let out =
        chaingen(&["scenario", missing.to_str().unwrap(), "--out", dir.path().join("o").to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("chaingen: error: "), "{err}");
    let bad = chaingen(&["bulk", "--size", "lots", "--out", "x"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).starts_with("chaingen: error: "));
}

#[test]
fn a_bulk_chain_below_the_first_bns_block_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let out = chaingen(&["bulk", "--size", "64KiB", "--out", dir.path().join("b").to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("below the first BNS block"), "{err}");
}

#[test]
fn completions_and_man_page_are_generated() {
    for args in [&["completions", "bash"][..], &["man"]] {
        let out = chaingen(args);
        assert!(out.status.success(), "{args:?}");
        assert!(out.stdout.len() > 500, "{args:?}: {} bytes", out.stdout.len());
    }
}

/// Issue 13: the scenario summary printed Rust Debug output (`expect Rejected engine:
/// Rejected { reason: "…" }`). Now words in the text form, and `--json` gives one
/// object of plain values.
#[test]
fn scenario_summaries_are_text_or_json_not_debug_output() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/name_pre_reg_cantsteal.json");
    let text = chaingen(&["scenario", scenario, "--out", dir.path().join("a").to_str().unwrap()]);
    assert!(text.status.success(), "{}", String::from_utf8_lossy(&text.stderr));
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("expect rejected, engine: rejected ("), "{text}");
    assert!(!text.contains("Rejected") && !text.contains("Accepted") && !text.contains('{'), "{text}");
    let json = chaingen(&["scenario", scenario, "--json", "--out", dir.path().join("b").to_str().unwrap()]);
    assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("one JSON object");
    let ops = v["ops"].as_array().expect("ops");
    assert_eq!(ops.len(), text.lines().count() - 1, "one entry per op line");
    let rejected = ops.iter().find(|op| op["expect"] == "rejected").expect("a rejected op");
    assert_eq!(rejected["engine"], "rejected");
    assert!(rejected["engine_reason"].as_str().is_some_and(|r| !r.is_empty()), "{rejected}");
    assert!(ops.iter().all(|op| op["txid"].as_str().is_some_and(|t| t.len() == 64)));
    assert!(v["tip_height"].is_u64() && v["tip_block_hash"].is_string());
}

#[test]
fn a_missing_argument_is_named() {
    let out = chaingen(&["bulk", "--out", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("not provided: --size <SIZE>"), "{err}");
}
