//! The golden scenarios (vectors/scenarios/NAME.json, ported reference integration
//! tests) through `replay`: each chain is generated with bns-vectors exactly as
//! `vectors/tests/golden_scenarios.rs` builds it (seed 1, the engine supplying the
//! consensus hashes the ops cite), written as blk files — plainly, and messily (xor.dat,
//! out-of-order storage, zero padding) — and replayed with the BNS engine; the lines
//! must equal NAME.oracle.txt, which the reference oracle printed for that chain
//! (vectors/scenarios/run-oracle.sh). `GOLDEN_SCENARIO=name` runs one.

use bns_blockfile::ChainNetwork;
use bns_blockfile::WriterOptions;
use bns_engine::Params;
use bns_replay::engine_adapter::EngineProcessor;
use bns_replay::replay::{run, ReplayOptions, Silent};
use bns_replay::source::BlockSource;
use bns_replay::store::MemStore;
use bns_vectors::consensus_source::EngineSource;
use bns_vectors::generator::GenOptions;
use bns_vectors::layout::LayoutOptions;
use bns_vectors::scenario::Scenario;
use std::path::{Path, PathBuf};

const SEED: u64 = 1;

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/scenarios")
}

/// The scenario's params with the STX genesis rows the oracle was given
/// (golden_scenarios.rs `engine_params`).
fn params(s: &Scenario, dir: &Path) -> (bns_vectors::netparams::BnsParams, Params) {
    let mut bns = bns_vectors::scenario_params(s, dir).expect("params resolve");
    let wallets = bns_vectors::wallets::build_wallets(&s.wallets, &bns.params).expect("wallets build");
    if s.params.genesis_stx.as_deref() != Some("base") {
        bns.params.genesis_rows = bns_vectors::wallets::genesis_rows(&wallets);
    }
    let params = bns.params.clone();
    (bns, params)
}

fn replay_dir(dir: &Path, params: &Params) -> String {
    let mut source = BlockSource::open(dir, None).expect("block files open");
    let mut processor = EngineProcessor::new(params.clone());
    let mut out = Vec::new();
    let options = ReplayOptions { confirmations: 0, ..ReplayOptions::default() };
    run(&mut source, &mut processor, &mut MemStore::default(), &options, &mut out, None, &Silent)
        .expect("replay succeeds");
    String::from_utf8(out).expect("ASCII lines")
}

fn oracle_lines(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("oracle file reads");
    text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).map(|l| format!("{l}\n")).collect()
}

#[test]
fn golden_scenarios_replay_to_the_oracle_lines() {
    let only = std::env::var("GOLDEN_SCENARIO").ok();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("vectors/scenarios exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json") && p.with_extension("oracle.txt").is_file())
        .collect();
    paths.sort();
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in paths {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or("?").to_string();
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let s = Scenario::load(&path).expect("scenario loads");
        let (_, params) = params(&s, path.parent().unwrap_or(Path::new(".")));
        let expected = oracle_lines(&path.with_extension("oracle.txt"));
        for (layout, xor, window, padding) in [
            ("plain", None, None, None),
            ("messy", Some([0x3c, 0x11, 0x9a, 0x00, 0x5e, 0xf1, 0x07, 0x80]), Some(8), Some(1 << 20)),
        ] {
            let dir = tempfile::tempdir().unwrap();
            let writer = WriterOptions {
                magic: ChainNetwork::Regtest.magic(),
                max_file_size: 256 << 10,
                xor_key: xor,
                padding_chunk: padding,
            };
            let bns = params_of(&s, &path).0;
            let opts = GenOptions {
                seed: SEED,
                network: ChainNetwork::Regtest,
                stale_forks: 0,
                truncate_tail: false,
            };
            let mut chain = bns_vectors::generate(&s, bns, opts, &mut EngineSource::new(params.clone()))
                .expect("scenario generates");
            bns_vectors::layout::write_chain(
                &mut chain,
                dir.path(),
                writer,
                &LayoutOptions { out_of_order_window: window },
                SEED,
            )
            .expect("blocks written");
            let got = replay_dir(dir.path(), &params);
            if got != expected {
                let first = got.lines().zip(expected.lines()).find(|(a, b)| a != b);
                failures.push(format!(
                    "{name} ({layout}): {} vs {} lines; first difference {first:?}",
                    got.lines().count(),
                    expected.lines().count()
                ));
            }
        }
        checked += 1;
    }
    assert!(checked > 0 || only.is_some(), "no golden scenarios found");
    assert!(
        failures.is_empty(),
        "{} of {checked} scenario(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{checked} golden scenario(s) x 2 layouts equal their oracle lines");
}

