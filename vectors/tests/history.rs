//! `chaingen history`: same seed → same bytes, and the bytes are the ones recorded here.
//! Runs the CLI (the hidden `--end-height` caps the chain; FIRST is mainnet's 373601, so
//! the ~373,700 small pre-BNS blocks are always written).

use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::Command;

const END: &str = "373800";

fn chaingen(out: &Path, seed: &str) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_chaingen"))
        .args([
            "history",
            "--network",
            "mainnet",
            "--scale",
            "0.02",
            "--seed",
            seed,
            "--end-height",
            END,
            "--out",
        ])
        .arg(out)
        .output()
        .unwrap();
    assert!(output.status.success(), "chaingen failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

fn sha256_hex(path: &Path) -> String {
    hex::encode(Sha256::digest(std::fs::read(path).unwrap()))
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn history_is_deterministic_and_matches_the_recorded_bytes() {
    let (a, b, c) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let line = chaingen(a.path(), "7");
    chaingen(b.path(), "7");
    chaingen(c.path(), "8");
    assert_eq!(files(a.path()), ["blk00000.dat", "history-summary.json", "xor.dat"]);
    for name in files(a.path()) {
        assert_eq!(
            std::fs::read(a.path().join(&name)).unwrap(),
            std::fs::read(b.path().join(&name)).unwrap(),
            "{name} differs between two runs with the same seed"
        );
    }
    assert_ne!(sha256_hex(&a.path().join("blk00000.dat")), sha256_hex(&c.path().join("blk00000.dat")));
    // Golden: recorded from this generator (seed 7, scale 0.02, end 373800); the oracle
    // (`scripts/history-vs-oracle.sh` with the same options) printed the same 200 lines (373601..373800)
    // and final state as our replay for these files. Any change to the generator's
    // output changes it: re-record only for an intended change, and say why.
    assert_eq!(sha256_hex(&a.path().join("blk00000.dat")), GOLDEN_BLK0);
    assert_eq!(sha256_hex(&a.path().join("xor.dat")), GOLDEN_XOR);
    // The first record is the real mainnet genesis block (after xor).
    let key = std::fs::read(a.path().join("xor.dat")).unwrap();
    let blk = std::fs::read(a.path().join("blk00000.dat")).unwrap();
    let plain: Vec<u8> = blk.iter().take(8 + 80).enumerate().map(|(i, b)| b ^ key[i % 8]).collect();
    assert_eq!(plain[..4], [0xf9, 0xbe, 0xb4, 0xd9]);
    let genesis_hash: [u8; 32] = Sha256::digest(Sha256::digest(&plain[8..88])).into();
    assert_eq!(
        hex::encode(genesis_hash.iter().rev().copied().collect::<Vec<u8>>()),
        "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
    );
    // BNS traffic exists and the engine accepted it (the `id` namespace and its imports).
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.path().join("history-summary.json")).unwrap()).unwrap();
    assert!(summary["accepted"].as_u64().unwrap() > 10, "{line}");
    let e1 = &summary["per_epoch"][0]["ops"];
    for op in ["*:accepted", "&:accepted", ";:accepted"] {
        assert!(e1[op].as_u64().unwrap_or(0) > 0, "no {op} in {e1}");
    }
}

#[test]
fn history_refuses_other_networks_and_bad_scales() {
    let out = tempfile::tempdir().unwrap();
    for args in [
        vec!["history", "--network", "regtest", "--out"],
        vec!["history", "--network", "mainnet", "--scale", "0", "--out"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_chaingen"))
            .args(&args)
            .arg(out.path().join("x"))
            .output()
            .unwrap();
        assert!(!output.status.success());
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(err.starts_with("chaingen: "), "{err}");
    }
}

const GOLDEN_BLK0: &str = "d6bc1027ce69896ad8f3aba5ce4fc7d98457c189eef5ee451cac55678fb23cef";
const GOLDEN_XOR: &str = "bcb8265a715a82d81bd8d27068937c24e91a7bb33b372d000a6adf30d4cbffdf";
