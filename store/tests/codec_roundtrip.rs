//! Every row type round-trips through its explicit encoding (STORE-FORMAT.md), for
//! arbitrary values: records, preorder lists, accounts, keychains, account keys, tips
//! and block rows. A decoder given any prefix of a value, or the value with a byte
//! appended, refuses it instead of misreading it.

use bns_engine::state::{Account, NameRecord, NamespaceRecord, OpFee, PreorderRecord};
use bns_store::codec::*;
use bns_store::state::{account_key, decode_account_key};
use bns_store::{BlockRow, Tip};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    // Includes NUL and multi-byte characters.
    proptest::string::string_regex("[a-z0-9.\\x00é✓]{0,12}").expect("valid regex")
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

fn op_fee() -> impl Strategy<Value = OpFee> {
    prop_oneof![any::<u64>().prop_map(OpFee::Int), any::<f64>().prop_map(OpFee::Float)]
}

prop_compose! {
    fn name_record()(
        a in (text(), text(), text(), text(), any::<u32>(), opt_text(), text(), opt_text()),
        b in (text(), any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), text(), text()),
        c in (any::<u32>(), op_fee(), opt_text(), opt_text(), opt_text(), text(), text(), opt_text()),
    ) -> NameRecord {
        NameRecord {
            name: a.0, preorder_hash: a.1, name_hash128: a.2, namespace_id: a.3,
            namespace_block_number: a.4, value_hash: a.5, sender: a.6, sender_pubkey: a.7,
            address: b.0, block_number: b.1, preorder_block_number: b.2, first_registered: b.3,
            last_renewed: b.4, revoked: b.5, op: b.6, txid: b.7,
            vtxindex: c.0, op_fee: c.1, importer: c.2, importer_address: c.3, consensus_hash: c.4,
            token_fee: c.5, last_creation_op: c.6, last_update_consensus_hash: c.7,
        }
    }
}

prop_compose! {
    fn namespace_record()(
        a in (text(), text(), any::<u16>(), text(), opt_text(), text(), text(), text()),
        b in (any::<u32>(), any::<u32>(), text(), any::<u64>(), text(), any::<u32>(), any::<u32>(), any::<u8>()),
        c in (any::<u8>(), any::<[u8; 16]>(), any::<u8>(), any::<u8>(), any::<u32>(), text()),
    ) -> NamespaceRecord {
        NamespaceRecord {
            namespace_id: a.0, preorder_hash: a.1, version: a.2, sender: a.3, sender_pubkey: a.4,
            address: a.5, recipient: a.6, recipient_address: a.7,
            block_number: b.0, reveal_block: b.1, op: b.2, op_fee: b.3, txid: b.4, vtxindex: b.5,
            lifetime: b.6, coeff: b.7,
            base: c.0, buckets: c.1, nonalpha_discount: c.2, no_vowel_discount: c.3, ready_block: c.4,
            token_fee: c.5,
        }
    }
}

prop_compose! {
    fn preorder()(
        a in (text(), text(), text(), opt_text(), text(), any::<u32>(), text()),
        b in (any::<u64>(), text(), any::<u32>(), text(), text(), text()),
    ) -> PreorderRecord {
        PreorderRecord {
            preorder_hash: a.0, consensus_hash: a.1, sender: a.2, sender_pubkey: a.3, address: a.4,
            block_number: a.5, op: a.6, op_fee: b.0, txid: b.1, vtxindex: b.2, burn_address: b.3,
            token_fee: b.4, token_units: b.5,
        }
    }
}

prop_compose! {
    fn account()(
        a in (text(), text(), any::<u128>(), any::<u128>(), any::<u32>()),
        b in (any::<bool>(), opt_text(), any::<u32>(), text(), any::<u32>()),
    ) -> Account {
        Account {
            address: a.0, token_type: a.1, credit_value: a.2, debit_value: a.3,
            lock_transfer_block_id: a.4, receive_whitelisted: b.0, metadata: b.1, block_id: b.2,
            txid: b.3, vtxindex: b.4,
        }
    }
}

