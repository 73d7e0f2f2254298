//! Unit tests of `extract`: every `DropReason`, every output-layout rule, sender rules
//! and the extraction quirks (consensus spec §3, bns spec §2 and §5 "Outputs").

#[path = "extract_support.rs"]
mod support;

use bns_engine::address::burn_address;
use bns_engine::extract::{
    bns_payload, display_txid, extract, is_candidate_script, DropReason, ParseFailure,
};
use bns_engine::hashes::hash160;
use bns_engine::script::ScriptClass;
use bns_engine::types::Opcode;
use bns_engine::wire::WireError;
use bns_engine::{Candidate, Op, Params};
use support::*;

/// Regtest heights: epoch 3 = 801–850, epoch 4 = 851–900, epoch 5 = 901–950.
const E3: u32 = 820;
const E4: u32 = 870;

fn sender_key() -> Vec<u8> {
    test_pubkey(1)
}
fn sender_prevout() -> bitcoin::TxOut {
    txout(p2pkh(&hash160(&sender_key())), 1_000_000)
}
fn recipient() -> bitcoin::TxOut {
    txout(p2pkh(&[0x77; 20]), 5_500)
}
fn change() -> bitcoin::TxOut {
    txout(p2pkh(&[0x66; 20]), 9_000)
}
fn burn(value: u64) -> bitcoin::TxOut {
    txout(p2pkh(&[0; 20]), value)
}

fn nulldata(op: u8, payload: &[u8]) -> Vec<u8> {
    [b"id".as_slice(), &[op], payload].concat()
}

/// One p2pkh input signed by the sender key, `outputs` as given.
fn run(outputs: Vec<bitcoin::TxOut>, height: u32) -> Result<Candidate, DropReason> {
    let tx = tx(vec![p2pkh_script_sig(&sender_key())], outputs);
    extract(&tx, &[sender_prevout()], 3, height, &Params::regtest())
}

fn unparseable(r: &Result<Candidate, DropReason>) -> ParseFailure {
    match r {
        Err(DropReason::Unparseable { failure, .. }) => *failure,
        other => panic!("expected Unparseable, got {other:?}"),
    }
}

const ANNOUNCE: [u8; 20] = [0x11; 20];
fn announce_data() -> Vec<u8> {
    nulldata(b'#', &ANNOUNCE)
}

// ---------------------------------------------------------------- drop reasons

#[test]
fn drop_no_op_return() {
    assert_eq!(run(vec![change()], E3), Err(DropReason::NoOpReturn));
    assert_eq!(run(vec![], E3), Err(DropReason::NoOpReturn));
}

#[test]
fn drop_malformed_op_return() {
    for script in ["6a", "6a00", "6a52", "6a4f", "6a0169016a", "6a01690164"] {
        let r = run(vec![txout(h(script), 0), change()], E3);
        assert_eq!(r, Err(DropReason::MalformedOpReturn), "{script}");
    }
}

#[test]
fn drop_wrong_magic_and_custom_magic() {
    assert_eq!(run(vec![op_return(b"di#"), change()], E3), Err(DropReason::WrongMagic));
    assert_eq!(run(vec![op_return(b""), change()], E3), Err(DropReason::WrongMagic));
    assert_eq!(run(vec![op_return(b"i"), change()], E3), Err(DropReason::WrongMagic));
    let mut params = Params::regtest();
    params.magic = *b"xy";
    let tx =
        tx(vec![p2pkh_script_sig(&sender_key())], vec![op_return(&[b"xy#".as_slice(), &ANNOUNCE].concat())]);
    assert!(extract(&tx, &[sender_prevout()], 1, E3, &params).is_ok());
    assert_eq!(extract(&tx, &[sender_prevout()], 1, E3, &Params::regtest()), Err(DropReason::WrongMagic));
}

#[test]
fn drop_no_opcode_and_unknown_opcode() {
    assert_eq!(run(vec![op_return(b"id")], E3), Err(DropReason::NoOpcode));
    assert_eq!(run(vec![op_return(b"idZ")], E3), Err(DropReason::UnknownOpcode(b'Z')));
    assert_eq!(run(vec![op_return(b"id=abc")], E3), Err(DropReason::UnknownOpcode(b'=')));
}

