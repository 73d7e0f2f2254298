//! The `snapshot` binary: exit codes, reasons on standard error, the §11.9 vector as a
//! file, `.bsk` verification with the default reference key, safe `inspect`, and that a
//! private key never appears in any output.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn snapshot(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_snapshot")).args(args).output().expect("runs the snapshot binary")
}

fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

#[test]
fn spec_11_9_vector_file_verifies_with_key_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("vector.bsk");
    std::fs::write(
        &file,
        b"blockstack fast-sync test payload\nGEKLzRF085G7uZD8B5LmZ7wqnfo2Sd1xW0I6azTQydlqmbjyHDPfl6CJlulc0+HISmprMcaQ5TbMuUu4ZzYAtw==0000005800000001",
    )
    .expect("write");
    let ok = snapshot(&[
        "verify",
        path(&file),
        "--pubkey",
        "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
    ]);
    assert!(ok.status.success(), "{}", text(&ok));
    // Default key (Blockstack Core's) did not sign the vector.
    let refused = snapshot(&["verify", path(&file)]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    assert!(text(&refused).contains("threshold not met"), "{}", text(&refused));
}

#[test]
fn keygen_sign_verify_round_trip_without_leaking_the_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let key_a = dir.path().join("a.key");
    let key_b = dir.path().join("b.key");
    let gen_a = snapshot(&["keygen", "--out", path(&key_a)]);
    let gen_b = snapshot(&["keygen", "--out", path(&key_b)]);
    assert!(gen_a.status.success() && gen_b.status.success());
    let secret_a = std::fs::read_to_string(&key_a).expect("key file").trim().to_string();
    let pub_a = text(&gen_a).trim().trim_start_matches("public key: ").to_string();
    let pub_b = text(&gen_b).trim().trim_start_matches("public key: ").to_string();
    let archive = dir.path().join("s.snap");
    std::fs::write(&archive, create_bytes(&small_source(10, 695))).expect("write");
    let mut outputs = vec![gen_a, gen_b];
    for key in [&key_a, &key_b] {
        let signed = snapshot(&["sign", path(&archive), "--key", path(key)]);
        assert!(signed.status.success(), "{}", text(&signed));
        outputs.push(signed);
    }
    let both = snapshot(&[
        "verify",
        path(&archive),
        "--network",
        "regtest",
        "--pubkey",
        &pub_a,
        "--pubkey",
        &pub_b,
        "--threshold",
        "2",
    ]);
    assert!(both.status.success(), "{}", text(&both));
    assert!(text(&both).contains("2 distinct signer(s)"));
    let mainnet = snapshot(&["verify", path(&archive), "--pubkey", &pub_a]);
    assert_eq!(mainnet.status.code(), Some(1));
    assert!(text(&mainnet).contains("network mismatch"), "{}", text(&mainnet));
    let inspect = snapshot(&["inspect", path(&archive)]);
    assert!(inspect.status.success() && text(&inspect).contains("height 695"), "{}", text(&inspect));
    outputs.extend([both, mainnet, inspect]);
    for output in &outputs {
        assert!(!text(output).contains(&secret_a), "private key printed");
    }
}

#[test]
fn flipped_archive_is_refused_with_a_reason_and_exit_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("s.snap");
    let mut bytes = signed_by(&create_bytes(&small_source(10, 695)), &[1]);
    bytes[40] ^= 0x10;
    std::fs::write(&archive, bytes).expect("write");
    let pubkey = hex::encode(public(1).serialize());
    let out = snapshot(&["verify", path(&archive), "--network", "regtest", "--pubkey", &pubkey]);
    assert_eq!(out.status.code(), Some(1));
    let message = String::from_utf8_lossy(&out.stderr);
    assert!(message.starts_with("snapshot: error: threshold not met: modified archive"), "{message}");
    assert_eq!(message.lines().count(), 1, "one line: {message}");
}

fn gzip_tar(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write as _;
    let mut tar = Vec::new();
    for (name, data) in entries {
        let mut header = tar::Header::new_old();
        header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        tar.extend_from_slice(header.as_bytes());
        tar.extend_from_slice(data);
        tar.resize(tar.len().div_ceil(512) * 512, 0);
    }
    tar.resize(tar.len() + 1024, 0);
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    gzip.write_all(&tar).expect("in-memory");
    gzip.finish().expect("in-memory")
}

#[test]
fn bsk_sign_first_then_verify_and_inspect() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bsk = dir.path().join("snapshot.bsk");
    std::fs::write(&bsk, gzip_tar(&[("./backups/atlas.db.bak.700", b"x"), ("zonefiles/aa/bb/f.txt", b"z")]))
        .expect("write");
    let key = dir.path().join("k");
    std::fs::write(&key, "0000000000000000000000000000000000000000000000000000000000000001").expect("write");
    assert!(snapshot(&["sign", path(&bsk), "--key", path(&key), "--first"]).status.success());
    let ok = snapshot(&[
        "verify",
        path(&bsk),
        "--pubkey",
        "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
    ]);
    assert!(ok.status.success(), "{}", text(&ok));
    let listing = snapshot(&["inspect", path(&bsk), "--extract", path(&dir.path().join("out"))]);
    assert!(listing.status.success(), "{}", text(&listing));
    assert!(text(&listing).contains("zonefiles/aa/bb/f.txt"));
    assert_eq!(std::fs::read(dir.path().join("out/zonefiles/aa/bb/f.txt")).expect("extracted"), b"z");
}

