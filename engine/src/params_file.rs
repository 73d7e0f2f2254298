//! The params-file shape of `../shared/oracle/params/*.json` and its translation into
//! `Params` with the reference's own environment-variable names (oracle PARAMS.md §4;
//! reference `blockstack/lib/config.py`, virtualchain `bitcoin_blockchain/keys.py`).
//! The caller reads and JSON-parses the file; this module only maps values.
//!
//! Each knob is honoured exactly where the reference honours it: the epoch knobs and
//! the test expiries only in test mode, `BLOCKSTACK_TESTNET_ID` and the address-version
//! switches in any mode. Values the reference would reject at import time (or that
//! would make it crash later) are typed errors here.

use crate::params::{
    reencode_address, test_mode_epochs, GenesisPatch, GenesisRow, NamePriceScale, Network, Params,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A parameter set as the oracle stores it (`oracle/params/*.json`). Serializing one
/// (serde) gives the same shape back; `Params::to_params_file` writes any representable
/// `Params` in it (params_file_write.rs).
#[derive(Clone, PartialEq, Debug, Deserialize, Serialize)]
pub struct ParamsFile {
    pub name: String,
    pub network: Network,
    /// FIRST: `BLOCKSTACK_TEST_FIRST_BLOCK` in test mode, `BLOCKSTACK_TESTNET_START_BLOCK`
    /// otherwise (the oracle exports it under the right name).
    pub first_block: u32,
    #[serde(default)]
    pub freeze_height: Option<u32>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    /// `None` (JSON null or absent) = the built-in mainnet genesis block of the sdist.
    #[serde(default)]
    pub genesis_rows: Option<Vec<GenesisRow>>,
}

/// Why a params file cannot be turned into `Params`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ParamsFileError {
    /// An environment variable the reference does not read, or one that this port does
    /// not model (its name is given).
    UnknownEnvVar(String),
    /// A value that is not what the reference's `int(...)`/`float(...)` accepts as a
    /// plain decimal literal, or that is out of range for the knob.
    InvalidValue { var: String, value: String },
    /// `BLOCKSTACK_TEST` set to the empty string: the reference would then be half in
    /// test mode (`is not None` checks true, truthiness checks false).
    EmptyTestFlag,
    /// `BLOCKSTACK_TESTNET_ID` must be exactly 2 bytes and differ from `id` (the
    /// reference asserts this at import).
    InvalidTestnetId(String),
    /// Epoch end heights must strictly increase (the reference raises at import).
    EpochsNotIncreasing,
    /// Epoch 6 must stay open-ended (-1): heights after a closed last epoch make the
    /// reference abort ("No epoch").
    LastEpochClosed,
    /// `BLOCKSTACK_EPOCH_<n>_PRICE_DIVISOR` for an INT_DIVISION epoch: the reference
    /// stores it as a float, so `price_name` fails its own integer assertion.
    FloatPriceDivisor { epoch: usize },
    /// FIRST is given by `first_block`; the env must not set it as well.
    FirstBlockInEnv(String),
}

impl std::fmt::Display for ParamsFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamsFileError::UnknownEnvVar(var) => write!(f, "unknown or unsupported env var {var}"),
            ParamsFileError::InvalidValue { var, value } => write!(f, "invalid value {value:?} for {var}"),
            ParamsFileError::EmptyTestFlag => write!(f, "BLOCKSTACK_TEST is set but empty"),
            ParamsFileError::InvalidTestnetId(id) => {
                write!(f, "BLOCKSTACK_TESTNET_ID {id:?} must be 2 characters and not \"id\"")
            }
            ParamsFileError::EpochsNotIncreasing => write!(f, "epoch end heights must increase"),
            ParamsFileError::LastEpochClosed => write!(f, "the last epoch must stay open (-1)"),
            ParamsFileError::FloatPriceDivisor { epoch } => write!(
                f,
                "BLOCKSTACK_EPOCH_{epoch}_PRICE_DIVISOR makes the reference's integer price a float (it would crash)"
            ),
            ParamsFileError::FirstBlockInEnv(var) => write!(f, "{var} must not be set; use first_block"),
        }
    }
}

impl std::error::Error for ParamsFileError {}

