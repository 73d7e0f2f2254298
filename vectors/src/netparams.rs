//! Two kinds of network parameters: the Bitcoin network the block files pretend to
//! come from (magic, genesis block, subsidy schedule), and the BNS parameter set a
//! scenario names (`params.base` + the reference's `TEST ENV` overrides), plus the
//! oracle-style params file chaingen can write for it.

use bns_engine::params::{GenesisRow, Network, Params};
use bns_engine::params_file::{ParamsFile, ParamsFileError};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

pub use bns_blockfile::ChainNetwork;

/// Former name of [`ChainNetwork`], kept for callers outside this crate (snapshots'
/// tests); use `bns_blockfile::ChainNetwork`.
#[doc(hidden)]
pub use bns_blockfile::ChainNetwork as BtcNetwork;

/// What chaingen's synthetic chains take from the network besides its magic and
/// genesis block (bns-blockfile's `ChainNetwork` has those).
pub trait ChainShape: Copy {
    /// Block subsidy in satoshis (regtest halves every 150 blocks, the others every
    /// 210,000: Bitcoin Core's `nSubsidyHalvingInterval`).
    fn subsidy(self, height: u32) -> u64;
    /// The easiest target a header may claim: regtest's `0x207fffff`. Used for every
    /// network (the files are synthetic; each header meets its own nBits).
    fn bits(self) -> u32;
}

impl ChainShape for ChainNetwork {
    fn subsidy(self, height: u32) -> u64 {
        let interval = if self == ChainNetwork::Regtest { 150 } else { 210_000 };
        let halvings = height / interval;
        if halvings >= 64 {
            0
        } else {
            (50 * 100_000_000u64) >> halvings
        }
    }

