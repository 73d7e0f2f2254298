//! NAME_TRANSFER `>` (bns spec §5.5; reference operations/transfer.py `check`,
//! `find_transfer_consensus_hash`, `canonicalize`).

use super::records::name_record_dict;
use super::{ensure, is_p2sh_script, lifetime, verdict, Accepted, BlockContext, RejectReason, Verdict};
use crate::consensus::Value;
use crate::names;
use crate::params::{Params, MAX_NAMES_PER_SENDER};
use crate::state::State;
use crate::types::{Candidate, Op};

pub(crate) fn apply(state: &mut State, params: &Params, ctx: &mut BlockContext, cand: &Candidate) -> Verdict {
    verdict(transfer(state, params, ctx, cand))
}

/// `namedb_get_name_from_name_hash128`: an alive (at `P`), non-revoked name with this hash.
fn name_from_hash128(state: &State, params: &Params, name_hash128: &[u8; 16], prev: u32) -> Option<String> {
    let wanted = hex::encode(name_hash128);
    state.names_with_hash128(&wanted).into_iter().find(|name| {
        state.names.get(name).is_some_and(|r| {
            r.name_hash128 == wanted
                && !r.revoked
                && state
                    .namespaces
                    .get(&r.namespace_id)
                    .is_some_and(|ns| lifetime::record_alive_at(r, ns, prev, params))
        })
    })
}

fn transfer(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Result<Accepted, RejectReason> {
    let Op::NameTransfer { keep_data, name_hash128, consensus_hash, recipient, recipient_address } = &cand.op
    else {
        return Err(RejectReason::InvalidName);
    };
    let height = ctx.height;
    let prev = ctx.prev();
    let sender_hex = hex::encode(&cand.sender.script);
    let recipient_hex = hex::encode(recipient);

    let name = name_from_hash128(state, params, name_hash128, prev).ok_or(RejectReason::NameHashNotFound)?;
    let (_, namespace_id) = names::split_fqn(&name).ok_or(RejectReason::InvalidName)?;
    ensure(lifetime::name_at(state, &name, prev, params).is_some(), RejectReason::NameNotRegistered)?;
    ensure(lifetime::namespace_ready(state, namespace_id).is_some(), RejectReason::NamespaceNotReady)?;
    ensure(!lifetime::is_revoked(state, &name, prev, params), RejectReason::NameRevoked)?;
    ensure(!lifetime::is_expired(state, &name, prev, params), RejectReason::NameExpired)?;
    ensure(!lifetime::in_grace_period(state, &name, height, params), RejectReason::NameInGracePeriod)?;
    ensure(super::consensus_hash_valid(state, consensus_hash, height), RejectReason::ConsensusHashNotRecent)?;
    ensure(sender_hex != recipient_hex, RejectReason::TransferToSelf)?;
    ensure(lifetime::is_registered(state, &name, prev, params), RejectReason::NameNotRegistered)?;
    ensure(lifetime::is_owner(state, &name, &sender_hex, prev, params), RejectReason::NotOwner)?;
    let recipient_names = lifetime::names_owned_by_sender(state, &recipient_hex, prev, params);
    ensure(!recipient_names.contains(&name), RejectReason::RecipientAlreadyOwnsName)?;
    ensure((recipient_names.len() as u64) < MAX_NAMES_PER_SENDER, RejectReason::RecipientQuotaExceeded)?;
    ensure(
        params.features_at(height).multisig || !is_p2sh_script(&cand.sender.script),
        RejectReason::MultisigNotAllowed,
    )?;
    // Check 14 (`get_block_from_consensus` finds some height) is implied by check 7: a
    // hash valid at B is a stored hash.

    let mut rec =
        lifetime::name_at(state, &name, prev, params).cloned().ok_or(RejectReason::NameNotRegistered)?;
    // Quirk §12.8: the consensus hash of the last NAME_UPDATE since the last
    // registration/import, else the transfer's own. It is also written to the row
    // (always_set=['consensus_hash'] lifts it out of the update's WHERE constraints).
    let stored_ch = rec.last_update_consensus_hash.clone().unwrap_or_else(|| consensus_hash.to_hex());
    let op = if *keep_data { ">>" } else { ">~" };
    rec.sender = recipient_hex;
    rec.address = recipient_address.clone();
    rec.sender_pubkey = None;
    if !keep_data {
        rec.value_hash = None;
    }
    rec.op = op.to_string();
    rec.txid = cand.txid.to_hex();
    rec.vtxindex = cand.vtxindex;
    rec.consensus_hash = Some(stored_ch);
    let mut record = name_record_dict(&rec);
    // transfer.py `canonicalize` (applied by namedb_history_save): keep_data from the op.
    record.insert("keep_data", Value::Bool(*keep_data));
    state.put_name(rec);
    ctx.touched.names.insert(name.clone());
    Ok(Accepted { op: op.to_string(), key: name, record })
}
