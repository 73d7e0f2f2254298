//! Real signatures for every spend kind of `keys::ScriptKind`: legacy p2pkh and p2sh
//! multisig (legacy sighash), p2sh-p2wpkh / p2wpkh / p2sh-p2wsh / p2wsh (BIP143) and
//! taproot key path (BIP341). ECDSA nonces are RFC6979 (deterministic, low-R like
//! Bitcoin Core); Schnorr aux randomness comes from the caller, so signing is a pure
//! function of its inputs.

use crate::keys::{ScriptKind, Spender};
use bitcoin::blockdata::script::{Builder, PushBytesBuf};
use bitcoin::hashes::Hash;
use bitcoin::key::TapTweak;
use bitcoin::secp256k1::{Keypair, Message, SECP256K1};
use bitcoin::sighash::{EcdsaSighashType, Prevouts, SighashCache, TapSighashType};
use bitcoin::{ScriptBuf, Transaction, TxOut, Witness};

#[derive(Debug, thiserror::Error)]
pub enum SignError {
    #[error("spender list has {spenders} entries but the transaction has {inputs} inputs")]
    InputCount { spenders: usize, inputs: usize },
    #[error("sighash computation failed for input {0}: {1}")]
    Sighash(usize, String),
}

/// What each input needs after signing.
struct InputSolution {
    script_sig: ScriptBuf,
    witness: Witness,
}

/// Sign every input of `tx`: `spenders[i]` owns `prevouts[i]`, the output input `i`
/// spends. `aux` feeds BIP340 aux randomness (taproot only).
pub fn sign_all(
    tx: &mut Transaction,
    spenders: &[&Spender],
    prevouts: &[TxOut],
    aux: [u8; 32],
) -> Result<(), SignError> {
    if spenders.len() != tx.input.len() || prevouts.len() != tx.input.len() {
        return Err(SignError::InputCount { spenders: spenders.len(), inputs: tx.input.len() });
    }
    let solutions = {
        let mut cache = SighashCache::new(&*tx);
        let mut out = Vec::with_capacity(spenders.len());
        for (index, spender) in spenders.iter().enumerate() {
            out.push(solve_input(&mut cache, index, spender, prevouts, aux)?);
        }
        out
    };
    for (input, solution) in tx.input.iter_mut().zip(solutions) {
        input.script_sig = solution.script_sig;
        input.witness = solution.witness;
    }
    Ok(())
}

fn ecdsa_sig(digest: [u8; 32], spender_key: &crate::keys::Key) -> Vec<u8> {
    let message = Message::from_digest(digest);
    let signature = SECP256K1.sign_ecdsa_low_r(&message, &spender_key.secret);
    bitcoin::ecdsa::Signature { signature, sighash_type: EcdsaSighashType::All }.to_vec()
}

fn push(bytes: &[u8]) -> PushBytesBuf {
    PushBytesBuf::try_from(bytes.to_vec()).expect("signatures, keys and redeem scripts are under 520 bytes")
}

fn solve_input(
    cache: &mut SighashCache<&Transaction>,
    index: usize,
    spender: &Spender,
    prevouts: &[TxOut],
    aux: [u8; 32],
) -> Result<InputSolution, SignError> {
    let err = |e: &dyn std::fmt::Display| SignError::Sighash(index, e.to_string());
    let value = prevouts[index].value;
    let script_pubkey = &prevouts[index].script_pubkey;
    match spender.kind {
        ScriptKind::P2pkh => {
            let digest = cache.legacy_signature_hash(index, script_pubkey, 1).map_err(|e| err(&e))?;
            let key = &spender.keys[0];
            let script_sig = Builder::new()
                .push_slice(push(&ecdsa_sig(digest.to_byte_array(), key)))
                .push_key(&key.public())
                .into_script();
            Ok(InputSolution { script_sig, witness: Witness::new() })
        }
        ScriptKind::P2shMultisig => {
            let redeem = spender.redeem_script().expect("multisig redeem script");
            let digest = cache.legacy_signature_hash(index, &redeem, 1).map_err(|e| err(&e))?;
            let mut builder = Builder::new().push_opcode(bitcoin::opcodes::OP_0);
            for key in spender.keys.iter().take(spender.m) {
                builder = builder.push_slice(push(&ecdsa_sig(digest.to_byte_array(), key)));
            }
            let script_sig = builder.push_slice(push(redeem.as_bytes())).into_script();
            Ok(InputSolution { script_sig, witness: Witness::new() })
        }
        ScriptKind::P2wpkh | ScriptKind::P2shP2wpkh => {
            let program = spender.p2wpkh_program();
            let digest = cache
                .p2wpkh_signature_hash(index, &program, value, EcdsaSighashType::All)
                .map_err(|e| err(&e))?;
            let key = &spender.keys[0];
            let mut witness = Witness::new();
            witness.push(ecdsa_sig(digest.to_byte_array(), key));
            witness.push(key.compressed_public().to_bytes());
            let script_sig = if spender.kind == ScriptKind::P2shP2wpkh {
                Builder::new().push_slice(push(program.as_bytes())).into_script()
            } else {
                ScriptBuf::new()
            };
            Ok(InputSolution { script_sig, witness })
        }
        ScriptKind::P2wshMultisig | ScriptKind::P2shP2wshMultisig => {
            let witness_script = spender.multisig_script().expect("multisig witness script");
            let digest = cache
                .p2wsh_signature_hash(index, &witness_script, value, EcdsaSighashType::All)
                .map_err(|e| err(&e))?;
            let mut witness = Witness::new();
            witness.push([]);
            for key in spender.keys.iter().take(spender.m) {
                witness.push(ecdsa_sig(digest.to_byte_array(), key));
            }
            witness.push(witness_script.as_bytes());
            let script_sig = if spender.kind == ScriptKind::P2shP2wshMultisig {
                let redeem = spender.redeem_script().expect("p2sh-p2wsh redeem script");
                Builder::new().push_slice(push(redeem.as_bytes())).into_script()
            } else {
                ScriptBuf::new()
            };
            Ok(InputSolution { script_sig, witness })
        }
        ScriptKind::P2tr => {
            let digest = cache
                .taproot_key_spend_signature_hash(index, &Prevouts::All(prevouts), TapSighashType::Default)
                .map_err(|e| err(&e))?;
            let keypair = Keypair::from_secret_key(SECP256K1, &spender.keys[0].secret);
            let tweaked = keypair.tap_tweak(SECP256K1, None).to_keypair();
            let message = Message::from_digest(digest.to_byte_array());
            let signature = SECP256K1.sign_schnorr_with_aux_rand(&message, &tweaked, &aux);
            let mut witness = Witness::new();
            witness.push(signature.as_ref());
            Ok(InputSolution { script_sig: ScriptBuf::new(), witness })
        }
    }
}
