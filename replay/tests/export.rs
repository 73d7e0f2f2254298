//! `replay export stacks-v2` and `replay name --migration` at the binary's edge:
//!
//! * the CLI's files are the library's bytes (bns-export over the state loaded from the
//!   store) and, for the sample chain, the reference's own export (golden hash below);
//! * the state as of a height below the tip (rebuilt from the store's history) exports
//!   exactly as a store replayed only to that height;
//! * `--check` on a store that is not mainnet's is bad input (exit 2, one line);
//! * `--check --against DIR` lists each planted difference (names missing on either
//!   side, owners, namespaces, balances, vesting rows, zone files) and nothing else;
//! * `--migration` answers every status the sample chain holds, as the library does, and
//!   as the API's `/x/v1/names/{name}/migration` does;
//! * a failed or interrupted export leaves no partial OUTDIR and no temporary directory.

use bns_engine::state::State;
use bns_engine::Params;
use bns_export::migration::{MigrationStatus, NotExportedReason};
use bns_store::LmdbStore;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_replay");

/// sha256 of the reference's own v22.2.0.0 export of vectors/sample/blocks at its tip
/// 815 (regtest parameters, no zone files): `scripts/export-vs-oracle.sh
/// vectors/sample/blocks` reported the four files identical, 2026-12-06.
const SAMPLE_CHAINSTATE_SHA256: &str = "fe9f37f13ff17208bdcadf37ab059dc4223a1a2664a5f3fef97dcab36cc35f86";

fn replay(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().expect("replay runs")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Exit `code` and one line on stderr starting with "replay: " and containing `needle`.
fn assert_one_line(out: &Output, code: i32, needle: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("replay: ") && err.contains(needle), "{err}");
}

fn sample_blocks() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/sample/blocks")
}

/// Replay `blocks` into a new store (regtest parameters, or `params`), up to `end`.
fn make_store(blocks: &Path, store: &Path, params: Option<&Path>, end: Option<u32>) {
    let mut args = vec!["--from", s(blocks), "--store", s(store), "--confirmations", "0", "--quiet"];
    if let Some(p) = params {
        args.extend(["--params", s(p)]);
    }
    let end = end.map(|e| e.to_string());
    if let Some(e) = &end {
        args.extend(["--end", e.as_str()]);
    }
    let out = replay(&args);
    assert!(out.status.success(), "replay failed: {}", stderr(&out));
}

fn read_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    bns_export::FILE_NAMES
        .iter()
        .map(|n| (n.to_string(), std::fs::read(dir.join(n)).expect("export file exists")))
        .collect()
}

fn store_state(store: &Path) -> (Params, State) {
    let store = LmdbStore::open_reader(store).expect("store opens");
    let params = store.params().expect("params read").expect("params stored");
    let state = bns_store::load_state_rows(&store).expect("state loads");
    (params, state)
}

/// The temporary directories an export may leave beside OUTDIR (none, ever).
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .expect("dir reads")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.ends_with(".old"))
        .collect()
}

