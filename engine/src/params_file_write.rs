//! `Params` → `ParamsFile`: the inverse of `Params::from_params_file`, so a store (or
//! anything else) can keep the full parameter set it was built with in the oracle's
//! params-file shape and read it back through the one interpreter of params files.
//!
//! The file is written with the knobs the reference reads (`BLOCKSTACK_TEST`,
//! `BLOCKSTACK_TESTNET`, `BLOCKSTACK_TESTNET_ID`, the per-epoch knobs and the test
//! expiries), each only where it differs from what `from_params_file` starts from.
//! Every result is checked: the file read back must give the same
//! `Params::fingerprint()`, else the parameters are not representable as a params file
//! (e.g. a hand-built epoch table outside test mode) and an error says so.

use crate::params::{test_mode_epochs, NamePriceScale, Params, BLOCKS_PER_DAY};
use crate::params_file::{ParamsFile, ParamsFileError};
use std::collections::BTreeMap;

/// Why `Params::to_params_file` could not write a parameter set.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ToParamsFileError {
    /// The written file does not read back (an interpreter error).
    Invalid(ParamsFileError),
    /// The written file reads back as other parameters (different fingerprint): these
    /// parameters have a value no params file can express.
    NotRepresentable,
    /// The OP_RETURN magic is not two UTF-8 characters.
    MagicNotText,
}

impl std::fmt::Display for ToParamsFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ToParamsFileError::Invalid(e) => write!(f, "the written params file does not read back: {e}"),
            ToParamsFileError::NotRepresentable => {
                write!(f, "these parameters cannot be expressed as a params file")
            }
            ToParamsFileError::MagicNotText => write!(f, "the OP_RETURN magic is not text"),
        }
    }
}

impl std::error::Error for ToParamsFileError {}

/// Number of epochs of v22 (`NUM_EPOCHS`).
const NUM_EPOCHS: usize = 6;

impl Params {
    /// These parameters as a params file that `Params::from_params_file` turns back
    /// into parameters with the same fingerprint (checked here).
    pub fn to_params_file(&self) -> Result<ParamsFile, ToParamsFileError> {
        let mut env = BTreeMap::new();
        let mut set = |var: String, value: String| {
            env.insert(var, value);
        };
        if self.test_mode {
            set("BLOCKSTACK_TEST".to_string(), "1".to_string());
        }
        if (self.p2pkh_version, self.p2sh_version) == (0x6f, 0xc4) {
            set("BLOCKSTACK_TESTNET".to_string(), "1".to_string());
        }
        if self.magic != *b"id" {
            let magic = std::str::from_utf8(&self.magic).map_err(|_| ToParamsFileError::MagicNotText)?;
            set("BLOCKSTACK_TESTNET_ID".to_string(), magic.to_string());
        }
        if self.test_mode {
            epoch_knobs(self, &mut set);
            if self.name_preorder_expire != BLOCKS_PER_DAY {
                set(
                    "BLOCKSTACK_TEST_NAME_PREORDER_EXPIRE".to_string(),
                    self.name_preorder_expire.to_string(),
                );
            }
            if self.namespace_preorder_expire != BLOCKS_PER_DAY {
                set(
                    "BLOCKSTACK_TEST_NAMESPACE_PREORDER_EXPIRE".to_string(),
                    self.namespace_preorder_expire.to_string(),
                );
            }
            if self.namespace_reveal_expire != BLOCKS_PER_DAY {
                set(
                    "BLOCKSTACK_NAMESPACE_REVEAL_EXPIRE".to_string(),
                    self.namespace_reveal_expire.to_string(),
                );
            }
        }
        // Patches exist only in the built-in genesis block, which `null` selects.
        let genesis_rows =
            if self.genesis_patches.is_empty() { Some(self.genesis_rows.clone()) } else { None };
        let file = ParamsFile {
            name: self.name.clone(),
            network: self.network,
            first_block: self.first_block,
            freeze_height: self.freeze_height,
            env,
            genesis_rows,
        };
        let back = Params::from_params_file(&file).map_err(ToParamsFileError::Invalid)?;
        if back.fingerprint() != self.fingerprint() {
            return Err(ToParamsFileError::NotRepresentable);
        }
        Ok(file)
    }
}

