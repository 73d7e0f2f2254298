//! Real transactions and blocks from `shared/data/real/parsing/stacks-core-legacy-btc-fixtures.json`
//! (hex fixtures of stacks-core `stackslib/src/burnchains/bitcoin/blocks.rs`), among them
//! the mainnet NAME_UPDATE of `judecn.id` (tx 185c1124…). The fixtures carry no
//! prevouts, so:
//! * payload/opcode detection and the wire parse are checked on every fixture;
//! * full extraction uses the prevouts every mined spend implies (p2pkh of the key in a
//!   `<sig> <pubkey>` scriptSig, p2sh of the redeem script otherwise — see
//!   `support::implied_prevout`); values are unknown and set to 0 (extraction never
//!   reads prevout values).

#[path = "extract_support.rs"]
mod support;

use bitcoin::consensus::deserialize;
use bns_engine::address::{burn_address, p2pkh_hash, p2sh_hash};
use bns_engine::extract::{bns_payload, display_txid, extract, DropReason, ParseFailure};
use bns_engine::hashes::hash160;
use bns_engine::script::ScriptClass;
use bns_engine::types::Opcode;
use bns_engine::{wire, Op, Params};
use serde_json::Value;
use support::*;

/// Mainnet epoch-3 height and a regtest epoch-5 height (regtest epochs end at
/// 750/800/850/900/950, `Params::regtest`); neither is frozen.
const MAINNET_HEIGHT: u32 = 500_000;
const REGTEST_HEIGHT: u32 = 901;

fn fixtures() -> Value {
    read_json("parsing/stacks-core-legacy-btc-fixtures.json")
}

fn tx_fixture(comment: &str) -> (bitcoin::Transaction, Value) {
    let all = fixtures();
    let f = all["tx_fixtures"]
        .as_array()
        .expect("tx_fixtures")
        .iter()
        .find(|f| f["comment"].as_str() == Some(comment))
        .unwrap_or_else(|| panic!("no fixture {comment}"))
        .clone();
    let tx: bitcoin::Transaction = deserialize(&h(f["hex"].as_str().expect("hex"))).expect("tx");
    (tx, f)
}

fn implied_prevouts(tx: &bitcoin::Transaction) -> Vec<bitcoin::TxOut> {
    tx.input.iter().map(|i| implied_prevout(i.script_sig.as_bytes())).collect()
}

#[test]
fn every_tx_fixture_txid_and_payload_detection() {
    let all = fixtures();
    let list = all["tx_fixtures"].as_array().expect("tx_fixtures");
    assert_eq!(list.len(), 14);
    for f in list {
        let tx: bitcoin::Transaction = deserialize(&h(f["hex"].as_str().expect("hex"))).expect("tx decodes");
        let txid = display_txid(&tx).to_hex();
        assert_eq!(txid, f["computed_txid"].as_str().expect("txid"));
        if let Some(expected) = f["expected_txid"].as_str() {
            assert_eq!(txid, expected);
        }
        let found = bns_payload(&tx, *b"id");
        match &f["bns"] {
            Value::Null => assert_eq!(found, None, "{}", f["comment"]),
            bns if bns["magic"] == "id" => {
                let data = found.expect("id payload");
                assert_eq!(
                    data[2] as char,
                    bns["opcode"].as_str().expect("op").chars().next().expect("char")
                );
                assert_eq!(hex::encode(&data[3..]), bns["payload_hex"].as_str().expect("payload"));
                let opcode = Opcode::from_byte(data[2]).expect("known opcode");
                let features = Params::regtest().features_at(REGTEST_HEIGHT);
                assert!(wire::decode(opcode, &data[3..], &features).is_ok(), "{}", f["comment"]);
            }
            bns => {
                assert_eq!(found, None);
                let magic: [u8; 2] =
                    bns["magic"].as_str().expect("magic").as_bytes().try_into().expect("2 bytes");
                assert!(bns_payload(&tx, magic).is_some());
            }
        }
    }
}