#[test]
fn cli_export_is_the_library_export_and_the_reference_one() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    make_store(&sample_blocks(), &store, None, None);
    let out_dir = tmp.path().join("out");
    let out = replay(&["--store", s(&store), "export", "stacks-v2", "--out", s(&out_dir)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(line
        .starts_with(&format!("wrote {}: state 815 height 815 namespaces 3 names 336", out_dir.display())));

    let (params, state) = store_state(&store);
    let files = bns_export::export_stacks_v2(&params, &state, 815, &bns_export::NoZonefiles).unwrap();
    let expected: Vec<(String, Vec<u8>)> =
        files.files().iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
    assert_eq!(read_files(&out_dir), expected);
    assert_eq!(files.chainstate_sha256, SAMPLE_CHAINSTATE_SHA256, "the reference's export of the sample");
    assert!(leftovers(tmp.path()).is_empty());
}

/// Golden scenarios with vesting rows every block (stacks_vest_many), token transfers
/// and lockups, revokes and re-registrations: the state at H rebuilt from a full store's
/// history exports exactly as a store replayed to H (the engine's own state at H).
#[test]
fn export_at_a_height_below_the_tip_equals_a_store_replayed_to_it() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, heights) in [
        ("stacks_vest_many", &[689u32, 700, 701, 715, 723][..]),
        ("stacks_sendtokens_transfer_lockup", &[689, 691, 693]),
        ("name_pre_reg_expire_reregister", &[690, 695, 700]),
    ] {
        let dir = tmp.path().join(name);
        let blocks = dir.join("blocks");
        let params_file = dir.join("params.json");
        let params = generate(name, &blocks);
        std::fs::write(&params_file, serde_json::to_vec(&params.to_params_file().unwrap()).unwrap()).unwrap();
        let full = dir.join("full");
        make_store(&blocks, &full, Some(&params_file), None);
        // Paired: the history's state at the tip is the stored state (the tables the
        // export reads), vesting credited for tip + 1 included.
        {
            let store = LmdbStore::open_reader(&full).unwrap();
            let view = store.view().unwrap();
            let tip = view.tip().unwrap().unwrap().height;
            let stored = bns_store::load_state_rows(&view).unwrap();
            let rebuilt = bns_replay::export_cmd::state_at(&view, &params, tip, tip).unwrap();
            assert_eq!(rebuilt.names, stored.names, "{name}");
            assert_eq!(rebuilt.namespaces, stored.namespaces, "{name}");
            assert_eq!(rebuilt.accounts, stored.accounts, "{name}");
        }
        for &h in heights {
            let short = dir.join(format!("to-{h}"));
            make_store(&blocks, &short, Some(&params_file), Some(h));
            let (a, b) = (dir.join(format!("a-{h}")), dir.join(format!("b-{h}")));
            let hs = h.to_string();
            let out = replay(&["--store", s(&short), "export", "stacks-v2", "--out", s(&a)]);
            assert!(out.status.success(), "{name} {h}: {}", stderr(&out));
            let out = replay(&["--store", s(&full), "export", "stacks-v2", "--out", s(&b), "--height", &hs]);
            assert!(out.status.success(), "{name} {h}: {}", stderr(&out));
            assert_eq!(read_files(&a), read_files(&b), "{name} at {h}");
        }
    }
}

/// A golden scenario's chain (vectors/scenarios, seed 1, the engine supplying the
/// consensus hashes, as replay/tests/golden.rs builds it) written into `blocks`.
fn generate(name: &str, blocks: &Path) -> Params {
    use bns_blockfile::{ChainNetwork, WriterOptions};
    let scenarios = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/scenarios");
    let s = bns_vectors::scenario::Scenario::load(&scenarios.join(format!("{name}.json"))).unwrap();
    let mut bns = bns_vectors::scenario_params(&s, &scenarios).unwrap();
    let wallets = bns_vectors::wallets::build_wallets(&s.wallets, &bns.params).unwrap();
    if s.params.genesis_stx.as_deref() != Some("base") {
        bns.params.genesis_rows = bns_vectors::wallets::genesis_rows(&wallets);
    }
    let params = bns.params.clone();
    let opts = bns_vectors::generator::GenOptions {
        seed: 1,
        network: ChainNetwork::Regtest,
        stale_forks: 0,
        truncate_tail: false,
    };
    let mut source = bns_vectors::consensus_source::EngineSource::new(params.clone());
    let mut chain = bns_vectors::generate(&s, bns, opts, &mut source).unwrap();
    let writer = WriterOptions {
        magic: ChainNetwork::Regtest.magic(),
        max_file_size: 128 << 20,
        xor_key: None,
        padding_chunk: None,
    };
    let layout = bns_vectors::layout::LayoutOptions::default();
    bns_vectors::layout::write_chain(&mut chain, blocks, writer, &layout, 1).unwrap();
    params
}

