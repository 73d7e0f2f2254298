//! Transaction + prevouts → candidate operation, or the typed reason it is dropped
//! (consensus spec §3; bns spec §2). Mirrors, in order: virtualchain `blocks.py
//! handle_block` (last nulldata output), core `blockstackd.py blockstack_tx_filter`
//! (magic), virtualchain `indexer.py parse_transaction` (opcode), core
//! `virtualchain_hooks.py db_parse` (senders, then the v22.2 freeze as the oracle's
//! wrapper orders it) and `operations/*.py tx_extract` (outputs, payload).
//! It does not fetch prevouts (the caller passes them) and decides nothing that needs
//! state: a candidate can still be rejected by `rules`.
//!
//! `sender_pubkey` (bns spec §2.3; core `scripts.py get_public_key_hex_from_tx` with
//! keylib 0.1.1 `ECPublicKey`): only when the sender (prevout of input 0) is p2pkh; every
//! input's scriptSig is tokenized and one with exactly two tokens whose second is a data
//! push that keylib accepts as a key is tried, first match wins. keylib accepts
//! 33-byte `02|03` keys and 65-byte `04` keys (address = hash160 of the bytes as given)
//! and — quirk `quirk_raw_64_byte_pubkey` — a 64-byte push `x‖y` without prefix, whose
//! address is hash160(`04‖x‖y`) while the pushed 64 bytes are what is stored. Hybrid
//! (`06|07`) keys are rejected. NAME_REVOKE and TOKEN_TRANSFER never carry a pubkey
//! (their `tx_extract` drops / never computes it).
#![deny(clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::unwrap_used)]

use crate::address::{p2pkh_hash, p2sh_hash, script_to_address};
use crate::hashes::hash160;
use crate::params::{EpochFeatures, Params};
use crate::script::{classify, nulldata, reference_address, tokenize, NullData, ScriptClass, Token};
use crate::types::{Candidate, ConsensusHash, Op, Opcode, Sender, Txid};
use crate::wire::{self, WireError};
use bitcoin::hashes::Hash;

/// Why a transaction is not a candidate (consensus spec §3.7), in the order the
/// reference tests them.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum DropReason {
    /// No output is classified nulldata (§3.2).
    NoOpReturn,
    /// The last nulldata output is not exactly `[OP_RETURN, <data push>]`.
    MalformedOpReturn,
    /// The pushed data does not start with the network magic.
    WrongMagic,
    /// The data is exactly the magic: no opcode byte.
    NoOpcode,
    /// The opcode byte is not one of `? : + > ~ ; * & ! # $`.
    UnknownOpcode(u8),
    /// A transaction without inputs (the reference raises "No senders given" here).
    NoInputs,
    /// Caller error: `prevouts` does not have one entry per input.
    PrevoutCountMismatch { inputs: usize, prevouts: usize },
    /// The output spent by input `input` is not p2pkh or p2sh (§3.4, all epochs).
    BadSenderType { input: usize, class: ScriptClass },
    /// v22.2.0.0: every candidate at a height ≥ the freeze height is dropped.
    Frozen { height: u32, freeze_height: u32 },
    /// The op-specific extractor failed (`tx_extract` raised or `parse` returned None).
    Unparseable { opcode: Opcode, failure: ParseFailure },
}

/// Op-specific extraction failures (outputs, then payload).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ParseFailure {
    /// One of the first k outputs the op checks is not nulldata/p2pkh/p2sh (bns §2.4).
    OutputType { index: usize, class: ScriptClass },
    /// The op needs output `index` and the transaction has fewer outputs.
    MissingOutput { index: usize },
    /// The op needs exactly `expected` outputs (NAME_PREORDER, NAMESPACE_REVEAL).
    WrongOutputCount { expected: usize, actual: usize },
    /// Output `index` has no address (e.g. a nulldata or non-standard output there).
    NoAddress { index: usize },
    /// The payload bytes are not valid for the op in this epoch.
    Payload(WireError),
}