#[test]
fn judecn_name_update_mainnet_full_extraction() {
    let (tx, _) = tx_fixture("NAME_UPDATE transaction with 3 singlesig inputs");
    let prevouts = implied_prevouts(&tx);
    let c = extract(&tx, &prevouts, 7, MAINNET_HEIGHT, &Params::mainnet()).expect("candidate");
    assert_eq!(c.txid.to_hex(), "185c112401590b11acdfea6bb26d2a8e37cb31f24a0c89dbb8cc14b3d6271fb1");
    assert_eq!(c.vtxindex, 7);
    match c.op {
        Op::NameUpdate { name_consensus_hash, value_hash } => {
            assert_eq!(hex::encode(name_consensus_hash), "fae543ff5672fb607fe15e16b1c3ef38");
            // The zonefile hash of judecn.id in the Stacks 2.0 genesis export.
            assert_eq!(hex::encode(value_hash), "737c631c7c5d911c6617993c21fba731363f1cfe");
        }
        other => panic!("{other:?}"),
    }
    let sender_hash = p2pkh_hash(&c.sender.script).expect("p2pkh sender");
    assert!(c.sender.address.starts_with('1'));
    let pubkey = c.sender.pubkey.expect("sender pubkey in input 0");
    assert_eq!(hash160(&pubkey), sender_hash);
}

#[test]
fn patrickstanley2_revoke_with_p2sh_multisig_inputs() {
    let (tx, _) = tx_fixture("NAME_REVOKE with 2 2-of-3 multisig inputs");
    let prevouts = implied_prevouts(&tx);
    let c = extract(&tx, &prevouts, 1, MAINNET_HEIGHT, &Params::mainnet()).expect("candidate");
    assert!(matches!(&c.op, Op::NameRevoke { name } if name == "patrickstanley2.id"));
    assert!(p2sh_hash(&c.sender.script).is_some());
    assert!(c.sender.address.starts_with('3'));
    assert_eq!(c.sender.pubkey, None);
}

