//! Fuzz `extract`: arbitrary transaction bytes (Bitcoin consensus decoding) plus
//! arbitrary or implied prevouts must never panic, and every candidate must agree with
//! the cheap prefilter.
//!
//! Input layout (so real transactions make meaningful seeds):
//! `flags(1) ‖ height(4, LE) ‖ tx_len(2, LE) ‖ tx(tx_len) ‖ prevout material(rest)`.
//! flags bit 0: mainnet (else regtest); bit 1: prevouts from the rest of the input
//! (else implied by each scriptSig, falling back to the rest); bit 2: no freeze height.
#![no_main]

use arbitrary::Unstructured;
use bitcoin::{Amount, ScriptBuf, TxOut};
use bns_engine::extract::{bns_payload, extract, DropReason};
use bns_engine::hashes::hash160;
use bns_engine::script::{tokenize, Token};
use bns_engine::Params;
use libfuzzer_sys::fuzz_target;

fn implied(script_sig: &[u8]) -> Option<Vec<u8>> {
    match tokenize(script_sig).as_slice() {
        [Token::Data(_), Token::Data(key)] if key.len() == 33 || key.len() == 65 => {
            Some([[0x76, 0xa9, 0x14].as_slice(), &hash160(key), &[0x88, 0xac]].concat())
        }
        [.., Token::Data(redeem)] => Some([[0xa9, 0x14].as_slice(), &hash160(redeem), &[0x87]].concat()),
        _ => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let Some((height, rest)) = rest.split_first_chunk::<4>() else { return };
    let Some((tx_len, rest)) = rest.split_first_chunk::<2>() else { return };
    let tx_len = usize::from(u16::from_le_bytes(*tx_len));
    if rest.len() < tx_len {
        return;
    }
    let (tx_bytes, rest) = rest.split_at(tx_len);
    let Ok(tx) = bitcoin::consensus::deserialize::<bitcoin::Transaction>(tx_bytes) else { return };
    let mut params = if flags & 1 == 1 { Params::mainnet() } else { Params::regtest() };
    if flags & 4 == 4 {
        params.freeze_height = None;
    }
    let height = u32::from_le_bytes(*height);
    let mut u = Unstructured::new(rest);
    let mut prevouts = Vec::with_capacity(tx.input.len());
    for input in &tx.input {
        let script = match (flags & 2 == 0).then(|| implied(input.script_sig.as_bytes())).flatten() {
            Some(s) => s,
            None => u.arbitrary::<Vec<u8>>().unwrap_or_default(),
        };
        let value = u.arbitrary::<u64>().unwrap_or(0);
        prevouts.push(TxOut { value: Amount::from_sat(value), script_pubkey: ScriptBuf::from_bytes(script) });
    }
    if u.arbitrary::<bool>().unwrap_or(false) {
        prevouts.pop();
    }
    let result = extract(&tx, &prevouts, 1, height, &params);
    let payload = bns_payload(&tx, params.magic);
    match &result {
        Ok(candidate) => {
            let data = payload.expect("a candidate has a payload");
            assert_eq!(data.get(2).copied(), Some(candidate.op.opcode().byte()));
        }
        Err(DropReason::NoOpReturn | DropReason::MalformedOpReturn | DropReason::WrongMagic) => {
            assert!(payload.is_none());
        }
        Err(_) => assert!(payload.is_some()),
    }
});