#[test]
fn check_and_bad_requests_exit_2_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    make_store(&sample_blocks(), &store, None, None);
    let st = s(&store);
    assert_one_line(&replay(&["--store", st, "export", "stacks-v2", "--check"]), 2, "not mainnet's");
    assert_one_line(
        &replay(&["--store", st, "export", "stacks-v2", "--check", "--json"]),
        2,
        "the published hashes apply only to mainnet",
    );
    let out_dir = tmp.path().join("out");
    let o = s(&out_dir);
    assert_one_line(
        &replay(&["--store", st, "export", "stacks-v2", "--out", o, "--height", "900"]),
        2,
        "--height 900 is above the store's tip 815",
    );
    assert_one_line(
        &replay(&[
            "--store",
            st,
            "export",
            "stacks-v2",
            "--out",
            o,
            "--height",
            "700",
            "--export-height",
            "701",
        ]),
        2,
        "--export-height 701 is above the state's height 700",
    );
    assert_one_line(&replay(&["--store", st, "export", "stacks-v2"]), 2, "--out");
    assert_one_line(
        &replay(&["--store", st, "export", "stacks-v2", "--out", o, "--against", o]),
        2,
        "--check",
    );
    assert_one_line(&replay(&["--store", st, "--check"]), 2, "--check needs a FILE");
    let missing = tmp.path().join("no-store");
    assert_one_line(&replay(&["--store", s(&missing), "export", "stacks-v2", "--check"]), 2, "no-store");
    assert!(!out_dir.exists(), "no OUTDIR after a refused export");
    assert!(leftovers(tmp.path()).is_empty());
}

