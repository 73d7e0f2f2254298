//! NAME_REVOKE `~` (bns spec §5.6; reference operations/revoke.py `check`). Expiry is
//! tested at `B` here, at `P` for update/transfer (§15.6).

use super::records::name_record_dict;
use super::{ensure, lifetime, verdict, Accepted, BlockContext, RejectReason, Verdict};
use crate::names;
use crate::params::Params;
use crate::state::State;
use crate::types::{Candidate, Op};

pub(crate) fn apply(state: &mut State, params: &Params, ctx: &mut BlockContext, cand: &Candidate) -> Verdict {
    verdict(revoke(state, params, ctx, cand))
}

fn revoke(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Result<Accepted, RejectReason> {
    let Op::NameRevoke { name } = &cand.op else {
        return Err(RejectReason::InvalidName);
    };
    let height = ctx.height;
    let prev = ctx.prev();
    let sender_hex = hex::encode(&cand.sender.script);
    ensure(names::is_valid_fqn(name), RejectReason::InvalidName)?;
    let (_, namespace_id) = names::split_fqn(name).ok_or(RejectReason::InvalidName)?;
    ensure(lifetime::name_at(state, name, prev, params).is_some(), RejectReason::NameNotRegistered)?;
    ensure(lifetime::namespace_ready(state, namespace_id).is_some(), RejectReason::NamespaceNotReady)?;
    ensure(!lifetime::is_revoked(state, name, prev, params), RejectReason::NameRevoked)?;
    ensure(!lifetime::is_expired(state, name, height, params), RejectReason::NameExpired)?;
    ensure(!lifetime::in_grace_period(state, name, height, params), RejectReason::NameInGracePeriod)?;
    ensure(lifetime::is_registered(state, name, prev, params), RejectReason::NameNotRegistered)?;
    ensure(lifetime::is_owner(state, name, &sender_hex, prev, params), RejectReason::NotOwner)?;

    let mut rec =
        lifetime::name_at(state, name, prev, params).cloned().ok_or(RejectReason::NameNotRegistered)?;
    rec.revoked = true;
    rec.value_hash = None;
    rec.op = "~".to_string();
    rec.txid = cand.txid.to_hex();
    rec.vtxindex = cand.vtxindex;
    let record = name_record_dict(&rec);
    state.put_name(rec);
    ctx.touched.names.insert(name.clone());
    Ok(Accepted { op: "~".to_string(), key: name.clone(), record })
}