#[test]
fn drop_no_inputs_and_prevout_mismatch() {
    let no_inputs = tx(vec![], vec![op_return(&announce_data())]);
    assert_eq!(extract(&no_inputs, &[], 1, E3, &Params::regtest()), Err(DropReason::NoInputs));
    let two_inputs = tx(vec![p2pkh_script_sig(&sender_key()), vec![]], vec![op_return(&announce_data())]);
    assert_eq!(
        extract(&two_inputs, &[sender_prevout()], 1, E3, &Params::regtest()),
        Err(DropReason::PrevoutCountMismatch { inputs: 2, prevouts: 1 })
    );
    // Non-candidates never look at prevouts, so callers may skip fetching them.
    let plain = tx(vec![vec![]], vec![change()]);
    assert_eq!(extract(&plain, &[], 1, E3, &Params::regtest()), Err(DropReason::NoOpReturn));
}

#[test]
fn drop_bad_sender_type_for_segwit_p2pk_multisig_and_coinbase_prevouts() {
    let key = sender_key();
    let p2pk = [[33u8].as_slice(), &key, &[0xac]].concat();
    let multisig = [[0x51u8, 33].as_slice(), &key, &[0x51, 0xae]].concat();
    let cases: Vec<(Vec<u8>, ScriptClass)> = vec![
        (p2wpkh(&[1; 20]), ScriptClass::P2wpkh),
        (p2wsh(&[1; 32]), ScriptClass::P2wsh),
        (p2pk, ScriptClass::P2pk),
        (multisig, ScriptClass::Multisig),
        (h("51"), ScriptClass::Nonstandard),
        (h("6a0100"), ScriptClass::Nulldata),
        (Vec::new(), ScriptClass::Nonstandard), // coinbase input: empty script, value 0
    ];
    let outputs = vec![op_return(&announce_data())];
    for (script, class) in cases {
        // As the sender (input 0) …
        let t = tx(vec![p2pkh_script_sig(&key)], outputs.clone());
        assert_eq!(
            extract(&t, &[txout(script.clone(), 0)], 1, E3, &Params::regtest()),
            Err(DropReason::BadSenderType { input: 0, class })
        );
        // … and as any later input.
        let t = tx(vec![p2pkh_script_sig(&key), vec![]], outputs.clone());
        assert_eq!(
            extract(&t, &[sender_prevout(), txout(script, 0)], 1, E3, &Params::regtest()),
            Err(DropReason::BadSenderType { input: 1, class })
        );
    }
    // p2sh later inputs are fine.
    let t = tx(vec![p2pkh_script_sig(&key), vec![]], outputs);
    assert!(extract(&t, &[sender_prevout(), txout(p2sh(&[3; 20]), 0)], 1, E3, &Params::regtest()).is_ok());
}

#[test]
fn drop_frozen_after_the_sender_check() {
    let params = Params::regtest();
    let freeze = params.freeze_height.expect("v22.2 freeze");
    let outputs = vec![op_return(&announce_data())];
    let t = tx(vec![p2pkh_script_sig(&sender_key())], outputs);
    assert!(extract(&t, &[sender_prevout()], 1, freeze - 1, &params).is_ok());
    assert_eq!(
        extract(&t, &[sender_prevout()], 1, freeze, &params),
        Err(DropReason::Frozen { height: freeze, freeze_height: freeze })
    );
    // A bad sender is reported as such even above the freeze (oracle wrapper order).
    assert_eq!(
        extract(&t, &[txout(p2wpkh(&[1; 20]), 0)], 1, freeze + 5, &params),
        Err(DropReason::BadSenderType { input: 0, class: ScriptClass::P2wpkh })
    );
    let mut unfrozen = params.clone();
    unfrozen.freeze_height = None;
    assert!(extract(&t, &[sender_prevout()], 1, freeze + 5, &unfrozen).is_ok());
}

#[test]
fn drop_unparseable_payload() {
    let r = run(vec![op_return(&nulldata(b'#', &[1; 19]))], E3);
    assert_eq!(
        r,
        Err(DropReason::Unparseable {
            opcode: Opcode::Announce,
            failure: ParseFailure::Payload(WireError::BadLength { len: 19 })
        })
    );
}

// ---------------------------------------------------------------- quirks