impl std::fmt::Display for DropReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self, f)
    }
}

impl std::error::Error for DropReason {}

impl From<WireError> for ParseFailure {
    fn from(e: WireError) -> Self {
        ParseFailure::Payload(e)
    }
}

/// The data push of the transaction's last nulldata output (§3.2), however malformed
/// its contents.
fn op_return_data(tx: &bitcoin::Transaction) -> Result<&[u8], DropReason> {
    let mut state = Err(DropReason::NoOpReturn);
    for out in &tx.output {
        match nulldata(out.script_pubkey.as_bytes()) {
            NullData::NotNulldata => {}
            NullData::Malformed => state = Err(DropReason::MalformedOpReturn),
            NullData::Payload(data) => state = Ok(data),
        }
    }
    state
}

/// The data of the last OP_RETURN if it is well formed and starts with `magic` (cheap
/// prefilter: `None` means [`extract`] would drop the transaction without looking at
/// prevouts).
pub fn bns_payload(tx: &bitcoin::Transaction, magic: [u8; 2]) -> Option<Vec<u8>> {
    op_return_data(tx).ok().filter(|data| data.starts_with(&magic)).map(<[u8]>::to_vec)
}

/// Whether a single output script is `OP_RETURN <push starting with magic>`.
/// (A transaction is a candidate only if its **last** nulldata output is such a script.)
pub fn is_candidate_script(script: &[u8], magic: [u8; 2]) -> bool {
    matches!(nulldata(script), NullData::Payload(data) if data.starts_with(&magic))
}

/// Extract the candidate BNS operation of `tx` at position `vtxindex` of block `height`.
/// `prevouts[i]` is the output spent by input `i` (for a coinbase input: value 0, empty
/// script).
pub fn extract(
    tx: &bitcoin::Transaction,
    prevouts: &[bitcoin::TxOut],
    vtxindex: u32,
    height: u32,
    params: &Params,
) -> Result<Candidate, DropReason> {
    let data = op_return_data(tx)?;
    let body = data.strip_prefix(&params.magic).ok_or(DropReason::WrongMagic)?;
    let (&opcode_byte, payload) = body.split_first().ok_or(DropReason::NoOpcode)?;
    let opcode = Opcode::from_byte(opcode_byte).ok_or(DropReason::UnknownOpcode(opcode_byte))?;

    if tx.input.is_empty() {
        return Err(DropReason::NoInputs);
    }
    if prevouts.len() != tx.input.len() {
        return Err(DropReason::PrevoutCountMismatch { inputs: tx.input.len(), prevouts: prevouts.len() });
    }
    for (input, prevout) in prevouts.iter().enumerate() {
        let class = classify(prevout.script_pubkey.as_bytes());
        if !matches!(class, ScriptClass::P2pkh | ScriptClass::P2sh) {
            return Err(DropReason::BadSenderType { input, class });
        }
    }
    if let Some(freeze_height) = params.freeze_height {
        if height >= freeze_height {
            return Err(DropReason::Frozen { height, freeze_height });
        }
    }

    let sender_prevout = prevouts.first().ok_or(DropReason::NoInputs)?;
    let sender_script = sender_prevout.script_pubkey.as_bytes();
    // p2pkh/p2sh (checked above) always have exactly one address.
    let sender_address = script_to_address(sender_script, params)
        .ok_or(DropReason::BadSenderType { input: 0, class: classify(sender_script) })?;

    let features = params.features_at(height);
    let outputs = Outputs { outputs: &tx.output, params };
    let op = build_op(opcode, payload, &outputs, &features)
        .map_err(|failure| DropReason::Unparseable { opcode, failure })?;

    let pubkey = match (&op, p2pkh_hash(sender_script)) {
        (Op::NameRevoke { .. } | Op::TokenTransfer { .. }, _) | (_, None) => None,
        (_, Some(sender_hash)) => find_sender_pubkey(tx, &sender_hash),
    };

    Ok(Candidate {
        txid: display_txid(tx),
        vtxindex,
        sender: Sender { script: sender_script.to_vec(), address: sender_address, pubkey },
        op,
    })
}

