//! Signatures over a payload digest (consensus spec §11.5–11.6; reference
//! `virtualchain/lib/ecdsalib.py` `sign_digest`, `verify_digest`, `encode_signature`,
//! `decode_signature`, and `blockstack/lib/fast_sync.py` `fast_sync_import`).
//!
//! A signature is ECDSA/secp256k1 over `sha256(payload)` taken as a pre-hashed
//! message, written as base64 of the 64 bytes `r ‖ s`. We sign deterministically
//! (RFC 6979, libsecp256k1) and always low-S; the reference signs with a random
//! nonce, so its signature bytes cannot be reproduced, only verified.
//!
//! Threshold rule: we count **distinct public keys** with at least one valid signature.
//! The reference counts matching (key, signature) pairs; `reference_match_count`
//! reproduces its loop so the difference is tested, not just described.

#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used))]

use crate::error::SignatureError;
use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use secp256k1::ecdsa::Signature;
use secp256k1::{Message, PublicKey, SecretKey, SECP256K1};
use sha2::{Digest, Sha256};

/// Length of a decoded signature: `r ‖ s`, 32 bytes each (`decode_signature`).
pub const SIGNATURE_LEN: usize = 64;

/// Standard alphabet with canonical padding, as Python's `base64.b64encode` writes it.
/// Python's decoder is looser (it skips non-alphabet bytes and ignores the unused low
/// bits of the last character); we refuse such text, so that no altered byte of a
/// trailer can still verify: `non_canonical_base64_is_refused`.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_allow_trailing_bits(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// Decodes signature text; `None` if it is not base64.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    BASE64.decode(text.as_bytes()).ok()
}

/// `sha256(payload)`: the digest every signer signs.
pub fn payload_digest(payload: &[u8]) -> [u8; 32] {
    Sha256::digest(payload).into()
}

/// Signs a digest: RFC 6979 nonce, low-S, base64 of `r ‖ s` (88 characters).
pub fn sign_digest(digest: &[u8; 32], key: &SecretKey) -> String {
    let message = Message::from_digest(*digest);
    let mut signature = SECP256K1.sign_ecdsa(&message, key);
    // libsecp256k1 already signs low-S; normalising again documents the rule (§11.5).
    signature.normalize_s();
    BASE64.encode(signature.serialize_compact())
}

/// Decodes signature text into a signature, or `None` when r or s is out of range
/// (such a signature verifies under no key, as with OpenSSL in the reference).
fn decode_signature(text: &str, index: usize) -> Result<Option<Signature>, SignatureError> {
    let bytes = decode_base64(text).ok_or(SignatureError::NotBase64 { index })?;
    if bytes.len() != SIGNATURE_LEN {
        // The reference raises ValueError here, which aborts the whole import.
        return Err(SignatureError::WrongLength { index, len: bytes.len() });
    }
    let Ok(mut signature) = Signature::from_compact(&bytes) else { return Ok(None) };
    // The reference verifies with OpenSSL, which accepts high-S; libsecp256k1 does not.
    signature.normalize_s();
    Ok(Some(signature))
}

/// Decodes every signature text up front, so a malformed one is reported even if an
/// earlier one already satisfies the threshold.
pub fn decode_all(texts: &[String]) -> Result<Vec<Option<Signature>>, SignatureError> {
    texts.iter().enumerate().map(|(index, text)| decode_signature(text, index)).collect()
}

fn verifies(digest: &[u8; 32], signature: &Signature, key: &PublicKey) -> bool {
    SECP256K1.verify_ecdsa(&Message::from_digest(*digest), signature, key).is_ok()
}

/// The distinct keys among `keys` that signed `digest` at least once, in the order
/// given. A key listed twice (or in compressed and uncompressed form) counts once.
pub fn distinct_signers(
    digest: &[u8; 32],
    texts: &[String],
    keys: &[PublicKey],
) -> Result<Vec<PublicKey>, SignatureError> {
    let signatures = decode_all(texts)?;
    let mut signers: Vec<PublicKey> = Vec::new();
    for key in keys {
        if signers.contains(key) {
            continue;
        }
        if signatures.iter().flatten().any(|signature| verifies(digest, signature, key)) {
            signers.push(*key);
        }
    }
    Ok(signers)
}

/// For each signature text, the first key in `keys` whose signature it is over
/// `digest` (`None`: by none of them). For `inspect`: which keys signed.
pub fn signer_of_each(
    digest: &[u8; 32],
    texts: &[String],
    keys: &[PublicKey],
) -> Result<Vec<Option<PublicKey>>, SignatureError> {
    let signatures = decode_all(texts)?;
    Ok(signatures
        .iter()
        .map(|signature| {
            signature
                .as_ref()
                .and_then(|signature| keys.iter().find(|key| verifies(digest, signature, key)).copied())
        })
        .collect())
}

