//! TOKEN_TRANSFER `$` payload (bns spec §5.12; reference `operations/tokentransfer.py
//! parse`): `consensus_hash(16) ‖ token_type(19, NUL-padded) ‖ amount(8, **BE**) ‖
//! scratch(rest)`, at least 43 bytes, and only when the epoch has TOKEN_TRANSFER.

use super::{padded, strip_nuls, Reader, WireError, CONSENSUS_HASH_LEN, TOKEN_AMOUNT_LEN, TOKEN_TYPE_LEN};
use crate::params::EpochFeatures;

const MIN_LEN: usize = CONSENSUS_HASH_LEN + TOKEN_TYPE_LEN + TOKEN_AMOUNT_LEN;

#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TokenTransfer {
    pub consensus_hash: [u8; 16],
    /// Token type with leading and trailing NULs stripped; not necessarily UTF-8.
    pub token_type: Vec<u8>,
    pub amount: u64,
    /// Opaque trailing bytes (any length, possibly empty).
    pub scratch_area: Vec<u8>,
}

pub fn decode_token_transfer(payload: &[u8], features: &EpochFeatures) -> Result<TokenTransfer, WireError> {
    if !features.token_transfer {
        return Err(WireError::OpNotActive);
    }
    let mut reader = Reader::new(payload, MIN_LEN);
    let consensus_hash = reader.array()?;
    let token_type = strip_nuls(reader.bytes(TOKEN_TYPE_LEN)?).to_vec();
    let amount = reader.u64_be()?;
    let scratch_area = reader.rest().to_vec();
    Ok(TokenTransfer { consensus_hash, token_type, amount, scratch_area })
}

/// Inverse of [`decode_token_transfer`]; token types longer than 19 bytes are cut.
pub fn encode_token_transfer(p: &TokenTransfer) -> Vec<u8> {
    let mut out = Vec::with_capacity(MIN_LEN.saturating_add(p.scratch_area.len()));
    out.extend_from_slice(&p.consensus_hash);
    out.extend_from_slice(&padded(&p.token_type, TOKEN_TYPE_LEN));
    out.extend_from_slice(&p.amount.to_be_bytes());
    out.extend_from_slice(&p.scratch_area);
    out
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::params::Params;

    /// Payload of the regtest `$` transfers in the real fixture block
    /// (`stacks-core-legacy-btc-fixtures.json`, block 4f3757bc…, tx 13f2c54d…).
    #[test]
    fn real_fixture_payload_amount_is_big_endian() {
        let bytes = hex::decode(
            "7c503a2e30a905cb515cfbc291766dfa00000000000000000000000000535441434b530000000000000064",
        )
        .unwrap();
        let e4 = Params::mainnet().features_at(550_000);
        let p = decode_token_transfer(&bytes, &e4).unwrap();
        assert_eq!(hex::encode(p.consensus_hash), "7c503a2e30a905cb515cfbc291766dfa");
        assert_eq!(p.token_type, b"STACKS");
        assert_eq!(p.amount, 100);
        assert!(p.scratch_area.is_empty());
        let e3 = Params::mainnet().features_at(500_000);
        assert_eq!(decode_token_transfer(&bytes, &e3), Err(WireError::OpNotActive));
        assert_eq!(decode_token_transfer(&bytes[..42], &e4), Err(WireError::TooShort { len: 42, min: 43 }));
        let with_scratch = [bytes.as_slice(), b"TEST!"].concat();
        let q = decode_token_transfer(&with_scratch, &e4).unwrap();
        assert_eq!(q.scratch_area, b"TEST!");
        // The fixture left-pads "STACKS" with NULs; the encoder right-pads, and both
        // decode to the same fields.
        assert_eq!(decode_token_transfer(&encode_token_transfer(&q), &e4).unwrap(), q);
    }
}
