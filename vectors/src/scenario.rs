//! The scenario file (SCENARIO-FORMAT.md) as Rust types, and loading it from JSON or
//! TOML. Only shapes live here; meaning is given by `generator` and `ops`.

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("cannot read scenario {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("scenario {path} is not valid JSON: {source}")]
    Json { path: String, source: serde_json::Error },
    #[error("scenario {path} is not valid TOML: {source}")]
    Toml { path: String, source: toml::de::Error },
    #[error("scenario {path}: unsupported format {format} (this chaingen reads format 1)")]
    Format { path: String, format: u32 },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub format: u32,
    pub name: String,
    pub source: String,
    #[serde(default)]
    pub description: Option<String>,
    pub params: ParamsSpec,
    #[serde(default)]
    pub chain: ChainSpec,
    pub wallets: Vec<WalletSpec>,
    pub blocks: Vec<BlockSpec>,
    #[serde(default)]
    pub expect: Option<serde_json::Value>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamsSpec {
    pub base: String,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    #[serde(default)]
    pub first_block: Option<u32>,
    #[serde(default)]
    pub genesis_stx: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainSpec {
    #[serde(default)]
    pub first_scenario_height: Option<u32>,
    #[serde(default)]
    pub miner: Option<String>,
    #[serde(default)]
    pub funding_height: Option<u32>,
    #[serde(default)]
    pub block_time_start: Option<u32>,
    #[serde(default)]
    pub filler_default: Option<u32>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySpec {
    #[serde(default)]
    pub wif: Option<String>,
    #[serde(default)]
    pub hex: Option<String>,
    #[serde(default)]
    pub seed: Option<String>,
    #[serde(default)]
    pub compressed: Option<bool>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeychainChildSpec {
    pub of: String,
    pub index: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WalletSpec {
    pub name: String,
    #[serde(default)]
    pub kind: Option<crate::keys::ScriptKind>,
    #[serde(default)]
    pub wif: Option<String>,
    #[serde(default)]
    pub hex: Option<String>,
    #[serde(default)]
    pub seed: Option<String>,
    #[serde(default)]
    pub keychain_child: Option<KeychainChildSpec>,
    #[serde(default)]
    pub compressed: Option<bool>,
    #[serde(default)]
    pub m: Option<usize>,
    #[serde(default)]
    pub keys: Option<Vec<KeySpec>>,
    #[serde(default, deserialize_with = "opt_u64_any")]
    pub btc: Option<u64>,
    #[serde(default)]
    pub utxos: Option<u32>,
    #[serde(default, deserialize_with = "opt_u64_any")]
    pub stx: Option<u64>,
    #[serde(default)]
    pub vesting: Option<BTreeMap<String, String>>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BlockSpec {
    #[serde(default)]
    pub ops: Vec<OpSpec>,
    #[serde(default)]
    pub filler: Option<u32>,
    #[serde(default)]
    pub filler_position: Option<String>,
    #[serde(default)]
    pub advance: Option<u32>,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub check: Option<serde_json::Value>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpName {
    NamespacePreorder,
    NamespaceReveal,
    NamespaceReady,
    NamePreorder,
    NameRegister,
    NameRenew,
    NameUpdate,
    NameTransfer,
    NameRevoke,
    NameImport,
    Announce,
    TokenTransfer,
    Fund,
    Raw,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Expectation {
    #[default]
    Accepted,
    Rejected,
    Dropped,
}

impl std::fmt::Display for Expectation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Expectation::Accepted => "accepted",
            Expectation::Rejected => "rejected",
            Expectation::Dropped => "dropped",
        })
    }
}

/// A consensus-hash reference (SCENARIO-FORMAT.md §5.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ChSpec {
    /// `"current"`, `"genesis"`, `"zero"` or 32 hex chars.
    Text(String),
    Height {
        height: u32,
    },
    Back {
        back: u32,
    },
}

/// An amount that may be `"price"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountSpec {
    Price,
    Value(u64),
}

impl Serialize for AmountSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AmountSpec::Price => s.serialize_str("price"),
            AmountSpec::Value(v) => s.serialize_u64(*v),
        }
    }
}

impl<'de> Deserialize<'de> for AmountSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match AnyNumber::deserialize(d)? {
            AnyNumber::Number(n) => Ok(AmountSpec::Value(n)),
            AnyNumber::Text(t) if t == "price" => Ok(AmountSpec::Price),
            AnyNumber::Text(t) => t.parse().map(AmountSpec::Value).map_err(|_| {
                serde::de::Error::custom(format!("expected an integer or \"price\", got {t:?}"))
            }),
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum AnyNumber {
    Number(u64),
    Text(String),
}

fn opt_u64_any<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Option::<AnyNumber>::deserialize(d)? {
        None => Ok(None),
        Some(AnyNumber::Number(n)) => Ok(Some(n)),
        Some(AnyNumber::Text(t)) => t
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("expected an integer, got {t:?}"))),
    }
}