/// The reference's match count, loop for loop (`fast_sync_import`): for each key, walk
/// the signature list (last-appended first); a match increments the count, stops this
/// key's walk once the count reaches `required`, else removes that signature from the
/// list *while iterating it*, which makes Python skip the next element. One key that
/// signed twice therefore counts twice. Kept to document and test the quirk; the
/// verifier does not use it.
pub fn reference_match_count(
    digest: &[u8; 32],
    texts_last_first: &[String],
    keys: &[PublicKey],
    required: u32,
) -> Result<u32, SignatureError> {
    let mut remaining: Vec<(String, Option<Signature>)> =
        texts_last_first.iter().cloned().zip(decode_all(texts_last_first)?).collect();
    let mut matches: u32 = 0;
    for key in keys {
        // Python's list iterator: an index that advances by one per step, over a list
        // that may shrink underneath it. Bounded by the list length.
        let mut position = 0;
        while let Some((text, signature)) = remaining.get(position) {
            let valid = signature.as_ref().is_some_and(|signature| verifies(digest, signature, key));
            if valid {
                matches = matches.saturating_add(1);
                if matches >= required {
                    break;
                }
                // list.remove(x) removes the first element equal to x.
                let text = text.clone();
                if let Some(first_equal) = remaining.iter().position(|(other, _)| *other == text) {
                    remaining.remove(first_equal);
                }
            }
            position = position.saturating_add(1);
        }
    }
    Ok(matches)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trailer;

    /// Consensus spec §11.9: private key 1.
    fn key_one() -> SecretKey {
        let mut bytes = [0u8; 32];
        bytes[31] = 1;
        SecretKey::from_slice(&bytes).expect("1 is a valid secret key")
    }

    fn key(n: u8) -> SecretKey {
        let mut bytes = [0u8; 32];
        bytes[31] = n;
        SecretKey::from_slice(&bytes).expect("small non-zero scalar is a valid key")
    }

    fn public(key: &SecretKey) -> PublicKey {
        PublicKey::from_secret_key(SECP256K1, key)
    }

    const VECTOR_PAYLOAD: &[u8] = b"blockstack fast-sync test payload\n";
    const VECTOR_SIG: &str =
        "GEKLzRF085G7uZD8B5LmZ7wqnfo2Sd1xW0I6azTQydlqmbjyHDPfl6CJlulc0+HISmprMcaQ5TbMuUu4ZzYAtw==";

    #[test]
    fn spec_11_9_digest_and_public_key() {
        assert_eq!(
            hex::encode(payload_digest(VECTOR_PAYLOAD)),
            "d086c0f9ea1bf747b20f4bdac134078473fca6f5e263850ceb3680672079a090"
        );
        assert_eq!(
            hex::encode(public(&key_one()).serialize()),
            "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
        );
    }

    #[test]
    fn spec_11_9_signature_verifies() {
        let digest = payload_digest(VECTOR_PAYLOAD);
        let signers =
            distinct_signers(&digest, &[VECTOR_SIG.to_string()], &[public(&key_one())]).expect("decodes");
        assert_eq!(signers, vec![public(&key_one())]);
        // And not under another key.
        let signers =
            distinct_signers(&digest, &[VECTOR_SIG.to_string()], &[public(&key(2))]).expect("decodes");
        assert!(signers.is_empty());
    }

    #[test]
    fn spec_11_9_trailer_layout_is_reproduced_byte_for_byte() {
        // The spec vector was signed with a random nonce (as the reference does), so
        // our RFC 6979 signature differs in its 88 characters; everything around it,
        // and the fact that both verify under key 1, is byte-compared here.
        let digest = payload_digest(VECTOR_PAYLOAD);
        let text = sign_digest(&digest, &key_one());
        let file = trailer::append_signature(VECTOR_PAYLOAD, &text, true).expect("append");
        let expected = [VECTOR_PAYLOAD, VECTOR_SIG.as_bytes(), b"0000005800000001"].concat();
        assert_eq!(file.len(), expected.len());
        assert_eq!(file[..34], expected[..34]);
        assert_eq!(file[34 + 88..], expected[34 + 88..]);
        let both = [text.clone(), VECTOR_SIG.to_string()];
        for one in &both {
            let signers =
                distinct_signers(&digest, std::slice::from_ref(one), &[public(&key_one())]).expect("decodes");
            assert_eq!(signers.len(), 1);
        }
        // The RFC 6979 low-S signature, cross-checked with python-ecdsa 0.x in the
        // oracle's venv: SigningKey.from_secret_exponent(1, SECP256k1)
        // .sign_digest_deterministic(digest, sha256, sigencode_string_canonize).
        assert_eq!(
            text,
            "Yk3VmZdlqgm39SsiDa6KXn7Z1pYDvY7x/31xdfeJRzhvPagXWvE8Tf5mph2+SOsYTZSmCF998SkJt61pLQpLGA=="
        );
    }

    #[test]
    fn signatures_are_low_s_and_88_chars() {
        for n in 1..=20u8 {
            let text = sign_digest(&payload_digest(&[n]), &key(n));
            assert_eq!(text.len(), 88);
            let bytes = decode_base64(&text).expect("base64");
            let mut copy = Signature::from_compact(&bytes).expect("compact");
            let before = copy;
            copy.normalize_s();
            assert_eq!(copy, before, "signature {n} was high-S");
        }
    }

    #[test]
    fn high_s_signature_is_accepted_like_openssl() {
        let digest = payload_digest(b"x");
        let low = decode_base64(&sign_digest(&digest, &key(3))).expect("b64");
        // s' = n - s (secp256k1 order n).
        let order =
            hex::decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141").expect("hex");
        let mut high = low.clone();
        let mut borrow = 0i16;
        for i in (0..32).rev() {
            let value = i16::from(order[i]) - i16::from(low[32 + i]) - borrow;
            borrow = i16::from(value < 0);
            high[32 + i] = u8::try_from(value.rem_euclid(256)).expect("in range");
        }
        assert_ne!(high, low);
        let signers =
            distinct_signers(&digest, &[BASE64.encode(&high)], &[public(&key(3))]).expect("decodes");
        assert_eq!(signers.len(), 1);
    }

    #[test]
    fn one_key_signing_twice_counts_once_but_twice_in_reference() {
        // Reference quirk (§11.6): matches are (key, signature) pairs, so a copy of one
        // signature placed after any other signature makes one key count twice.
        let digest = payload_digest(b"payload");
        let by_a = sign_digest(&digest, &key(5));
        let by_b = sign_digest(&digest, &key(6));
        let texts_last_first = vec![by_a.clone(), by_b, by_a];
        let keys = [public(&key(5))];
        assert_eq!(reference_match_count(&digest, &texts_last_first, &keys, 2).expect("ok"), 2);
        assert_eq!(distinct_signers(&digest, &texts_last_first, &keys).expect("ok").len(), 1);
    }

    #[test]
    fn reference_list_mutation_skips_the_next_signature() {
        // Two adjacent copies: the first match is removed while iterating, the second
        // copy shifts into the visited slot and is skipped, so the count stays 1.
        let digest = payload_digest(b"p");
        let by_a = sign_digest(&digest, &key(1));
        let keys = [public(&key(1))];
        assert_eq!(reference_match_count(&digest, &[by_a.clone(), by_a.clone()], &keys, 2).expect("ok"), 1);
        // Listing the key twice finds the remaining copy on the second pass.
        let keys_twice = [public(&key(1)), public(&key(1))];
        assert_eq!(
            reference_match_count(&digest, &[by_a.clone(), by_a.clone()], &keys_twice, 2).expect("ok"),
            2
        );
        assert_eq!(distinct_signers(&digest, &[by_a.clone(), by_a], &keys_twice).expect("ok").len(), 1);
    }

    #[test]
    fn reference_stops_a_key_at_the_threshold_without_removing() {
        // With required = 1 the matching signature stays in the list, so a second key
        // listed later can match it again; the count is 2 for two listed keys.
        let digest = payload_digest(b"p");
        let by_a = sign_digest(&digest, &key(1));
        let keys = [public(&key(1)), public(&key(1))];
        assert_eq!(reference_match_count(&digest, &[by_a], &keys, 1).expect("ok"), 2);
    }

    #[test]
    fn non_canonical_base64_is_refused() {
        // "...tw==" ends the §11.9 signature: 'w' (110000) carries 2 data bits and 4
        // unused ones; 'x' (110001) differs only in an unused bit, and Python decodes
        // it to the same 64 bytes.
        let altered = VECTOR_SIG.replace("tw==", "tx==");
        assert!(decode_base64(VECTOR_SIG).is_some());
        assert!(decode_base64(&altered).is_none());
        assert!(decode_base64("AAAA AAAA").is_none());
    }

    #[test]
    fn wrong_length_signature_is_an_error() {
        let digest = payload_digest(b"p");
        let result = distinct_signers(&digest, &["AAAA".to_string()], &[public(&key(1))]);
        assert_eq!(result, Err(SignatureError::WrongLength { index: 0, len: 3 }));
    }

    #[test]
    fn out_of_range_r_verifies_under_no_key() {
        let digest = payload_digest(b"p");
        let text = BASE64.encode([0xffu8; 64]);
        let result = distinct_signers(&digest, &[text], &[public(&key(1))]).expect("decodes");
        assert!(result.is_empty());
    }
}