/// The `BLOCKSTACK_EPOCH_<n>_*` knobs where `params` differs from the test-mode table.
fn epoch_knobs(params: &Params, set: &mut impl FnMut(String, String)) {
    let base = test_mode_epochs();
    for (i, (epoch, base)) in params.epochs.iter().zip(&base).enumerate().take(NUM_EPOCHS) {
        let n = i + 1;
        let var = |knob: &str| format!("BLOCKSTACK_EPOCH_{n}_{knob}");
        if n < NUM_EPOCHS && epoch.end_block != base.end_block {
            if let Some(end) = epoch.end_block {
                set(var("END_BLOCK"), end.to_string());
            }
        }
        if epoch.lifetime_multiplier != base.lifetime_multiplier {
            set(var("NAMESPACE_LIFETIME_MULTIPLIER"), epoch.lifetime_multiplier.to_string());
        }
        if epoch.grace_period != base.grace_period {
            set(var("NAMESPACE_LIFETIME_GRACE_PERIOD"), epoch.grace_period.to_string());
        }
        if epoch.receive_fees_period != base.receive_fees_period {
            set(var("NAMESPACE_RECEIVE_FEES_PERIOD"), epoch.receive_fees_period.to_string());
        }
        if let (NamePriceScale::Float { multiplier }, NamePriceScale::Float { multiplier: base }) =
            (epoch.name_price, base.name_price)
        {
            if multiplier.to_bits() != base.to_bits() {
                // Rust prints the shortest text that parses back to the same f64.
                set(var("PRICE_MULTIPLIER"), format!("{multiplier:?}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_parameter_sets_round_trip_to_the_same_fingerprint() {
        for params in [
            Params::regtest(),
            Params::mainnet(),
            Params::mainnet_with_genesis(),
            Params::testnet(2_000_000, *b"xy"),
        ] {
            let file = params.to_params_file().unwrap_or_else(|e| panic!("{}: {e}", params.name));
            let back = Params::from_params_file(&file).expect("reads back");
            assert_eq!(back.fingerprint(), params.fingerprint(), "{}", params.name);
        }
    }

    #[test]
    fn regtest_writes_the_oracle_knobs() {
        let file = Params::regtest().to_params_file().expect("representable");
        assert_eq!(file.env.get("BLOCKSTACK_EPOCH_1_END_BLOCK").map(String::as_str), Some("750"));
        assert_eq!(file.env.get("BLOCKSTACK_TESTNET").map(String::as_str), Some("1"));
        assert_eq!(file.genesis_rows.as_ref().map(Vec::len), Some(6));
        assert!(Params::mainnet_with_genesis().to_params_file().expect("ok").genesis_rows.is_none());
    }

    #[test]
    fn overrides_and_knobs_round_trip() {
        let mut params = Params::regtest();
        params.first_block = 700;
        params.freeze_height = None;
        params.name_preorder_expire = 20;
        params.namespace_reveal_expire = 30;
        if let Some(epoch) = params.epochs.get_mut(1) {
            epoch.name_price = NamePriceScale::Float { multiplier: 0.25 };
            epoch.lifetime_multiplier = 3;
        }
        let file = params.to_params_file().expect("representable");
        assert_eq!(Params::from_params_file(&file).expect("ok").fingerprint(), params.fingerprint());
    }

    #[test]
    fn unrepresentable_parameters_are_refused() {
        let mut params = Params::mainnet();
        params.import_keyring_size = 7;
        assert_eq!(params.to_params_file(), Err(ToParamsFileError::NotRepresentable));
    }
}