#[test]
fn quirk_last_op_return_decides() {
    let good = op_return(&announce_data());
    let malformed = txout(h("6a52"), 0);
    // A later malformed OP_RETURN hides an earlier good one.
    assert_eq!(run(vec![good.clone(), change(), malformed.clone()], E3), Err(DropReason::MalformedOpReturn));
    // A later good one wins over an earlier malformed one, at any output index.
    assert!(run(vec![malformed, change(), good.clone()], E3).is_ok());
    // Two good ones: the last decides.
    let other = op_return(&nulldata(b'#', &[0x22; 20]));
    let c = run(vec![good, other], E3).expect("candidate");
    assert_eq!(c.op, Op::Announce { message_hash: [0x22; 20] });
    // Non-nulldata outputs after it do not matter.
    assert!(run(vec![op_return(&announce_data()), change(), txout(h("51"), 0)], E3).is_ok());
}

#[test]
fn quirk_overlong_push_truncated() {
    // The push byte announces 40 bytes; only the 23 of `id#`+hash follow.
    let script = [[0x6a, 40].as_slice(), &announce_data()].concat();
    let c = run(vec![txout(script, 0)], E3).expect("truncated push is parsed");
    assert_eq!(c.op, Op::Announce { message_hash: ANNOUNCE });
    // PUSHDATA2 announcing 0xffff bytes.
    let script = [[0x6a, 0x4d, 0xff, 0xff].as_slice(), &announce_data()].concat();
    assert!(run(vec![txout(script, 0)], E3).is_ok());
}

#[test]
fn quirk_renewal_burn_output_is_unchecked_and_may_be_bech32() {
    let data = nulldata(b':', b"hello.test");
    let c = run(vec![op_return(&data), recipient(), change(), txout(p2wpkh(&[0; 20]), 999)], E3)
        .expect("renewal");
    match c.op {
        Op::NameRenewal { burn_address, op_fee_sat, .. } => {
            assert_eq!(burn_address, "tb1pqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqypjv4g");
            assert_eq!(op_fee_sat, 999);
        }
        other => panic!("{other:?}"),
    }
    let r = run(vec![op_return(&data), recipient(), change(), txout(h("51"), 999)], E3);
    assert_eq!(unparseable(&r), ParseFailure::NoAddress { index: 3 });
}

// ---------------------------------------------------------------- output layouts

#[test]
fn name_preorder_needs_exactly_three_standard_outputs() {
    let data = nulldata(b'?', &[[0x11u8; 20].as_slice(), &[0x22; 16]].concat());
    let c = run(vec![op_return(&data), change(), burn(12_345)], E3).expect("preorder");
    match c.op {
        Op::NamePreorder { op_fee_sat, burn_address: b, token_fee, token_units, .. } => {
            assert_eq!((op_fee_sat, b.as_str()), (12_345, burn_address(&Params::regtest()).as_str()));
            assert_eq!((token_fee, token_units), (None, None));
        }
        other => panic!("{other:?}"),
    }
    let r = run(vec![op_return(&data), change()], E3);
    assert_eq!(unparseable(&r), ParseFailure::WrongOutputCount { expected: 3, actual: 2 });
    let r = run(vec![op_return(&data), change(), burn(1), change()], E3);
    assert_eq!(unparseable(&r), ParseFailure::WrongOutputCount { expected: 3, actual: 4 });
    let r = run(vec![op_return(&data), change(), txout(p2wpkh(&[0; 20]), 1)], E3);
    assert_eq!(unparseable(&r), ParseFailure::OutputType { index: 2, class: ScriptClass::P2wpkh });
    // The fee output may be p2sh (any address passes extraction).
    assert!(run(vec![op_return(&data), change(), txout(p2sh(&[9; 20]), 1)], E3).is_ok());
    // OP_RETURN as the third output: standard type, but it has no address.
    let r = run(vec![change(), burn(1), op_return(&data)], E3);
    assert_eq!(unparseable(&r), ParseFailure::NoAddress { index: 2 });
}

#[test]
fn name_preorder_token_form_from_epoch_4() {
    let mut payload = [[0x11u8; 20].as_slice(), &[0x22; 16]].concat();
    payload.extend_from_slice(&77u64.to_be_bytes());
    payload.extend_from_slice(b"STACKS\0\0\0\0\0\0\0\0\0\0\0\0\0");
    let data = nulldata(b'?', &payload);
    let r = run(vec![op_return(&data), change(), burn(1)], E3);
    assert_eq!(unparseable(&r), ParseFailure::Payload(WireError::TokenFieldNotActive));
    let c = run(vec![op_return(&data), change(), burn(1)], E4).expect("63-byte preorder");
    assert!(
        matches!(c.op, Op::NamePreorder { token_fee: Some(77), token_units: Some(ref u), .. } if u == "STACKS")
    );
}

