//! CONVENTIONS.md's CLI vocabulary on the real binary and the sample chain
//! (vectors/sample): global flags after the subcommand, exit codes, one-line errors,
//! strict `--check` (issue 13 item 11), not found vs malformed (item 12), the
//! `--threads` cap (item 7), network mismatch, completions and man page.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_replay");

fn replay(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/sample")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Exit `code`, one stderr line `replay: error: …` containing `needle`.
fn assert_error(out: &Output, code: i32, needle: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("replay: error: ") && err.contains(needle), "{err}");
}

/// A store replayed from the sample (default --confirmations 6: tip 809).
fn sample_store(dir: &Path) -> PathBuf {
    let store = dir.join("store");
    let out = replay(&["--from", s(&sample().join("blocks")), "--store", s(&store), "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    store
}

/// The sample's expected list with line `n` (1-based, counting every line of the
/// file) given a wrong consensus hash.
fn corrupt_line(n: usize) -> String {
    let text = std::fs::read_to_string(sample().join("expected-hashes.txt")).unwrap();
    text.lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == n { format!("{}0\n", &l[..l.len() - 1]) } else { format!("{l}\n") })
        .collect()
}

#[test]
fn global_flags_work_after_the_subcommand_and_start_is_applied_or_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let after = replay(&["hashes", "--store", s(&store)]);
    assert!(after.status.success(), "{}", stderr(&after));
    assert_eq!(String::from_utf8_lossy(&after.stdout).lines().count(), 122);
    let ranged = replay(&["--start", "800", "hashes", "--store", s(&store), "--end", "801"]);
    let text = String::from_utf8_lossy(&ranged.stdout).into_owned();
    assert_eq!(text.lines().map(|l| &l[..3]).collect::<Vec<_>>(), ["800", "801"], "{text}");
    assert_error(
        &replay(&["--start", "800", "info", "--store", s(&store)]),
        2,
        "--start applies to a replay run",
    );
    // Every subcommand's --help documents the global flags.
    let help = String::from_utf8_lossy(&replay(&["hashes", "--help"]).stdout).into_owned();
    for flag in ["--store", "--start", "--network", "--json", "--threads", "--check"] {
        assert!(help.contains(flag), "{flag} in hashes --help:\n{help}");
    }
    assert!(!String::from_utf8_lossy(&replay(&["--help"]).stdout).contains("--verify"));
    assert_error(&replay(&["--verify"]), 2, "unexpected argument");
}

#[test]
fn check_compares_every_line_or_fails() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let expected = sample().join("expected-hashes.txt");
    // Without --from: the stored hashes; the list's last 6 lines are above the tip.
    let partial = replay(&["--store", s(&store), "--check", s(&expected)]);
    assert_eq!(partial.status.code(), Some(1), "{}", stderr(&partial));
    let err = stderr(&partial);
    assert!(err.contains("122 lines") && err.contains("688..=809") && err.contains("810..=815"), "{err}");
    // The README's sample: corrupting line 812 (height 810+, held back by the
    // default --confirmations 6) used to pass; now the run fails naming what it skipped.
    let list = dir.path().join("list.txt");
    std::fs::write(&list, corrupt_line(812)).unwrap();
    let run = replay(&[
        "--from",
        s(&sample().join("blocks")),
        "--store",
        s(&dir.path().join("fresh")),
        "--quiet",
        "--check",
        s(&list),
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains("--confirmations 6"), "{}", stderr(&run));
    // All lines compared: success, and it says how many.
    let full = replay(&[
        "--from",
        s(&sample().join("blocks")),
        "--store",
        s(&dir.path().join("full")),
        "--quiet",
        "--confirmations",
        "0",
        "--check",
        s(&expected),
    ]);
    assert_eq!(full.status.code(), Some(0), "{}", stderr(&full));
    assert!(stderr(&full).contains("128 lines") && stderr(&full).contains("688..=815"), "{}", stderr(&full));
    // A difference inside the stored range, checked without --from.
    std::fs::write(&list, corrupt_line(20)).unwrap();
    let differs = replay(&["--store", s(&store), "--check", s(&list)]);
    assert_eq!(differs.status.code(), Some(1));
    assert!(stderr(&differs).contains("first difference"), "{}", stderr(&differs));
    // Empty lists, duplicates and lists entirely outside the range.
    std::fs::write(&list, "# nothing\n\n").unwrap();
    assert_error(&replay(&["--store", s(&store), "--check", s(&list)]), 2, "no HEIGHT");
    let first = corrupt_line(0).lines().find(|l| !l.starts_with('#')).unwrap().to_string();
    std::fs::write(&list, format!("{first}\n{first}\n")).unwrap();
    assert_error(&replay(&["--store", s(&store), "--check", s(&list)]), 2, "again");
    std::fs::write(&list, "5000 aa bb\n").unwrap();
    let outside = replay(&["--store", s(&store), "--check", s(&list)]);
    assert_eq!(outside.status.code(), Some(1));
    assert!(
        stderr(&outside).contains("0 lines") && stderr(&outside).contains("5000"),
        "{}",
        stderr(&outside)
    );
}

