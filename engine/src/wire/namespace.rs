//! Namespace ops: NAMESPACE_PREORDER `*`, NAMESPACE_REVEAL `&`, NAMESPACE_READY `!`
//! (bns spec §5.8–§5.10; reference `operations/namespace{preorder,reveal,ready}.py`).
//!
//! Quirk (`quirk_reveal_rejects_newline_namespace_ready_accepts_it`): the reveal's parser
//! computes the namespace preorder hash with `b40_to_bin`, which raises on `"\n"`, so a
//! reveal can never carry the trailing-newline namespace IDs that `names` accepts; the
//! ready parser only applies the syntax check and does accept them.

use super::{Reader, WireError, CONSENSUS_HASH_LEN, PREORDER_HASH_LEN, TOKEN_AMOUNT_LEN};
use crate::names::{is_valid_namespace_id, NAMESPACE_ID_MAX_LEN};
use crate::params::EpochFeatures;

const PREORDER_BASE_LEN: usize = PREORDER_HASH_LEN + CONSENSUS_HASH_LEN;
const PREORDER_STX_LEN: usize = PREORDER_BASE_LEN + TOKEN_AMOUNT_LEN;
/// life 4 ‖ coeff 1 ‖ base 1 ‖ buckets 8 ‖ discounts 1 ‖ version 2.
const REVEAL_FIXED_LEN: usize = 17;
/// `MIN_OP_LENGTHS['namespace_reveal']`: the fixed part plus a 1-byte ID.
const REVEAL_MIN_LEN: usize = REVEAL_FIXED_LEN + 1;

/// `*`: 36 bytes in epochs 1–3, 44 bytes (with the STX amount) from epoch 4.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NamespacePreorder {
    pub preorder_hash: [u8; 20],
    pub consensus_hash: [u8; 16],
    /// µSTX, big-endian on the wire; present iff STACKS_BUY_NAMESPACES.
    pub token_fee: Option<u64>,
}

/// `&`: fixed 17 bytes then the namespace ID (1–19 bytes).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NamespaceReveal {
    pub lifetime: u32,
    pub coeff: u8,
    pub base: u8,
    /// 16 exponents 0–15; byte k of the wire field holds bucket 2k (high nibble) and
    /// 2k+1 (low nibble).
    pub buckets: [u8; 16],
    /// High nibble of the discount byte, 1–15.
    pub nonalpha_discount: u8,
    /// Low nibble of the discount byte, 1–15.
    pub no_vowel_discount: u8,
    /// 1, 2 or 3.
    pub version: u16,
    pub namespace_id: String,
}

/// `!`: `.` then the namespace ID.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NamespaceReady {
    pub namespace_id: String,
}

pub fn decode_namespace_preorder(
    payload: &[u8],
    features: &EpochFeatures,
) -> Result<NamespacePreorder, WireError> {
    let len = payload.len();
    if len < PREORDER_BASE_LEN {
        return Err(WireError::TooShort { len, min: PREORDER_BASE_LEN });
    }
    if len > PREORDER_BASE_LEN {
        if !features.stacks_buy_namespaces {
            return Err(WireError::TokenFieldNotActive);
        }
        if len != PREORDER_STX_LEN {
            return Err(WireError::BadLength { len });
        }
    } else if features.stacks_buy_namespaces {
        return Err(WireError::MissingTokenField);
    }
    let mut reader = Reader::new(payload, PREORDER_BASE_LEN);
    let preorder_hash = reader.array()?;
    let consensus_hash = reader.array()?;
    let token_fee = if len == PREORDER_STX_LEN { Some(reader.u64_be()?) } else { None };
    Ok(NamespacePreorder { preorder_hash, consensus_hash, token_fee })
}

pub fn encode_namespace_preorder(p: &NamespacePreorder) -> Vec<u8> {
    let mut out = [p.preorder_hash.as_slice(), &p.consensus_hash].concat();
    if let Some(fee) = p.token_fee {
        out.extend_from_slice(&fee.to_be_bytes());
    }
    out
}

