//! The `snapshot` binary against issue 13 (items 5, 9, 10 and the new-user list) and
//! issue 9 item 4 (flags, help, error style, exit codes).

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn snapshot(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_snapshot")).args(args).output().expect("runs the snapshot binary")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

fn pubkey(n: u8) -> String {
    hex::encode(public(n).serialize())
}

fn key_file(dir: &Path, n: u8) -> PathBuf {
    let file = dir.join(format!("key{n}"));
    std::fs::write(&file, format!("{}\n", hex::encode(key_bytes(n)))).expect("write key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    file
}

fn archive(dir: &Path) -> PathBuf {
    let file = dir.join("s.snap");
    std::fs::write(&file, create_bytes(&small_source(5, 692))).expect("write");
    file
}

/// The failure line: exactly one line, `snapshot: error: …`.
fn error_line(output: &Output) -> String {
    let text = stderr(output);
    assert_eq!(text.lines().count(), 1, "one line on stderr: {text:?}");
    assert!(text.starts_with("snapshot: error: "), "{text:?}");
    text
}

#[test]
fn concurrent_signers_keep_every_signature() {
    // Issue 13 item 9: two concurrent `snapshot sign` lost a signature (10 of 20 tries).
    let dir = tempfile::tempdir().expect("tempdir");
    let keys: Vec<PathBuf> = (1..=6).map(|n| key_file(dir.path(), n)).collect();
    for attempt in 0..20 {
        let file = archive(dir.path());
        let barrier = std::sync::Barrier::new(keys.len());
        let outputs: Vec<Output> = std::thread::scope(|scope| {
            let handles: Vec<_> = keys
                .iter()
                .map(|key| {
                    let (barrier, file) = (&barrier, &file);
                    scope.spawn(move || {
                        barrier.wait();
                        snapshot(&["sign", path(file), "--key", path(key)])
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("signer thread")).collect()
        });
        for output in &outputs {
            assert!(output.status.success(), "attempt {attempt}: {}", stderr(output));
        }
        let bytes = std::fs::read(&file).expect("read");
        let trailer = bns_snapshots::trailer::parse(&bytes).expect("trailer parses");
        assert_eq!(trailer.signatures.len(), 6, "attempt {attempt}: a signature was lost");
        let verified = bns_snapshots::archive::verify(
            &mut std::io::Cursor::new(&bytes),
            &policy(&[1, 2, 3, 4, 5, 6], 6),
        );
        assert!(verified.is_ok(), "attempt {attempt}: {verified:?}");
    }
}

#[test]
fn signing_twice_with_one_key_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = archive(dir.path());
    let key = key_file(dir.path(), 1);
    assert!(snapshot(&["sign", path(&file), "--key", path(&key)]).status.success());
    let before = std::fs::read(&file).expect("read");
    let again = snapshot(&["sign", path(&file), "--key", path(&key)]);
    assert_eq!(again.status.code(), Some(2));
    assert!(error_line(&again).contains("already signed by this key"), "{}", stderr(&again));
    assert_eq!(std::fs::read(&file).expect("read"), before, "file unchanged");
}

#[test]
fn threshold_not_met_says_unsigned_modified_or_wrong_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let verify = |file: &Path, key: u8| {
        snapshot(&["verify", path(file), "--network", "regtest", "--pubkey", &pubkey(key)])
    };
    let unsigned = archive(dir.path());
    let out = verify(&unsigned, 1);
    assert_eq!(out.status.code(), Some(1));
    assert!(error_line(&out).contains("threshold not met: unsigned archive"), "{}", stderr(&out));

    let signed = dir.path().join("signed.snap");
    std::fs::write(&signed, signed_by(&create_bytes(&small_source(5, 692)), &[1])).expect("write");
    let out = verify(&signed, 2);
    assert_eq!(out.status.code(), Some(1));
    assert!(error_line(&out).contains("threshold not met: wrong key"), "{}", stderr(&out));

    let mut bytes = std::fs::read(&signed).expect("read");
    bytes[60] ^= 0x01;
    let modified = dir.path().join("modified.snap");
    std::fs::write(&modified, bytes).expect("write");
    let out = verify(&modified, 1);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        error_line(&out).contains("threshold not met: modified archive (digest mismatch"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn inspect_lists_which_keys_signed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.snap");
    std::fs::write(&file, signed_by(&create_bytes(&small_source(5, 692)), &[1, 2])).expect("write");
    let out = snapshot(&["inspect", path(&file), "--pubkey", &pubkey(2)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("2 signature(s)"), "{text}");
    assert!(text.contains(&format!("signature 2: by {}", pubkey(2))), "{text}");
    assert!(text.contains("signature 1: by no key given"), "{text}");
    let both = snapshot(&["inspect", path(&file), "--pubkey", &pubkey(1), "--pubkey", &pubkey(2)]);
    assert!(stdout(&both).contains(&format!("signature 1: by {}", pubkey(1))), "{}", stdout(&both));
    // The network as --network spells it, not Rust's Debug form (`Regtest`).
    let format_line = format!("BNS snapshot format {}, regtest\n", bns_snapshots::format::FORMAT_VERSION);
    assert!(text.contains(&format_line), "{text}");
    let verified = snapshot(&["verify", path(&file), "--network", "regtest", "--pubkey", &pubkey(1)]);
    assert!(stdout(&verified).starts_with("ok: BNS snapshot, regtest, height"), "{}", stdout(&verified));
}

#[test]
fn pubkey_is_repeatable_and_does_not_swallow_the_file() {
    // Issue 9 item 4: `--pubkey K FILE` took FILE as a second key (`num_args = 1..`).
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("s.snap");
    std::fs::write(&file, signed_by(&create_bytes(&small_source(5, 692)), &[1, 2])).expect("write");
    let out = snapshot(&["verify", "--network", "regtest", "--pubkey", &pubkey(1), path(&file)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let two = snapshot(&[
        "verify",
        "--pubkey",
        &pubkey(1),
        "--pubkey",
        &pubkey(2),
        "--network",
        "regtest",
        path(&file),
    ]);
    assert!(stdout(&two).contains("2 distinct signer(s)"), "{}", stderr(&two));
    let one_flag_two_values =
        snapshot(&["verify", "--network", "regtest", "--pubkey", &pubkey(1), &pubkey(2), path(&file)]);
    assert_eq!(one_flag_two_values.status.code(), Some(2), "one value per flag");
    error_line(&one_flag_two_values);
}

#[test]
fn a_private_key_given_as_pubkey_is_not_echoed() {
    // Issue 13 item 10.
    let dir = tempfile::tempdir().expect("tempdir");
    let file = archive(dir.path());
    let secret = hex::encode(key_bytes(1));
    for args in [
        vec!["verify", path(&file), "--network", "regtest", "--pubkey", &secret],
        vec!["inspect", path(&file), "--pubkey", &secret],
    ] {
        let out = snapshot(&args);
        assert_eq!(out.status.code(), Some(2));
        let line = error_line(&out);
        assert!(line.contains("not a public key (64 hex digits: is this a private key?)"), "{line}");
        assert!(!line.contains(&secret) && !stdout(&out).contains(&secret), "secret echoed: {line}");
        assert!(!line.contains(&secret[..16]), "part of the secret echoed: {line}");
    }
}

#[cfg(unix)]
#[test]
fn a_group_or_world_readable_key_file_is_warned_about() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = archive(dir.path());
    let key = key_file(dir.path(), 1);
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = snapshot(&["sign", path(&file), "--key", path(&key)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning: key file"), "{}", stderr(&out));
    assert!(stderr(&out).contains("mode 644"), "{}", stderr(&out));
    let quiet_key = key_file(dir.path(), 2);
    let out = snapshot(&["sign", path(&file), "--key", path(&quiet_key)]);
    assert!(out.status.success() && stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn every_flag_and_positional_is_documented() {
    use clap::CommandFactory as _;
    let command = bns_snapshots::cli::Cli::command();
    let mut missing = Vec::new();
    for sub in command.get_subcommands() {
        assert!(sub.get_about().is_some(), "subcommand {} has no help", sub.get_name());
        for arg in sub.get_arguments() {
            if arg.get_help().is_none() && !matches!(arg.get_id().as_str(), "help" | "version") {
                missing.push(format!("{} {}", sub.get_name(), arg.get_id()));
            }
        }
    }
    assert!(missing.is_empty(), "undocumented: {missing:?}");
    let help = snapshot(&["verify", "--help"]);
    assert!(help.status.success());
    assert!(stdout(&help).contains("repeat the flag"), "{}", stdout(&help));
}

#[test]
fn usage_errors_are_one_line_with_exit_2() {
    for args in [&["frobnicate"][..], &["verify", "x", "--nosuch"], &["verify", "x", "--threshold", "many"]] {
        let out = snapshot(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        error_line(&out);
    }
    let missing = snapshot(&["verify", "/nonexistent/archive"]);
    assert_eq!(missing.status.code(), Some(2), "a missing input is bad input");
    error_line(&missing);
}

#[test]
fn exit_codes_come_from_the_typed_errors() {
    use bns_snapshots::cli::{exit_code, message, UsageError};
    use bns_snapshots::error::{exit, KeyError, Shortfall, VerifyError};
    let threshold = VerifyError::ThresholdNotMet { found: 0, required: 1, shortfall: Shortfall::Unsigned };
    assert_eq!(exit_code(&anyhow::Error::from(threshold)), exit::CHECK_FAILED);
    assert_eq!(exit_code(&anyhow::Error::from(UsageError::NoPubkey)), exit::BAD_INPUT);
    let bad_key = KeyError::BadPublicKey { looks_private: true, chars: 64 };
    assert_eq!(exit_code(&anyhow::Error::from(bad_key)), exit::BAD_INPUT);
    let disk = std::io::Error::other("disk full");
    assert_eq!(exit_code(&anyhow::Error::from(disk).context("writing x")), exit::IO);
    let decode = bns_snapshots::error::DecodeError::Checksum { section: "body" };
    let wrapped = anyhow::Error::from(VerifyError::Decode(decode));
    assert_eq!(exit_code(&wrapped), exit::BAD_INPUT);
    assert_eq!(message(&wrapped), "payload: section checksum mismatch in body", "no repeated text");
}

#[test]
fn inspect_of_a_bsk_with_many_entries_prints_a_bounded_listing() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut tar = tar::Builder::new(Vec::new());
    for index in 0..3000 {
        let mut header = tar::Header::new_gnu();
        header.set_size(0);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        // Long names (GNU long-name headers), control characters escaped.
        let name = format!("zonefiles/{}/{index}\u{1b}[2J", "x".repeat(300));
        tar.append_data(&mut header, name, &[][..]).expect("append");
    }
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gzip.write_all(&tar.into_inner().expect("tar")).expect("gzip");
    let mut bytes = gzip.finish().expect("gzip");
    bytes.extend_from_slice(b"00000000");
    let file = dir.path().join("many.bsk");
    std::fs::write(&file, bytes).expect("write");
    let out = snapshot(&["inspect", path(&file)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("… 2000 more entries"), "{}", &text[text.len().saturating_sub(500)..]);
    assert!(text.contains("3000 entries"));
    assert!(!text.contains('\u{1b}'), "control characters are escaped");
    assert!(text.len() < 400 * 1000, "{} bytes of listing", text.len());
    let all = snapshot(&["inspect", path(&file), "--all"]);
    assert_eq!(stdout(&all).lines().filter(|l| l.contains("zonefiles/")).count(), 3000);
}

#[test]
fn inspect_of_a_64_mib_pax_header_is_refused_without_printing_it() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut tar = Vec::new();
    let value = vec![b'p'; 64 * 1024 * 1024];
    let record_len = {
        let body = "path=".len() + value.len() + 1;
        let mut len = body + 9;
        while format!("{len} ").len() + body != len {
            len = format!("{len} ").len() + body;
        }
        len
    };
    let mut record = format!("{record_len} path=").into_bytes();
    record.extend_from_slice(&value);
    record.push(b'\n');
    for (name, kind, data) in
        [("PaxHeaders/p", tar::EntryType::XHeader, &record[..]), ("p", tar::EntryType::Regular, &b"1"[..])]
    {
        let mut header = tar::Header::new_ustar();
        header.as_ustar_mut().expect("ustar").name[..name.len()].copy_from_slice(name.as_bytes());
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(kind);
        header.set_cksum();
        tar.extend_from_slice(header.as_bytes());
        tar.extend_from_slice(data);
        tar.resize(tar.len().div_ceil(512) * 512, 0);
    }
    tar.resize(tar.len() + 1024, 0);
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gzip.write_all(&tar).expect("gzip");
    let mut bytes = gzip.finish().expect("gzip");
    bytes.extend_from_slice(b"00000000");
    let file = dir.path().join("pax.bsk");
    std::fs::write(&file, bytes).expect("write");
    let out = snapshot(&["inspect", path(&file), "--extract", path(&dir.path().join("out"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(error_line(&out).contains("above the limit of 65536 bytes"), "{}", stderr(&out));
    assert!(out.stdout.len() < 10_000, "{} bytes on stdout", out.stdout.len());
}

/// A `.bsk` of many small files: extraction takes long enough to be interrupted.
#[cfg(unix)]
fn slow_bsk(dir: &Path) -> PathBuf {
    use std::io::Write as _;
    let mut tar = tar::Builder::new(Vec::new());
    for index in 0..60_000 {
        let mut header = tar::Header::new_gnu();
        header.set_size(1);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        tar.append_data(&mut header, format!("zonefiles/{}/{index}", index % 100), &b"z"[..])
            .expect("append");
    }
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gzip.write_all(&tar.into_inner().expect("tar")).expect("gzip");
    let mut bytes = gzip.finish().expect("gzip");
    bytes.extend_from_slice(b"00000000");
    let file = dir.join("slow.bsk");
    std::fs::write(&file, bytes).expect("write");
    file
}

#[cfg(unix)]
#[test]
fn an_interrupted_extract_leaves_no_temporary_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = slow_bsk(dir.path());
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        let work = dir.path().join(format!("work-{signal}"));
        std::fs::create_dir(&work).expect("mkdir");
        let target = work.join("out");
        let mut child = Command::new(env!("CARGO_BIN_EXE_snapshot"))
            .args(["inspect", path(&file), "--extract", path(&target)])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        // Wait until the staging directory exists and holds files, then signal.
        let started = std::time::Instant::now();
        loop {
            let staging = std::fs::read_dir(&work).expect("read").flatten().find(|e| {
                e.file_name().to_string_lossy().starts_with(".bsk-extract-")
                    && std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_some())
            });
            if staging.is_some() {
                break;
            }
            assert!(started.elapsed().as_secs() < 60, "no staging directory appeared");
            assert!(child.try_wait().expect("wait").is_none(), "finished before it could be interrupted");
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        let kill = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status();
        assert!(kill.expect("kill").success());
        let output = child.wait_with_output().expect("wait");
        assert_eq!(output.status.code(), Some(code), "{}", stderr(&output));
        assert_eq!(stderr(&output).trim(), "snapshot: interrupted");
        let left: Vec<_> = std::fs::read_dir(&work).expect("read").flatten().map(|e| e.file_name()).collect();
        assert!(left.is_empty(), "left behind after SIG{signal}: {left:?}");
    }
}