    fn bits(self) -> u32 {
        0x207f_ffff
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ParamsError {
    #[error("unknown params base {0:?} (expected \"regtest\", \"regtest-itest\" or a params JSON file)")]
    UnknownBase(String),
    #[error("cannot read params file {path}")]
    File {
        path: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("params {name}")]
    Interpret {
        name: String,
        #[source]
        source: ParamsFileError,
    },
}

/// The env entries of the oracle's `params/regtest.json` (oracle PARAMS.md §1).
pub const REGTEST_BASE_ENV: [(&str, &str); 15] = [
    ("BLOCKSTACK_EPOCH_1_END_BLOCK", "750"),
    ("BLOCKSTACK_EPOCH_2_END_BLOCK", "800"),
    ("BLOCKSTACK_EPOCH_3_END_BLOCK", "850"),
    ("BLOCKSTACK_EPOCH_3_NAMESPACE_LIFETIME_GRACE_PERIOD", "10"),
    ("BLOCKSTACK_EPOCH_3_NAMESPACE_RECEIVE_FEES_PERIOD", "50"),
    ("BLOCKSTACK_EPOCH_4_END_BLOCK", "900"),
    ("BLOCKSTACK_EPOCH_4_NAMESPACE_LIFETIME_GRACE_PERIOD", "10"),
    ("BLOCKSTACK_EPOCH_4_NAMESPACE_RECEIVE_FEES_PERIOD", "50"),
    ("BLOCKSTACK_EPOCH_5_END_BLOCK", "950"),
    ("BLOCKSTACK_EPOCH_5_NAMESPACE_LIFETIME_GRACE_PERIOD", "10"),
    ("BLOCKSTACK_EPOCH_5_NAMESPACE_RECEIVE_FEES_PERIOD", "50"),
    ("BLOCKSTACK_EPOCH_6_NAMESPACE_LIFETIME_GRACE_PERIOD", "10"),
    ("BLOCKSTACK_EPOCH_6_NAMESPACE_RECEIVE_FEES_PERIOD", "50"),
    ("BLOCKSTACK_TEST", "1"),
    ("BLOCKSTACK_TESTNET", "1"),
];

/// TEST ENV entries of the reference's integration-test harness (testlib.py) that the
/// reference itself does not interpret, or that have no consensus effect: passed on to
/// the oracle's params file, not given to the params interpreter.
pub const HARNESS_ONLY_ENV: [&str; 2] = ["BLOCKSTACK_DB_SAVE_REJECTED", "BLOCKSTACK_TEST_AMOUNT_PER_WALLET"];

fn env_map(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
    entries.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// The params file of a built-in base: `regtest` (the oracle's `params/regtest.json`,
/// PARAMS.md §1, with its six wallets) or `regtest-itest` (the reference
/// integration-test baseline, PARAMS.md §2: test mode, FIRST 688, mainnet epoch table
/// with the test-mode 41 BTC one-letter namespace, no genesis rows).
pub fn base_params_file(base: &str) -> Option<ParamsFile> {
    let regtest = Params::regtest();
    let (name, env, rows) = match base {
        "regtest" => (regtest.name.clone(), env_map(&REGTEST_BASE_ENV), regtest.genesis_rows.clone()),
        "regtest-itest" => (
            "regtest-itest".to_string(),
            env_map(&[("BLOCKSTACK_TEST", "1"), ("BLOCKSTACK_TESTNET", "1")]),
            Vec::new(),
        ),
        _ => return None,
    };
    Some(ParamsFile {
        name,
        network: Network::Regtest,
        first_block: regtest.first_block,
        freeze_height: regtest.freeze_height,
        env,
        genesis_rows: Some(rows),
    })
}

/// A resolved BNS parameter set: the `Params` the generator uses and the env map an
/// oracle params file needs.
#[derive(Clone, Debug)]
pub struct BnsParams {
    pub params: Params,
    pub env: BTreeMap<String, String>,
    pub network_name: String,
}

/// Resolve `params.base` (+ `env`, `first_block`); relative paths are taken from `dir`.
/// The base becomes a params file, the scenario's env is added to it, and
/// `bns_engine::params_file` (the one interpreter of params files) turns it into
/// `Params`.
pub fn resolve(
    base: &str,
    env: &BTreeMap<String, String>,
    first_block: Option<u32>,
    dir: &Path,
) -> Result<BnsParams, ParamsError> {
    let mut file = match base_params_file(base) {
        Some(file) => file,
        None if base.ends_with(".json") || Path::new(base).is_absolute() => {
            read_params_file(&dir.join(base))?
        }
        None => return Err(ParamsError::UnknownBase(base.to_string())),
    };
    file.env.extend(env.iter().map(|(k, v)| (k.clone(), v.clone())));
    if let Some(first) = first_block {
        file.first_block = first;
    }
    let params = interpret(&file)?;
    let network_name = network_name(file.network).to_string();
    Ok(BnsParams { params, env: file.env, network_name })
}

/// `Params` of a params file through `bns_engine::params_file`, leaving out the
/// harness-only env entries ([`HARNESS_ONLY_ENV`]).
pub fn interpret(file: &ParamsFile) -> Result<Params, ParamsError> {
    let mut consensus = file.clone();
    consensus.env.retain(|k, _| !HARNESS_ONLY_ENV.contains(&k.as_str()));
    Params::from_params_file(&consensus)
        .map_err(|source| ParamsError::Interpret { name: file.name.clone(), source })
}

/// Read an oracle-style params file (its shape is `bns_engine::params_file::ParamsFile`).
pub fn read_params_file(path: &Path) -> Result<ParamsFile, ParamsError> {
    let file_err = |source: Box<dyn std::error::Error + Send + Sync>| ParamsError::File {
        path: path.display().to_string(),
        source,
    };
    let text = bns_blockfile::input::read_regular_text(path, 64 << 20).map_err(|e| file_err(Box::new(e)))?;
    serde_json::from_str(&text).map_err(|e| file_err(Box::new(e)))
}

/// The oracle's spelling of a params file's network.
pub fn network_name(network: Network) -> &'static str {
    match network {
        Network::Mainnet => "mainnet",
        Network::Testnet => "testnet",
        Network::Regtest => "regtest",
    }
}

/// An oracle params file (oracle PARAMS.md, "A parameter set is a JSON file") for a
/// scenario: its name, FIRST, the merged env and the genesis rows.
pub fn oracle_params_json(bns: &BnsParams, rows: &[GenesisRow]) -> serde_json::Value {
    json!({
        "name": bns.params.name,
        "network": bns.network_name,
        "first_block": bns.params.first_block,
        "freeze_height": bns.params.freeze_height,
        "env": bns.env,
        "genesis_rows": rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_overrides_epoch_ends() {
        let mut env = BTreeMap::new();
        env.insert("BLOCKSTACK_EPOCH_1_END_BLOCK".to_string(), "682".to_string());
        let resolved = resolve("regtest-itest", &env, None, Path::new(".")).unwrap();
        assert_eq!(resolved.params.epoch_number_at(683), 2);
        assert_eq!(resolved.params.epoch_number_at(682), 1);
    }

    #[test]
    fn regtest_base_equals_engine_regtest() {
        let resolved = resolve("regtest", &BTreeMap::new(), None, Path::new(".")).unwrap();
        assert_eq!(resolved.params, Params::regtest());
        assert_eq!(resolved.network_name, "regtest");
    }

    /// regtest-itest as chaingen defined it before the engine's interpreter built it
    /// (oracle PARAMS.md §2): engine regtest with the mainnet epoch table, the test-mode
    /// one-letter namespace price (41 BTC in epochs 1-2, 4.1 BTC after), no genesis rows.
    #[test]
    fn regtest_itest_base_is_the_integration_test_baseline() {
        let mut expected = Params::regtest();
        expected.name = "regtest-itest".to_string();
        expected.epochs = Params::mainnet().epochs;
        for (index, epoch) in expected.epochs.iter_mut().enumerate() {
            if let Some(table) = epoch.namespace_price_btc_sat.as_mut() {
                table[0] = if index < 2 { 4_100_000_000 } else { 410_000_000 };
            }
        }
        expected.genesis_rows = Vec::new();
        let resolved = resolve("regtest-itest", &BTreeMap::new(), None, Path::new(".")).unwrap();
        assert_eq!(resolved.params, expected);
    }

    #[test]
    fn harness_only_env_passes_through_unread_and_unknown_env_is_refused() {
        let mut env = BTreeMap::new();
        env.insert("BLOCKSTACK_TEST_AMOUNT_PER_WALLET".to_string(), "0".to_string());
        let resolved = resolve("regtest-itest", &env, Some(700), Path::new(".")).unwrap();
        assert_eq!(resolved.params.first_block, 700);
        assert_eq!(resolved.env.get("BLOCKSTACK_TEST_AMOUNT_PER_WALLET").map(String::as_str), Some("0"));
        env.insert("BLOCKSTACK_NO_SUCH_KNOB".to_string(), "1".to_string());
        let err = resolve("regtest-itest", &env, None, Path::new(".")).unwrap_err();
        assert!(matches!(err, ParamsError::Interpret { .. }), "{err}");
    }

    #[test]
    fn regtest_genesis_hash() {
        assert_eq!(
            ChainNetwork::Regtest.genesis_block().block_hash().to_string(),
            "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"
        );
    }
}
