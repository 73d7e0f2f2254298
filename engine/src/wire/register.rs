//! NAME_REGISTRATION / NAME_RENEWAL `:` payload (bns spec §5.2, §5.3, §12.2; reference
//! `operations/register.py parse` and the checks at the end of its `tx_extract`).
//!
//! | Epoch features | Accepted |
//! |---|---|
//! | neither OP_REGISTER_UPDATE nor OP_RENEW_TRANSFER_UPDATE (1–2) | raw fqn |
//! | either of them (3) | raw fqn (< 57 bytes) or exactly 57 = fqn NUL-padded to 37 ‖ value hash 20 |
//! | plus NAMEOPS_COST_TOKENS (≥ 4) | as above, or 65 = 57-byte form ‖ amount (8, BE) |
//!
//! `token_fee` is the reference's value: `Some(0)` for the raw form and for the 57-byte
//! form in epoch 3, `None` for the 57-byte form in epochs ≥ 4, `Some(n)` for 65 bytes.
//! Registration requires it to be `None` or `Some(0)`; renewal requires `Some(_)`
//! ([`NameRegistration::check_as_registration`] / [`NameRegistration::check_as_renewal`]).

use super::{padded, rstrip_nuls, valid_fqn, WireError, FQN_FIELD_LEN, TOKEN_AMOUNT_LEN, VALUE_HASH_LEN};
use crate::params::EpochFeatures;

const NAME_VALUE_LEN: usize = FQN_FIELD_LEN + VALUE_HASH_LEN;
const NAME_VALUE_AMOUNT_LEN: usize = NAME_VALUE_LEN + TOKEN_AMOUNT_LEN;

/// Which of the three wire forms a `:` payload used.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RegistrationForm {
    /// The fqn as raw ASCII.
    RawName,
    /// 57 bytes: padded fqn ‖ value hash.
    NameAndValueHash,
    /// 65 bytes: padded fqn ‖ value hash ‖ STX amount.
    NameValueHashAndAmount,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NameRegistration {
    pub name: String,
    pub value_hash: Option<[u8; 20]>,
    /// See the module header for the exact values.
    pub token_fee: Option<u64>,
    pub form: RegistrationForm,
}

impl NameRegistration {
    /// `tx_extract` for a registration (< 4 outputs): a present amount must be 0.
    pub fn check_as_registration(&self) -> Result<(), WireError> {
        match self.token_fee {
            None | Some(0) => Ok(()),
            Some(_) => Err(WireError::RegistrationWithTokenFee),
        }
    }

    /// `tx_extract` for a renewal (≥ 4 outputs): the amount must be present, so the
    /// 57-byte form is unparseable from epoch 4 on (bns spec §12.2).
    pub fn check_as_renewal(&self) -> Result<(), WireError> {
        match self.token_fee {
            Some(_) => Ok(()),
            None => Err(WireError::RenewalWithoutTokenFee),
        }
    }
}

pub fn decode_name_registration(
    payload: &[u8],
    features: &EpochFeatures,
) -> Result<NameRegistration, WireError> {
    let len = payload.len();
    let value_forms = features.op_register_update || features.op_renew_transfer_update;
    if !value_forms || len < NAME_VALUE_LEN {
        let name = valid_fqn(payload)?;
        return Ok(NameRegistration {
            name,
            value_hash: None,
            token_fee: Some(0),
            form: RegistrationForm::RawName,
        });
    }
    let (form, token_fee) = if features.nameops_cost_tokens {
        if len == NAME_VALUE_AMOUNT_LEN {
            let amount: [u8; 8] = payload
                .get(NAME_VALUE_LEN..NAME_VALUE_AMOUNT_LEN)
                .and_then(|b| b.try_into().ok())
                .ok_or(WireError::BadLength { len })?;
            (RegistrationForm::NameValueHashAndAmount, Some(u64::from_be_bytes(amount)))
        } else if len == NAME_VALUE_LEN {
            (RegistrationForm::NameAndValueHash, None)
        } else {
            return Err(WireError::BadLength { len });
        }
    } else if len == NAME_VALUE_LEN {
        (RegistrationForm::NameAndValueHash, Some(0))
    } else {
        return Err(WireError::BadLength { len });
    };
    let name_field = payload.get(..FQN_FIELD_LEN).ok_or(WireError::BadLength { len })?;
    let value_hash: [u8; 20] = payload
        .get(FQN_FIELD_LEN..NAME_VALUE_LEN)
        .and_then(|b| b.try_into().ok())
        .ok_or(WireError::BadLength { len })?;
    let name = valid_fqn(rstrip_nuls(name_field))?;
    Ok(NameRegistration { name, value_hash: Some(value_hash), token_fee, form })
}