pub fn decode_namespace_reveal(payload: &[u8]) -> Result<NamespaceReveal, WireError> {
    let len = payload.len();
    if len < REVEAL_MIN_LEN {
        return Err(WireError::TooShort { len, min: REVEAL_MIN_LEN });
    }
    let mut reader = Reader::new(payload, REVEAL_MIN_LEN);
    let lifetime = reader.u32_be()?;
    let coeff = reader.u8()?;
    let base = reader.u8()?;
    let bucket_bytes: [u8; 8] = reader.array()?;
    let discounts = reader.u8()?;
    let version = reader.u16_be()?;
    let id_bytes = reader.rest();
    // Order of the reference: the preorder hash (b40) first, then the sanity checks.
    let namespace_id = std::str::from_utf8(id_bytes).map_err(|_| WireError::InvalidNamespaceId)?;
    if crate::b40::b40_to_bin(namespace_id).is_none()
        || !is_valid_namespace_id(namespace_id)
        || namespace_id.len() > NAMESPACE_ID_MAX_LEN
    {
        return Err(WireError::InvalidNamespaceId);
    }
    if !(1..=3).contains(&version) {
        return Err(WireError::BadVersion(version));
    }
    let nonalpha_discount = discounts >> 4;
    let no_vowel_discount = discounts & 0x0f;
    if nonalpha_discount == 0 || no_vowel_discount == 0 {
        return Err(WireError::BadDiscount);
    }
    let mut buckets = [0u8; 16];
    for (pair, byte) in buckets.chunks_exact_mut(2).zip(bucket_bytes) {
        if let [high, low] = pair {
            *high = byte >> 4;
            *low = byte & 0x0f;
        }
    }
    Ok(NamespaceReveal {
        lifetime,
        coeff,
        base,
        buckets,
        nonalpha_discount,
        no_vowel_discount,
        version,
        namespace_id: namespace_id.to_string(),
    })
}

/// Inverse of [`decode_namespace_reveal`]; nibble fields are masked to 4 bits.
pub fn encode_namespace_reveal(p: &NamespaceReveal) -> Vec<u8> {
    let mut out = Vec::with_capacity(REVEAL_FIXED_LEN.saturating_add(p.namespace_id.len()));
    out.extend_from_slice(&p.lifetime.to_be_bytes());
    out.push(p.coeff);
    out.push(p.base);
    for pair in p.buckets.chunks_exact(2) {
        if let [high, low] = pair {
            out.push(((high & 0x0f) << 4) | (low & 0x0f));
        }
    }
    out.push(((p.nonalpha_discount & 0x0f) << 4) | (p.no_vowel_discount & 0x0f));
    out.extend_from_slice(&p.version.to_be_bytes());
    out.extend_from_slice(p.namespace_id.as_bytes());
    out
}

pub fn decode_namespace_ready(payload: &[u8]) -> Result<NamespaceReady, WireError> {
    let Some((&b'.', id_bytes)) = payload.split_first() else {
        return Err(WireError::MissingDot);
    };
    let namespace_id = std::str::from_utf8(id_bytes).map_err(|_| WireError::InvalidNamespaceId)?;
    if !is_valid_namespace_id(namespace_id) {
        return Err(WireError::InvalidNamespaceId);
    }
    Ok(NamespaceReady { namespace_id: namespace_id.to_string() })
}

