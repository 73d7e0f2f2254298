//! NAME_UPDATE `+` (bns spec §5.4; reference operations/update.py `check`,
//! namedb.py `get_name_from_name_consensus_hash`).

use super::records::{name_record_dict, str_value};
use super::{ensure, lifetime, verdict, Accepted, BlockContext, RejectReason, Verdict};
use crate::hashes;
use crate::names;
use crate::params::{Params, CONSENSUS_HASH_WINDOW, MAX_NAMES_PER_SENDER, NAMESPACE_LIFE_INFINITE};
use crate::state::State;
use crate::types::{Candidate, ConsensusHash, Op};

pub(crate) fn apply(state: &mut State, params: &Params, ctx: &mut BlockContext, cand: &Candidate) -> Verdict {
    verdict(update(state, params, ctx, cand))
}

/// Resolve `H128(name ‖ ch_hex)` against the sender's names (alive at `P`, not revoked)
/// and the distinct consensus hashes of heights `B−24 … B`.
fn resolve(
    state: &State,
    params: &Params,
    owned: &[String],
    name_consensus_hash: &[u8; 16],
    height: u32,
) -> Option<(String, ConsensusHash)> {
    let _ = params;
    let mut candidates: Vec<ConsensusHash> = Vec::new();
    for h in height.saturating_sub(CONSENSUS_HASH_WINDOW)..=height {
        if let Some(ch) = state.consensus_hashes.get(&h) {
            if !candidates.contains(ch) {
                candidates.push(*ch);
            }
        }
    }
    for name in owned {
        for ch in &candidates {
            if hashes::name_consensus_hash(name, ch) == *name_consensus_hash {
                return Some((name.clone(), *ch));
            }
        }
    }
    None
}

fn update(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Result<Accepted, RejectReason> {
    let Op::NameUpdate { name_consensus_hash, value_hash } = &cand.op else {
        return Err(RejectReason::InvalidName);
    };
    let height = ctx.height;
    let prev = ctx.prev();
    let sender_hex = hex::encode(&cand.sender.script);
    let owned = lifetime::names_owned_by_sender(state, &sender_hex, prev, params);
    // Quirk §12.10: strictly greater than 25.
    ensure((owned.len() as u64) <= MAX_NAMES_PER_SENDER, RejectReason::SenderQuotaExceeded)?;
    let (name, ch) = resolve(state, params, &owned, name_consensus_hash, height)
        .ok_or(RejectReason::NameConsensusHashNotFound)?;
    let (_, namespace_id) = names::split_fqn(&name).ok_or(RejectReason::InvalidName)?;
    ensure(lifetime::name_at(state, &name, prev, params).is_some(), RejectReason::NameNotRegistered)?;
    let ns = lifetime::namespace_ready(state, namespace_id).ok_or(RejectReason::NamespaceNotReady)?;
    ensure(!lifetime::is_revoked(state, &name, prev, params), RejectReason::NameRevoked)?;
    if ns.lifetime != NAMESPACE_LIFE_INFINITE {
        ensure(!lifetime::is_expired(state, &name, prev, params), RejectReason::NameExpired)?;
        ensure(!lifetime::in_grace_period(state, &name, height, params), RejectReason::NameInGracePeriod)?;
    }
    ensure(lifetime::is_registered(state, &name, prev, params), RejectReason::NameNotRegistered)?;
    ensure(lifetime::is_owner(state, &name, &sender_hex, prev, params), RejectReason::NotOwner)?;

    let mut rec =
        lifetime::name_at(state, &name, prev, params).cloned().ok_or(RejectReason::NameNotRegistered)?;
    rec.value_hash = Some(hex::encode(value_hash));
    rec.consensus_hash = Some(ch.to_hex());
    rec.last_update_consensus_hash = Some(ch.to_hex());
    rec.op = "+".to_string();
    rec.txid = cand.txid.to_hex();
    rec.vtxindex = cand.vtxindex;
    let mut record = name_record_dict(&rec);
    // update.py `canonicalize`, applied by namedb_history_save to the committed dict.
    record.insert("name_consensus_hash", str_value(&hex::encode(hashes::name_consensus_hash(&name, &ch))));
    state.put_name(rec);
    ctx.touched.names.insert(name.clone());
    Ok(Accepted { op: "+".to_string(), key: name, record })
}