/// An output given explicitly (SCENARIO-FORMAT.md §5.3).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputSpec {
    #[serde(default)]
    pub wallet: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub script_hex: Option<String>,
    #[serde(default)]
    pub burn: Option<bool>,
    #[serde(default)]
    pub op_return: Option<bool>,
    #[serde(default, deserialize_with = "opt_u64_any")]
    pub value: Option<u64>,
}

/// One operation; a flat record so that unknown keys are rejected (fields that an op
/// does not use are errors too, checked when the op is built).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpSpec {
    pub op: OpName,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub extra_inputs: Vec<String>,
    #[serde(default)]
    pub consensus_hash: Option<ChSpec>,
    #[serde(default, deserialize_with = "opt_u64_any")]
    pub tx_fee: Option<u64>,
    #[serde(default)]
    pub payload_hex: Option<String>,
    #[serde(default)]
    pub extra_outputs: Vec<OutputSpec>,
    #[serde(default)]
    pub expect: Expectation,
    #[serde(default)]
    pub note: Option<String>,

    #[serde(default)]
    pub namespace_id: Option<String>,
    #[serde(default)]
    pub reveal: Option<String>,
    #[serde(default)]
    pub fee: Option<AmountSpec>,
    #[serde(default)]
    pub stx: Option<AmountSpec>,
    #[serde(default)]
    pub burn_to: Option<String>,
    #[serde(default)]
    pub lifetime: Option<u32>,
    #[serde(default)]
    pub coeff: Option<u8>,
    #[serde(default)]
    pub base: Option<u8>,
    #[serde(default)]
    pub buckets: Option<Vec<u8>>,
    #[serde(default)]
    pub nonalpha_discount: Option<u8>,
    #[serde(default)]
    pub no_vowel_discount: Option<u8>,
    #[serde(default)]
    pub version: Option<u16>,

    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub recipient: Option<String>,
    #[serde(default)]
    pub value_hash: Option<String>,
    #[serde(default)]
    pub zonefile: Option<String>,
    #[serde(default)]
    pub form: Option<String>,
    #[serde(default)]
    pub keep_data: Option<bool>,

    #[serde(default)]
    pub message_hash: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default, deserialize_with = "opt_u64_any")]
    pub amount: Option<u64>,
    #[serde(default)]
    pub token_type: Option<String>,
    #[serde(default)]
    pub scratch: Option<String>,
    #[serde(default)]
    pub scratch_hex: Option<String>,

    #[serde(default)]
    pub to: Option<String>,
    #[serde(default)]
    pub utxos: Option<u32>,
    #[serde(default)]
    pub outputs: Option<Vec<OutputSpec>>,
    #[serde(default)]
    pub change: Option<bool>,
}

impl Scenario {
    /// Parse from text; `kind` is `"json"` or `"toml"`. `path` is only for messages.
    pub fn parse(text: &str, kind: &str, path: &str) -> Result<Scenario, ScenarioError> {
        let scenario: Scenario = if kind == "toml" {
            toml::from_str(text).map_err(|source| ScenarioError::Toml { path: path.to_string(), source })?
        } else {
            serde_json::from_str(text)
                .map_err(|source| ScenarioError::Json { path: path.to_string(), source })?
        };
        if scenario.format != 1 {
            return Err(ScenarioError::Format { path: path.to_string(), format: scenario.format });
        }
        Ok(scenario)
    }

    /// Load a `.json` or `.toml` file (by extension; anything else is read as JSON).
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|source| ScenarioError::Read { path: shown.clone(), source })?;
        let kind = if path.extension().is_some_and(|e| e == "toml") { "toml" } else { "json" };
        Scenario::parse(&text, kind, &shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML_SCENARIO: &str = r#"
format = 1
name = "toml_sample"
source = "hand-written"

[params]
base = "regtest-itest"
env = { BLOCKSTACK_EPOCH_1_END_BLOCK = "682" }

[[wallets]]
name = "alice"
seed = "a"
btc = "200000000"

[[blocks]]
ops = [ { op = "namespace_preorder", from = "alice", namespace_id = "test", reveal = "alice", fee = "price" } ]

[[blocks]]
advance = 3
"#;

    #[test]
    fn toml_and_json_map_onto_the_same_shape() {
        let s = Scenario::parse(TOML_SCENARIO, "toml", "inline").unwrap();
        assert_eq!(s.params.env["BLOCKSTACK_EPOCH_1_END_BLOCK"], "682");
        assert_eq!(s.wallets[0].btc, Some(200_000_000));
        assert_eq!(s.blocks[0].ops[0].fee, Some(AmountSpec::Price));
        assert_eq!(s.blocks[1].advance, Some(3));
        let json = serde_json::to_string(&s).unwrap();
        let again = Scenario::parse(&json, "json", "inline").unwrap();
        assert_eq!(serde_json::to_string(&again).unwrap(), json);
    }

    #[test]
    fn unknown_keys_are_errors() {
        let bad = TOML_SCENARIO.replace("reveal = \"alice\"", "reveel = \"alice\"");
        assert!(Scenario::parse(&bad, "toml", "inline").is_err());
    }
}