pub fn encode_namespace_ready(p: &NamespaceReady) -> Vec<u8> {
    [b".".as_slice(), p.namespace_id.as_bytes()].concat()
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::params::Params;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    #[test]
    fn namespace_preorder_amount_forbidden_then_mandatory() {
        let base = [[0x11u8; 20].as_slice(), &[0x22; 16]].concat();
        let with_fee = [base.as_slice(), &7u64.to_be_bytes()].concat();
        let e3 = Params::mainnet().features_at(500_000);
        let e4 = Params::mainnet().features_at(550_000);
        assert_eq!(decode_namespace_preorder(&base, &e3).unwrap().token_fee, None);
        assert_eq!(decode_namespace_preorder(&with_fee, &e3), Err(WireError::TokenFieldNotActive));
        assert_eq!(decode_namespace_preorder(&base, &e4), Err(WireError::MissingTokenField));
        let p = decode_namespace_preorder(&with_fee, &e4).unwrap();
        assert_eq!(p.token_fee, Some(7));
        assert_eq!(encode_namespace_preorder(&p), with_fee);
        assert_eq!(decode_namespace_preorder(&with_fee[..43], &e4), Err(WireError::BadLength { len: 43 }));
        assert_eq!(
            decode_namespace_preorder(&base[..35], &e4),
            Err(WireError::TooShort { len: 35, min: 36 })
        );
    }

    /// The regtest reveal of `test` from the consensus-data logs (real fixture
    /// `stacks-core-legacy-btc-fixtures.json`, tx 8b8a1290…).
    #[test]
    fn reveal_field_layout() {
        let bytes = h("0000cd73fa046543210000000000aa000174657374");
        let p = decode_namespace_reveal(&bytes).unwrap();
        assert_eq!(p.lifetime, 0xcd73);
        assert_eq!((p.coeff, p.base), (0xfa, 0x04));
        assert_eq!(p.buckets, [6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!((p.nonalpha_discount, p.no_vowel_discount), (10, 10));
        assert_eq!(p.version, 1);
        assert_eq!(p.namespace_id, "test");
        assert_eq!(encode_namespace_reveal(&p), bytes);
    }

    #[test]
    fn reveal_version_and_discount_checks() {
        let ok = h("0000cd73fa046543210000000000aa000174657374");
        for (version, expect_ok) in
            [(0u16, false), (1, true), (2, true), (3, true), (4, false), (0x0101, false)]
        {
            let mut b = ok.clone();
            b[15..17].copy_from_slice(&version.to_be_bytes());
            assert_eq!(decode_namespace_reveal(&b).is_ok(), expect_ok, "version {version}");
        }
        for (discount, expect_ok) in [(0xaa, true), (0x0a, false), (0xa0, false), (0x11, true), (0xff, true)]
        {
            let mut b = ok.clone();
            b[14] = discount;
            assert_eq!(decode_namespace_reveal(&b).is_ok(), expect_ok, "discount {discount:#x}");
        }
        assert_eq!(decode_namespace_reveal(&ok[..17]), Err(WireError::TooShort { len: 17, min: 18 }));
        let long = [&ok[..17], "abcdabcdabcdabcdabcd".as_bytes()].concat();
        assert_eq!(decode_namespace_reveal(&long), Err(WireError::InvalidNamespaceId));
    }

    #[test]
    fn quirk_reveal_rejects_newline_namespace_ready_accepts_it() {
        let ok = h("0000cd73fa046543210000000000aa000174657374");
        let newline = [&ok[..17], b"test\n".as_slice()].concat();
        assert_eq!(decode_namespace_reveal(&newline), Err(WireError::InvalidNamespaceId));
        assert_eq!(decode_namespace_ready(b".test\n").unwrap().namespace_id, "test\n");
    }

    #[test]
    fn ready_needs_dot_and_valid_id() {
        let p = decode_namespace_ready(b".hello").unwrap();
        assert_eq!(p.namespace_id, "hello");
        assert_eq!(encode_namespace_ready(&p), b".hello");
        assert_eq!(decode_namespace_ready(b""), Err(WireError::MissingDot));
        assert_eq!(decode_namespace_ready(b"hello"), Err(WireError::MissingDot));
        assert_eq!(decode_namespace_ready(b"."), Err(WireError::InvalidNamespaceId));
        assert_eq!(decode_namespace_ready(b".he.lo"), Err(WireError::InvalidNamespaceId));
    }
}
