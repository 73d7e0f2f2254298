//! Payload bytes ↔ typed fields for every BNS operation (bns spec §5, §5.0, §12.2),
//! one file per op family. "Payload" is what follows the 2 magic bytes and the opcode
//! byte. Decoders reproduce the reference's `operations/*.py parse()` (lengths, optional
//! fields by epoch, validity checks done at parse time); encoders are their inverse and
//! are used by round-trip tests, the fuzzer and the block generator. Nothing here looks
//! at outputs, senders or state (`extract` and `rules` do).
//!
//! Round-trip contract: for every `p = decode(op, bytes, f)?`,
//! `decode(op, &encode(&p), f) == Ok(p)`.
#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used)]

mod announce;
mod name;
mod namespace;
mod preorder;
mod register;
mod token;

pub use announce::{decode_announce, encode_announce, Announce};
pub use name::{
    decode_name_import, decode_name_revoke, decode_name_transfer, decode_name_update, encode_name_import,
    encode_name_revoke, encode_name_transfer, encode_name_update, NameImport, NameRevoke, NameTransfer,
    NameUpdate,
};
pub use namespace::{
    decode_namespace_preorder, decode_namespace_ready, decode_namespace_reveal, encode_namespace_preorder,
    encode_namespace_ready, encode_namespace_reveal, NamespacePreorder, NamespaceReady, NamespaceReveal,
};
pub use preorder::{decode_name_preorder, encode_name_preorder, NamePreorder, TokenBurn};
pub use register::{decode_name_registration, encode_name_registration, NameRegistration, RegistrationForm};
pub use token::{decode_token_transfer, encode_token_transfer, TokenTransfer};

use crate::params::EpochFeatures;
use crate::types::Opcode;

/// Field lengths (reference `config.py LENGTHS`).
pub const PREORDER_HASH_LEN: usize = 20;
pub const CONSENSUS_HASH_LEN: usize = 16;
pub const VALUE_HASH_LEN: usize = 20;
pub const NAME_HASH_LEN: usize = 16;
/// 37: the zero-padded name field of the 57/65-byte registration forms.
pub const FQN_FIELD_LEN: usize = crate::names::FQN_MAX_LEN;
pub const TOKEN_AMOUNT_LEN: usize = 8;
/// 19: token-type fields are as wide as a namespace ID.
pub const TOKEN_TYPE_LEN: usize = 19;

/// Why a payload is unparseable for its opcode (the reference's `parse()` returns None
/// or raises). Variants name the rule; none of them carries consensus meaning beyond
/// "dropped".
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WireError {
    /// Shorter than the op's minimum.
    TooShort { len: usize, min: usize },
    /// A length the op does not accept (in this epoch).
    BadLength { len: usize },
    /// An optional token field is present in an epoch that does not allow it.
    TokenFieldNotActive,
    /// NAMESPACE_PREORDER without the STX amount that epoch ≥ 4 makes mandatory.
    MissingTokenField,
    /// The name fails the fqn syntax (bns spec §3) after stripping.
    InvalidName,
    /// The namespace ID fails its syntax.
    InvalidNamespaceId,
    /// NAME_TRANSFER disposition byte other than `>` / `~`.
    BadDisposition(u8),
    /// NAMESPACE_READY payload not starting with `.` (or empty).
    MissingDot,
    /// NAMESPACE_REVEAL version not 1, 2 or 3.
    BadVersion(u16),
    /// NAMESPACE_REVEAL discount nibble of 0.
    BadDiscount,
    /// TOKEN_TRANSFER before the epoch that enables it.
    OpNotActive,
    /// `:` with < 4 outputs (registration) carrying a non-zero STX amount.
    RegistrationWithTokenFee,
    /// `:` with ≥ 4 outputs (renewal) whose payload yields no amount (57-byte form, epoch ≥ 4).
    RenewalWithoutTokenFee,
}

impl std::fmt::Display for WireError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self, f)
    }
}

impl std::error::Error for WireError {}