/// Inverse of [`decode_name_registration`]. The padded forms cut names longer than 37
/// bytes; a missing value hash is written as zeros; the 65-byte form writes
/// `token_fee.unwrap_or(0)`.
pub fn encode_name_registration(p: &NameRegistration) -> Vec<u8> {
    match p.form {
        RegistrationForm::RawName => p.name.as_bytes().to_vec(),
        RegistrationForm::NameAndValueHash | RegistrationForm::NameValueHashAndAmount => {
            let mut out = padded(p.name.as_bytes(), FQN_FIELD_LEN);
            out.extend_from_slice(&p.value_hash.unwrap_or([0; 20]));
            if p.form == RegistrationForm::NameValueHashAndAmount {
                out.extend_from_slice(&p.token_fee.unwrap_or(0).to_be_bytes());
            }
            out
        }
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::params::Params;

    fn features(height: u32) -> EpochFeatures {
        Params::mainnet().features_at(height)
    }
    const E1: u32 = 400_000;
    const E3: u32 = 500_000;
    const E4: u32 = 550_000;

    fn form57(name: &str) -> Vec<u8> {
        [padded(name.as_bytes(), 37), vec![0x11; 20]].concat()
    }

    #[test]
    fn raw_name_in_every_epoch() {
        for h in [E1, E3, E4] {
            let p = decode_name_registration(b"hello.test", &features(h)).unwrap();
            assert_eq!(p.name, "hello.test");
            assert_eq!(p.value_hash, None);
            assert_eq!(p.token_fee, Some(0));
            assert_eq!(encode_name_registration(&p), b"hello.test");
        }
        assert_eq!(decode_name_registration(b"Hello.test", &features(E4)), Err(WireError::InvalidName));
    }

    #[test]
    fn form_57_needs_epoch_3() {
        let bytes = form57("hello.test");
        // Epoch 1: the whole 57 bytes are taken as the name and fail.
        assert_eq!(decode_name_registration(&bytes, &features(E1)), Err(WireError::InvalidName));
        let p3 = decode_name_registration(&bytes, &features(E3)).unwrap();
        assert_eq!(
            (p3.name.as_str(), p3.value_hash, p3.token_fee),
            ("hello.test", Some([0x11; 20]), Some(0))
        );
        assert_eq!(encode_name_registration(&p3), bytes);
        let p4 = decode_name_registration(&bytes, &features(E4)).unwrap();
        assert_eq!(p4.token_fee, None);
        assert_eq!(p4.check_as_registration(), Ok(()));
        assert_eq!(p4.check_as_renewal(), Err(WireError::RenewalWithoutTokenFee));
        assert_eq!(p3.check_as_renewal(), Ok(()));
    }

    #[test]
    fn form_65_only_from_epoch_4() {
        let mut bytes = form57("hello.test");
        bytes.extend_from_slice(&5u64.to_be_bytes());
        assert_eq!(decode_name_registration(&bytes, &features(E3)), Err(WireError::BadLength { len: 65 }));
        let p = decode_name_registration(&bytes, &features(E4)).unwrap();
        assert_eq!(p.token_fee, Some(5));
        assert_eq!(p.check_as_registration(), Err(WireError::RegistrationWithTokenFee));
        assert_eq!(p.check_as_renewal(), Ok(()));
        assert_eq!(encode_name_registration(&p), bytes);
        let zero = [form57("hello.test"), vec![0; 8]].concat();
        assert_eq!(decode_name_registration(&zero, &features(E4)).unwrap().check_as_registration(), Ok(()));
    }

    #[test]
    fn lengths_between_forms_are_unparseable() {
        for len in [58usize, 64, 66] {
            let bytes = [form57("hello.test"), vec![1; len - 57]].concat();
            assert_eq!(decode_name_registration(&bytes, &features(E4)), Err(WireError::BadLength { len }));
        }
        // 38..=56 bytes are taken as a raw name, which is then too long.
        let long = "a".repeat(40) + ".id";
        assert_eq!(decode_name_registration(long.as_bytes(), &features(E4)), Err(WireError::InvalidName));
    }

    #[test]
    fn padded_name_with_inner_nul_is_invalid() {
        let mut bytes = form57("hello.test");
        bytes[2] = 0;
        assert_eq!(decode_name_registration(&bytes, &features(E3)), Err(WireError::InvalidName));
    }
}
