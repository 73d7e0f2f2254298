//! Two kinds of network parameters: the Bitcoin network the block files pretend to
//! come from (magic, genesis block, subsidy schedule), and the BNS parameter set a
//! scenario names (`params.base` + the reference's `TEST ENV` overrides), plus the
//! oracle-style params file chaingen can write for it.

use bns_engine::params::{GenesisRow, NamePriceScale, Params};
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
    #[error("cannot read params file {path}: {message}")]
    File { path: String, message: String },
    #[error("env {name}={value:?}: {message}")]
    Env { name: String, value: String, message: String },
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

/// The reference integration-test baseline (oracle PARAMS.md §2): test mode, FIRST 688,
/// mainnet epoch table with the test-mode 41 BTC one-letter namespace, no genesis rows.
pub fn regtest_itest() -> Params {
    let mut params = Params::regtest();
    params.name = "regtest-itest".to_string();
    params.epochs = Params::mainnet().epochs;
    for (index, epoch) in params.epochs.iter_mut().enumerate() {
        if let Some(table) = epoch.namespace_price_btc_sat.as_mut() {
            table[0] = if index < 2 { 4_100_000_000 } else { 410_000_000 };
        }
    }
    params.genesis_rows = Vec::new();
    params
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
pub fn resolve(
    base: &str,
    env: &BTreeMap<String, String>,
    first_block: Option<u32>,
    dir: &Path,
) -> Result<BnsParams, ParamsError> {
    let (mut params, mut merged_env, network_name) = match base {
        "regtest" => {
            let env = REGTEST_BASE_ENV.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
            (Params::regtest(), env, "regtest".to_string())
        }
        "regtest-itest" => {
            let env = [("BLOCKSTACK_TEST", "1"), ("BLOCKSTACK_TESTNET", "1")]
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            (regtest_itest(), env, "regtest".to_string())
        }
        path if path.ends_with(".json") => load_params_file(&dir.join(path))?,
        other => return Err(ParamsError::UnknownBase(other.to_string())),
    };
    for (name, value) in env {
        apply_env(&mut params, name, value)?;
        merged_env.insert(name.clone(), value.clone());
    }
    if let Some(first) = first_block {
        params.first_block = first;
    }
    Ok(BnsParams { params, env: merged_env, network_name })
}

fn load_params_file(path: &Path) -> Result<(Params, BTreeMap<String, String>, String), ParamsError> {
    let shown = path.display().to_string();
    let file_err = |message: String| ParamsError::File { path: shown.clone(), message };
    let text = std::fs::read_to_string(path).map_err(|e| file_err(e.to_string()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| file_err(e.to_string()))?;
    let network = value.get("network").and_then(|v| v.as_str()).unwrap_or("regtest").to_string();
    let mut params = if network == "mainnet" { Params::mainnet() } else { regtest_itest() };
    if let Some(name) = value.get("name").and_then(|v| v.as_str()) {
        params.name = name.to_string();
    }
    if let Some(first) = value.get("first_block").and_then(|v| v.as_u64()) {
        params.first_block = u32::try_from(first).map_err(|e| file_err(e.to_string()))?;
    }
    params.freeze_height =
        value.get("freeze_height").and_then(|v| v.as_u64()).and_then(|v| u32::try_from(v).ok());
    if let Some(rows) = value.get("genesis_rows").filter(|v| !v.is_null()) {
        params.genesis_rows = serde_json::from_value(rows.clone()).map_err(|e| file_err(e.to_string()))?;
    }
    let mut env = BTreeMap::new();
    if let Some(map) = value.get("env").and_then(|v| v.as_object()) {
        for (name, v) in map {
            let text = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
            apply_env(&mut params, name, &text)?;
            env.insert(name.clone(), text);
        }
    }
    Ok((params, env, network))
}

/// Apply one reference env override to `params` (oracle PARAMS.md §4). Variables that
/// do not affect how chaingen builds transactions are accepted and only passed through.
pub fn apply_env(params: &mut Params, name: &str, value: &str) -> Result<(), ParamsError> {
    let err = |message: &str| ParamsError::Env {
        name: name.to_string(),
        value: value.to_string(),
        message: message.to_string(),
    };
    let int = || value.trim().parse::<i64>().map_err(|_| err("expected an integer"));
    if let Some(rest) = name.strip_prefix("BLOCKSTACK_EPOCH_") {
        let (number, field) = rest.split_once('_').ok_or_else(|| err("malformed epoch variable"))?;
        let number: usize = number.parse().map_err(|_| err("malformed epoch number"))?;
        let epoch = params.epochs.get_mut(number.wrapping_sub(1)).ok_or_else(|| err("no such epoch"))?;
        match field {
            "END_BLOCK" => {
                let v = int()?;
                epoch.end_block =
                    if v < 0 { None } else { Some(u32::try_from(v).map_err(|_| err("out of range"))?) };
            }
            "NAMESPACE_LIFETIME_MULTIPLIER" => {
                epoch.lifetime_multiplier = u32::try_from(int()?).map_err(|_| err("out of range"))?
            }
            "NAMESPACE_LIFETIME_GRACE_PERIOD" => {
                epoch.grace_period = u32::try_from(int()?).map_err(|_| err("out of range"))?
            }
            "NAMESPACE_RECEIVE_FEES_PERIOD" => {
                epoch.receive_fees_period = u32::try_from(int()?).map_err(|_| err("out of range"))?
            }
            "PRICE_MULTIPLIER" => {
                let m: f64 = value.trim().parse().map_err(|_| err("expected a number"))?;
                epoch.name_price = NamePriceScale::Float { multiplier: m };
            }
            "PRICE_DIVISOR" => {
                let d: f64 = value.trim().parse().map_err(|_| err("expected a number"))?;
                if let NamePriceScale::IntDivision { btc_divisor, .. } = &mut epoch.name_price {
                    *btc_divisor = d as u64;
                }
            }
            _ => {}
        }
        return Ok(());
    }
    match name {
        "BLOCKSTACK_NAMESPACE_REVEAL_EXPIRE" => {
            params.namespace_reveal_expire = u32::try_from(int()?).map_err(|_| err("out of range"))?
        }
        "BLOCKSTACK_TEST_NAME_PREORDER_EXPIRE" => {
            params.name_preorder_expire = u32::try_from(int()?).map_err(|_| err("out of range"))?
        }
        "BLOCKSTACK_TEST_NAMESPACE_PREORDER_EXPIRE" => {
            params.namespace_preorder_expire = u32::try_from(int()?).map_err(|_| err("out of range"))?
        }
        "BLOCKSTACK_TEST_FIRST_BLOCK" => {
            params.first_block = u32::try_from(int()?).map_err(|_| err("out of range"))?
        }
        "BLOCKSTACK_TESTNET_ID" => {
            let bytes: [u8; 2] = value.as_bytes().try_into().map_err(|_| err("magic must be 2 bytes"))?;
            params.magic = bytes;
        }
        _ => {}
    }
    Ok(())
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
        // Re-applying the base env to the base params changes nothing.
        let mut p = Params::regtest();
        for (k, v) in REGTEST_BASE_ENV {
            apply_env(&mut p, k, v).unwrap();
        }
        assert_eq!(p, Params::regtest());
    }

    #[test]
    fn regtest_genesis_hash() {
        assert_eq!(
            ChainNetwork::Regtest.genesis_block().block_hash().to_string(),
            "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"
        );
    }
}
