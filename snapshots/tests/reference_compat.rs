//! Compatibility with the reference's own code (Blockstack Core v22.2.0.0
//! `blockstack/lib/fast_sync.py`, run from the oracle's Python 2.7 venv):
//! the reference signs a `.bsk`, we append a signature and verify both; the reference
//! then parses our trailer (`fast_sync_inspect`), verifies our signature
//! (`ecdsalib.verify_digest`) and appends a third one, which we verify again.
//!
//! Needs the installed oracle, so `#[ignore]`: run with
//! `cargo test -p bns-snapshots --test reference_compat -- --ignored`.

use std::path::Path;
use std::process::Command;

const PYTHON: &str = "/opt/bns-oracle/venv27/bin/python";
/// Private keys 2, 3 and 4 and their compressed public keys (secp256k1 2G, 3G, 4G).
const KEY_2: &str = "0000000000000000000000000000000000000000000000000000000000000002";
const KEY_3: &str = "0000000000000000000000000000000000000000000000000000000000000003";
const KEY_4: &str = "0000000000000000000000000000000000000000000000000000000000000004";
const PUB_2: &str = "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";
const PUB_3: &str = "02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9";
const PUB_4: &str = "02e493dbf1c10d80f3581e4904930b1404cc6c13900ee0758474fa94abe8c4cd13";

fn python(script: &str, dir: &Path) -> String {
    let out = Command::new(PYTHON)
        .current_dir(dir)
        .env("BLOCKSTACK_TEST", "1")
        .args(["-c", script])
        .output()
        .expect("runs the oracle's python");
    assert!(out.status.success(), "python failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn snapshot(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_snapshot")).args(args).output().expect("runs snapshot")
}

#[test]
#[ignore = "needs the installed reference (oracle venv)"]
fn reference_and_we_sign_and_verify_each_other() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("snapshot.bsk");
    let file_text = file.to_str().expect("utf-8");
    // 1. The reference writes a gzip tar (tarfile, as its fallback writer) and signs it.
    let make = format!(
        "import tarfile, io\n\
         t = tarfile.open('{file_text}', 'w:gz')\n\
         data = b'sqlite placeholder'\n\
         i = tarfile.TarInfo('./backups/blockstack-server.db.bak.700'); i.size = len(data)\n\
         t.addfile(i, io.BytesIO(data)); t.close()\n\
         from blockstack.lib import fast_sync\n\
         print(fast_sync.fast_sync_sign_snapshot('{file_text}', '{KEY_2}', first=True))\n"
    );
    assert!(python(&make, dir.path()).contains("True"));
    // 2. We append a signature and verify both, threshold 2.
    let key_file = dir.path().join("k3");
    std::fs::write(&key_file, KEY_3).expect("write key");
    assert!(snapshot(&["sign", file_text, "--key", key_file.to_str().expect("utf-8")]).status.success());
    let both = snapshot(&["verify", file_text, "--pubkey", PUB_2, "--pubkey", PUB_3, "--threshold", "2"]);
    assert!(both.status.success(), "{}", String::from_utf8_lossy(&both.stderr));
    // 3. The reference parses our trailer, verifies every signature, and signs again.
    let check = format!(
        "from blockstack.lib import fast_sync\n\
         from virtualchain.lib.ecdsalib import verify_digest\n\
         import hashlib\n\
         f = open('{file_text}')\n\
         info = fast_sync.fast_sync_inspect(f)\n\
         h = fast_sync.get_file_hash(f, hashlib.sha256, fd_len=info['payload_size'])\n\
         print(len(info['signatures']))\n\
         for pk in ['{PUB_2}', '{PUB_3}']:\n\
         \x20   print('%s %s' % (pk, any(verify_digest(h, pk, s) for s in info['signatures'])))\n\
         f.close()\n\
         print(fast_sync.fast_sync_sign_snapshot('{file_text}', '{KEY_4}'))\n"
    );
    let out = python(&check, dir.path());
    assert!(out.starts_with("2\n"), "{out}");
    assert!(out.contains(&format!("{PUB_2} True")) && out.contains(&format!("{PUB_3} True")), "{out}");
    // 4. All three verify with us.
    let three = snapshot(&["verify", file_text, "--pubkey", PUB_2, "--pubkey", PUB_3, "--pubkey", PUB_4]);
    assert!(three.status.success(), "{}", String::from_utf8_lossy(&three.stderr));
    assert!(String::from_utf8_lossy(&three.stdout).contains("3 distinct signer(s)"));
    // 5. And our inspect lists the reference's tar.
    let listing = snapshot(&["inspect", file_text]);
    assert!(String::from_utf8_lossy(&listing.stdout).contains("backups/blockstack-server.db.bak.700"));
}
