//! NAMESPACE_PREORDER `*`, NAMESPACE_REVEAL `&`, NAMESPACE_READY `!` (bns spec §5.8–§5.10,
//! §6.5; reference operations/namespacepreorder.py, namespacereveal.py,
//! namespaceready.py `check`, nameset/db.py `namedb_get_namespace_preorder`).

use super::collisions::CollisionKey;
use super::records::{namespace_dict, preorder_dict};
use super::token::TOKEN_TYPE_STACKS;
use super::{ensure, lifetime, verdict, Accepted, BlockContext, Halt, RejectReason, Verdict};
use crate::hashes;
use crate::names;
use crate::params::Params;
use crate::price::{self, Units};
use crate::state::{NamespaceRecord, PreorderRecord, State};
use crate::types::{Candidate, Op};

/// `namedb_get_namespace_preorder`: the first unconsumed `*` row with this hash, unless a
/// namespace row carries the same preorder hash and is ready or revealed (the
/// reference's reveal-age filter is always true, bns spec §5.8).
pub fn find_namespace_preorder<'a>(
    state: &'a State,
    hash_hex: &str,
    prev: u32,
    params: &Params,
) -> Option<&'a PreorderRecord> {
    let row = state.preorders.get(hash_hex)?.iter().find(|p| {
        p.op == "*"
            && u64::from(p.block_number) < u64::from(prev) + u64::from(params.namespace_preorder_expire)
    })?;
    let used = state.namespaces.values().any(|ns| {
        ns.preorder_hash == hash_hex
            && (ns.op == "!"
                || (ns.op == "&"
                    && u64::from(ns.reveal_block)
                        < u64::from(prev) + u64::from(params.namespace_reveal_expire)))
    });
    if used {
        None
    } else {
        Some(row)
    }
}

