//! Shared helpers for the extraction test files (included with `#[path]`): locating the
//! shared real-data folder, building scripts, keys and transactions.
#![allow(dead_code)]

use bitcoin::{
    absolute::LockTime, transaction::Version, Amount, OutPoint, ScriptBuf, Sequence, Transaction, TxIn,
    TxOut, Witness,
};
use bns_engine::hashes::hash160;
use std::path::PathBuf;

/// `shared/data/real`, found by walking up from the crate directory (the project's
/// `shared/` folder sits beside the checkout).
pub fn real_data_dir() -> PathBuf {
    let start = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for dir in start.ancestors() {
        let candidate = dir.join("shared/data/real");
        if candidate.is_dir() {
            return candidate;
        }
    }
    panic!("shared/data/real not found above {}: these tests need the project's shared/ folder beside the checkout", start.display());
}

pub fn read_json(relative: &str) -> serde_json::Value {
    let path = real_data_dir().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("valid JSON")
}

pub fn h(s: &str) -> Vec<u8> {
    hex::decode(s).expect("hex")
}

pub fn p2pkh(hash: &[u8; 20]) -> Vec<u8> {
    [[0x76, 0xa9, 0x14].as_slice(), hash, &[0x88, 0xac]].concat()
}

pub fn p2sh(hash: &[u8; 20]) -> Vec<u8> {
    [[0xa9, 0x14].as_slice(), hash, &[0x87]].concat()
}

pub fn p2wpkh(hash: &[u8; 20]) -> Vec<u8> {
    [[0x00, 0x14].as_slice(), hash].concat()
}

pub fn p2wsh(hash: &[u8; 32]) -> Vec<u8> {
    [[0x00, 0x20].as_slice(), hash].concat()
}

/// Public key bytes (compressed or not, as the WIF says) of a WIF private key.
pub fn wif_pubkey(wif: &str) -> Vec<u8> {
    let secp = bitcoin::secp256k1::Secp256k1::new();
    let key = bitcoin::PrivateKey::from_wif(wif).expect("WIF");
    key.public_key(&secp).to_bytes()
}

/// Public key (compressed) for the secret scalar `n` (1, 2, 3, …).
pub fn test_pubkey(n: u8) -> Vec<u8> {
    let secp = bitcoin::secp256k1::Secp256k1::new();
    let mut secret = [0u8; 32];
    secret[31] = n;
    let sk = bitcoin::secp256k1::SecretKey::from_slice(&secret).expect("scalar");
    bitcoin::secp256k1::PublicKey::from_secret_key(&secp, &sk).serialize().to_vec()
}

/// A scriptSig `<71-byte dummy signature> <pubkey>`.
pub fn p2pkh_script_sig(pubkey: &[u8]) -> Vec<u8> {
    let mut s = vec![71];
    s.extend_from_slice(&[0x30; 71]);
    s.push(u8::try_from(pubkey.len()).expect("short key"));
    s.extend_from_slice(pubkey);
    s
}

pub fn txout(script: Vec<u8>, value: u64) -> TxOut {
    TxOut { value: Amount::from_sat(value), script_pubkey: ScriptBuf::from_bytes(script) }
}

/// A transaction with the given scriptSigs (one input each, distinct outpoints) and outputs.
pub fn tx(script_sigs: Vec<Vec<u8>>, outputs: Vec<TxOut>) -> Transaction {
    let input = script_sigs
        .into_iter()
        .enumerate()
        .map(|(i, sig)| TxIn {
            previous_output: OutPoint {
                txid: bitcoin::Txid::from_raw_hash(bitcoin::hashes::Hash::all_zeros()),
                vout: u32::try_from(i).expect("few") + 1,
            },
            script_sig: ScriptBuf::from_bytes(sig),
            sequence: Sequence::MAX,
            witness: Witness::new(),
        })
        .collect();
    Transaction { version: Version::ONE, lock_time: LockTime::ZERO, input, output: outputs }
}

pub fn op_return(data: &[u8]) -> TxOut {
    txout(bns_engine::wire::op_return_script(data), 0)
}

/// The prevout a valid spend implies: p2pkh of the pushed key for `<sig> <pubkey>`
/// scriptSigs, otherwise p2sh of the last push (the redeem script; covers multisig and
/// p2sh-wrapped segwit). Bitcoin consensus guarantees these for mined transactions.
pub fn implied_prevout(script_sig: &[u8]) -> TxOut {
    use bns_engine::script::{tokenize, Token};
    let tokens = tokenize(script_sig);
    let script = match tokens.as_slice() {
        [Token::Data(_), Token::Data(key)] if key.len() == 33 || key.len() == 65 => p2pkh(&hash160(key)),
        [.., Token::Data(redeem)] => p2sh(&hash160(redeem)),
        _ => panic!("cannot infer prevout of scriptSig {}", hex::encode(script_sig)),
    };
    txout(script, 0)
}
