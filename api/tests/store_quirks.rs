//! Reference quirks found by `scripts/api-vs-oracle.sh` through `replay serve` (the
//! store-backed model) and fixed, each pinned here on the golden scenario that showed
//! it. Expected answers are the reference's own, recorded by `../shared/oracle/run.sh
//! --api-answers` (with `--zonefiles`: the zone files of the scenario, a node with Atlas
//! on) on the chain this test builds (bns-vectors, seed 1).
//!
//! * A name imported into a namespace reveal that expired makes the reference's
//!   back-plane raise: `/v1/names/{n}` answers 500 with the "Blockstack daemon error: "
//!   prefix, but `/v1/names/{n}/zonefile` passes the back-plane's error on unprefixed
//!   (we used to prefix both).
//! * With zone files stored, the node is one with Atlas on: `/zonefile` serves the text,
//!   `raw=1` the bytes; a zone file the reference's parser refuses ("b zone") is a 200
//!   "Non-standard zone file.  Try passing raw=1 …" and an empty 204 on the by-hash
//!   route; missing files are 404s with the Atlas wording, not Atlas-off's 400 "No data"
//!   (the store model used to serve no zone file at all).

use bns_api::handle;
use bns_api::store_model::StoreModel;
use bns_blockfile::{ChainNetwork, WriterOptions};
use bns_replay::engine_adapter::EngineProcessor;
use bns_replay::replay::{run, ReplayOptions, Silent};
use bns_replay::source::BlockSource;
use bns_store::{Identity, LmdbStore};
use bns_vectors::consensus_source::EngineSource;
use bns_vectors::generator::GenOptions;
use bns_vectors::layout::LayoutOptions;
use bns_vectors::scenario::Scenario;
use serde_json::{json, Value};
use std::path::Path;

fn zonefile_texts(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("zonefile", Value::String(s)) => out.push(s.clone()),
                    _ => zonefile_texts(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| zonefile_texts(x, out)),
        _ => {}
    }
}

/// The scenario's chain replayed into an LMDB store, its zone files imported (as
/// `replay zonefiles import` does) when `zonefiles`.
fn store_of(scenario: &str, zonefiles: bool, tmp: &Path) -> StoreModel {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vectors/scenarios");
    let path = [dir.join(format!("{scenario}.json")), dir.join(format!("examples/{scenario}.json"))]
        .into_iter()
        .find(|p| p.is_file())
        .expect("scenario file");
    let s = Scenario::load(&path).expect("scenario loads");
    let mut bns = bns_vectors::scenario_params(&s, &dir).expect("params resolve");
    let wallets = bns_vectors::wallets::build_wallets(&s.wallets, &bns.params).expect("wallets build");
    bns.params.genesis_rows = bns_vectors::wallets::genesis_rows(&wallets);
    let params = bns.params.clone();
    let opts = GenOptions { seed: 1, network: ChainNetwork::Regtest, stale_forks: 0, truncate_tail: false };
    let mut chain =
        bns_vectors::generate(&s, bns, opts, &mut EngineSource::new(params.clone())).expect("generates");
    let blocks = tmp.join("blocks");
    std::fs::create_dir(&blocks).unwrap();
    let writer = WriterOptions {
        magic: ChainNetwork::Regtest.magic(),
        max_file_size: 128 << 20,
        xor_key: None,
        padding_chunk: None,
    };
    bns_vectors::layout::write_chain(&mut chain, &blocks, writer, &LayoutOptions::default(), 1).unwrap();
    let store_dir = tmp.join("store");
    {
        let identity = Identity::of_params(&params, "regtest", "test").unwrap();
        let mut store = LmdbStore::open_writer(&store_dir, &identity).unwrap();
        let mut source = BlockSource::open(&blocks, None).unwrap();
        let options = ReplayOptions { confirmations: 0, ..ReplayOptions::default() };
        run(
            &mut source,
            &mut EngineProcessor::new(params),
            &mut store,
            &options,
            &mut std::io::sink(),
            None,
            &Silent,
        )
        .expect("replay succeeds");
    }
    if zonefiles {
        let mut texts = Vec::new();
        zonefile_texts(&serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap(), &mut texts);
        let mut file = String::new();
        for t in texts.iter().filter(|t| !t.is_empty()) {
            let h = hex::encode(bns_engine::hashes::hash160(t.as_bytes()));
            file.push_str(&format!("{h}\n{}\n", t.replace('\n', "\\n")));
        }
        let zf = tmp.join("name_zonefiles.txt");
        std::fs::write(&zf, file).unwrap();
        let report = bns_replay::zonefiles_cmd::import(&store_dir, &[zf]).expect("import");
        assert!(report.imported > 0, "{report:?}");
    }
    StoreModel::open(&store_dir).expect("serving opens the store")
}