#[test]
fn registration_from_p2sh_p2wpkh_sender() {
    let (tx, _) = tx_fixture("NAME_REGISTRATION with p2wpkh-p2sh segwit input");
    let prevouts = implied_prevouts(&tx);
    let params = Params::regtest();
    let c = extract(&tx, &prevouts, 1, REGTEST_HEIGHT, &params).expect("candidate");
    assert_eq!(c.txid.to_hex(), "b908952b30ccfdfa59985dc1ffdd2a22ef054d20fa253510d2af7797dddee459");
    match &c.op {
        Op::NameRegistration { name, value_hash, token_fee, recipient, recipient_address } => {
            assert_eq!(name, "foo.test");
            assert_eq!((*value_hash, *token_fee), (None, Some(0)));
            assert_eq!(recipient.as_slice(), tx.output[1].script_pubkey.as_bytes());
            assert!(
                recipient_address.starts_with('m')
                    || recipient_address.starts_with('n')
                    || recipient_address.starts_with('2')
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(c.sender.address.starts_with('2'), "regtest p2sh address");
    assert_eq!(c.sender.pubkey, None);
}

#[test]
fn preorder_from_p2sh_p2wsh_sender_burns_to_the_burn_address() {
    let (tx, _) = tx_fixture("NAME_PREORDER with a 2-of-3 p2wsh-p2sh multisig segwit input");
    let prevouts = implied_prevouts(&tx);
    let params = Params::regtest();
    let c = extract(&tx, &prevouts, 1, REGTEST_HEIGHT, &params).expect("candidate");
    match &c.op {
        Op::NamePreorder {
            preorder_hash, consensus_hash, token_fee, burn_address: burn, op_fee_sat, ..
        } => {
            assert_eq!(hex::encode(preorder_hash), "9fab7f294936ddb6524a48feff691ecbd0ca9e8f");
            assert_eq!(consensus_hash.to_hex(), "107d845c417a5438d1cb441e827c5126");
            assert_eq!(*token_fee, None);
            assert_eq!(*burn, burn_address(&params));
            assert_eq!(*op_fee_sat, tx.output[2].value.to_sat());
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn namespace_reveal_to_p2wpkh_output_is_unparseable() {
    let (tx, _) = tx_fixture("NAMESPACE_REVEAL with a segwit p2wpkh script pubkey");
    let prevouts = implied_prevouts(&tx);
    let result = extract(&tx, &prevouts, 1, REGTEST_HEIGHT, &Params::regtest());
    assert!(
        matches!(
            result,
            Err(DropReason::Unparseable {
                opcode: Opcode::NamespaceReveal,
                failure: ParseFailure::OutputType { class: ScriptClass::P2wpkh, .. }
            })
        ),
        "{result:?}"
    );
}

#[test]
fn bad_magic_no_op_return_and_coinbase_are_dropped_early() {
    let params = Params::regtest();
    let (tx, _) = tx_fixture("invalid magic");
    assert_eq!(extract(&tx, &[], 1, REGTEST_HEIGHT, &params), Err(DropReason::WrongMagic));
    let (tx, _) = tx_fixture("no OP_RETURN");
    assert_eq!(extract(&tx, &[], 1, REGTEST_HEIGHT, &params), Err(DropReason::NoOpReturn));
    // The coinbase's only OP_RETURN is the segwit commitment.
    let (tx, _) = tx_fixture("coinbase");
    let coinbase_prevout = vec![txout(Vec::new(), 0)];
    assert_eq!(extract(&tx, &coinbase_prevout, 0, REGTEST_HEIGHT, &params), Err(DropReason::WrongMagic));
}

#[test]
fn block_fixtures_detect_and_extract_every_bns_tx() {
    let all = fixtures();
    let params = Params::regtest();
    let mut extracted = 0;
    for b in all["block_fixtures"].as_array().expect("blocks") {
        let block: bitcoin::Block = deserialize(&h(b["hex"].as_str().expect("hex"))).expect("block");
        let expected = b["txs"].as_array().expect("txs");
        assert_eq!(block.txdata.len(), expected.len());
        for (index, (tx, want)) in block.txdata.iter().zip(expected).enumerate() {
            assert_eq!(display_txid(tx).to_hex(), want["txid"].as_str().expect("txid"));
            let vtxindex = u32::try_from(index).expect("small");
            match &want["bns"] {
                Value::Null => {
                    assert_eq!(bns_payload(tx, *b"id"), None);
                    let r = extract(tx, &[], vtxindex, REGTEST_HEIGHT, &params);
                    assert!(matches!(r, Err(DropReason::NoOpReturn | DropReason::WrongMagic)), "{r:?}");
                }
                bns => {
                    let c = extract(tx, &implied_prevouts(tx), vtxindex, REGTEST_HEIGHT, &params)
                        .expect("candidate");
                    assert_eq!(c.vtxindex, vtxindex);
                    assert_eq!(
                        c.op.opcode().byte() as char,
                        bns["opcode"].as_str().expect("op").chars().next().expect("c")
                    );
                    if let Op::TokenTransfer { token_type, amount, scratch_area, recipient, .. } = &c.op {
                        assert_eq!((token_type.as_str(), *amount), ("STACKS", 100));
                        assert!(scratch_area.is_empty());
                        assert_eq!(recipient.as_slice(), tx.output[1].script_pubkey.as_bytes());
                        assert!(c.sender.pubkey.is_none(), "TOKEN_TRANSFER carries no sender_pubkey");
                    }
                    extracted += 1;
                }
            }
        }
    }
    // 1 registration + 5 token transfers + the registration again in the bad-merkle copy.
    assert_eq!(extracted, 7);
}
