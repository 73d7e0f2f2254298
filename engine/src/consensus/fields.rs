//! Ordered consensus field lists per opcode byte (consensus spec §4.2; reference
//! `operations/__init__.py SERIALIZE_FIELDS` and each operation module's `FIELDS`).
//!
//! The list is chosen by the opcode byte found on chain, so a renewal (`:` with ≥ 4
//! outputs) uses the registration list, and `!` extends the `&` list.

/// `NAMEREC`: the 16 fields of a name record (reference `nameset/__init__.py`
/// `NAMEREC_FIELDS`), the prefix of every name-operation record.
macro_rules! namerec {
    ($($extra:literal),* $(,)?) => {
        &[
            "name",
            "value_hash",
            "sender",
            "sender_pubkey",
            "address",
            "block_number",
            "preorder_block_number",
            "first_registered",
            "last_renewed",
            "revoked",
            "op",
            "txid",
            "vtxindex",
            "op_fee",
            "importer",
            "importer_address",
            $($extra),*
        ]
    };
}

/// `&` fields; `!` is these plus `ready_block`.
macro_rules! namespace_reveal {
    ($($extra:literal),* $(,)?) => {
        &[
            "namespace_id",
            "preorder_hash",
            "version",
            "sender",
            "sender_pubkey",
            "address",
            "recipient",
            "recipient_address",
            "block_number",
            "reveal_block",
            "op",
            "txid",
            "vtxindex",
            "lifetime",
            "coeff",
            "base",
            "buckets",
            "nonalpha_discount",
            "no_vowel_discount",
            $($extra),*
        ]
    };
}

const NAME_PREORDER: &[&str] = &[
    "preorder_hash",
    "consensus_hash",
    "sender",
    "sender_pubkey",
    "address",
    "block_number",
    "op",
    "txid",
    "vtxindex",
    "op_fee",
];
/// `:` — the reference appends `sender, address` to NAMEREC although NAMEREC already
/// holds them, so both appear twice (quirk).
const NAME_REGISTRATION: &[&str] = namerec!("sender", "address");
const NAME_UPDATE: &[&str] = namerec!("name_consensus_hash", "consensus_hash");
const NAME_TRANSFER: &[&str] = namerec!("name_hash128", "consensus_hash", "keep_data");
const NAME_REVOKE: &[&str] = namerec!();
/// `;` — same duplicated `sender, address` quirk as `:`.
const NAME_IMPORT: &[&str] = namerec!("sender", "address");
const NAMESPACE_PREORDER: &[&str] = &[
    "preorder_hash",
    "consensus_hash",
    "op",
    "op_fee",
    "txid",
    "vtxindex",
    "block_number",
    "sender",
    "sender_pubkey",
    "address",
];
const NAMESPACE_REVEAL: &[&str] = namespace_reveal!();
const NAMESPACE_READY: &[&str] = namespace_reveal!("ready_block");
const TOKEN_TRANSFER: &[&str] = &[
    "sender",
    "address",
    "recipient",
    "recipient_address",
    "token_units",
    "token_fee",
    "block_id",
    "op",
    "txid",
    "vtxindex",
    "consensus_hash",
    "scratch_area",
];

/// The field names serialized for a record of this opcode byte, in order; `None` for
/// an unknown byte; `Some(&[])` for ANNOUNCE (never serialized).
pub fn fields_for(opcode_byte: u8) -> Option<&'static [&'static str]> {
    Some(match opcode_byte {
        b'?' => NAME_PREORDER,
        b':' => NAME_REGISTRATION,
        b'+' => NAME_UPDATE,
        b'>' => NAME_TRANSFER,
        b'~' => NAME_REVOKE,
        b';' => NAME_IMPORT,
        b'*' => NAMESPACE_PREORDER,
        b'&' => NAMESPACE_REVEAL,
        b'!' => NAMESPACE_READY,
        b'#' => &[],
        b'$' => TOKEN_TRANSFER,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts from consensus spec §4.2.
    #[test]
    fn field_counts_match_consensus_spec_4_2() {
        let expected: [(u8, usize); 11] = [
            (b'?', 10),
            (b':', 18),
            (b'+', 18),
            (b'>', 19),
            (b'~', 16),
            (b';', 18),
            (b'*', 10),
            (b'&', 19),
            (b'!', 20),
            (b'#', 0),
            (b'$', 12),
        ];
        for (byte, count) in expected {
            assert_eq!(fields_for(byte).map(<[_]>::len), Some(count), "opcode {}", byte as char);
        }
    }

    #[test]
    fn registration_and_import_duplicate_sender_and_address() {
        for byte in [b':', b';'] {
            let fields = fields_for(byte).unwrap();
            assert_eq!(fields.iter().filter(|f| **f == "sender").count(), 2);
            assert_eq!(fields.iter().filter(|f| **f == "address").count(), 2);
            assert_eq!(&fields[16..], &["sender", "address"]);
        }
    }

    #[test]
    fn ready_extends_reveal_with_ready_block() {
        let reveal = fields_for(b'&').unwrap();
        let ready = fields_for(b'!').unwrap();
        assert_eq!(&ready[..19], reveal);
        assert_eq!(ready[19], "ready_block");
    }

    #[test]
    fn unknown_bytes_have_no_field_list() {
        for byte in [b'a', b'=', 0u8, 0xff, b'%'] {
            assert_eq!(fields_for(byte), None);
        }
    }
}
