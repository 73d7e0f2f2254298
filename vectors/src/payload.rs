//! BNS OP_RETURN payload encoders (bns spec §5, "Payload" tables). Each returns the
//! full pushed data: magic (2 bytes) ‖ opcode ‖ op payload. Our own encoders, so the
//! generator does not depend on the engine's decoders it is meant to test.

use bns_engine::types::ConsensusHash;

pub const TOKEN_TYPE_LEN: usize = 19;
pub const PADDED_NAME_LEN: usize = 37;

fn frame(magic: [u8; 2], opcode: u8, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(3 + body.len());
    out.extend_from_slice(&magic);
    out.push(opcode);
    out.extend_from_slice(body);
    out
}

fn padded(text: &str, len: usize) -> Vec<u8> {
    let mut out = text.as_bytes().to_vec();
    out.resize(len.max(out.len()), 0);
    out
}

/// `?` hash20 ‖ ch16 [‖ stx8 ‖ token_type19] (§5.1).
pub fn name_preorder(magic: [u8; 2], hash: &[u8; 20], ch: &ConsensusHash, stx: Option<u64>) -> Vec<u8> {
    let mut body = hash.to_vec();
    body.extend_from_slice(&ch.0);
    if let Some(amount) = stx {
        body.extend_from_slice(&amount.to_be_bytes());
        body.extend_from_slice(&padded("STACKS", TOKEN_TYPE_LEN));
    }
    frame(magic, b'?', &body)
}

/// How a `:` payload is laid out (§5.2 table).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RegisterForm {
    /// Raw fqn only.
    Fqn,
    /// fqn padded to 37 ‖ value hash (57 bytes).
    Padded,
    /// 57-byte form ‖ u64 amount (65 bytes).
    PaddedAmount,
}

/// `:` registration / renewal.
pub fn name_registration(
    magic: [u8; 2],
    fqn: &str,
    form: RegisterForm,
    value_hash: Option<&[u8; 20]>,
    amount: u64,
) -> Vec<u8> {
    let body = match form {
        RegisterForm::Fqn => fqn.as_bytes().to_vec(),
        RegisterForm::Padded | RegisterForm::PaddedAmount => {
            let mut body = padded(fqn, PADDED_NAME_LEN);
            body.extend_from_slice(value_hash.unwrap_or(&[0u8; 20]));
            if form == RegisterForm::PaddedAmount {
                body.extend_from_slice(&amount.to_be_bytes());
            }
            body
        }
    };
    frame(magic, b':', &body)
}

/// `+` name_consensus_hash16 ‖ value20 (§5.4).
pub fn name_update(magic: [u8; 2], name_consensus_hash: &[u8; 16], value_hash: &[u8; 20]) -> Vec<u8> {
    let mut body = name_consensus_hash.to_vec();
    body.extend_from_slice(value_hash);
    frame(magic, b'+', &body)
}

/// `>` disposition ‖ name_hash128 ‖ ch16 (§5.5).
pub fn name_transfer(
    magic: [u8; 2],
    keep_data: bool,
    name_hash128: &[u8; 16],
    ch: &ConsensusHash,
) -> Vec<u8> {
    let mut body = vec![if keep_data { b'>' } else { b'~' }];
    body.extend_from_slice(name_hash128);
    body.extend_from_slice(&ch.0);
    frame(magic, b'>', &body)
}

/// `~` fqn (§5.6).
pub fn name_revoke(magic: [u8; 2], fqn: &str) -> Vec<u8> {
    frame(magic, b'~', fqn.as_bytes())
}

/// `;` fqn (§5.7).
pub fn name_import(magic: [u8; 2], fqn: &str) -> Vec<u8> {
    frame(magic, b';', fqn.as_bytes())
}

/// `*` hash20 ‖ ch16 [‖ stx8] (§5.8).
pub fn namespace_preorder(magic: [u8; 2], hash: &[u8; 20], ch: &ConsensusHash, stx: Option<u64>) -> Vec<u8> {
    let mut body = hash.to_vec();
    body.extend_from_slice(&ch.0);
    if let Some(amount) = stx {
        body.extend_from_slice(&amount.to_be_bytes());
    }
    frame(magic, b'*', &body)
}

