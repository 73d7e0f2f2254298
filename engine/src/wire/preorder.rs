//! NAME_PREORDER `?` payload (bns spec §5.1; reference `operations/preorder.py parse`).
//!
//! `preorder_hash(20) ‖ consensus_hash(16)` = 36 bytes; with NAMEOPS_COST_TOKENS
//! (epoch ≥ 4) also the 63-byte form `… ‖ token_fee(8, BE) ‖ token_units(19, NUL-padded)`.
//! Any other length is unparseable.

use super::{
    padded, strip_nuls, Reader, WireError, CONSENSUS_HASH_LEN, PREORDER_HASH_LEN, TOKEN_AMOUNT_LEN,
    TOKEN_TYPE_LEN,
};
use crate::params::EpochFeatures;

const BASE_LEN: usize = PREORDER_HASH_LEN + CONSENSUS_HASH_LEN;
const TOKEN_LEN: usize = BASE_LEN + TOKEN_AMOUNT_LEN + TOKEN_TYPE_LEN;

/// An STX amount with its token type, as the 63-byte preorder carries it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TokenBurn {
    /// µSTX, big-endian on the wire.
    pub amount: u64,
    /// Token type bytes with leading and trailing NULs stripped (Python `strip('\x00')`);
    /// not necessarily UTF-8.
    pub units: Vec<u8>,
}

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NamePreorder {
    pub preorder_hash: [u8; 20],
    pub consensus_hash: [u8; 16],
    /// Present only in the 63-byte form.
    pub token: Option<TokenBurn>,
}

pub fn decode_name_preorder(payload: &[u8], features: &EpochFeatures) -> Result<NamePreorder, WireError> {
    let len = payload.len();
    if len < BASE_LEN {
        return Err(WireError::TooShort { len, min: BASE_LEN });
    }
    if len > BASE_LEN {
        if !features.nameops_cost_tokens {
            return Err(WireError::TokenFieldNotActive);
        }
        if len != TOKEN_LEN {
            return Err(WireError::BadLength { len });
        }
    }
    let mut reader = Reader::new(payload, BASE_LEN);
    let preorder_hash = reader.array()?;
    let consensus_hash = reader.array()?;
    let token = if len == TOKEN_LEN {
        let amount = reader.u64_be()?;
        let units = strip_nuls(reader.bytes(TOKEN_TYPE_LEN)?).to_vec();
        Some(TokenBurn { amount, units })
    } else {
        None
    };
    Ok(NamePreorder { preorder_hash, consensus_hash, token })
}

/// Inverse of [`decode_name_preorder`]; token units longer than 19 bytes are cut.
pub fn encode_name_preorder(p: &NamePreorder) -> Vec<u8> {
    let mut out = Vec::with_capacity(TOKEN_LEN);
    out.extend_from_slice(&p.preorder_hash);
    out.extend_from_slice(&p.consensus_hash);
    if let Some(token) = &p.token {
        out.extend_from_slice(&token.amount.to_be_bytes());
        out.extend_from_slice(&padded(&token.units, TOKEN_TYPE_LEN));
    }
    out
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::params::Params;

    fn epoch3() -> EpochFeatures {
        Params::mainnet().features_at(488_501)
    }
    fn epoch4() -> EpochFeatures {
        Params::mainnet().features_at(547_922)
    }

    #[test]
    fn base_form_in_every_epoch() {
        let bytes = [[0x11u8; 20].as_slice(), &[0x22; 16]].concat();
        for f in [Params::mainnet().features_at(400_000), epoch3(), epoch4()] {
            let p = decode_name_preorder(&bytes, &f).unwrap();
            assert_eq!(p.preorder_hash, [0x11; 20]);
            assert_eq!(p.consensus_hash, [0x22; 16]);
            assert_eq!(p.token, None);
            assert_eq!(encode_name_preorder(&p), bytes);
        }
        assert_eq!(
            decode_name_preorder(&bytes[..35], &epoch4()),
            Err(WireError::TooShort { len: 35, min: 36 })
        );
    }

    #[test]
    fn token_form_only_with_nameops_cost_tokens() {
        let mut bytes = [[0x11u8; 20].as_slice(), &[0x22; 16]].concat();
        bytes.extend_from_slice(&1_000_000u64.to_be_bytes());
        bytes.extend_from_slice(&padded(b"\0STACKS", 19));
        assert_eq!(decode_name_preorder(&bytes, &epoch3()), Err(WireError::TokenFieldNotActive));
        let p = decode_name_preorder(&bytes, &epoch4()).unwrap();
        assert_eq!(p.token, Some(TokenBurn { amount: 1_000_000, units: b"STACKS".to_vec() }));
        // Round trip is exact up to the stripped leading NUL.
        assert_eq!(decode_name_preorder(&encode_name_preorder(&p), &epoch4()).unwrap(), p);
        assert_eq!(decode_name_preorder(&bytes[..62], &epoch4()), Err(WireError::BadLength { len: 62 }));
        assert_eq!(
            decode_name_preorder(&[bytes.as_slice(), &[0]].concat(), &epoch4()),
            Err(WireError::BadLength { len: 64 })
        );
    }
}