/// Non-witness txid in display (reversed) byte order.
pub fn display_txid(tx: &bitcoin::Transaction) -> Txid {
    let mut bytes = tx.compute_txid().to_byte_array();
    bytes.reverse();
    Txid(bytes)
}

/// The transaction outputs as the op extractors read them.
struct Outputs<'a> {
    outputs: &'a [bitcoin::TxOut],
    params: &'a Params,
}

impl Outputs<'_> {
    /// `check_tx_output_types(outputs[:k])`: nulldata, p2pkh or p2sh (every epoch).
    fn check_types(&self, k: usize) -> Result<(), ParseFailure> {
        for (index, out) in self.outputs.iter().take(k).enumerate() {
            let class = classify(out.script_pubkey.as_bytes());
            if !matches!(class, ScriptClass::Nulldata | ScriptClass::P2pkh | ScriptClass::P2sh) {
                return Err(ParseFailure::OutputType { index, class });
            }
        }
        Ok(())
    }

    fn get(&self, index: usize) -> Result<&bitcoin::TxOut, ParseFailure> {
        self.outputs.get(index).ok_or(ParseFailure::MissingOutput { index })
    }

    fn exactly(&self, expected: usize) -> Result<(), ParseFailure> {
        if self.outputs.len() == expected {
            Ok(())
        } else {
            Err(ParseFailure::WrongOutputCount { expected, actual: self.outputs.len() })
        }
    }

    /// Script and `script_hex_to_address` of output `index`.
    fn addressed(&self, index: usize) -> Result<(Vec<u8>, String, u64), ParseFailure> {
        let out = self.get(index)?;
        let script = out.script_pubkey.as_bytes();
        let address = reference_address(script, self.params).ok_or(ParseFailure::NoAddress { index })?;
        Ok((script.to_vec(), address, out.value.to_sat()))
    }
}