#[test]
fn queries_not_found_malformed_and_json_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let st = s(&store);
    assert_error(&replay(&["name", "nosuch.sample", "--store", st]), 1, "not found");
    assert_error(&replay(&["name", "not a name", "--store", st]), 2, "not a valid name");
    assert_error(&replay(&["namespace", "nosuchns", "--store", st]), 1, "namespace nosuchns");
    assert_error(&replay(&["owner", "notanaddress", "--store", st]), 2, "not a valid address");
    // A name from the sample: the API's record shape, hex strings, expire_block.
    let hashes = String::from_utf8(replay(&["hashes", "--json", "--store", st]).stdout).unwrap();
    let name = hashes
        .lines()
        .flat_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["accepted"].as_array().cloned().unwrap_or_default()
        })
        .filter_map(|op| op["name"].as_str().map(str::to_string))
        .find(|k| k.contains('.'))
        .expect("a name in the sample");
    let out = replay(&["name", &name, "--store", st]);
    assert!(out.status.success(), "{name}: {}", stderr(&out));
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(record.get("expire_block").is_some(), "{record}");
    assert!(record["txid"].is_string(), "{record}");
    assert!(!out.stdout.windows(2).any(|w| w == b"[2" || w == b"[1"), "no byte arrays: {record}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\"Int\""), "{record}");
    let owner = replay(&["owner", record["address"].as_str().unwrap(), "--store", st]);
    let names: serde_json::Value = serde_json::from_slice(&owner.stdout).unwrap();
    assert!(names["names"].as_array().unwrap().iter().any(|n| n == &serde_json::json!(name)), "{names}");
}

#[test]
fn threads_are_capped_and_network_mismatch_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let blocks = sample().join("blocks");
    let out = replay(&[
        "--from",
        s(&blocks),
        "--store",
        s(&dir.path().join("a")),
        "--threads",
        "100000",
        "--end",
        "700",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("--threads 100000 capped at"), "{}", stderr(&out));
    assert_error(
        &replay(&["--from", s(&blocks), "--store", s(&dir.path().join("b")), "--network", "mainnet"]),
        2,
        "are regtest, not mainnet",
    );
}

#[test]
fn a_resumed_run_with_nothing_to_do_says_how_to_see_the_hashes() {
    let dir = tempfile::tempdir().unwrap();
    let store = sample_store(dir.path());
    let again = replay(&["--from", s(&sample().join("blocks")), "--store", s(&store)]);
    assert!(again.status.success());
    assert!(stderr(&again).contains("replay hashes"), "{}", stderr(&again));
}

#[test]
fn completions_and_man_page_are_generated() {
    for args in [&["completions", "bash"][..], &["completions", "zsh"], &["man"]] {
        let out = replay(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.len() > 500, "{args:?}: {} bytes", out.stdout.len());
    }
    assert!(String::from_utf8_lossy(&replay(&["man"]).stdout).contains(".TH replay"));
}

#[cfg(unix)]
#[test]
fn sigterm_prints_interrupted_and_exits_143() {
    // A long-ish run (the sample, one block per commit) killed early.
    let dir = tempfile::tempdir().unwrap();
    let child = Command::new(BIN)
        .args([
            "--from",
            s(&sample().join("blocks")),
            "--store",
            s(&dir.path().join("store")),
            "--quiet",
            "--restart",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(30));
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    // The run may finish before the signal arrives on a fast machine.
    if out.status.code() != Some(0) {
        assert_eq!(out.status.code(), Some(143), "{err}");
        assert_eq!(err.trim(), "replay: interrupted");
        let left: Vec<_> =
            std::fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert!(left.iter().all(|n| !n.to_string_lossy().contains("restart")), "temp store left: {left:?}");
    }
}

/// Issue 13: with `--quiet`, a signal still says `replay: interrupted` (an error-class
/// line) and exits 128 + the signal. The child cannot finish first: its JSON output
/// (about 500 kB) fills the unread pipe, so it is mid-run when the signal arrives.
#[cfg(unix)]
#[test]
fn quiet_runs_still_say_interrupted_on_sigint_and_sigterm() {
    for (signal, code) in [("-INT", 130), ("-TERM", 143)] {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(BIN)
            .args(["--from", s(&sample().join("blocks")), "--store", s(&dir.path().join("store"))])
            .args(["--quiet", "--json", "--confirmations", "0", "--batch-blocks", "1"])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        assert!(child.try_wait().unwrap().is_none(), "blocked on its full output pipe");
        let _ = Command::new("kill").args([signal, &child.id().to_string()]).status();
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{signal}: {err}");
        assert_eq!(err.trim(), "replay: interrupted", "{signal}");
    }
}

/// A missing argument is named on the one error line (clap lists it on the line after
/// its heading, which the first-line-only message dropped).
#[test]
fn a_missing_argument_is_named() {
    let out = replay(&["--store", "nowhere", "name"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "replay: error: the following required arguments were not provided: <NAME> (see replay --help)"
    );
}