#[test]
fn against_lists_every_planted_difference() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vest");
    let blocks = dir.join("blocks");
    let params = generate("stacks_vest_many", &blocks);
    let params_file = dir.join("params.json");
    std::fs::write(&params_file, serde_json::to_vec(&params.to_params_file().unwrap()).unwrap()).unwrap();
    let store = tmp.path().join("store");
    make_store(&blocks, &store, Some(&params_file), None);
    // The sample's namespaces and names, planted into the vesting chain's export below.
    let sample_store = tmp.path().join("sample");
    make_store(&sample_blocks(), &sample_store, None, None);
    let st = s(&store);
    let ours = tmp.path().join("ours");
    assert!(replay(&["--store", st, "export", "stacks-v2", "--out", s(&ours)]).status.success());
    let sample_out = tmp.path().join("sample-out");
    assert!(replay(&["--store", s(&sample_store), "export", "stacks-v2", "--out", s(&sample_out)])
        .status
        .success());

    // Unchanged: identical, exit 0.
    let out = replay(&["--store", st, "export", "stacks-v2", "--check", "--against", s(&ours)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("result: identical\n"));

    let text = std::fs::read_to_string(ours.join("chainstate.txt")).unwrap();
    let balances: Vec<&str> = section(&text, "STX BALANCES");
    let vesting: Vec<&str> = section(&text, "STX VESTING");
    assert!(balances.len() > 3 && vesting.len() > 3, "the vesting chain has balances and vesting rows");
    // Theirs: one balance changed, one balance row gone, one vesting row value changed,
    // one vesting row added.
    let (b0, b1) = (balances[0], balances[1]);
    let (b0_addr, _) = b0.split_once(',').unwrap();
    let changed_balance = format!("{b0_addr},1");
    let (v0_addr, v0_rest) = vesting[0].split_once(',').unwrap();
    let (_, v0_blocks) = v0_rest.split_once(',').unwrap();
    let changed_vesting = format!("{v0_addr},999,{v0_blocks}");
    let mut theirs = text
        .replacen(&format!("\n{b0}\n"), &format!("\n{changed_balance}\n"), 1)
        .replacen(&format!("\n{b1}\n"), "\n", 1)
        .replacen(&format!("\n{}\n", vesting[0]), &format!("\n{changed_vesting}\n"), 1)
        .replacen("-----END STX VESTING-----", "zz-planted,5,77777\n-----END STX VESTING-----", 1);
    // Namespaces and names from the sample's export: ours has none, so every row is
    // missing from ours; then change one owner and one namespace so they also differ.
    let sample_text = std::fs::read_to_string(sample_out.join("chainstate.txt")).unwrap();
    let namespaces: Vec<&str> = section(&sample_text, "NAMESPACES");
    let names: Vec<&str> = section(&sample_text, "NAMES");
    assert_eq!((namespaces.len(), names.len()), (3, 336));
    theirs = theirs
        .replacen("-----END NAMESPACES-----", &format!("{}\n-----END NAMESPACES-----", namespaces[0]), 1)
        .replacen("-----END NAMES-----", &format!("{}\n{}\n-----END NAMES-----", names[0], names[1]), 1);
    let their_dir = tmp.path().join("theirs");
    std::fs::create_dir(&their_dir).unwrap();
    std::fs::write(their_dir.join("chainstate.txt"), &theirs).unwrap();
    std::fs::write(their_dir.join("name_zonefiles.txt"), "0123456789012345678901234567890123456789\nzone\n")
        .unwrap();

    let out =
        replay(&["--store", st, "export", "stacks-v2", "--check", "--against", s(&their_dir), "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let differences = report["against"]["differences"].as_array().unwrap();
    let got: Vec<(String, String, String)> = differences
        .iter()
        .map(|d| {
            (
                d["section"].as_str().unwrap().to_string(),
                d["key"].as_str().unwrap().to_string(),
                d["kind"]["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let key = |row: &str| row.split(',').next().unwrap().to_string();
    let t = |a: &str, b: String, c: &str| (a.to_string(), b, c.to_string());
    let v0_key = format!("{v0_addr}@{v0_blocks}");
    let expected = vec![
        t("Namespaces", key(namespaces[0]), "only_theirs"),
        t("Names", key(names[0]), "only_theirs"),
        t("Names", key(names[1]), "only_theirs"),
        t("Balances", key(b0), "differs"),
        t("Balances", key(b1), "only_ours"),
        t("Vesting", v0_key.clone(), "differs"),
        t("Vesting", "zz-planted@77777".to_string(), "only_theirs"),
        t("Zonefiles", "0123456789012345678901234567890123456789".to_string(), "only_theirs"),
    ];
    let mut sorted_expected = expected.clone();
    sorted_expected.sort();
    let mut sorted_got = got.clone();
    sorted_got.sort();
    assert_eq!(sorted_got, sorted_expected);
    // The columns that differ are named, with both values.
    let balance = differences.iter().find(|d| d["key"] == key(b0).as_str()).unwrap();
    assert_eq!(balance["kind"]["columns"][0]["column"], "balance");
    assert_eq!(balance["kind"]["columns"][0]["theirs"], "1");

    // The human form: one line per difference, then the count; exit 1.
    let out = replay(&["--store", st, "export", "stacks-v2", "--check", "--against", s(&their_dir)]);
    assert_eq!(out.status.code(), Some(1));
    let text_out = String::from_utf8_lossy(&out.stdout);
    assert!(text_out.contains(&format!("STX BALANCES {}: balance", key(b0))), "{text_out}");
    assert!(text_out.contains(&format!("NAMES {}: missing from ours: {}", key(names[0]), names[0])));
    assert!(text_out.ends_with(&format!("result: {} differing rows\n", expected.len())));

    // A changed owner and a changed namespace curve: ours is theirs here (the sample).
    let sample_theirs = tmp.path().join("sample-theirs");
    std::fs::create_dir(&sample_theirs).unwrap();
    let (n_name, n_rest) = names[5].split_once(',').unwrap();
    let (_, n_hash) = n_rest.split_once(',').unwrap();
    let other_owner = "ST2J6ZY48GV1EZ5V2V5RB9MP66SW86PYKKQYAC0RQ";
    let ns_fields: Vec<&str> = namespaces[1].split(',').collect();
    let mut ns_changed = ns_fields.clone();
    ns_changed[4] = "1";
    let planted = sample_text
        .replacen(&format!("\n{}\n", names[5]), &format!("\n{n_name},{other_owner},{n_hash}\n"), 1)
        .replacen(&format!("\n{}\n", namespaces[1]), &format!("\n{}\n", ns_changed.join(",")), 1);
    std::fs::write(sample_theirs.join("chainstate.txt"), planted).unwrap();
    let out = replay(&[
        "--store",
        s(&sample_store),
        "export",
        "stacks-v2",
        "--check",
        "--against",
        s(&sample_theirs),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(
        lines[1],
        format!("NAMESPACES {}: coeff {} (ours) vs 1 (theirs);", ns_fields[0], ns_fields[4])
    );
    let ours_owner = names[5].split(',').nth(1).unwrap();
    assert_eq!(lines[2], format!("NAMES {n_name}: address {ours_owner} (ours) vs {other_owner} (theirs);"));

    // Not an export at all: bad input.
    std::fs::write(sample_theirs.join("chainstate.txt"), "hello\n").unwrap();
    let out = replay(&[
        "--store",
        s(&sample_store),
        "export",
        "stacks-v2",
        "--check",
        "--against",
        s(&sample_theirs),
    ]);
    assert_one_line(&out, 2, "chainstate.txt");
}

/// The rows of one section of a chainstate.txt.
fn section<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
    let begin = format!("-----BEGIN {marker}-----\n");
    let start = text.find(&begin).unwrap() + begin.len();
    let end = text[start..].find(&format!("-----END {marker}-----")).unwrap() + start;
    text[start..end].lines().skip(1).collect()
}

/// Every migration status, from the sample chain and golden scenarios cut at a height
/// (a name in its grace period, an expired name, an expired reveal, a name of a
/// revealed-but-not-ready namespace): the CLI's JSON is the library's answer, and the
/// API's route gives the same.
#[test]
fn migration_answers_each_status_as_the_library_and_the_api() {
    let tmp = tempfile::tempdir().unwrap();
    let mut seen: std::collections::BTreeSet<String> = Default::default();
    let sample = tmp.path().join("sample");
    make_store(&sample_blocks(), &sample, None, None);
    seen.extend(migration_statuses_match(&sample));
    for (name, end) in [
        ("name_pre_reg_expire", None),
        ("name_pre_reg_grace_expire", Some(698)),
        ("namespace_preorder_reveal_import_expire", None),
        ("namespace_preorder_reveal_import_ready", Some(691)),
    ] {
        let dir = tmp.path().join(name);
        let blocks = dir.join("blocks");
        let params = generate(name, &blocks);
        let params_file = dir.join("params.json");
        std::fs::write(&params_file, serde_json::to_vec(&params.to_params_file().unwrap()).unwrap()).unwrap();
        let store = dir.join("store");
        make_store(&blocks, &store, Some(&params_file), end);
        seen.extend(migration_statuses_match(&store));
    }
    println!("migration statuses answered: {seen:?}");
    for needed in [
        "exported",
        "exported_namespace_not_ready",
        "expired",
        "grace_period",
        "revoked",
        "namespace_reveal_expired",
    ] {
        assert!(seen.contains(needed), "a name {needed}: {seen:?}");
    }
    // Never registered: exit 1 (and 404 from the API); malformed: exit 2 (400).
    let model = bns_api::StoreModel::open(&sample).unwrap();
    let out = replay(&["--store", s(&sample), "name", "never-there.id", "--migration"]);
    assert_one_line(&out, 1, "name never-there.id: no such name was registered or imported by block 815");
    assert_eq!(bns_api::handle(&model, "GET", b"/x/v1/names/never-there.id/migration").status, 404);
    assert_one_line(
        &replay(&["--store", s(&sample), "name", "Bad Name", "--migration"]),
        2,
        "not a valid name",
    );
    assert_eq!(bns_api::handle(&model, "GET", b"/x/v1/names/BAD/migration").status, 400);
}

/// For one name of each status in the store: CLI = library = API. Returns the statuses.
fn migration_statuses_match(store_dir: &Path) -> Vec<String> {
    let (params, state) = store_state(store_dir);
    let mut by_kind: std::collections::BTreeMap<String, String> = Default::default();
    for name in state.names.keys() {
        let status = bns_export::migration::migration_status(&params, &state, state.last_block, name);
        let kind = match &status {
            MigrationStatus::Exported { namespace_exported: true, .. } => "exported".to_string(),
            MigrationStatus::Exported { .. } => "exported_namespace_not_ready".to_string(),
            MigrationStatus::NotExported { reason, .. } => {
                serde_json::to_value(reason).unwrap()["reason"].as_str().unwrap().to_string()
            }
        };
        by_kind.entry(kind).or_insert_with(|| name.clone());
    }
    // One LMDB environment per process and directory: the model also reads the history.
    let model = bns_api::StoreModel::open(store_dir).unwrap();
    for (kind, name) in &by_kind {
        let out = replay(&["--store", s(store_dir), "name", name, "--migration"]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        // The library's answer, with the revoke's block from the name's history.
        let rec = state.names.get(name);
        let ns = rec.and_then(|r| state.namespaces.get(&r.namespace_id));
        let history = bns_api::ReadModel::history(&model, name).unwrap();
        let revoke = history.iter().rev().find(|r| r.op == "~").map(|r| r.block_id);
        let lib = bns_export::migration::answer(&params, state.last_block, name, rec, ns, revoke);
        assert_eq!(cli, serde_json::to_value(&lib).unwrap(), "{kind} {name}");
        let explanation = cli["explanation"].as_str().unwrap();
        match &lib.status {
            MigrationStatus::Exported { owner_c32, .. } => {
                assert!(explanation
                    .contains(&format!("was exported at {} with owner {owner_c32}", state.last_block)))
            }
            MigrationStatus::NotExported { reason, .. } => match reason {
                NotExportedReason::Revoked { at, .. } => {
                    assert!(revoke.is_some() && *at == revoke, "the revoke's block from the history");
                    assert!(explanation.contains(&format!("revoked at block {}", revoke.unwrap())));
                }
                NotExportedReason::Expired { expire_block, .. } => {
                    assert!(explanation.contains(&format!("expired at block {expire_block}")))
                }
                NotExportedReason::GracePeriod { renewal_deadline, .. } => {
                    assert!(explanation
                        .contains(&format!("grace period (renewable until block {renewal_deadline})")))
                }
                _ => {}
            },
        }
        // The API's own route gives the same JSON.
        let reply = bns_api::handle(&model, "GET", format!("/x/v1/names/{name}/migration").as_bytes());
        assert_eq!(reply.status, 200, "{name}");
        let api: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(api, cli, "{name}");
    }
    by_kind.into_keys().collect()
}

#[test]
fn existing_outdir_is_kept_unless_forced_and_failures_leave_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    make_store(&sample_blocks(), &store, None, None);
    let st = s(&store);
    let out_dir = tmp.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    std::fs::write(out_dir.join("keep.txt"), "mine").unwrap();
    assert_one_line(&replay(&["--store", st, "export", "stacks-v2", "--out", s(&out_dir)]), 2, "--force");
    assert_eq!(std::fs::read_to_string(out_dir.join("keep.txt")).unwrap(), "mine");
    // --force replaces the directory as a whole.
    let out = replay(&["--store", st, "export", "stacks-v2", "--out", s(&out_dir), "--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!out_dir.join("keep.txt").exists());
    assert_eq!(read_files(&out_dir).len(), 4);
    // An empty existing directory is used without --force.
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(replay(&["--store", st, "export", "stacks-v2", "--out", s(&empty)]).status.success());
    assert_eq!(read_files(&empty), read_files(&out_dir));
    // A parent that is a file: I/O failure (exit 3), nothing created.
    let file = tmp.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let under_file = file.join("out");
    assert_one_line(&replay(&["--store", st, "export", "stacks-v2", "--out", s(&under_file)]), 3, "cannot");
    assert_one_line(
        &replay(&["--store", st, "export", "stacks-v2", "--out", s(&file)]),
        2,
        "is not a directory",
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
    assert!(leftovers(tmp.path()).is_empty());
}

/// SIGINT at any moment: the export either finished (four complete files) or left no
/// OUTDIR, and never a temporary directory.
#[test]
fn interrupted_export_leaves_all_or_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let store = tmp.path().join("store");
    make_store(&sample_blocks(), &store, None, None);
    let (params, state) = store_state(&store);
    let expected = bns_export::export_stacks_v2(&params, &state, 815, &bns_export::NoZonefiles).unwrap();
    let (mut finished, mut interrupted) = (0, 0);
    for (i, delay_ms) in [0u64, 2, 5, 10, 20, 40, 80].iter().enumerate() {
        let out_dir = tmp.path().join(format!("out-{i}"));
        let child = Command::new(BIN)
            .args(["--store", s(&store), "export", "stacks-v2", "--out", s(&out_dir)])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(*delay_ms));
        let pid = child.id().to_string();
        let _ = Command::new("kill").args(["-INT", &pid]).status();
        let out = child.wait_with_output().unwrap();
        if out_dir.exists() {
            finished += 1;
            let files: Vec<(String, Vec<u8>)> =
                expected.files().iter().map(|(n, b)| (n.to_string(), b.to_vec())).collect();
            assert_eq!(read_files(&out_dir), files, "a complete export");
        } else {
            interrupted += 1;
            let code = out.status.code();
            assert!(code == Some(130) || code.is_none(), "exit {code:?}: {}", stderr(&out));
        }
        assert!(leftovers(tmp.path()).is_empty(), "no temporary directory after delay {delay_ms} ms");
    }
    println!("finished {finished}, interrupted {interrupted}");
}