/// Env vars the reference reads that do not influence consensus (logging, RPC, API,
/// confirmations, subdomains, Atlas, and two knobs of its integration-test harness):
/// accepted and ignored.
const NON_CONSENSUS_ENV: [&str; 14] = [
    "BLOCKSTACK_DEBUG",
    "BLOCKSTACK_TEST_NODEBUG",
    "BLOCKSTACK_CORE_NUM_CONFS",
    "BLOCKSTACK_CORE_VERSION",
    "BLOCKSTACK_PUBLIC_TESTNET",
    "BLOCKSTACK_TEST_SUBDOMAINS_FIRST_BLOCK",
    "BLOCKSTACK_API_HOST",
    "BLOCKSTACK_API_PORT",
    "BLOCKSTACK_RPC_MAX_THREADS",
    "BLOCKSTACK_TEST_MAX_RPC_LEN",
    "BLOCKSTACK_ATLAS_NETWORK_SIMULATION",
    "BLOCKSTACK_ATLAS_NETWORK_SIMULATION_PEER",
    // Harness-only (v22.2.0.0 `TEST ENV` lines of stacks_vest_many and
    // stacks_sendtokens_invalid). `integration_tests/bin/blockstack-test-scenario` reads
    // it to fund each test wallet with that much regtest BTC before the scenario runs;
    // the node never reads it, and a replay gets the blocks as they were mined.
    "BLOCKSTACK_TEST_AMOUNT_PER_WALLET",
    // `blockstack/lib/config.py` (SAVE_REJECTED_ENV_VAR → `save_rejected`): the NameDB
    // then also writes rejected operations to a side database (`namedb.py`
    // `store_rejected`, `*.metadata.db`); no state table or consensus hash reads it.
    "BLOCKSTACK_DB_SAVE_REJECTED",
];

/// Number of epochs of v22 (`NUM_EPOCHS`).
const NUM_EPOCHS: usize = 6;

/// The per-epoch knobs `BLOCKSTACK_EPOCH_<n>_<KNOB>`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum EpochKnob {
    EndBlock,
    LifetimeMultiplier,
    GracePeriod,
    ReceiveFeesPeriod,
    PriceMultiplier,
    PriceDivisor,
}

fn parse_epoch_var(var: &str) -> Option<(usize, EpochKnob)> {
    let rest = var.strip_prefix("BLOCKSTACK_EPOCH_")?;
    let (number, knob) = rest.split_once('_')?;
    let epoch: usize = number.parse().ok().filter(|n| (1..=NUM_EPOCHS).contains(n) && number.len() == 1)?;
    let knob = match knob {
        "END_BLOCK" => EpochKnob::EndBlock,
        "NAMESPACE_LIFETIME_MULTIPLIER" => EpochKnob::LifetimeMultiplier,
        "NAMESPACE_LIFETIME_GRACE_PERIOD" => EpochKnob::GracePeriod,
        "NAMESPACE_RECEIVE_FEES_PERIOD" => EpochKnob::ReceiveFeesPeriod,
        "PRICE_MULTIPLIER" => EpochKnob::PriceMultiplier,
        "PRICE_DIVISOR" => EpochKnob::PriceDivisor,
        _ => return None,
    };
    Some((epoch, knob))
}

/// A plain non-negative decimal integer without leading zeros (the reference `exec`s
/// `int(<value>)`, where `010` would be octal in Python 2, so we refuse it).
fn parse_int(var: &str, value: &str) -> Result<u32, ParamsFileError> {
    let invalid = || ParamsFileError::InvalidValue { var: var.to_string(), value: value.to_string() };
    let plain = !value.is_empty()
        && value.bytes().all(|b| b.is_ascii_digit())
        && (value == "0" || !value.starts_with('0'));
    if !plain {
        return Err(invalid());
    }
    value.parse().map_err(|_| invalid())
}

/// A plain decimal float literal (`float(<value>)` in the reference), finite, ≥ 0.
fn parse_float(var: &str, value: &str) -> Result<f64, ParamsFileError> {
    let invalid = || ParamsFileError::InvalidValue { var: var.to_string(), value: value.to_string() };
    let (mantissa, exponent) = match value.find(['e', 'E']) {
        Some(i) => (&value[..i], Some(&value[i + 1..])),
        None => (value, None),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok =
        digits_ok(int_part) && digits_ok(frac_part) && !(int_part.is_empty() && frac_part.is_empty());
    // `010` as an int literal is octal in Python 2; `010.5` is fine. Refuse the former.
    let octal_like = !mantissa.contains('.') && int_part.len() > 1 && int_part.starts_with('0');
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits_ok(e)
    });
    if !mantissa_ok || !exponent_ok || octal_like {
        return Err(invalid());
    }
    let x: f64 = value.parse().map_err(|_| invalid())?;
    if x.is_finite() {
        Ok(x)
    } else {
        Err(invalid())
    }
}

