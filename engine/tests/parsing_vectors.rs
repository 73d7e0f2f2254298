//! The reference's own parsing vectors: all 70 payloads of
//! `shared/data/real/parsing/nameop_parsing_vectors.json` (extracted from blockstack-core
//! `integration_tests/.../scenarios/nameop_parsing.py`, v1-migration a656c14a) must be
//! accepted or rejected exactly as that scenario asserts, with the outputs its
//! `parse_nameop` attaches (OP_RETURN, recipient p2pkh of wallets[1], and the burn /
//! import-hash / reveal output for `* ?`, `;`, `&`), at mainnet block 488501 (epoch 3).
//! The scenario also requires every test except `# ! + ~` to be rejected when those
//! outputs are p2wpkh.

#[path = "extract_support.rs"]
mod support;

use bns_engine::extract::{extract, DropReason};
use bns_engine::hashes::hash160;
use bns_engine::{Op, Params};
use support::*;

const HEIGHT: u32 = 488_501;
/// wallets[0] and wallets[1] of the scenario (the file's `context`).
const SENDER_WIF: &str = "5JesPiN68qt44Hc2nT8qmyZ1JDwHebfoh9KQ52Lazb1m1LaKNj9";
const RECIPIENT_WIF: &str = "5KHqsiU9qa77frZb6hQy9ocV7Sus9RWJcQGYYBJJBb2Efj1o77e";

struct Vector {
    opcode: char,
    test_name: String,
    nulldata: Vec<u8>,
    payload: Vec<u8>,
    valid: bool,
}

fn vectors() -> Vec<Vector> {
    let json = read_json("parsing/nameop_parsing_vectors.json");
    json["vectors"]
        .as_array()
        .expect("vectors")
        .iter()
        .map(|v| Vector {
            opcode: v["opcode"].as_str().expect("opcode").chars().next().expect("char"),
            test_name: v["test_name"].as_str().expect("name").to_string(),
            nulldata: h(v["nulldata_hex"].as_str().expect("hex")),
            payload: h(v["payload_after_opcode_hex"].as_str().expect("hex")),
            valid: match v["expected"].as_str().expect("expected") {
                "valid" => true,
                "invalid" => false,
                other => panic!("unknown expectation {other}"),
            },
        })
        .collect()
}

/// Outputs as `parse_nameop` builds them; `bech32` turns the non-OP_RETURN outputs into
/// p2wpkh.
fn build_tx(v: &Vector, bech32: bool) -> (bitcoin::Transaction, Vec<bitcoin::TxOut>) {
    let sender_key = wif_pubkey(SENDER_WIF);
    let recipient_hash = hash160(&wif_pubkey(RECIPIENT_WIF));
    let pay = |hash: &[u8; 20]| if bech32 { p2wpkh(hash) } else { p2pkh(hash) };
    let mut outputs = vec![op_return(&v.nulldata), txout(pay(&recipient_hash), 10_000_000)];
    let extra: Option<[u8; 20]> = match v.opcode {
        '*' | '?' | '&' => Some([0; 20]), // burn / reveal address 1111111111111111111114oLvT2
        ';' => Some([0x44; 20]),          // import update hash
        _ => None,
    };
    if let Some(hash) = extra {
        outputs.push(txout(pay(&hash), 10_000_000));
    }
    let tx = tx(vec![p2pkh_script_sig(&sender_key)], outputs);
    let prevouts = vec![txout(p2pkh(&hash160(&sender_key)), 50_000_000)];
    (tx, prevouts)
}

#[test]
fn all_70_vectors_match_the_reference_scenario() {
    let params = Params::mainnet();
    let vectors = vectors();
    assert_eq!(vectors.len(), 70);
    let mut checked = 0;
    for v in &vectors {
        assert_eq!(&v.nulldata[..3], &[b'i', b'd', v.opcode as u8][..]);
        assert_eq!(&v.nulldata[3..], v.payload.as_slice());
        let (tx, prevouts) = build_tx(v, false);
        let result = extract(&tx, &prevouts, 1, HEIGHT, &params);
        match (&result, v.valid) {
            (Ok(candidate), true) => {
                assert_eq!(candidate.op.opcode().byte(), v.opcode as u8, "{} {}", v.opcode, v.test_name);
                assert_eq!(
                    candidate.sender.pubkey.is_some(),
                    !matches!(v.opcode, '~'),
                    "{} {}",
                    v.opcode,
                    v.test_name
                );
            }
            (Err(DropReason::Unparseable { .. }), false) => {}
            _ => panic!("{} {}: expected valid={} got {:?}", v.opcode, v.test_name, v.valid, result),
        }
        checked += 1;
    }
    assert_eq!(checked, 70);
}

