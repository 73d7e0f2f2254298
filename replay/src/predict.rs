//! A cheap structural filter for prevout resolution: from an input's scriptSig and
//! witness, the output script it most likely spends can be predicted (P2PKH from
//! `<sig> <pubkey>`, P2SH from the last push = redeem script, P2WPKH from a 2-item
//! witness, P2WSH from the witness script). Outputs are reduced to a key (the hash
//! inside a standard script); only transactions with an output whose key was
//! predicted are hashed. A prediction is only a hint: a match is confirmed by txid,
//! and inputs that cannot be predicted make the scan hash everything while they wait.

use bitcoin::hashes::{hash160, sha256, Hash};
use bitcoin::TxIn;

/// The hash inside a standard output script, tagged by kind.
pub type ScriptKey = [u8; 33];

fn key20(tag: u8, h: &[u8; 20]) -> ScriptKey {
    let mut k = [0u8; 33];
    k[0] = tag;
    k[1..21].copy_from_slice(h);
    k
}

fn key32(tag: u8, h: &[u8; 32]) -> ScriptKey {
    let mut k = [0u8; 33];
    k[0] = tag;
    k[1..].copy_from_slice(h);
    k
}

const TAG_P2PKH: u8 = 1;
const TAG_P2SH: u8 = 2;
const TAG_P2WPKH: u8 = 3;
const TAG_P2WSH: u8 = 4;

/// The key of a standard P2PKH / P2SH / P2WPKH / P2WSH output script.
pub fn output_key(script: &[u8]) -> Option<ScriptKey> {
    let h20 = |s: &[u8]| -> [u8; 20] {
        let mut h = [0u8; 20];
        h.copy_from_slice(s);
        h
    };
    match script {
        [0x76, 0xa9, 0x14, body @ .., 0x88, 0xac] if body.len() == 20 => Some(key20(TAG_P2PKH, &h20(body))),
        [0xa9, 0x14, body @ .., 0x87] if body.len() == 20 => Some(key20(TAG_P2SH, &h20(body))),
        [0x00, 0x14, body @ ..] if body.len() == 20 => Some(key20(TAG_P2WPKH, &h20(body))),
        [0x00, 0x20, body @ ..] if body.len() == 32 => {
            let mut h = [0u8; 32];
            h.copy_from_slice(body);
            Some(key32(TAG_P2WSH, &h))
        }
        _ => None,
    }
}

/// The data pushes of a script, or `None` if it holds anything but pushes.
fn pushes(script: &[u8]) -> Option<Vec<&[u8]>> {
    let mut out = Vec::new();
    let mut i = 0usize;
    while i < script.len() {
        let op = script[i];
        let (len, skip) = match op {
            0x00 => (0usize, 1usize),
            0x01..=0x4b => (op as usize, 1),
            0x4c => (*script.get(i + 1)? as usize, 2),
            0x4d => (u16::from_le_bytes([*script.get(i + 1)?, *script.get(i + 2)?]) as usize, 3),
            0x4e => {
                let b = script.get(i + 1..i + 5)?;
                (u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize, 5)
            }
            0x4f | 0x51..=0x60 => (0, 1),
            _ => return None,
        };
        let start = i + skip;
        out.push(script.get(start..start.checked_add(len)?)?);
        i = start + len;
    }
    Some(out)
}

/// Keys the output spent by `input` may have; empty = cannot be predicted.
pub fn predict(input: &TxIn) -> Vec<ScriptKey> {
    let mut keys = Vec::new();
    let witness: Vec<&[u8]> = input.witness.iter().collect();
    let sig_pushes = pushes(input.script_sig.as_bytes()).unwrap_or_default();
    if let Some(last) = sig_pushes.last() {
        keys.push(key20(TAG_P2SH, &hash160::Hash::hash(last).to_byte_array()));
        if sig_pushes.len() == 2 && (last.len() == 33 || last.len() == 65) {
            keys.push(key20(TAG_P2PKH, &hash160::Hash::hash(last).to_byte_array()));
        }
    }
    if input.script_sig.is_empty() {
        if witness.len() == 2 && witness[1].len() == 33 {
            keys.push(key20(TAG_P2WPKH, &hash160::Hash::hash(witness[1]).to_byte_array()));
        }
        if let Some(last) = witness.last() {
            keys.push(key32(TAG_P2WSH, &sha256::Hash::hash(last).to_byte_array()));
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use bitcoin::{ScriptBuf, Witness};

    fn txin(script_sig: Vec<u8>, witness: Vec<Vec<u8>>) -> TxIn {
        TxIn {
            script_sig: ScriptBuf::from_bytes(script_sig),
            witness: Witness::from_slice(&witness),
            ..TxIn::default()
        }
    }

    #[test]
    fn p2pkh_spend_predicts_its_output() {
        let pk = [2u8; 33];
        let mut sig = vec![3u8];
        sig.extend([0x30, 1, 2]);
        sig.push(33);
        sig.extend(pk);
        let h = hash160::Hash::hash(&pk).to_byte_array();
        let mut out = vec![0x76, 0xa9, 0x14];
        out.extend(h);
        out.extend([0x88, 0xac]);
        assert!(predict(&txin(sig, vec![])).contains(&output_key(&out).unwrap()));
    }

    #[test]
    fn p2sh_multisig_spend_predicts_from_redeem_script() {
        let redeem = vec![0x52, 0x21, 7, 7, 0xae];
        let mut sig = vec![0x00, 0x02, 0x30, 0x01];
        sig.push(redeem.len() as u8);
        sig.extend(&redeem);
        let mut out = vec![0xa9, 0x14];
        out.extend(hash160::Hash::hash(&redeem).to_byte_array());
        out.push(0x87);
        assert!(predict(&txin(sig, vec![])).contains(&output_key(&out).unwrap()));
    }

    #[test]
    fn p2wpkh_and_p2wsh_from_witness() {
        let pk = vec![3u8; 33];
        let mut out = vec![0x00, 0x14];
        out.extend(hash160::Hash::hash(&pk).to_byte_array());
        assert!(predict(&txin(vec![], vec![vec![0x30; 70], pk])).contains(&output_key(&out).unwrap()));
        let ws = vec![0x51u8];
        let mut out = vec![0x00, 0x20];
        out.extend(sha256::Hash::hash(&ws).to_byte_array());
        assert!(predict(&txin(vec![], vec![vec![], ws])).contains(&output_key(&out).unwrap()));
    }

    #[test]
    fn p2pk_spend_cannot_be_predicted_usefully() {
        // <sig> only: the P2SH guess is harmless, the real P2PK output has no key.
        let keys = predict(&txin(vec![0x02, 0x30, 0x01], vec![]));
        assert!(keys.iter().all(|k| k[0] == TAG_P2SH));
        assert_eq!(output_key(&[0x21, 2, 0xac]), None);
    }

    #[test]
    fn non_push_script_sig_predicts_nothing() {
        assert!(predict(&txin(vec![0x76, 0xa9], vec![])).is_empty());
    }
}