fn get(model: &StoreModel, path: &str) -> (u16, &'static str, Value, Vec<u8>) {
    let r = handle(model, "GET", path.as_bytes());
    let json = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
    (r.status, r.content_type, json, r.body.to_vec())
}

const EXCEPTION: &str = "Blockstack Core encountered an exception. See `traceback` for details";

#[test]
fn expired_reveal_crash_prefix_differs_by_route() {
    let tmp = tempfile::tempdir().unwrap();
    let model = store_of("namespace_preorder_reveal_import_expire", false, tmp.path());
    for name in ["foo.test", "bar.test", "baz.test"] {
        let (status, _, body, _) = get(&model, &format!("/v1/names/{name}"));
        assert_eq!((status, body), (500, json!({"error": format!("Blockstack daemon error: {EXCEPTION}")})));
        let (status, _, body, _) = get(&model, &format!("/v1/names/{name}/zonefile"));
        assert_eq!((status, body), (500, json!({"error": EXCEPTION})), "{name}");
        let (status, _, body, _) = get(&model, &format!("/v1/blockchains/bitcoin/names/{name}"));
        assert_eq!((status, body), (500, json!({"error": EXCEPTION})), "{name}");
    }
}

#[test]
fn stored_zone_files_answer_as_atlas_on() {
    let tmp = tempfile::tempdir().unwrap();
    let model = store_of("genesis_window_basics", true, tmp.path());
    let text = "$ORIGIN foo.test\n$TTL 3600\n";
    let h = "2d32dd052641b58607e51f99c710abbae71cb680";
    assert_eq!(get(&model, "/v1/names/foo.test/zonefile").2, json!({"zonefile": text}));
    assert_eq!(get(&model, "/v1/names/foo.test").2["zonefile"], json!(text));
    assert_eq!(
        get(&model, "/v1/blockchains/bitcoin/names/foo.test").2["zonefile"],
        json!("JE9SSUdJTiBmb28udGVzdAokVFRMIDM2MDAK")
    );
    for path in [format!("/v1/zonefiles/{h}"), "/v1/names/foo.test/zonefile?raw=true".into()] {
        let (status, ctype, _, body) = get(&model, &path);
        assert_eq!(
            (status, ctype, body.as_slice()),
            (200, "application/octet-stream", text.as_bytes()),
            "{path}"
        );
    }
    let (status, _, body, _) = get(&model, "/v1/zonefiles/0123456789abcdef0123456789abcdef01234567");
    assert_eq!(
        (status, body),
        (404, json!({"error": "Blockstack node does not have this zonefile.  Try again later."}))
    );
    let (status, _, body, _) = get(&model, &format!("/v1/zonefiles/{}", h.to_uppercase()));
    assert_eq!(status, 404, "{body}");
    let (status, _, body, _) = get(&model, &format!("/v1/names/foo.test/zonefile/{}", h.to_uppercase()));
    assert_eq!((status, body), (404, json!({"error": "No such zonefile"})));
    assert_eq!(get(&model, "/v1/names/bar.test/zonefile").2, json!({"error": "No zone file for name"}));
}

#[test]
fn non_standard_and_missing_zone_files() {
    let tmp = tempfile::tempdir().unwrap();
    let model = store_of("epoch3_import_pay2ns_lifecycle", true, tmp.path());
    let (status, _, body, _) = get(&model, "/v1/names/b.imp/zonefile");
    assert_eq!(
        (status, body),
        (200, json!({"error": "Non-standard zone file.  Try passing raw=1 to get the raw zone file."}))
    );
    let h = "6504125aa2fdb32a3259dd982f8c1aa1a9c15c71";
    let (status, ctype, _, body) = get(&model, &format!("/v1/names/b.imp/zonefile/{h}"));
    assert_eq!((status, ctype, body.len()), (204, "application/json", 0));
    let (status, _, _, body) = get(&model, &format!("/v1/names/b.imp/zonefile/{h}?raw=1"));
    assert_eq!((status, body.as_slice()), (200, &b"b zone"[..]));
    // c.imp's history set this hash; no zone file of it is stored.
    let (status, _, body, _) =
        get(&model, "/v1/names/c.imp/zonefile/3333333333333333333333333333333333333333");
    assert_eq!(
        (status, body),
        (404, json!({"error": "Blockstack does not have this zonefile.  Try again later."}))
    );
}
