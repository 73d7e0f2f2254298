//! Hash primitives and the BNS hash formulas (bns spec §1.2, consensus spec notation).

use crate::b40::b40_to_bin;
use crate::types::ConsensusHash;
use ripemd::Ripemd160;
use sha2::{Digest, Sha256};

pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// `SHA256(SHA256(x))`.
pub fn dsha256(data: &[u8]) -> [u8; 32] {
    sha256(&sha256(data))
}

/// `RIPEMD160(SHA256(x))`.
pub fn hash160(data: &[u8]) -> [u8; 20] {
    Ripemd160::digest(sha256(data)).into()
}

/// First 16 bytes of `SHA256(x)`.
pub fn hash128(data: &[u8]) -> [u8; 16] {
    let full = sha256(data);
    let mut out = [0u8; 16];
    out.copy_from_slice(&full[..16]);
    out
}

/// `H160(b40(fqn) ‖ sender_script ‖ ascii(register_address))`; `None` if `fqn` has a
/// character outside the base-40 alphabet.
pub fn name_preorder_hash(fqn: &str, sender_script: &[u8], register_address: &str) -> Option<[u8; 20]> {
    preorder_hash(fqn, sender_script, register_address)
}

/// `H160(b40(namespace_id) ‖ sender_script ‖ ascii(reveal_address))`.
pub fn namespace_preorder_hash(
    namespace_id: &str,
    sender_script: &[u8],
    reveal_address: &str,
) -> Option<[u8; 20]> {
    preorder_hash(namespace_id, sender_script, reveal_address)
}

fn preorder_hash(text: &str, sender_script: &[u8], address: &str) -> Option<[u8; 20]> {
    let mut data = b40_to_bin(text)?;
    data.extend_from_slice(sender_script);
    data.extend_from_slice(address.as_bytes());
    Some(hash160(&data))
}

/// `H128(ascii(fqn))`, carried by NAME_TRANSFER.
pub fn name_hash128(fqn: &str) -> [u8; 16] {
    hash128(fqn.as_bytes())
}

/// `H128(ascii(fqn) ‖ ascii(hex(consensus_hash)))`, carried by NAME_UPDATE: the
/// consensus hash enters as its 32-character hex text, not as bytes.
pub fn name_consensus_hash(fqn: &str, consensus_hash: &ConsensusHash) -> [u8; 16] {
    let mut data = fqn.as_bytes().to_vec();
    data.extend_from_slice(consensus_hash.to_hex().as_bytes());
    hash128(&data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_consensus_hash_check_value_from_bns_spec_1_2() {
        let ch = ConsensusHash::from_hex("8d8762c37d82360b84cf4d87f32f7754").unwrap();
        assert_eq!(hex::encode(name_consensus_hash("jude.id", &ch)), "d1062edb9ec9c85ad1aca6d37f2f5793");
    }

    #[test]
    fn hash160_of_empty_string() {
        assert_eq!(hex::encode(hash160(b"")), "b472a266d0bd89c13706a4132ccfb16f7c3b9fcb");
    }

    #[test]
    fn dsha256_of_empty_string_is_the_empty_ops_leaf() {
        assert_eq!(
            hex::encode(dsha256(b"")),
            "5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456"
        );
    }
}