impl Params {
    /// Build `Params` from a params file, applying its env knobs as the reference does.
    ///
    /// Without `BLOCKSTACK_TEST` this is `Params::mainnet()` with FIRST moved (the
    /// epoch heights stay the mainnet ones); with it, the reference's test-mode
    /// constants (1-char namespace 41 BTC, reveal expiry 144, keyring 5) and the
    /// per-epoch overrides. `genesis_rows: null` selects the built-in mainnet genesis
    /// block and its patches ([`Params::mainnet_with_genesis`]).
    pub fn from_params_file(file: &ParamsFile) -> Result<Params, ParamsFileError> {
        let env = &file.env;
        let test_mode = match env.get("BLOCKSTACK_TEST") {
            None => false,
            Some(v) if v.is_empty() => return Err(ParamsFileError::EmptyTestFlag),
            // Any non-empty string (even "0") is truthy in the reference.
            Some(_) => true,
        };

        let mut params = if test_mode {
            let mut p = Params::mainnet();
            p.test_mode = true;
            p.epochs = test_mode_epochs();
            p.namespace_reveal_expire = crate::params::BLOCKS_PER_DAY;
            p.import_keyring_size = 5;
            p
        } else {
            Params::mainnet()
        };
        params.name = file.name.clone();
        params.network = file.network;
        params.first_block = file.first_block;
        params.freeze_height = file.freeze_height;

        let mut ends: [Option<u32>; NUM_EPOCHS] = [None; NUM_EPOCHS];
        for (i, epoch) in params.epochs.iter().enumerate().take(NUM_EPOCHS) {
            ends[i] = epoch.end_block;
        }

        for (var, value) in env {
            let var = var.as_str();
            if let Some((n, knob)) = parse_epoch_var(var) {
                // `... is not None and BLOCKSTACK_TEST`: ignored (not even parsed)
                // outside test mode.
                if !test_mode {
                    continue;
                }
                let epoch =
                    params.epochs.get_mut(n - 1).ok_or_else(|| ParamsFileError::UnknownEnvVar(var.into()))?;
                match knob {
                    EpochKnob::EndBlock => {
                        if n == NUM_EPOCHS {
                            // Only -1 (EPOCH_NOW) keeps the reference working.
                            if value != "-1" {
                                return Err(ParamsFileError::LastEpochClosed);
                            }
                        } else {
                            ends[n - 1] = Some(parse_int(var, value)?);
                        }
                    }
                    EpochKnob::LifetimeMultiplier => epoch.lifetime_multiplier = parse_int(var, value)?,
                    EpochKnob::GracePeriod => epoch.grace_period = parse_int(var, value)?,
                    EpochKnob::ReceiveFeesPeriod => epoch.receive_fees_period = parse_int(var, value)?,
                    EpochKnob::PriceMultiplier => {
                        let multiplier = parse_float(var, value)?;
                        // Epochs ≥ 4 have a literal None multiplier: the knob is inert.
                        if let NamePriceScale::Float { .. } = epoch.name_price {
                            epoch.name_price = NamePriceScale::Float { multiplier };
                        }
                    }
                    EpochKnob::PriceDivisor => {
                        parse_float(var, value)?;
                        // Epochs 1–3 have a literal None divisor: inert there.
                        if let NamePriceScale::IntDivision { .. } = epoch.name_price {
                            return Err(ParamsFileError::FloatPriceDivisor { epoch: n });
                        }
                    }
                }
                continue;
            }
            match var {
                "BLOCKSTACK_TEST" => {}
                // virtualchain: testnet version bytes iff the value is exactly "1".
                "BLOCKSTACK_TESTNET" | "BLOCKSTACK_TESTNET3" => {}
                "BLOCKSTACK_TESTNET_ID" => {
                    if value.len() != 2 || value == "id" {
                        return Err(ParamsFileError::InvalidTestnetId(value.clone()));
                    }
                    let bytes = value.as_bytes();
                    params.magic = [bytes[0], bytes[1]];
                }
                // `if BLOCKSTACK_TEST:` and `if os.environ.get(...)` (truthy).
                "BLOCKSTACK_TEST_NAME_PREORDER_EXPIRE" => {
                    if test_mode && !value.is_empty() {
                        params.name_preorder_expire = parse_int(var, value)?;
                    }
                }
                "BLOCKSTACK_TEST_NAMESPACE_PREORDER_EXPIRE" => {
                    if test_mode && !value.is_empty() {
                        params.namespace_preorder_expire = parse_int(var, value)?;
                    }
                }
                // Quirk: parsed in test mode, then unconditionally overwritten by 144 or
                // BLOCKSTACK_NAMESPACE_REVEAL_EXPIRE, so it has no effect.
                "BLOCKSTACK_TEST_NAMESPACE_REVEAL_EXPIRE" => {
                    if test_mode && !value.is_empty() {
                        parse_int(var, value)?;
                    }
                }
                // `if BLOCKSTACK_TEST is not None` and `is not None`.
                "BLOCKSTACK_NAMESPACE_REVEAL_EXPIRE" => {
                    if test_mode {
                        params.namespace_reveal_expire = parse_int(var, value)?;
                    }
                }
                "BLOCKSTACK_TEST_FIRST_BLOCK" | "BLOCKSTACK_TESTNET_START_BLOCK" => {
                    return Err(ParamsFileError::FirstBlockInEnv(var.to_string()));
                }
                other if NON_CONSENSUS_ENV.contains(&other) => {}
                other => return Err(ParamsFileError::UnknownEnvVar(other.to_string())),
            }
        }

        let testnet_versions = ["BLOCKSTACK_TESTNET", "BLOCKSTACK_TESTNET3"]
            .iter()
            .any(|var| env.get(*var).map(String::as_str) == Some("1"));
        if testnet_versions {
            params.p2pkh_version = 0x6f;
            params.p2sh_version = 0xc4;
        }

        // The reference checks `end[i] < end[i+1]` for every closed pair.
        let closed: Vec<u32> = ends.iter().flatten().copied().collect();
        if closed.windows(2).any(|pair| pair[0] >= pair[1]) {
            return Err(ParamsFileError::EpochsNotIncreasing);
        }
        for (epoch, end) in params.epochs.iter_mut().zip(ends) {
            epoch.end_block = end;
        }

        match &file.genesis_rows {
            Some(rows) => {
                params.genesis_rows = rows.clone();
                params.genesis_patches = Vec::<GenesisPatch>::new();
            }
            None => {
                // The built-in rows are stored as the mainnet reference stores them;
                // `address_reencode` maps them to this network's version bytes.
                let builtin = Params::mainnet_with_genesis();
                params.genesis_rows = builtin.genesis_rows;
                params.genesis_patches = builtin.genesis_patches;
                if (params.p2pkh_version, params.p2sh_version) != (0x00, 0x05) {
                    let mut rows = std::mem::take(&mut params.genesis_rows);
                    let mut patches = std::mem::take(&mut params.genesis_patches);
                    let reencode =
                        |row: &mut GenesisRow| row.address = reencode_address(&row.address, &params);
                    rows.iter_mut().for_each(reencode);
                    patches.iter_mut().for_each(|p| p.add.iter_mut().for_each(reencode));
                    params.genesis_rows = rows;
                    params.genesis_patches = patches;
                }
            }
        }
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_literals_are_plain_decimal() {
        assert_eq!(parse_int("X", "750"), Ok(750));
        assert_eq!(parse_int("X", "0"), Ok(0));
        for bad in ["", "010", "-1", "1.0", "0x10", " 1", "99999999999"] {
            assert!(parse_int("X", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn float_literals_are_plain_decimal() {
        assert_eq!(parse_float("X", "0.1"), Ok(0.1));
        assert_eq!(parse_float("X", "1e-1"), Ok(0.1));
        assert_eq!(parse_float("X", "5."), Ok(5.0));
        assert_eq!(parse_float("X", ".5"), Ok(0.5));
        assert_eq!(parse_float("X", "010.5"), Ok(10.5));
        for bad in ["", "010", "inf", "nan", "1/10", "-0.1", "1e", "."] {
            assert!(parse_float("X", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn epoch_var_names() {
        assert!(parse_epoch_var("BLOCKSTACK_EPOCH_3_END_BLOCK").is_some());
        assert!(parse_epoch_var("BLOCKSTACK_EPOCH_7_END_BLOCK").is_none());
        assert!(parse_epoch_var("BLOCKSTACK_EPOCH_0_END_BLOCK").is_none());
        assert!(parse_epoch_var("BLOCKSTACK_EPOCH_03_END_BLOCK").is_none());
        assert!(parse_epoch_var("BLOCKSTACK_EPOCH_3_PRICE_MULTIPLIER_STACKS").is_none());
    }
}