/// Per-op `tx_extract`: output checks in the reference's order, then the payload.
fn build_op(
    opcode: Opcode,
    payload: &[u8],
    outs: &Outputs<'_>,
    f: &EpochFeatures,
) -> Result<Op, ParseFailure> {
    Ok(match opcode {
        Opcode::NamePreorder => {
            outs.check_types(3)?;
            let p = wire::decode_name_preorder(payload, f)?;
            // get_preorder_burn_info: exactly three outputs, fee output = outputs[2].
            outs.exactly(3)?;
            let (_, burn_address, op_fee_sat) = outs.addressed(2)?;
            let (token_fee, token_units) = match p.token {
                Some(t) => (Some(t.amount), Some(String::from_utf8_lossy(&t.units).into_owned())),
                None => (None, None),
            };
            Op::NamePreorder {
                preorder_hash: p.preorder_hash,
                consensus_hash: ConsensusHash(p.consensus_hash),
                token_fee,
                token_units,
                op_fee_sat,
                burn_address,
            }
        }
        Opcode::NameRegistration => {
            outs.check_types(2)?;
            let (recipient, recipient_address, _) = outs.addressed(1)?;
            // Renewal iff ≥ 4 outputs; its fee output's type is NOT checked, so a
            // segwit fee output gets the reference's bech32 rendering (script.rs).
            let burn = if outs.outputs.len() >= 4 { Some(outs.addressed(3)?) } else { None };
            let p = wire::decode_name_registration(payload, f)?;
            match burn {
                None => {
                    p.check_as_registration()?;
                    Op::NameRegistration {
                        name: p.name,
                        value_hash: p.value_hash,
                        token_fee: p.token_fee,
                        recipient,
                        recipient_address,
                    }
                }
                Some((_, burn_address, op_fee_sat)) => {
                    p.check_as_renewal()?;
                    Op::NameRenewal {
                        name: p.name,
                        value_hash: p.value_hash,
                        token_fee: p.token_fee,
                        recipient,
                        recipient_address,
                        op_fee_sat,
                        burn_address,
                    }
                }
            }
        }
        Opcode::NameUpdate => {
            let p = wire::decode_name_update(payload)?;
            Op::NameUpdate { name_consensus_hash: p.name_consensus_hash, value_hash: p.value_hash }
        }
        Opcode::NameTransfer => {
            outs.check_types(2)?;
            let (recipient, recipient_address, _) = outs.addressed(1)?;
            let p = wire::decode_name_transfer(payload)?;
            Op::NameTransfer {
                keep_data: p.keep_data,
                name_hash128: p.name_hash128,
                consensus_hash: ConsensusHash(p.consensus_hash),
                recipient,
                recipient_address,
            }
        }
        Opcode::NameRevoke => Op::NameRevoke { name: wire::decode_name_revoke(payload)?.name },
        Opcode::NameImport => {
            outs.check_types(3)?;
            let (recipient, recipient_address, _) = outs.addressed(1)?;
            // get_import_update_hash_from_outputs: the hash inside outputs[2].
            let hash_script = outs.get(2)?.script_pubkey.as_bytes();
            let value_hash = p2pkh_hash(hash_script)
                .or_else(|| p2sh_hash(hash_script))
                .ok_or(ParseFailure::NoAddress { index: 2 })?;
            let p = wire::decode_name_import(payload)?;
            Op::NameImport { name: p.name, recipient, recipient_address, value_hash }
        }
        Opcode::NamespacePreorder => {
            outs.check_types(3)?;
            let (_, burn_address, op_fee_sat) = outs.addressed(2)?;
            let p = wire::decode_namespace_preorder(payload, f)?;
            Op::NamespacePreorder {
                preorder_hash: p.preorder_hash,
                consensus_hash: ConsensusHash(p.consensus_hash),
                token_fee: p.token_fee,
                op_fee_sat,
                burn_address,
            }
        }
        Opcode::NamespaceReveal => {
            outs.check_types(2)?;
            outs.exactly(3)?;
            let (recipient, recipient_address, _) = outs.addressed(1)?;
            let p = wire::decode_namespace_reveal(payload)?;
            Op::NamespaceReveal {
                namespace_id: p.namespace_id,
                lifetime: p.lifetime,
                coeff: p.coeff,
                base: p.base,
                buckets: p.buckets,
                nonalpha_discount: p.nonalpha_discount,
                no_vowel_discount: p.no_vowel_discount,
                version: p.version,
                recipient,
                recipient_address,
            }
        }
        Opcode::NamespaceReady => {
            Op::NamespaceReady { namespace_id: wire::decode_namespace_ready(payload)?.namespace_id }
        }
        Opcode::Announce => Op::Announce { message_hash: wire::decode_announce(payload)?.message_hash },
        Opcode::TokenTransfer => {
            outs.check_types(2)?;
            let (recipient, recipient_address, _) = outs.addressed(1)?;
            let p = wire::decode_token_transfer(payload, f)?;
            Op::TokenTransfer {
                consensus_hash: ConsensusHash(p.consensus_hash),
                token_type: String::from_utf8_lossy(&p.token_type).into_owned(),
                amount: p.amount,
                scratch_area: p.scratch_area,
                recipient,
                recipient_address,
            }
        }
    })
}

/// `get_public_key_hex_from_tx`: the first input whose scriptSig is exactly two tokens,
/// the second a key whose p2pkh hash is `sender_hash`; that push's bytes as given.
pub fn find_sender_pubkey(tx: &bitcoin::Transaction, sender_hash: &[u8; 20]) -> Option<Vec<u8>> {
    tx.input.iter().find_map(|input| match tokenize(input.script_sig.as_bytes()).as_slice() {
        [_, Token::Data(candidate)] if keylib_pubkey_hash(candidate).as_ref() == Some(sender_hash) => {
            Some(candidate.to_vec())
        }
        _ => None,
    })
}