#[test]
fn bsk_with_path_traversal_is_refused_and_extracts_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bsk = dir.path().join("evil.bsk");
    let mut bytes = gzip_tar(&[("ok.txt", b"1"), ("../../escape.txt", b"2")]);
    bytes.extend_from_slice(b"00000000");
    std::fs::write(&bsk, bytes).expect("write");
    let target = dir.path().join("out");
    let out = snapshot(&["inspect", path(&bsk), "--extract", path(&target)]);
    assert_eq!(out.status.code(), Some(2), "a bad archive is bad input");
    assert!(text(&out).contains("path traversal refused"), "{}", text(&out));
    assert!(!target.exists());
    assert!(!dir.path().join("escape.txt").exists());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(snapshot(&["verify"]).status.code(), Some(2));
    assert_eq!(snapshot(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn bad_key_file_is_refused_without_echo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("s.snap");
    std::fs::write(&archive, create_bytes(&small_source(2, 689))).expect("write");
    let key = dir.path().join("k");
    std::fs::write(&key, "5ecre7-not-a-key").expect("write");
    let out = snapshot(&["sign", path(&archive), "--key", path(&key)]);
    assert_eq!(out.status.code(), Some(2), "a bad key file is bad input");
    assert!(!text(&out).contains("5ecre7"));
}

#[test]
fn create_from_store_sign_restore_via_cli() {
    use bns_snapshots::archive;
    use bns_snapshots::format::Body;
    use bns_snapshots::restore::StoreWriter as _;
    use bns_snapshots::store_glue::ReplayStoreWriter;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    std::fs::create_dir(&store).expect("mkdir");
    let source = small_source(30, 700);
    let (header, history) = archive::header_of(&source).expect("header");
    let body = Body { header, history, state: source.state.clone() };
    ReplayStoreWriter { params: source.params.clone() }
        .write_store(&store, &source.params, &body)
        .expect("store");

    let out = dir.path().join("s.snap");
    let created = snapshot(&["create", "--store", path(&store), "--out", path(&out), "--network", "regtest"]);
    assert!(created.status.success(), "{}", text(&created));
    assert_eq!(
        std::fs::read(&out).expect("read"),
        create_bytes(&source),
        "CLI create is byte-identical to the library's"
    );
    let again = snapshot(&["create", "--store", path(&store), "--out", path(&out), "--network", "regtest"]);
    assert_eq!(again.status.code(), Some(2), "refuses to overwrite: {}", text(&again));

    let key = dir.path().join("k");
    std::fs::write(&key, format!("{}\n", hex::encode(key_bytes(1)))).expect("write key");
    let first = snapshot(&["sign", path(&out), "--key", path(&key), "--first"]);
    assert_eq!(first.status.code(), Some(2), "--first on our archive is refused: {}", text(&first));
    assert!(snapshot(&["sign", path(&out), "--key", path(&key)]).status.success());

    let pubkey = hex::encode(public(1).serialize());
    let restored = dir.path().join("restored");
    let done = snapshot(&[
        "restore",
        path(&out),
        "--store",
        path(&restored),
        "--network",
        "regtest",
        "--pubkey",
        &pubkey,
    ]);
    assert!(done.status.success(), "{}", text(&done));
    assert!(text(&done).contains("resumes at height 701"), "{}", text(&done));
    let occupied = snapshot(&[
        "restore",
        path(&out),
        "--store",
        path(&restored),
        "--network",
        "regtest",
        "--pubkey",
        &pubkey,
    ]);
    assert_eq!(occupied.status.code(), Some(2), "an occupied target is a usage error");
    assert!(text(&occupied).contains("already exists"), "{}", text(&occupied));
}

/// Issue 9: a store knows its parameters, so `create` needs no `--network` on a regtest
/// store (it used to fail with "built with other parameters … pass the matching
/// --network"); a `--network` that contradicts the store is refused (exit 2).
#[test]
fn create_takes_the_parameters_from_the_store() {
    use bns_snapshots::archive;
    use bns_snapshots::format::Body;
    use bns_snapshots::restore::StoreWriter as _;
    use bns_snapshots::store_glue::ReplayStoreWriter;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = dir.path().join("store");
    let source = small_source(5, 695);
    let (header, history) = archive::header_of(&source).expect("header");
    let body = Body { header, history, state: source.state.clone() };
    ReplayStoreWriter { params: source.params.clone() }
        .write_store(&store, &source.params, &body)
        .expect("store");

    let out = dir.path().join("s.snap");
    let created = snapshot(&["create", "--store", path(&store), "--out", path(&out)]);
    assert!(created.status.success(), "{}", text(&created));
    assert_eq!(std::fs::read(&out).expect("read"), create_bytes(&source));
    let other = dir.path().join("t.snap");
    let refused =
        snapshot(&["create", "--store", path(&store), "--out", path(&other), "--network", "mainnet"]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(text(&refused).contains("other parameters"), "{}", text(&refused));
    assert!(!other.exists());
}
