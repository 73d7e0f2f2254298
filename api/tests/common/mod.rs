//! Shared test helpers: the sample chain (vectors/sample/blocks, regtest) replayed into
//! the in-memory model once per test binary.
#![allow(dead_code)]

use bns_api::{InMemoryModel, Reply};
use bns_blockfile::ChainNetwork;
use bns_engine::Params;
use bns_replay::source::BlockSource;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Replay a regtest blocks directory into a model.
pub fn replay_dir(dir: &Path, params: Params) -> InMemoryModel {
    let mut source = BlockSource::open(dir, Some(ChainNetwork::Regtest)).expect("open blocks");
    bns_replay::memory_model::replay_into_model(&mut source, params).expect("replay")
}

pub fn sample_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../vectors/sample/blocks")
}

/// The sample chain's model (built once).
pub fn sample() -> &'static InMemoryModel {
    static MODEL: OnceLock<InMemoryModel> = OnceLock::new();
    MODEL.get_or_init(|| replay_dir(&sample_dir(), Params::regtest()))
}

/// `replay --from vectors/sample/blocks --network regtest --store STORE --confirmations 0
/// [--end END]`, through the CLI's library entry (resumes a store already there).
pub fn replay_into(store: &Path, end: Option<u32>) {
    use clap::Parser as _;
    let mut argv = vec![
        "replay".to_string(),
        "--from".into(),
        sample_dir().display().to_string(),
        "--network".into(),
        "regtest".into(),
        "--store".into(),
        store.display().to_string(),
        "--confirmations".into(),
        "0".into(),
        "--quiet".into(),
    ];
    if let Some(end) = end {
        argv.push("--end".into());
        argv.push(end.to_string());
    }
    let args = bns_replay::cli::Args::try_parse_from(argv).expect("args");
    bns_replay::cli::execute(&args).expect("replay");
}

pub fn get(path: &str) -> Reply {
    bns_api::handle(sample(), "GET", path.as_bytes())
}

/// GET and parse the JSON body; asserts the status and the JSON content type.
pub fn get_json(path: &str, status: u16) -> serde_json::Value {
    let r = get(path);
    assert_eq!(r.status, status, "{path}: body {}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.content_type, "application/json", "{path}");
    serde_json::from_slice(&r.body).expect("JSON body")
}

/// Assert `{"error": msg}` with this status.
pub fn assert_error(path: &str, status: u16, msg: &str) {
    assert_eq!(get_json(path, status), serde_json::json!({ "error": msg }), "{path}");
}