#[test]
fn registration_or_renewal_by_output_count() {
    let data = nulldata(b':', b"hello.test");
    let one = run(vec![op_return(&data)], E3);
    assert_eq!(unparseable(&one), ParseFailure::MissingOutput { index: 1 });
    for outputs in
        [vec![op_return(&data), recipient()], vec![op_return(&data), recipient(), txout(p2wpkh(&[5; 20]), 1)]]
    {
        let c = run(outputs, E3).expect("registration");
        match c.op {
            Op::NameRegistration { name, recipient: r, .. } => {
                assert_eq!(name, "hello.test");
                assert_eq!(r, recipient().script_pubkey.to_bytes());
            }
            other => panic!("{other:?}"),
        }
    }
    let c = run(vec![op_return(&data), recipient(), change(), burn(4_000)], E3).expect("renewal");
    assert!(matches!(c.op, Op::NameRenewal { op_fee_sat: 4_000, token_fee: Some(0), .. }));
    let c = run(vec![op_return(&data), recipient(), change(), burn(4_000), change()], E3).expect("renewal");
    assert!(matches!(c.op, Op::NameRenewal { .. }));
    let r = run(vec![op_return(&data), txout(p2wpkh(&[5; 20]), 1)], E3);
    assert_eq!(unparseable(&r), ParseFailure::OutputType { index: 1, class: ScriptClass::P2wpkh });
    let r = run(vec![change(), op_return(&data)], E3);
    assert_eq!(unparseable(&r), ParseFailure::NoAddress { index: 1 });
}

#[test]
fn registration_amount_and_renewal_57_byte_rules() {
    let form57 = |name: &str| {
        let mut p = name.as_bytes().to_vec();
        p.resize(37, 0);
        p.extend_from_slice(&[0x33; 20]);
        p
    };
    let with_amount = |amount: u64| [form57("hello.test"), amount.to_be_bytes().to_vec()].concat();
    let reg = |payload: &[u8], height| run(vec![op_return(&nulldata(b':', payload)), recipient()], height);
    let renew = |payload: &[u8], height| {
        run(vec![op_return(&nulldata(b':', payload)), recipient(), change(), burn(1)], height)
    };
    assert!(reg(&with_amount(0), E4).is_ok());
    assert_eq!(
        unparseable(&reg(&with_amount(1), E4)),
        ParseFailure::Payload(WireError::RegistrationWithTokenFee)
    );
    assert!(matches!(
        renew(&with_amount(9), E4).expect("renewal").op,
        Op::NameRenewal { token_fee: Some(9), .. }
    ));
    assert_eq!(
        unparseable(&renew(&form57("hello.test"), E4)),
        ParseFailure::Payload(WireError::RenewalWithoutTokenFee)
    );
    assert!(renew(&form57("hello.test"), E3).is_ok());
    assert!(matches!(
        reg(&form57("hello.test"), E4).expect("registration").op,
        Op::NameRegistration { token_fee: None, value_hash: Some(_), .. }
    ));
}

#[test]
fn ops_without_output_rules_need_only_the_op_return() {
    let update = nulldata(b'+', &[[1u8; 16].as_slice(), &[2; 20]].concat());
    for data in [update, nulldata(b'~', b"hello.test"), nulldata(b'!', b".hello"), announce_data()] {
        assert!(run(vec![op_return(&data)], E3).is_ok());
        assert!(run(vec![op_return(&data), txout(p2wpkh(&[1; 20]), 1), txout(h("51"), 1)], E3).is_ok());
    }
}