/// Every strict prefix and the value plus one byte must be refused.
fn refuses_damage<T>(bytes: &[u8], decode: fn(&[u8]) -> Result<T, DecodeError>) {
    for cut in 0..bytes.len() {
        assert!(decode(&bytes[..cut]).is_err(), "prefix of {cut} bytes accepted");
    }
    let mut longer = bytes.to_vec();
    longer.push(0);
    assert!(decode(&longer).is_err(), "trailing byte accepted");
}

/// `OpFee::Float(NaN)` is not equal to itself: compare the bits.
fn same_name(a: &NameRecord, b: &NameRecord) -> bool {
    let fee_bits = |r: &NameRecord| match r.op_fee {
        OpFee::Int(v) => (0u8, v),
        OpFee::Float(v) => (1u8, v.to_bits()),
    };
    let mut a2 = a.clone();
    let mut b2 = b.clone();
    a2.op_fee = OpFee::Int(0);
    b2.op_fee = OpFee::Int(0);
    a2 == b2 && fee_bits(a) == fee_bits(b)
}

proptest! {
    #[test]
    fn name_records_round_trip(rec in name_record()) {
        let bytes = encode_name(&rec);
        prop_assert!(same_name(&decode_name(&bytes).unwrap(), &rec));
        refuses_damage(&bytes, decode_name);
    }

    #[test]
    fn namespace_records_round_trip(rec in namespace_record()) {
        let bytes = encode_namespace(&rec);
        prop_assert_eq!(decode_namespace(&bytes).unwrap(), rec);
        refuses_damage(&bytes, decode_namespace);
    }

    #[test]
    fn preorder_rows_round_trip(rows in proptest::collection::vec(preorder(), 0..4)) {
        let bytes = encode_preorders(&rows);
        prop_assert_eq!(decode_preorders(&bytes).unwrap(), rows);
        refuses_damage(&bytes, decode_preorders);
    }

    #[test]
    fn accounts_round_trip(rec in account()) {
        let bytes = encode_account(&rec);
        prop_assert_eq!(decode_account(&bytes).unwrap(), rec);
        refuses_damage(&bytes, decode_account);
    }

    #[test]
    fn keychains_round_trip(addresses in proptest::collection::vec(text(), 0..6)) {
        let bytes = encode_keychain(&addresses);
        prop_assert_eq!(decode_keychain(&bytes).unwrap(), addresses);
        refuses_damage(&bytes, decode_keychain);
    }

    #[test]
    fn account_keys_round_trip_and_keep_pair_order(a in (text(), text()), b in (text(), text())) {
        prop_assert_eq!(decode_account_key(&account_key(&a)).unwrap(), a.clone());
        prop_assert_eq!(account_key(&a).cmp(&account_key(&b)), a.cmp(&b));
    }

    #[test]
    fn tips_round_trip(height in any::<u32>(), hash in any::<[u8; 32]>(), checked in any::<bool>()) {
        let tip = Tip { height, block_hash: hash, checked };
        prop_assert_eq!(Tip::decode(&tip.encode()).unwrap(), tip);
    }

    #[test]
    fn block_rows_round_trip(height in any::<u32>(), hash in any::<[u8; 32]>(), ch in any::<[u8; 16]>(), json in text()) {
        let row = BlockRow { height, block_hash: hash, consensus_hash: ch, accepted_json: json };
        prop_assert_eq!(BlockRow::decode(height, &row.encode_value()).unwrap(), row);
    }

    #[test]
    fn decoders_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = decode_name(&bytes);
        let _ = decode_namespace(&bytes);
        let _ = decode_preorders(&bytes);
        let _ = decode_account(&bytes);
        let _ = decode_keychain(&bytes);
        let _ = decode_account_key(&bytes);
        let _ = Tip::decode(&bytes);
    }
}

/// A value of one record type is refused by another type's decoder (the leading tag).
#[test]
fn a_value_in_the_wrong_table_is_refused() {
    let keychain = encode_keychain(&["a".to_string()]);
    assert!(matches!(
        decode_account(&keychain),
        Err(DecodeError::Tag { found: TAG_KEYCHAIN, expected: TAG_ACCOUNT })
    ));
}
