//! Scenario wallets: turning `WalletSpec`s into spenders, and the UTXOs each wallet
//! holds while the chain is generated.

use crate::keys::{Key, ScriptKind, Spender};
use crate::scenario::{KeySpec, WalletSpec};
use bitcoin::{OutPoint, ScriptBuf, TxOut};
use bns_engine::params::{GenesisRow, Params};
use std::collections::{BTreeMap, VecDeque};

#[derive(Debug, thiserror::Error)]
pub enum WalletError {
    #[error("wallet {0:?}: {1}")]
    Invalid(String, String),
    #[error("wallet name {0:?} is used twice")]
    Duplicate(String),
    #[error("unknown wallet {0:?}")]
    Unknown(String),
}

/// An unspent output the generator can spend.
#[derive(Clone, Debug)]
pub struct Utxo {
    pub outpoint: OutPoint,
    pub txout: TxOut,
    /// Height of the block that created it (coinbase maturity).
    pub height: u32,
}

/// A scenario wallet while the chain is being generated.
#[derive(Clone, Debug)]
pub struct Wallet {
    pub name: String,
    pub spender: Spender,
    pub script: ScriptBuf,
    /// Base58check address on the BNS network (p2pkh / p2sh kinds).
    pub address: Option<String>,
    pub btc_sat: u64,
    pub utxo_count: u32,
    pub stx: u64,
    pub vesting: BTreeMap<u32, u64>,
    pub utxos: VecDeque<Utxo>,
}

/// Default funding per wallet: 10 BTC in 4 outputs.
pub const DEFAULT_BTC_SAT: u64 = 1_000_000_000;
pub const DEFAULT_UTXOS: u32 = 4;

fn key_from(
    name: &str,
    wif: &Option<String>,
    hex_key: &Option<String>,
    seed: &Option<String>,
    compressed: Option<bool>,
) -> Result<Key, WalletError> {
    let invalid = |m: String| WalletError::Invalid(name.to_string(), m);
    match (wif, hex_key, seed) {
        (Some(w), None, None) => {
            if compressed.is_some() {
                return Err(invalid("`compressed` comes from the WIF itself".into()));
            }
            Key::from_wif(w).map_err(|e| invalid(format!("bad WIF: {e}")))
        }
        (None, Some(h), None) => {
            let bytes: [u8; 32] = hex::decode(h)
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| invalid("hex key must be 64 hex characters".into()))?;
            Key::from_bytes(&bytes, compressed.unwrap_or(true))
                .ok_or_else(|| invalid("hex key out of range".into()))
        }
        (None, None, Some(s)) => Ok(Key::from_seed(s, compressed.unwrap_or(true))),
        _ => Err(invalid("give exactly one of wif, hex, seed".into())),
    }
}

fn key_from_spec(wallet: &str, spec: &KeySpec) -> Result<Key, WalletError> {
    key_from(wallet, &spec.wif, &spec.hex, &spec.seed, spec.compressed)
}

/// Build every wallet, in file order (keychain children may only name earlier wallets).
pub fn build_wallets(specs: &[WalletSpec], params: &Params) -> Result<Vec<Wallet>, WalletError> {
    let mut wallets: Vec<Wallet> = Vec::with_capacity(specs.len());
    for spec in specs {
        if wallets.iter().any(|w| w.name == spec.name) {
            return Err(WalletError::Duplicate(spec.name.clone()));
        }
        let invalid = |m: &str| WalletError::Invalid(spec.name.clone(), m.to_string());
        let kind = spec.kind.unwrap_or(ScriptKind::P2pkh);
        let spender = if kind.is_multisig() {
            let keys = spec.keys.as_ref().ok_or_else(|| invalid("multisig wallets need `keys`"))?;
            let keys = keys.iter().map(|k| key_from_spec(&spec.name, k)).collect::<Result<Vec<_>, _>>()?;
            let m = spec.m.ok_or_else(|| invalid("multisig wallets need `m`"))?;
            if m == 0 || m > keys.len() || keys.len() > 15 {
                return Err(invalid("need 1 <= m <= n <= 15"));
            }
            Spender::multisig(kind, m, keys)
        } else {
            if spec.keys.is_some() || spec.m.is_some() {
                return Err(invalid("`keys`/`m` are for multisig kinds only"));
            }
            let key = if let Some(child) = &spec.keychain_child {
                if spec.wif.is_some() || spec.hex.is_some() || spec.seed.is_some() {
                    return Err(invalid("keychain_child excludes wif/hex/seed"));
                }
                let parent = wallets
                    .iter()
                    .find(|w| w.name == child.of)
                    .ok_or_else(|| invalid("keychain_child.of must name an earlier wallet"))?;
                if parent.spender.keys.len() != 1 {
                    return Err(invalid("keychain parent must be a single-key wallet"));
                }
                parent.spender.keys[0]
                    .import_keychain_child(child.index)
                    .map_err(|e| invalid(&format!("keychain derivation failed: {e}")))?
            } else {
                key_from(&spec.name, &spec.wif, &spec.hex, &spec.seed, spec.compressed)?
            };
            Spender::single(kind, key)
        };
        let script = spender.script_pubkey();
        let address = spender.address(params);
        let mut vesting = BTreeMap::new();
        for (height, amount) in spec.vesting.iter().flatten() {
            let h: u32 = height.parse().map_err(|_| invalid("vesting heights must be integers"))?;
            let a: u64 = amount.parse().map_err(|_| invalid("vesting amounts must be integers"))?;
            vesting.insert(h, a);
        }
        wallets.push(Wallet {
            name: spec.name.clone(),
            spender,
            script,
            address,
            btc_sat: spec.btc.unwrap_or(DEFAULT_BTC_SAT),
            utxo_count: spec.utxos.unwrap_or(DEFAULT_UTXOS).max(1),
            stx: spec.stx.unwrap_or(0),
            vesting,
            utxos: VecDeque::new(),
        });
    }
    Ok(wallets)
}

/// STX genesis rows for wallets with a non-zero `stx` (oracle PARAMS.md, genesis rows).
pub fn genesis_rows(wallets: &[Wallet]) -> Vec<GenesisRow> {
    wallets
        .iter()
        .filter(|w| w.stx > 0 || !w.vesting.is_empty())
        .filter_map(|w| {
            Some(GenesisRow {
                address: w.address.clone()?,
                token_type: "STACKS".to_string(),
                value: w.stx,
                lock_send: 0,
                metadata: String::new(),
                receive_whitelisted: true,
                vesting_total: w.vesting.values().sum(),
                vesting: w.vesting.clone(),
            })
        })
        .collect()
}
