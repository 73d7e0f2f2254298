//! NAME_IMPORT `;` (bns spec §5.7, §9; reference operations/nameimport.py `check`,
//! nameset/db.py `namedb_state_create_as_import`). No collision rule: the last import of
//! a name in a block wins. The keychain is created as a side effect of the check, which
//! also runs during the collision pre-scan (§15.1).

use super::records::name_record_dict;
use super::{ensure, lifetime, Accepted, BlockContext, Halt, RejectReason, Verdict};
use crate::hashes;
use crate::keychain;
use crate::names;
use crate::params::Params;
use crate::price::{self, Price};
use crate::state::{NameRecord, OpFee, State};
use crate::types::{Candidate, Op};

pub(crate) fn apply(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Result<Verdict, Halt> {
    let rec = match check(state, params, ctx, cand) {
        Ok(rec) => rec,
        Err(reason) => return Ok(Verdict::Reject(reason)),
    };
    // Overwriting an existing row is an UPDATE whose WHERE clause pins every field that
    // NAME_IMPORT does not list as mutable; `token_fee` is such a field (nameimport.py
    // MUTATE_FIELDS, nameset/db.py namedb_name_update). A different value (e.g. a name
    // first imported under a version-1 reveal, re-imported after a version-3 re-reveal)
    // matches no row and the reference aborts.
    if let Some(old) = state.names.get(&rec.name) {
        if old.token_fee != rec.token_fee {
            return Err(Halt::NameReImportTokenFee {
                name: rec.name.clone(),
                token_fee: rec.token_fee.clone(),
                stored_token_fee: old.token_fee.clone(),
            });
        }
    }
    Ok(Verdict::Accept(commit(state, ctx, rec)))
}

/// `nameimport.check`: returns the record to store. May create the namespace's
/// import keychain (the reference writes it to disk during the check).
pub(crate) fn check(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Result<NameRecord, RejectReason> {
    let Op::NameImport { name, recipient, recipient_address, value_hash } = &cand.op else {
        return Err(RejectReason::InvalidName);
    };
    let height = ctx.height;
    let prev = ctx.prev();
    let pubkey = cand.sender.pubkey.as_ref().ok_or(RejectReason::NoSenderPubkey)?;
    ensure(names::is_valid_fqn(name), RejectReason::InvalidName)?;
    let (name_part, namespace_id) = names::split_fqn(name).ok_or(RejectReason::InvalidName)?;
    let ns = lifetime::namespace_reveal(state, namespace_id, prev, params)
        .cloned()
        .ok_or(RejectReason::NamespaceNotRevealed)?;
    let sender_address = keychain::pubkey_address(pubkey, params);

    if !state.import_keychains.contains_key(namespace_id) {
        ensure(sender_address == ns.recipient_address, RejectReason::ImporterNotRevealer)?;
        let chain =
            keychain::build_import_keychain(pubkey, params).ok_or(RejectReason::InvalidSenderPubkey)?;
        state.import_keychains.insert(namespace_id.to_string(), chain);
        ctx.touched.import_keychains.insert(namespace_id.to_string());
    }
    let allowed = state.import_keychains.get(namespace_id).is_some_and(|c| c.contains(&sender_address));
    ensure(allowed, RejectReason::ImporterNotInKeychain)?;

    let sender_hex = hex::encode(&cand.sender.script);
    let fresh_hash = hashes::name_preorder_hash(name, &cand.sender.script, recipient_address)
        .ok_or(RejectReason::InvalidName)?;
    let mut preorder_hash = hex::encode(fresh_hash);
    let (mut block_number, mut preorder_block_number, mut first_registered, mut last_renewed) =
        (height, height, height, height);
    // get_prev_imported: the record alive at P, if earlier than this op.
    if let Some(prev_rec) = lifetime::name_at(state, name, prev, params) {
        if prev_rec.block_number < height
            || (prev_rec.block_number == height && prev_rec.vtxindex < cand.vtxindex)
        {
            preorder_block_number = prev_rec.preorder_block_number;
            block_number = prev_rec.block_number;
            first_registered = prev_rec.first_registered;
            last_renewed = prev_rec.last_renewed;
            preorder_hash = prev_rec.preorder_hash.clone();
        }
    }

    let curve = super::register::curve_of(&ns);
    let (op_fee, token_fee) = if ns.version == 3 {
        // int(price_name(...)) in µSTX.
        let stx = match price::name_price(name_part, &curve, height, params) {
            Price::Int(v) => v,
            // float → int truncation, as Python int().
            Price::Float(v) => v as u64,
        };
        (OpFee::Float(0.0), stx.to_string())
    } else {
        // float(price_name(...)): an int price is rounded half-even like CPython's
        // long → float, exactly even beyond u64 (name_price saturates there).
        let btc = price::name_price_as_float(name_part, &curve, height, params);
        (OpFee::Float(btc), "0".to_string())
    };

    Ok(NameRecord {
        name: name.clone(),
        preorder_hash,
        name_hash128: hex::encode(hashes::name_hash128(name)),
        namespace_id: namespace_id.to_string(),
        namespace_block_number: ns.block_number,
        value_hash: Some(hex::encode(value_hash)),
        sender: hex::encode(recipient),
        sender_pubkey: Some(hex::encode(pubkey)),
        address: recipient_address.clone(),
        block_number,
        preorder_block_number,
        first_registered,
        last_renewed,
        revoked: false,
        op: ";".to_string(),
        txid: cand.txid.to_hex(),
        vtxindex: cand.vtxindex,
        op_fee,
        importer: Some(sender_hex),
        importer_address: Some(sender_address),
        consensus_hash: None,
        token_fee,
        last_creation_op: ";".to_string(),
        last_update_consensus_hash: None,
    })
}

fn commit(state: &mut State, ctx: &mut BlockContext, rec: NameRecord) -> Accepted {
    let record = name_record_dict(&rec);
    let name = rec.name.clone();
    state.put_name(rec);
    ctx.touched.names.insert(name.clone());
    Accepted { op: ";".to_string(), key: name, record }
}