#[test]
fn transfer_recipient_is_output_one() {
    let data = nulldata(b'>', &[[b'>'].as_slice(), &[1; 16], &[2; 16]].concat());
    let c = run(vec![op_return(&data), txout(p2sh(&[8; 20]), 1), txout(p2wpkh(&[1; 20]), 1)], E3)
        .expect("transfer");
    match c.op {
        Op::NameTransfer { keep_data, recipient, recipient_address, .. } => {
            assert!(keep_data);
            assert_eq!(recipient, p2sh(&[8; 20]));
            assert!(recipient_address.starts_with('2'));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(unparseable(&run(vec![op_return(&data)], E3)), ParseFailure::MissingOutput { index: 1 });
}

#[test]
fn import_value_hash_from_output_two() {
    let data = nulldata(b';', b"hello.test");
    let c = run(vec![op_return(&data), recipient(), txout(p2sh(&[0x44; 20]), 1)], E3).expect("import");
    assert!(matches!(c.op, Op::NameImport { value_hash, .. } if value_hash == [0x44; 20]));
    let c = run(
        vec![op_return(&data), recipient(), txout(p2pkh(&[0x45; 20]), 1), txout(p2wpkh(&[0; 20]), 1)],
        E3,
    )
    .expect("import");
    assert!(matches!(c.op, Op::NameImport { value_hash, .. } if value_hash == [0x45; 20]));
    assert!(c.sender.pubkey.is_some());
    assert_eq!(
        unparseable(&run(vec![op_return(&data), recipient()], E3)),
        ParseFailure::MissingOutput { index: 2 }
    );
    let r = run(vec![op_return(&data), recipient(), txout(p2wpkh(&[0x44; 20]), 1)], E3);
    assert_eq!(unparseable(&r), ParseFailure::OutputType { index: 2, class: ScriptClass::P2wpkh });
}

#[test]
fn namespace_preorder_needs_at_least_three_outputs() {
    let data = nulldata(b'*', &[[0x11u8; 20].as_slice(), &[0x22; 16]].concat());
    assert!(run(vec![op_return(&data), change(), burn(5)], E3).is_ok());
    assert!(run(vec![op_return(&data), change(), burn(5), txout(p2wpkh(&[1; 20]), 1)], E3).is_ok());
    assert_eq!(
        unparseable(&run(vec![op_return(&data), change()], E3)),
        ParseFailure::MissingOutput { index: 2 }
    );
    let with_stx = nulldata(b'*', &[[0x11u8; 20].as_slice(), &[0x22; 16], &5u64.to_be_bytes()].concat());
    assert!(matches!(
        run(vec![op_return(&with_stx), change(), burn(5)], E4).expect("ns preorder").op,
        Op::NamespacePreorder { token_fee: Some(5), .. }
    ));
    assert_eq!(
        unparseable(&run(vec![op_return(&data), change(), burn(5)], E4)),
        ParseFailure::Payload(WireError::MissingTokenField)
    );
}

#[test]
fn namespace_reveal_needs_exactly_three_outputs() {
    let data = nulldata(b'&', &h("0000cd73fa046543210000000000aa000174657374"));
    let c = run(vec![op_return(&data), recipient(), change()], E3).expect("reveal");
    assert!(matches!(c.op, Op::NamespaceReveal { ref namespace_id, .. } if namespace_id == "test"));
    assert_eq!(
        unparseable(&run(vec![op_return(&data), recipient()], E3)),
        ParseFailure::WrongOutputCount { expected: 3, actual: 2 }
    );
    assert_eq!(
        unparseable(&run(vec![op_return(&data), recipient(), change(), change()], E3)),
        ParseFailure::WrongOutputCount { expected: 3, actual: 4 }
    );
    // Only outputs 0 and 1 are type-checked.
    assert!(run(vec![op_return(&data), recipient(), txout(p2wpkh(&[1; 20]), 1)], E3).is_ok());
}

#[test]
fn token_transfer_recipient_and_epoch() {
    let payload = h("7c503a2e30a905cb515cfbc291766dfa00000000000000000000000000535441434b530000000000000064");
    let data = nulldata(b'$', &payload);
    let c = run(vec![op_return(&data), recipient(), change()], E4).expect("token transfer");
    assert!(matches!(c.op, Op::TokenTransfer { amount: 100, .. }));
    assert_eq!(c.sender.pubkey, None, "TOKEN_TRANSFER never carries a sender pubkey");
    assert_eq!(
        unparseable(&run(vec![op_return(&data), recipient()], E3)),
        ParseFailure::Payload(WireError::OpNotActive)
    );
    assert_eq!(unparseable(&run(vec![op_return(&data)], E4)), ParseFailure::MissingOutput { index: 1 });
}

// ---------------------------------------------------------------- senders

#[test]
fn sender_is_prevout_of_input_zero() {
    let c = run(vec![op_return(&announce_data())], E3).expect("announce");
    assert_eq!(c.sender.script, sender_prevout().script_pubkey.to_bytes());
    assert_eq!(
        Some(c.sender.address.clone()),
        bns_engine::address::script_to_address(&c.sender.script, &Params::regtest())
    );
    assert_eq!(c.sender.pubkey, Some(sender_key()));
    assert_eq!(c.vtxindex, 3);
}

#[test]
fn sender_pubkey_found_on_a_later_input() {
    let other_key = test_pubkey(2);
    // Input 0: a 2-token scriptSig with someone else's key; input 1: three tokens
    // (ignored); input 2: the sender's key.
    let three_tokens = [p2pkh_script_sig(&sender_key()), vec![0x51]].concat();
    let t = tx(
        vec![p2pkh_script_sig(&other_key), three_tokens, p2pkh_script_sig(&sender_key())],
        vec![op_return(&announce_data())],
    );
    let prevouts = vec![sender_prevout(), txout(p2pkh(&hash160(&other_key)), 1), sender_prevout()];
    let c = extract(&t, &prevouts, 1, E3, &Params::regtest()).expect("candidate");
    assert_eq!(c.sender.pubkey, Some(sender_key()));
    // Without the last input, no key matches.
    let t = tx(vec![p2pkh_script_sig(&other_key)], vec![op_return(&announce_data())]);
    let c = extract(&t, &[sender_prevout()], 1, E3, &Params::regtest()).expect("candidate");
    assert_eq!(c.sender.pubkey, None);
}

#[test]
fn sender_pubkey_uncompressed_as_given() {
    let compressed = bitcoin::secp256k1::PublicKey::from_slice(&sender_key()).expect("key");
    let uncompressed = compressed.serialize_uncompressed().to_vec();
    let t = tx(vec![p2pkh_script_sig(&uncompressed)], vec![op_return(&announce_data())]);
    let prevout = txout(p2pkh(&hash160(&uncompressed)), 1);
    let c = extract(&t, std::slice::from_ref(&prevout), 1, E3, &Params::regtest()).expect("candidate");
    assert_eq!(c.sender.pubkey, Some(uncompressed.clone()));
    // The compressed form of the same key does not match an uncompressed-key address.
    let t = tx(vec![p2pkh_script_sig(&sender_key())], vec![op_return(&announce_data())]);
    assert_eq!(extract(&t, &[prevout], 1, E3, &Params::regtest()).expect("candidate").sender.pubkey, None);
}

#[test]
fn p2sh_sender_has_no_pubkey() {
    let t = tx(vec![p2pkh_script_sig(&sender_key())], vec![op_return(&announce_data())]);
    let prevout = txout(p2sh(&hash160(&sender_key())), 1);
    let c = extract(&t, &[prevout], 1, E3, &Params::regtest()).expect("candidate");
    assert!(c.sender.address.starts_with('2'));
    assert_eq!(c.sender.pubkey, None);
}

#[test]
fn revoke_carries_no_pubkey() {
    let c = run(vec![op_return(&nulldata(b'~', b"hello.test"))], E3).expect("revoke");
    assert_eq!(c.sender.pubkey, None);
}

// ---------------------------------------------------------------- helpers

#[test]
fn txid_is_display_order_non_witness() {
    let mut t = tx(vec![p2pkh_script_sig(&sender_key())], vec![op_return(&announce_data())]);
    let before = display_txid(&t);
    assert_eq!(before.to_hex(), t.compute_txid().to_string());
    t.input[0].witness.push([1u8, 2, 3]);
    assert_eq!(display_txid(&t), before);
    let c = extract(&t, &[sender_prevout()], 1, E3, &Params::regtest()).expect("candidate");
    assert_eq!(c.txid, before);
}

#[test]
fn prefilter_helpers() {
    let good = op_return(&announce_data());
    assert!(is_candidate_script(good.script_pubkey.as_bytes(), *b"id"));
    assert!(!is_candidate_script(good.script_pubkey.as_bytes(), *b"xy"));
    assert!(!is_candidate_script(&h("6a52"), *b"id"));
    assert!(!is_candidate_script(&p2pkh(&[0; 20]), *b"id"));
    let t = tx(vec![vec![]], vec![good.clone(), change()]);
    assert_eq!(bns_payload(&t, *b"id"), Some(announce_data()));
    let t = tx(vec![vec![]], vec![good, txout(h("6a"), 0)]);
    assert_eq!(bns_payload(&t, *b"id"), None);
}
