//! NAME_PREORDER `?` (bns spec §5.1; reference operations/preorder.py `check`).
//! Checks in order: hash is new, consensus hash recent, sender quota, op fee present,
//! optional STX payment (epoch ≥ 4, 63-byte form), then the preorder collision rule.

use super::collisions::CollisionKey;
use super::records::preorder_dict;
use super::{ensure, lifetime, num_names_owned, verdict, Accepted, BlockContext, RejectReason, Verdict};
use crate::params::{Params, MAX_NAMES_PER_SENDER};
use crate::state::{PreorderRecord, State};
use crate::types::{Candidate, Op};

use super::token::TOKEN_TYPE_STACKS;

/// `namedb_get_name_preorder`: the first unconsumed row with op `?` and this hash, unless
/// an alive name (at `P`) carries the same preorder hash. The reference's age filter
/// `block_number < P + 144` is always true (bns spec §12.4).
pub fn find_name_preorder<'a>(
    state: &'a State,
    hash_hex: &str,
    prev: u32,
    params: &Params,
) -> Option<&'a PreorderRecord> {
    let row = state.preorders.get(hash_hex)?.iter().find(|p| {
        p.op == "?" && u64::from(p.block_number) < u64::from(prev) + u64::from(params.name_preorder_expire)
    })?;
    let claimed = state.names_with_preorder_hash(hash_hex).iter().any(|name| {
        state.names.get(name).is_some_and(|r| {
            r.preorder_hash == hash_hex
                && state
                    .namespaces
                    .get(&r.namespace_id)
                    .is_some_and(|ns| lifetime::record_alive_at(r, ns, prev, params))
        })
    });
    if claimed {
        None
    } else {
        Some(row)
    }
}

pub(crate) fn apply(state: &mut State, params: &Params, ctx: &mut BlockContext, cand: &Candidate) -> Verdict {
    verdict(check_and_commit(state, params, ctx, cand))
}

fn check_and_commit(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Result<Accepted, RejectReason> {
    let Op::NamePreorder { preorder_hash, consensus_hash, token_fee, token_units, op_fee_sat, burn_address } =
        &cand.op
    else {
        return Err(RejectReason::InvalidName);
    };
    let height = ctx.height;
    let hash_hex = hex::encode(preorder_hash);
    let sender_hex = hex::encode(&cand.sender.script);

    ensure(find_name_preorder(state, &hash_hex, ctx.prev(), params).is_none(), RejectReason::PreorderNotNew)?;
    ensure(super::consensus_hash_valid(state, consensus_hash, height), RejectReason::ConsensusHashNotRecent)?;
    ensure(
        (num_names_owned(state, params, ctx, &sender_hex) as u64) < MAX_NAMES_PER_SENDER,
        RejectReason::SenderQuotaExceeded,
    )?;

    // STX payment: only with NAMEOPS_COST_TOKENS and the 63-byte form.
    let features = params.features_at(height);
    let mut payment: Option<(String, u64)> = None;
    let (token_fee_text, token_units_text) = match (features.nameops_cost_tokens, token_fee, token_units) {
        (true, Some(fee), Some(units)) => {
            let account = state.account(&cand.sender.address, units).ok_or(RejectReason::NoTokenAccount)?;
            ensure(account.balance() >= u128::from(*fee), RejectReason::InsufficientTokenBalance)?;
            ensure(*burn_address == crate::address::burn_address(params), RejectReason::WrongBurnAddress)?;
            ensure(units == TOKEN_TYPE_STACKS, RejectReason::UnsupportedTokenType)?;
            payment = Some((units.clone(), *fee));
            (fee.to_string(), units.clone())
        }
        _ => ("0".to_string(), "BTC".to_string()),
    };

    // Collision rule (state_preorder decorator): first accepted hash in the block wins.
    ensure(!ctx.collisions.check(CollisionKey::PreorderHash, &hash_hex), RejectReason::PreorderCollision)?;

    let row = PreorderRecord {
        preorder_hash: hash_hex.clone(),
        consensus_hash: consensus_hash.to_hex(),
        sender: sender_hex,
        sender_pubkey: cand.sender.pubkey.as_ref().map(hex::encode),
        address: cand.sender.address.clone(),
        block_number: height,
        op: "?".to_string(),
        op_fee: *op_fee_sat,
        txid: cand.txid.to_hex(),
        vtxindex: cand.vtxindex,
        burn_address: burn_address.clone(),
        token_fee: token_fee_text,
        token_units: token_units_text,
    };
    let record = preorder_dict(&row);
    insert_preorder(state, ctx, row);
    if let Some((units, fee)) = payment {
        super::token::debit(
            state,
            ctx,
            &cand.sender.address,
            &units,
            fee,
            &cand.txid.to_hex(),
            cand.vtxindex,
        );
    }
    Ok(Accepted { op: "?".to_string(), key: hash_hex, record })
}

/// Insert a preorder row, keeping rows of one hash in (block_number, txid) order.
pub(crate) fn insert_preorder(state: &mut State, ctx: &mut BlockContext, row: PreorderRecord) {
    let key = row.preorder_hash.clone();
    let rows = state.preorders.entry(key.clone()).or_default();
    rows.push(row);
    rows.sort_by(|a, b| (a.block_number, &a.txid).cmp(&(b.block_number, &b.txid)));
    ctx.touched.preorders.insert(key);
}

/// Remove every row with this hash (`namedb_preorder_remove`).
pub(crate) fn remove_preorders(state: &mut State, ctx: &mut BlockContext, hash_hex: &str) {
    state.preorders.remove(hash_hex);
    ctx.touched.preorders.insert(hash_hex.to_string());
}