/// The hash160 keylib's `ECPublicKey(hexlify(push)).address()` would use, or `None` if
/// keylib raises for this push (see the module header).
pub fn keylib_pubkey_hash(push: &[u8]) -> Option<[u8; 20]> {
    let on_curve = |key: &[u8]| secp256k1::PublicKey::from_slice(key).is_ok();
    match push {
        // Compressed: keylib's decompress only knows 02/03 prefixes.
        [0x02 | 0x03, ..] if push.len() == 33 => on_curve(push).then(|| hash160(push)),
        // Uncompressed: only 04 (hybrid 06/07 keys fail keylib's format detection).
        [0x04, ..] if push.len() == 65 => on_curve(push).then(|| hash160(push)),
        // keylib "hex ecdsa" form: 64 raw bytes, keyed and hashed as 04‖x‖y.
        _ if push.len() == 64 => {
            let full = [[0x04].as_slice(), push].concat();
            on_curve(&full).then(|| hash160(&full))
        }
        // A 32-byte push is a 64-character hex string, which keylib takes as 64 *binary*
        // bytes: the ASCII hex digits as x‖y.
        _ if push.len() == 32 => {
            let full = [[0x04].as_slice(), hex::encode(push).as_bytes()].concat();
            on_curve(&full).then(|| hash160(&full))
        }
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, clippy::unwrap_used)]
mod tests {
    use super::*;

    /// secp256k1 generator G, compressed and uncompressed (SEC 2).
    const G_X: &str = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    const G_Y: &str = "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

    #[test]
    fn keylib_accepts_compressed_and_uncompressed_keys_as_given() {
        let compressed = hex::decode(format!("02{G_X}")).unwrap();
        assert_eq!(keylib_pubkey_hash(&compressed), Some(hash160(&compressed)));
        let uncompressed = hex::decode(format!("04{G_X}{G_Y}")).unwrap();
        assert_eq!(keylib_pubkey_hash(&uncompressed), Some(hash160(&uncompressed)));
        // Wrong parity prefix is still a valid key (the other point with this x).
        let odd = hex::decode(format!("03{G_X}")).unwrap();
        assert_eq!(keylib_pubkey_hash(&odd), Some(hash160(&odd)));
    }

    #[test]
    fn quirk_raw_64_byte_pubkey() {
        let raw = hex::decode(format!("{G_X}{G_Y}")).unwrap();
        let full = hex::decode(format!("04{G_X}{G_Y}")).unwrap();
        assert_eq!(keylib_pubkey_hash(&raw), Some(hash160(&full)));
    }

    #[test]
    fn keylib_rejects_hybrid_bad_prefix_and_off_curve_keys() {
        // G.y is even, so the consistent hybrid prefix is 06; libsecp256k1 alone would accept it.
        let hybrid = hex::decode(format!("06{G_X}{G_Y}")).unwrap();
        assert!(secp256k1::PublicKey::from_slice(&hybrid).is_ok());
        assert_eq!(keylib_pubkey_hash(&hybrid), None);
        assert_eq!(keylib_pubkey_hash(&hex::decode(format!("05{G_X}")).unwrap()), None);
        let mut off_curve = hex::decode(format!("04{G_X}{G_Y}")).unwrap();
        off_curve[64] ^= 1;
        assert_eq!(keylib_pubkey_hash(&off_curve), None);
        // x ≥ p is rejected (keylib via ecdsa's range check, here via libsecp256k1).
        assert_eq!(keylib_pubkey_hash(&[[0x02].as_slice(), &[0xff; 32]].concat()), None);
        assert_eq!(keylib_pubkey_hash(&[0x02; 20]), None);
        assert_eq!(keylib_pubkey_hash(&[]), None);
    }
}