/// A decoded payload of any operation.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Payload {
    NamePreorder(NamePreorder),
    /// `:` (registration and renewal share the payload).
    NameRegistration(NameRegistration),
    NameUpdate(NameUpdate),
    NameTransfer(NameTransfer),
    NameRevoke(NameRevoke),
    NameImport(NameImport),
    NamespacePreorder(NamespacePreorder),
    NamespaceReveal(NamespaceReveal),
    NamespaceReady(NamespaceReady),
    Announce(Announce),
    TokenTransfer(TokenTransfer),
}

impl Payload {
    pub fn opcode(&self) -> Opcode {
        match self {
            Payload::NamePreorder(_) => Opcode::NamePreorder,
            Payload::NameRegistration(_) => Opcode::NameRegistration,
            Payload::NameUpdate(_) => Opcode::NameUpdate,
            Payload::NameTransfer(_) => Opcode::NameTransfer,
            Payload::NameRevoke(_) => Opcode::NameRevoke,
            Payload::NameImport(_) => Opcode::NameImport,
            Payload::NamespacePreorder(_) => Opcode::NamespacePreorder,
            Payload::NamespaceReveal(_) => Opcode::NamespaceReveal,
            Payload::NamespaceReady(_) => Opcode::NamespaceReady,
            Payload::Announce(_) => Opcode::Announce,
            Payload::TokenTransfer(_) => Opcode::TokenTransfer,
        }
    }
}

/// Decode the payload of `opcode` under the epoch `features` of the block height.
pub fn decode(opcode: Opcode, payload: &[u8], features: &EpochFeatures) -> Result<Payload, WireError> {
    Ok(match opcode {
        Opcode::NamePreorder => Payload::NamePreorder(decode_name_preorder(payload, features)?),
        Opcode::NameRegistration => Payload::NameRegistration(decode_name_registration(payload, features)?),
        Opcode::NameUpdate => Payload::NameUpdate(decode_name_update(payload)?),
        Opcode::NameTransfer => Payload::NameTransfer(decode_name_transfer(payload)?),
        Opcode::NameRevoke => Payload::NameRevoke(decode_name_revoke(payload)?),
        Opcode::NameImport => Payload::NameImport(decode_name_import(payload)?),
        Opcode::NamespacePreorder => {
            Payload::NamespacePreorder(decode_namespace_preorder(payload, features)?)
        }
        Opcode::NamespaceReveal => Payload::NamespaceReveal(decode_namespace_reveal(payload)?),
        Opcode::NamespaceReady => Payload::NamespaceReady(decode_namespace_ready(payload)?),
        Opcode::Announce => Payload::Announce(decode_announce(payload)?),
        Opcode::TokenTransfer => Payload::TokenTransfer(decode_token_transfer(payload, features)?),
    })
}

/// Encode any payload (inverse of [`decode`]).
pub fn encode(payload: &Payload) -> Vec<u8> {
    match payload {
        Payload::NamePreorder(p) => encode_name_preorder(p),
        Payload::NameRegistration(p) => encode_name_registration(p),
        Payload::NameUpdate(p) => encode_name_update(p),
        Payload::NameTransfer(p) => encode_name_transfer(p),
        Payload::NameRevoke(p) => encode_name_revoke(p),
        Payload::NameImport(p) => encode_name_import(p),
        Payload::NamespacePreorder(p) => encode_namespace_preorder(p),
        Payload::NamespaceReveal(p) => encode_namespace_reveal(p),
        Payload::NamespaceReady(p) => encode_namespace_ready(p),
        Payload::Announce(p) => encode_announce(p),
        Payload::TokenTransfer(p) => encode_token_transfer(p),
    }
}

/// The OP_RETURN data of an operation: `magic ‖ opcode byte ‖ payload`.
pub fn nulldata_bytes(magic: [u8; 2], payload: &Payload) -> Vec<u8> {
    let body = encode(payload);
    let mut out = Vec::with_capacity(body.len().saturating_add(3));
    out.extend_from_slice(&magic);
    out.push(payload.opcode().byte());
    out.extend_from_slice(&body);
    out
}