fn params_of(s: &Scenario, path: &Path) -> (bns_vectors::netparams::BnsParams, Params) {
    params(s, path.parent().unwrap_or(Path::new(".")))
}

/// The binary end to end on a golden chain: `--params` from the scenario's oracle params
/// file, `--check` against NAME.oracle.txt, then the store queries: `name foo.test` owned
/// by wallet w3, `namespace test` ready, `owner` listing foo.test (name_pre_reg's
/// `expect` section).
#[test]
fn binary_replays_golden_chain_and_answers_queries() {
    let path = scenarios_dir().join("name_pre_reg.json");
    let s = Scenario::load(&path).expect("scenario loads");
    let (bns, params) = params_of(&s, &path);
    let rows = params.genesis_rows.clone();
    let oracle_params = bns_vectors::netparams::oracle_params_json(&bns, &rows);
    let wallets = bns_vectors::wallets::build_wallets(&s.wallets, &params).expect("wallets build");
    let opts =
        GenOptions { seed: SEED, network: ChainNetwork::Regtest, stale_forks: 0, truncate_tail: false };
    let mut chain = bns_vectors::generate(&s, bns, opts, &mut EngineSource::new(params.clone()))
        .expect("scenario generates");
    let tmp = tempfile::tempdir().unwrap();
    let blocks = tmp.path().join("blocks");
    std::fs::create_dir(&blocks).unwrap();
    let writer = WriterOptions {
        magic: ChainNetwork::Regtest.magic(),
        max_file_size: 128 << 20,
        xor_key: None,
        padding_chunk: None,
    };
    bns_vectors::layout::write_chain(&mut chain, &blocks, writer, &LayoutOptions::default(), SEED)
        .expect("blocks written");
    let params_file = tmp.path().join("params.json");
    std::fs::write(&params_file, serde_json::to_vec(&oracle_params).unwrap()).unwrap();
    let store = tmp.path().join("store");
    let bin = env!("CARGO_BIN_EXE_replay");
    let s_ = |p: &Path| p.to_str().unwrap().to_string();
    let out = std::process::Command::new(bin)
        .args([
            "--from",
            &s_(&blocks),
            "--store",
            &s_(&store),
            "--params",
            &s_(&params_file),
            "--confirmations",
            "0",
            "--quiet",
        ])
        .args(["--check", &s_(&path.with_extension("oracle.txt"))])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let query = |args: &[&str]| -> serde_json::Value {
        let out = std::process::Command::new(bin).args(["--store", &s_(&store)]).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let w3 = wallets
        .iter()
        .find(|w| w.name == "w3")
        .and_then(|w| w.address.clone())
        .expect("wallet w3 has an address");
    let name = query(&["name", "foo.test"]);
    assert!(name.to_string().contains(&w3), "{name}");
    let namespace = query(&["namespace", "test"]);
    assert!(!namespace.is_null(), "{namespace}");
    let owned = query(&["owner", &w3]);
    assert!(owned.to_string().contains("foo.test"), "{owned}");
    // Not found: exit 1 with a message (issue 13 item 12), no `null` on stdout.
    let missing = std::process::Command::new(bin)
        .args(["--store", &s_(&store), "name", "nobody.test"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(missing.stdout.is_empty());
}
