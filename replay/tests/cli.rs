//! The binary's behaviour at its edges: one clear line and a non-zero exit for every
//! kind of bad input (never a panic), `--check` exit status, `--json`, `hashes`, and a
//! quiet exit when the reader of standard output goes away (`replay ... | head`).

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_replay");

fn replay(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Exit 2 and exactly one line on stderr starting with "replay: " and containing `needle`.
fn assert_one_line_error(out: &Output, needle: &str) {
    assert_one_line_error_code(out, 2, needle);
}

/// Exit `code` and exactly one line on stderr starting with "replay: " and containing `needle`.
fn assert_one_line_error_code(out: &Output, code: i32, needle: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("replay: ") && stderr.contains(needle), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn bad_inputs_give_one_clear_line() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    let missing = tmp.path().join("missing");
    assert_one_line_error(&replay(&["--from", s(&missing), "--store", s(&store)]), "does not exist");
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_one_line_error(&replay(&["--from", s(&empty), "--store", s(&store)]), "no blk*.dat files");
    let junk = tmp.path().join("junk");
    std::fs::create_dir(&junk).unwrap();
    write_file(&junk.join("blk00000.dat"), &[0x42; 1000]);
    assert_one_line_error(&replay(&["--from", s(&junk), "--store", s(&store)]), "unknown network magic");
    let unreadable = tmp.path().join("unreadable");
    std::fs::create_dir(&unreadable).unwrap();
    std::fs::create_dir(unreadable.join("blk00000.dat")).unwrap();
    let out = replay(&["--from", s(&unreadable), "--store", s(&store)]);
    // A directory where a block file should be is bad input (exit 2), named.
    assert_one_line_error_code(&out, 2, "blk00000.dat is not a regular file");
}

#[test]
fn corrupt_and_foreign_stores_are_refused() {
    let chain = build_chain(12, 8, 1, 3);
    let tmp = tempfile::tempdir().unwrap();
    let blocks = tmp.path().join("blocks");
    std::fs::create_dir(&blocks).unwrap();
    write_clean(&blocks, &chain, 5);
    let corrupt = tmp.path().join("corrupt");
    std::fs::create_dir(&corrupt).unwrap();
    std::fs::write(corrupt.join("data.mdb"), vec![0x55u8; 65536]).unwrap();
    // Another program's (or no program's) data.mdb: refused, never adopted (issue 13 item 2).
    assert_one_line_error(
        &replay(&["--from", s(&blocks), "--store", s(&corrupt), "--digest-engine"]),
        "not a bns store",
    );
    let store = tmp.path().join("store");
    let ok = replay(&[
        "--from",
        s(&blocks),
        "--store",
        s(&store),
        "--digest-engine",
        "--confirmations",
        "0",
        "--quiet",
    ]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert_one_line_error(
        &replay(&["--from", s(&blocks), "--store", s(&store), "--quiet"]),
        "other parameters",
    );
}

#[test]
fn check_json_and_hashes() {
    let chain = build_chain(12, 8, 1, 4);
    let tmp = tempfile::tempdir().unwrap();
    let blocks = tmp.path().join("blocks");
    std::fs::create_dir(&blocks).unwrap();
    write_clean(&blocks, &chain, 5);
    let store = tmp.path().join("store");
    let base = ["--from", s(&blocks), "--digest-engine", "--confirmations", "0", "--quiet"];
    let first = replay(&[&base[..], &["--store", s(&store)]].concat());
    assert!(first.status.success());
    let lines = String::from_utf8(first.stdout).unwrap();
    assert_eq!(lines.lines().count(), 12);
    let hashes = replay(&["--store", s(&store), "hashes"]);
    assert_eq!(String::from_utf8(hashes.stdout).unwrap(), lines);

    let list = tmp.path().join("list.txt");
    std::fs::write(&list, &lines).unwrap();
    let other = tmp.path().join("store2");
    let same = replay(&[&base[..], &["--store", s(&other), "--check", s(&list)]].concat());
    assert_eq!(same.status.code(), Some(0));
    let tampered: String = lines
        .lines()
        .enumerate()
        .map(|(i, l)| if i == 4 { format!("{}0\n", &l[..l.len() - 1]) } else { format!("{l}\n") })
        .collect();
    std::fs::write(&list, tampered).unwrap();
    let third = tmp.path().join("store3");
    let differs = replay(&[&base[..], &["--store", s(&third), "--check", s(&list)]].concat());
    assert_eq!(differs.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&differs.stderr);
    assert!(
        stderr.contains("height 5") && stderr.contains("expected:") && stderr.contains("got:"),
        "{stderr}"
    );

    let json = replay(&[&base[..], &["--store", s(&tmp.path().join("store4")), "--json"]].concat());
    let first_json: serde_json::Value =
        serde_json::from_str(String::from_utf8(json.stdout).unwrap().lines().next().unwrap()).unwrap();
    assert_eq!(first_json["height"], 1);
    assert!(first_json["accepted"].is_array());
}

/// Run with standard output a pipe whose read end is already closed.
fn replay_into_closed_pipe(args: &[&str]) -> Output {
    let mut child =
        Command::new(BIN).args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

fn assert_quiet_exit(out: &Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{what}: {stderr}");
    assert_eq!(out.status.code(), Some(0), "{what}: exit status; stderr: {stderr}");
    assert!(stderr.is_empty(), "{what}: nothing on stderr: {stderr}");
}

#[test]
fn closed_stdout_ends_quietly_and_keeps_what_was_applied() {
    // ~290 lines of ~115 bytes: more than the output buffer, so the pipe breaks mid-run.
    let chain = build_chain(300, 290, 1, 5);
    let tmp = tempfile::tempdir().unwrap();
    let blocks = tmp.path().join("blocks");
    std::fs::create_dir(&blocks).unwrap();
    write_clean(&blocks, &chain, 50);
    let base =
        ["--from", s(&blocks), "--digest-engine", "--confirmations", "0", "--quiet", "--batch-blocks", "20"];
    let full = replay(&[&base[..], &["--store", s(&tmp.path().join("full"))]].concat());
    assert!(full.status.success());
    let reference: Vec<String> =
        String::from_utf8(full.stdout).unwrap().lines().map(str::to_string).collect();
    assert_eq!(reference.len(), 300);

    let store = tmp.path().join("store");
    assert_quiet_exit(&replay_into_closed_pipe(&[&base[..], &["--store", s(&store)]].concat()), "replay");
    // The run stopped at the broken pipe; what it applied was committed and it resumes.
    let kept = replay(&["--store", s(&store), "hashes"]);
    let kept: Vec<String> = String::from_utf8(kept.stdout).unwrap().lines().map(str::to_string).collect();
    assert!(!kept.is_empty() && kept[..] == reference[..kept.len()], "{} rows kept", kept.len());
    let rest = replay(&[&base[..], &["--store", s(&store)]].concat());
    assert!(rest.status.success());
    let rest: Vec<String> = String::from_utf8(rest.stdout).unwrap().lines().map(str::to_string).collect();
    assert_eq!([kept, rest].concat(), reference);

    assert_quiet_exit(&replay_into_closed_pipe(&["--store", s(&store), "hashes"]), "hashes");
    let missing = replay(&["--store", s(&store), "name", "nobody.id"]);
    assert_eq!(missing.status.code(), Some(2), "a digest-engine store holds no BNS state");
}

/// The binary under `sh -c "ulimit …; exec replay ARGS"`.
fn replay_with_limits(limits: &str, args: &[&str]) -> Output {
    let script = format!("{limits}; exec \"$0\" \"$@\"");
    Command::new("sh").arg("-c").arg(script).arg(BIN).args(args).output().unwrap()
}

#[test]
fn more_block_files_than_the_soft_open_file_limit() {
    // One record per file, 703 files (mainnet has thousands; the usual soft limit is
    // 1,024): replay raises its soft limit to what it needs, and when the hard limit
    // is too low says so in one line instead of failing on some file.
    let chain = build_chain(700, 690, 2, 91);
    let dir = tempfile::tempdir().unwrap();
    for (i, block) in chain.main.iter().chain(chain.fork.iter()).enumerate() {
        write_file(&dir.path().join(format!("blk{i:05}.dat")), &record(block));
    }
    let store = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let (a, b, c) = (store("a"), store("b"), store("c"));
    let normal = replay(&["--from", s(dir.path()), "--store", &a, "--confirmations", "0", "--quiet"]);
    assert!(normal.status.success(), "{}", String::from_utf8_lossy(&normal.stderr));
    assert_eq!(String::from_utf8_lossy(&normal.stdout).lines().count(), 13, "heights 688..=700");
    let low_soft = replay_with_limits(
        "ulimit -Sn 128",
        &["--from", s(dir.path()), "--store", &b, "--confirmations", "0", "--quiet"],
    );
    assert!(low_soft.status.success(), "{}", String::from_utf8_lossy(&low_soft.stderr));
    assert_eq!(low_soft.stdout, normal.stdout);
    let low_hard = replay_with_limits(
        "ulimit -Sn 128 && ulimit -Hn 128",
        &["--from", s(dir.path()), "--store", &c, "--confirmations", "0", "--quiet"],
    );
    assert_one_line_error_code(&low_hard, 3, "ulimit -n");
}

#[test]
fn first_block_and_freeze_height_overrides_match_the_oracle() {
    // Expected lines: the oracle's run.sh with the same overrides (first line of each
    // file is the command); a store is tied to the parameters it was built with.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/sample");
    let blocks = sample.join("blocks");
    let dir = tempfile::tempdir().unwrap();
    for (file, overrides) in [
        ("expected-hashes-first700-freeze760.txt", vec!["--first-block", "700", "--freeze-height", "760"]),
        ("expected-hashes-freeze720.txt", vec!["--freeze-height", "720"]),
    ] {
        let store = dir.path().join(file);
        let mut args = vec![
            "--from",
            s(&blocks),
            "--network",
            "regtest",
            "--store",
            s(&store),
            "--confirmations",
            "0",
            "--quiet",
        ];
        args.extend(overrides);
        let out = replay(&args);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let expected: String = std::fs::read_to_string(sample.join(file))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(String::from_utf8_lossy(&out.stdout), expected, "{file}");
    }
    // A store knows its parameters: a plain run continues with them (nothing left to
    // replay); a contradicting override is refused.
    let store = dir.path().join("expected-hashes-freeze720.txt");
    let plain =
        replay(&["--from", s(&blocks), "--network", "regtest", "--store", s(&store), "--confirmations", "0"]);
    assert!(plain.status.success(), "{}", String::from_utf8_lossy(&plain.stderr));
    assert!(plain.stdout.is_empty());
    let other = replay(&[
        "--from",
        s(&blocks),
        "--store",
        s(&store),
        "--confirmations",
        "0",
        "--quiet",
        "--freeze-height",
        "730",
    ]);
    assert_one_line_error(&other, "other parameters");
    let bad = replay(&["--from", s(&blocks), "--store", s(&dir.path().join("x")), "--freeze-height", "soon"]);
    assert_eq!(bad.status.code(), Some(2), "a usage error (clap's own message)");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("`soon` is neither a height nor `none`"));
}

#[test]
fn a_store_from_other_files_is_refused_until_restart() {
    // Two different chains, one store: the second run says what to do; with --restart
    // it rebuilds the store and prints what a fresh store gives.
    let dirs: Vec<tempfile::TempDir> = [93, 94]
        .iter()
        .map(|seed| {
            let dir = tempfile::tempdir().unwrap();
            write_clean(dir.path(), &build_chain(700, 690, 1, *seed), 300);
            dir
        })
        .collect();
    let work = tempfile::tempdir().unwrap();
    let store = work.path().join("store");
    let run = |dir: &Path, extra: &[&str]| {
        let mut args = vec!["--from", s(dir), "--store", s(&store), "--confirmations", "0", "--quiet"];
        args.extend(extra);
        replay(&args)
    };
    assert!(run(dirs[0].path(), &[]).status.success());
    assert_one_line_error(&run(dirs[1].path(), &[]), "--restart");
    let restarted = run(dirs[1].path(), &["--restart"]);
    assert!(restarted.status.success(), "{}", String::from_utf8_lossy(&restarted.stderr));
    let fresh_store = work.path().join("fresh");
    let fresh =
        replay(&["--from", s(dirs[1].path()), "--store", s(&fresh_store), "--confirmations", "0", "--quiet"]);
    assert_eq!(restarted.stdout, fresh.stdout);
    assert_eq!(String::from_utf8_lossy(&restarted.stdout).lines().count(), 13);
    // --restart never deletes a directory holding anything but a store.
    std::fs::write(store.join("notes.txt"), "mine").unwrap();
    assert_one_line_error(&run(dirs[1].path(), &["--restart"]), "not part of a store");
    assert!(store.join("notes.txt").exists());
}