/// `OP_RETURN <push data>` with the smallest push opcode (direct, PUSHDATA1/2/4). Empty
/// data uses `PUSHDATA1 0` because a bare `0x00` is OP_0, which is not a data push.
pub fn op_return_script(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len().saturating_add(6));
    out.push(crate::script::OP_RETURN);
    let len = data.len();
    if let Ok(small) = u8::try_from(len) {
        if (1..=0x4b).contains(&small) {
            out.push(small);
        } else {
            out.extend_from_slice(&[0x4c, small]);
        }
    } else if let Ok(medium) = u16::try_from(len) {
        out.push(0x4d);
        out.extend_from_slice(&medium.to_le_bytes());
    } else {
        out.push(0x4e);
        out.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_le_bytes());
    }
    out.extend_from_slice(data);
    out
}

/// Bytes with every leading and trailing NUL removed (Python `s.strip('\x00')`).
pub(crate) fn strip_nuls(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    let end = bytes.iter().rposition(|&b| b != 0).map_or(start, |i| i.saturating_add(1));
    bytes.get(start..end).unwrap_or(&[])
}

/// Bytes with trailing NULs removed (Python `s.rstrip('\x00')`).
pub(crate) fn rstrip_nuls(bytes: &[u8]) -> &[u8] {
    let end = bytes.iter().rposition(|&b| b != 0).map_or(0, |i| i.saturating_add(1));
    bytes.get(..end).unwrap_or(&[])
}

/// `bytes` padded with NULs (or cut) to exactly `len` bytes.
pub(crate) fn padded(bytes: &[u8], len: usize) -> Vec<u8> {
    let mut out: Vec<u8> = bytes.iter().copied().take(len).collect();
    out.resize(len, 0);
    out
}

/// Sequential reader over a payload; every read is bounds-checked.
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    total: usize,
    min: usize,
}

impl<'a> Reader<'a> {
    /// A reader that reports `TooShort { min }` if a read runs out of bytes.
    pub(crate) fn new(bytes: &'a [u8], min: usize) -> Self {
        Reader { rest: bytes, total: bytes.len(), min }
    }

    pub(crate) fn bytes(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        if self.rest.len() < n {
            return Err(WireError::TooShort { len: self.total, min: self.min });
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    pub(crate) fn array<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        let head = self.bytes(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(head);
        Ok(out)
    }

    pub(crate) fn u8(&mut self) -> Result<u8, WireError> {
        Ok(self.array::<1>()?[0])
    }

    pub(crate) fn u16_be(&mut self) -> Result<u16, WireError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    pub(crate) fn u32_be(&mut self) -> Result<u32, WireError> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    pub(crate) fn u64_be(&mut self) -> Result<u64, WireError> {
        Ok(u64::from_be_bytes(self.array()?))
    }

    pub(crate) fn rest(self) -> &'a [u8] {
        self.rest
    }
}

/// A name carried as raw bytes, validated as an fqn (bns spec §3).
pub(crate) fn valid_fqn(bytes: &[u8]) -> Result<String, WireError> {
    let text = std::str::from_utf8(bytes).map_err(|_| WireError::InvalidName)?;
    if crate::names::is_valid_fqn(text) {
        Ok(text.to_string())
    } else {
        Err(WireError::InvalidName)
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn strip_helpers_match_python() {
        assert_eq!(strip_nuls(b"\0\0ab\0c\0\0"), b"ab\0c");
        assert_eq!(strip_nuls(b"\0\0"), b"");
        assert_eq!(rstrip_nuls(b"\0ab\0\0"), b"\0ab");
        assert_eq!(rstrip_nuls(b"\0\0"), b"");
        assert_eq!(padded(b"ab", 4), b"ab\0\0");
        assert_eq!(padded(b"abcdef", 4), b"abcd");
    }

    #[test]
    fn op_return_script_uses_minimal_pushes() {
        assert_eq!(op_return_script(b"id"), vec![0x6a, 2, b'i', b'd']);
        assert_eq!(op_return_script(&[7; 76])[..3], [0x6a, 0x4c, 76]);
        assert_eq!(op_return_script(&[7; 300])[..4], [0x6a, 0x4d, 0x2c, 0x01]);
        for len in [0usize, 1, 75, 76, 255, 256, 70000] {
            let data = vec![9u8; len];
            let script = op_return_script(&data);
            assert_eq!(crate::script::nulldata(&script), crate::script::NullData::Payload(&data));
        }
    }
}