pub(crate) fn apply_preorder(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Verdict {
    verdict(preorder(state, params, ctx, cand))
}

fn preorder(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Result<Accepted, RejectReason> {
    let Op::NamespacePreorder { preorder_hash, consensus_hash, token_fee, op_fee_sat, burn_address } =
        &cand.op
    else {
        return Err(RejectReason::InvalidNamespaceId);
    };
    let height = ctx.height;
    let hash_hex = hex::encode(preorder_hash);
    ensure(
        find_namespace_preorder(state, &hash_hex, ctx.prev(), params).is_none(),
        RejectReason::PreorderNotNew,
    )?;
    ensure(super::consensus_hash_valid(state, consensus_hash, height), RejectReason::ConsensusHashNotRecent)?;
    ensure(*burn_address == crate::address::burn_address(params), RejectReason::WrongBurnAddress)?;
    let mut payment = None;
    let (token_fee_text, token_units) = if params.features_at(height).stacks_buy_namespaces {
        let fee = token_fee.ok_or(RejectReason::MissingTokenFee)?;
        let account =
            state.account(&cand.sender.address, TOKEN_TYPE_STACKS).ok_or(RejectReason::NoTokenAccount)?;
        ensure(account.balance() >= u128::from(fee), RejectReason::InsufficientTokenBalance)?;
        payment = Some(fee);
        (fee.to_string(), TOKEN_TYPE_STACKS.to_string())
    } else {
        ("0".to_string(), "BTC".to_string())
    };
    ensure(!ctx.collisions.check(CollisionKey::PreorderHash, &hash_hex), RejectReason::PreorderCollision)?;

    let row = PreorderRecord {
        preorder_hash: hash_hex.clone(),
        consensus_hash: consensus_hash.to_hex(),
        sender: hex::encode(&cand.sender.script),
        sender_pubkey: cand.sender.pubkey.as_ref().map(hex::encode),
        address: cand.sender.address.clone(),
        block_number: height,
        op: "*".to_string(),
        op_fee: *op_fee_sat,
        txid: cand.txid.to_hex(),
        vtxindex: cand.vtxindex,
        burn_address: burn_address.clone(),
        token_fee: token_fee_text,
        token_units,
    };
    let record = preorder_dict(&row);
    super::preorder::insert_preorder(state, ctx, row);
    if let Some(fee) = payment {
        super::token::debit(
            state,
            ctx,
            &cand.sender.address,
            TOKEN_TYPE_STACKS,
            fee,
            &cand.txid.to_hex(),
            cand.vtxindex,
        );
    }
    Ok(Accepted { op: "*".to_string(), key: hash_hex, record })
}

/// A reveal that passed its checks (before the collision rule).
pub(crate) struct RevealPlan {
    pub record: NamespaceRecord,
    /// The previous row of this ID, if any (re-reveal after expiry).
    pub old_op_fee: Option<u64>,
}

/// `namespacereveal.check` without the collision rule.
pub(crate) fn check_reveal(
    state: &State,
    params: &Params,
    height: u32,
    cand: &Candidate,
) -> Result<RevealPlan, RejectReason> {
    let Op::NamespaceReveal {
        namespace_id,
        lifetime: ns_lifetime,
        coeff,
        base,
        buckets,
        nonalpha_discount,
        no_vowel_discount,
        version,
        recipient,
        recipient_address,
    } = &cand.op
    else {
        return Err(RejectReason::InvalidNamespaceId);
    };
    let prev = height.saturating_sub(1);
    let features = params.features_at(height);
    ensure(names::is_valid_namespace_id(namespace_id), RejectReason::InvalidNamespaceId)?;
    ensure(
        lifetime::namespace_reveal(state, namespace_id, prev, params).is_none(),
        RejectReason::NamespaceAlreadyRevealed,
    )?;
    ensure(lifetime::namespace_ready(state, namespace_id).is_none(), RejectReason::NamespaceAlreadyReady)?;
    let hash = hashes::namespace_preorder_hash(namespace_id, &cand.sender.script, recipient_address)
        .ok_or(RejectReason::InvalidNamespaceId)?;
    let hash_hex = hex::encode(hash);
    let preorder = find_namespace_preorder(state, &hash_hex, prev, params)
        .ok_or(RejectReason::NamespacePreorderNotFound)?;
    ensure(preorder.sender == hex::encode(&cand.sender.script), RejectReason::PreorderSenderMismatch)?;
    match version {
        1 => {}
        2 => ensure(features.namespace_burn_to_creator, RejectReason::NamespaceVersionNotAllowed)?,
        3 => ensure(features.namespace_pay_with_stacks, RejectReason::NamespaceVersionNotAllowed)?,
        _ => return Err(RejectReason::NamespaceVersionNotAllowed),
    }
    let tokens_paid: u64 = if preorder.token_units == TOKEN_TYPE_STACKS {
        let paid = preorder.token_fee.parse::<u64>().map_err(|_| RejectReason::NamespaceFeeInsufficient)?;
        let price = price::namespace_price(namespace_id, height, Units::Stacks, params)
            .ok_or(RejectReason::NamespaceFeeInsufficient)?;
        ensure(paid >= price, RejectReason::NamespaceFeeInsufficient)?;
        paid
    } else {
        // Quirk §12.5: with no BTC table (epoch ≥ 4) Python's `int < None` is False.
        if let Some(price) = price::namespace_price(namespace_id, height, Units::Btc, params) {
            ensure(preorder.op_fee >= price, RejectReason::NamespaceFeeInsufficient)?;
        }
        0
    };
    let old = state.namespaces.get(namespace_id.as_str());
    let record = NamespaceRecord {
        namespace_id: namespace_id.clone(),
        preorder_hash: hash_hex,
        version: *version,
        sender: hex::encode(&cand.sender.script),
        sender_pubkey: cand.sender.pubkey.as_ref().map(hex::encode),
        address: cand.sender.address.clone(),
        recipient: hex::encode(recipient),
        recipient_address: recipient_address.clone(),
        block_number: old.map_or(preorder.block_number, |o| o.block_number),
        reveal_block: height,
        op: "&".to_string(),
        op_fee: preorder.op_fee,
        txid: cand.txid.to_hex(),
        vtxindex: cand.vtxindex,
        lifetime: *ns_lifetime,
        coeff: *coeff,
        base: *base,
        buckets: *buckets,
        nonalpha_discount: *nonalpha_discount,
        no_vowel_discount: *no_vowel_discount,
        ready_block: 0,
        token_fee: tokens_paid.to_string(),
    };
    Ok(RevealPlan { record, old_op_fee: old.map(|o| o.op_fee) })
}

pub(crate) fn apply_reveal(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Result<Verdict, Halt> {
    let plan = match check_reveal(state, params, ctx.height, cand) {
        Ok(plan) => plan,
        Err(reason) => return Ok(Verdict::Reject(reason)),
    };
    if ctx.collisions.check(CollisionKey::NamespaceId, &plan.record.namespace_id) {
        return Ok(Verdict::Reject(RejectReason::NamespaceCollision));
    }
    // Re-reveal of an expired reveal: the reference UPDATEs the old row with every
    // non-mutable field (op_fee among them) in the WHERE clause; a different fee matches
    // no row and the node aborts (nameset/db.py namedb_namespace_update, bns spec §15.7).
    if let Some(old_fee) = plan.old_op_fee {
        if old_fee != plan.record.op_fee {
            return Err(Halt::NamespaceReRevealFee {
                namespace_id: plan.record.namespace_id.clone(),
                op_fee: plan.record.op_fee.to_string(),
                previous_op_fee: old_fee.to_string(),
            });
        }
    }
    let record = namespace_dict(&plan.record);
    let id = plan.record.namespace_id.clone();
    let preorder_hash = plan.record.preorder_hash.clone();
    super::preorder::remove_preorders(state, ctx, &preorder_hash);
    state.namespaces.insert(id.clone(), plan.record);
    ctx.touched.namespaces.insert(id.clone());
    Ok(Verdict::Accept(Accepted { op: "&".to_string(), key: id, record }))
}

pub(crate) fn apply_ready(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Verdict {
    verdict(ready(state, params, ctx, cand))
}

fn ready(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Result<Accepted, RejectReason> {
    let Op::NamespaceReady { namespace_id } = &cand.op else {
        return Err(RejectReason::InvalidNamespaceId);
    };
    let prev = ctx.prev();
    let ns = lifetime::namespace_reveal(state, namespace_id, prev, params)
        .ok_or(RejectReason::NamespaceNotRevealed)?;
    ensure(ns.recipient == hex::encode(&cand.sender.script), RejectReason::NotRevealRecipient)?;
    ensure(lifetime::namespace_ready(state, namespace_id).is_none(), RejectReason::NamespaceAlreadyReady)?;
    let mut rec = ns.clone();
    // Quirk §12.13: sender becomes this tx's sender (= reveal recipient); address and
    // sender_pubkey keep the reveal-time values.
    rec.sender = hex::encode(&cand.sender.script);
    rec.op = "!".to_string();
    rec.ready_block = ctx.height;
    rec.txid = cand.txid.to_hex();
    rec.vtxindex = cand.vtxindex;
    let record = namespace_dict(&rec);
    state.namespaces.insert(namespace_id.clone(), rec);
    ctx.touched.namespaces.insert(namespace_id.clone());
    Ok(Accepted { op: "!".to_string(), key: namespace_id.clone(), record })
}