/// The pricing curve and lifetime of a NAMESPACE_REVEAL (§5.9).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RevealFields {
    pub lifetime: u32,
    pub coeff: u8,
    pub base: u8,
    pub buckets: [u8; 16],
    pub nonalpha_discount: u8,
    pub no_vowel_discount: u8,
    pub version: u16,
}

/// `&` life4 ‖ coeff ‖ base ‖ buckets8 ‖ discounts ‖ version2 ‖ ns (§5.9).
pub fn namespace_reveal(magic: [u8; 2], namespace_id: &str, fields: &RevealFields) -> Vec<u8> {
    let mut body = fields.lifetime.to_be_bytes().to_vec();
    body.push(fields.coeff);
    body.push(fields.base);
    for pair in fields.buckets.chunks(2) {
        body.push(((pair[0] & 0x0f) << 4) | (pair[1] & 0x0f));
    }
    body.push(((fields.nonalpha_discount & 0x0f) << 4) | (fields.no_vowel_discount & 0x0f));
    body.extend_from_slice(&fields.version.to_be_bytes());
    body.extend_from_slice(namespace_id.as_bytes());
    frame(magic, b'&', &body)
}

/// `!` `.` ‖ ns (§5.10).
pub fn namespace_ready(magic: [u8; 2], namespace_id: &str) -> Vec<u8> {
    let mut body = vec![b'.'];
    body.extend_from_slice(namespace_id.as_bytes());
    frame(magic, b'!', &body)
}

/// `#` message hash (§5.11).
pub fn announce(magic: [u8; 2], message_hash: &[u8; 20]) -> Vec<u8> {
    frame(magic, b'#', message_hash)
}

/// `$` ch16 ‖ token_type19 ‖ amount8 (BE) ‖ scratch (§5.12).
pub fn token_transfer(
    magic: [u8; 2],
    ch: &ConsensusHash,
    token_type: &str,
    amount: u64,
    scratch: &[u8],
) -> Vec<u8> {
    let mut body = ch.0.to_vec();
    body.extend_from_slice(&padded(token_type, TOKEN_TYPE_LEN));
    body.extend_from_slice(&amount.to_be_bytes());
    body.extend_from_slice(scratch);
    frame(magic, b'$', &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_match_bns_spec_5_0_table() {
        let ch = ConsensusHash::default();
        let m = *b"id";
        assert_eq!(name_preorder(m, &[0; 20], &ch, None).len(), 39);
        assert_eq!(name_preorder(m, &[0; 20], &ch, Some(1)).len(), 66);
        assert_eq!(name_registration(m, "foo.test", RegisterForm::Padded, None, 0).len(), 60);
        assert_eq!(name_registration(m, "foo.test", RegisterForm::PaddedAmount, None, 0).len(), 68);
        assert_eq!(name_update(m, &[0; 16], &[0; 20]).len(), 39);
        assert_eq!(name_transfer(m, true, &[0; 16], &ch).len(), 36);
        assert_eq!(namespace_preorder(m, &[0; 20], &ch, None).len(), 39);
        assert_eq!(namespace_preorder(m, &[0; 20], &ch, Some(5)).len(), 47);
        assert_eq!(announce(m, &[0; 20]).len(), 23);
        assert_eq!(token_transfer(m, &ch, "STACKS", 1, b"").len(), 46);
        let fields = RevealFields {
            lifetime: 1,
            coeff: 1,
            base: 1,
            buckets: [1; 16],
            nonalpha_discount: 1,
            no_vowel_discount: 1,
            version: 1,
        };
        assert_eq!(namespace_reveal(m, "test", &fields).len(), 3 + 17 + 4);
    }

    #[test]
    fn reveal_packs_buckets_high_nibble_first() {
        let fields = RevealFields {
            lifetime: 52595,
            coeff: 250,
            base: 4,
            buckets: [6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            nonalpha_discount: 10,
            no_vowel_discount: 10,
            version: 1,
        };
        let bytes = namespace_reveal(*b"id", "test", &fields);
        assert_eq!(
            hex::encode(&bytes[3..]),
            format!("0000cd73fa046543210000000000aa0001{}", hex::encode("test"))
        );
    }
}