#[test]
fn every_vector_with_outputs_is_rejected_with_p2wpkh_outputs() {
    let params = Params::mainnet();
    let mut rejected = 0;
    for v in vectors().iter().filter(|v| !matches!(v.opcode, '#' | '!' | '+' | '~')) {
        let (tx, prevouts) = build_tx(v, true);
        let result = extract(&tx, &prevouts, 1, HEIGHT, &params);
        assert!(
            matches!(result, Err(DropReason::Unparseable { .. })),
            "{} {}: {:?}",
            v.opcode,
            v.test_name,
            result
        );
        rejected += 1;
    }
    // 70 vectors minus 3 `#`, 8 `!`, 3 `+`, 8 `~`.
    assert_eq!(rejected, 48);
}

#[test]
fn valid_vectors_decode_to_the_scenario_fields() {
    let params = Params::mainnet();
    let get = |opcode: char, name: &str| {
        let v = vectors().into_iter().find(|v| v.opcode == opcode && v.test_name == name).expect("vector");
        let (tx, prevouts) = build_tx(&v, false);
        extract(&tx, &prevouts, 1, HEIGHT, &params).expect("valid").op
    };
    let recipient_address =
        bns_engine::address::script_to_address(&p2pkh(&hash160(&wif_pubkey(RECIPIENT_WIF))), &params);
    match get('*', "valid") {
        Op::NamespacePreorder { preorder_hash, consensus_hash, token_fee, op_fee_sat, burn_address } => {
            assert_eq!(preorder_hash, [0x11; 20]);
            assert_eq!(consensus_hash.0, [0x22; 16]);
            assert_eq!(token_fee, None);
            assert_eq!(op_fee_sat, 10_000_000);
            assert_eq!(burn_address, "1111111111111111111114oLvT2");
        }
        other => panic!("{other:?}"),
    }
    match get('&', "valid") {
        Op::NamespaceReveal {
            namespace_id,
            lifetime,
            coeff,
            base,
            buckets,
            nonalpha_discount,
            no_vowel_discount,
            version,
            recipient_address: ra,
            ..
        } => {
            assert_eq!(namespace_id, "hello");
            assert_eq!((lifetime, coeff, base), (0x1111_1111, 2, 3));
            assert_eq!(buckets, [4, 0, 4, 1, 4, 2, 4, 3, 4, 4, 4, 5, 4, 6, 4, 7]);
            assert_eq!((nonalpha_discount, no_vowel_discount, version), (1, 5, 1));
            assert_eq!(Some(ra), recipient_address);
        }
        other => panic!("{other:?}"),
    }
    match get(':', "valid_2") {
        Op::NameRegistration { name, value_hash, token_fee, recipient_address: ra, .. } => {
            assert_eq!(name, "hello.test");
            assert_eq!(value_hash, Some([0x11; 20]));
            assert_eq!(token_fee, Some(0));
            assert_eq!(Some(ra), recipient_address);
        }
        other => panic!("{other:?}"),
    }
    match get(';', "valid") {
        Op::NameImport { name, value_hash, .. } => {
            assert_eq!(name, "hello.test");
            assert_eq!(value_hash, [0x44; 20]);
        }
        other => panic!("{other:?}"),
    }
    match get('>', "valid2") {
        Op::NameTransfer { keep_data, name_hash128, consensus_hash, .. } => {
            assert!(!keep_data);
            assert_eq!(name_hash128, [0x11; 16]);
            assert_eq!(consensus_hash.0, [0x22; 16]);
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(get('!', "valid"), Op::NamespaceReady { namespace_id } if namespace_id == "hello"));
    assert!(matches!(get('~', "valid"), Op::NameRevoke { name } if name == "hello.test"));
    assert!(matches!(get('#', "valid"), Op::Announce { message_hash } if message_hash == [0x11; 20]));
    assert!(
        matches!(get('+', "valid"), Op::NameUpdate { name_consensus_hash, value_hash } if name_consensus_hash == [0x11; 16] && value_hash == [0x22; 20])
    );
    assert!(matches!(get('?', "valid"), Op::NamePreorder { token_fee: None, op_fee_sat: 10_000_000, .. }));
}
