//! NAME_REGISTRATION and NAME_RENEWAL `:` (bns spec §5.2, §5.3, payment §6.4; reference
//! operations/register.py `check_register`, `check_renewal`, `check_payment_v1/v2/v3`,
//! `get_stacks_payment`, `get_num_names_owned`).

use super::collisions::CollisionKey;
use super::preorder::find_name_preorder;
use super::records::name_record_dict;
use super::token::TOKEN_TYPE_STACKS;
use super::{
    ensure, is_p2sh_address, lifetime, num_names_owned, verdict, Accepted, BlockContext, Halt, RejectReason,
    Verdict,
};
use crate::hashes;
use crate::names;
use crate::params::{Params, MAX_NAMES_PER_SENDER};
use crate::price::{self, NamespaceCurve};
use crate::state::{NameRecord, NamespaceRecord, OpFee, PreorderRecord, State};
use crate::types::{Candidate, Op};

/// The pricing curve stored in a namespace record.
pub fn curve_of(ns: &NamespaceRecord) -> NamespaceCurve {
    NamespaceCurve {
        version: ns.version,
        coeff: ns.coeff,
        base: ns.base,
        buckets: ns.buckets,
        nonalpha_discount: ns.nonalpha_discount,
        no_vowel_discount: ns.no_vowel_discount,
    }
}

/// How a name op paid (result of `check_payment`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Paid {
    Btc,
    Stacks(u64),
}

/// `check_payment` (bns spec §6.4). `stx_paid` is what `get_stacks_payment` finds:
/// the preorder's STX if its units are STACKS (registration), or the payload amount if
/// non-zero (renewal). Feature flags at `height` (= B), prices at `fee_block`.
#[allow(clippy::too_many_arguments)]
pub fn check_payment(
    name_part: &str,
    ns: &NamespaceRecord,
    fee_block: u32,
    burn_address: &str,
    name_fee_sat: u64,
    stx_paid: Option<u64>,
    height: u32,
    params: &Params,
) -> Result<Paid, RejectReason> {
    let features = params.features_at(height);
    let burn = crate::address::burn_address(params);
    let curve = curve_of(ns);
    let stx_check = |amount: u64| -> Result<Paid, RejectReason> {
        let stx_price = price::name_price_stacks(name_part, &curve, fee_block, params);
        ensure(amount >= stx_price, RejectReason::FeeInsufficient)?;
        Ok(Paid::Stacks(amount))
    };
    let btc_check = || -> Result<Paid, RejectReason> {
        let btc_price = price::name_price(name_part, &curve, fee_block, params);
        ensure(btc_price.is_paid_by(name_fee_sat), RejectReason::FeeInsufficient)?;
        Ok(Paid::Btc)
    };
    match ns.version {
        1 => {
            ensure(burn_address == burn, RejectReason::WrongBurnAddress)?;
            if features.nameops_cost_tokens {
                if let Some(amount) = stx_paid {
                    return stx_check(amount);
                }
            }
            btc_check()
        }
        2 => {
            ensure(features.namespace_burn_to_creator, RejectReason::NamespaceVersionNotAllowed)?;
            let period = params.epoch_at(height).receive_fees_period;
            let creator_window = u64::from(ns.reveal_block) + u64::from(period) >= u64::from(height);
            let (expected, tokens_allowed) =
                if creator_window { (ns.address.as_str(), false) } else { (burn.as_str(), true) };
            ensure(burn_address == expected, RejectReason::WrongBurnAddress)?;
            if features.nameops_cost_tokens {
                if let Some(amount) = stx_paid {
                    ensure(tokens_allowed, RejectReason::TokenPaymentNotAllowed)?;
                    return stx_check(amount);
                }
            }
            btc_check()
        }
        3 => {
            ensure(features.namespace_pay_with_stacks, RejectReason::NamespaceVersionNotAllowed)?;
            ensure(burn_address == burn, RejectReason::WrongBurnAddress)?;
            let amount = stx_paid.ok_or(RejectReason::FeeInsufficient)?;
            let stx_price = price::name_price(name_part, &curve, fee_block, params);
            ensure(stx_price.is_paid_by(amount), RejectReason::FeeInsufficient)?;
            Ok(Paid::Stacks(amount))
        }
        _ => Err(RejectReason::NamespaceVersionNotAllowed),
    }
}

/// A registration that passed every check (before the collision rule).
pub(crate) struct RegistrationPlan {
    pub record: NameRecord,
    pub preorder_hash: String,
}

/// `check_register` without the collision rule. `owners` = the `sender` of each earlier
/// registration in `checked_ops`.
pub(crate) fn check_registration(
    state: &State,
    params: &Params,
    height: u32,
    owners: &[String],
    cand: &Candidate,
) -> Result<RegistrationPlan, RejectReason> {
    let Op::NameRegistration { name, value_hash, recipient, recipient_address, .. } = &cand.op else {
        return Err(RejectReason::InvalidName);
    };
    let prev = height.saturating_sub(1);
    ensure(names::is_valid_fqn(name), RejectReason::InvalidName)?;
    let (name_part, namespace_id) = names::split_fqn(name).ok_or(RejectReason::InvalidName)?;
    ensure(!lifetime::is_revoked(state, name, prev, params), RejectReason::NameRevoked)?;
    let ns = lifetime::namespace_ready(state, namespace_id).ok_or(RejectReason::NamespaceNotReady)?;
    let recipient_hex = hex::encode(recipient);
    let owned = owners.iter().filter(|s| **s == recipient_hex).count()
        + lifetime::names_owned_by_sender(state, &recipient_hex, prev, params).len();
    ensure((owned as u64) < MAX_NAMES_PER_SENDER, RejectReason::RecipientQuotaExceeded)?;
    ensure(
        params.features_at(height).multisig || !is_p2sh_address(recipient_address, params),
        RejectReason::MultisigNotAllowed,
    )?;

    let preorder = get_name_preorder(state, params, name, ns, &cand.sender.script, recipient_address, prev)
        .ok_or(RejectReason::PreorderNotFound)?;
    let old_record = state.names.get(name.as_str());
    if params.features_at(height).fix_preorder_expire {
        ensure(
            u64::from(preorder.block_number) + u64::from(params.name_preorder_expire) >= u64::from(height),
            RejectReason::PreorderExpired,
        )?;
    }
    ensure(!lifetime::is_registered(state, name, prev, params), RejectReason::NameAlreadyRegistered)?;
    ensure(preorder.block_number >= ns.ready_block, RejectReason::PreorderBeforeNamespaceReady)?;
    ensure(preorder.sender == hex::encode(&cand.sender.script), RejectReason::PreorderSenderMismatch)?;

    let stx_paid =
        if preorder.token_units == TOKEN_TYPE_STACKS { preorder.token_fee.parse::<u64>().ok() } else { None };
    let paid = check_payment(
        name_part,
        ns,
        preorder.block_number,
        &preorder.burn_address,
        preorder.op_fee,
        stx_paid,
        height,
        params,
    )?;
    let token_fee = match paid {
        Paid::Btc => "0".to_string(),
        Paid::Stacks(amount) => {
            ensure(params.features_at(height).nameops_cost_tokens, RejectReason::TokensNotActive)?;
            amount.to_string()
        }
    };
    if value_hash.is_some() {
        ensure(params.features_at(height).op_register_update, RejectReason::ValueHashNotAllowed)?;
    }

    let record = NameRecord {
        name: name.clone(),
        preorder_hash: preorder.preorder_hash.clone(),
        name_hash128: hex::encode(hashes::name_hash128(name)),
        namespace_id: namespace_id.to_string(),
        namespace_block_number: ns.block_number,
        value_hash: value_hash.map(hex::encode),
        sender: recipient_hex,
        // Quirk §12.12: the registering transaction's key (the preorderer's), not the
        // recipient's.
        sender_pubkey: cand.sender.pubkey.as_ref().map(hex::encode),
        address: recipient_address.clone(),
        block_number: old_record.map_or(preorder.block_number, |r| r.block_number),
        preorder_block_number: preorder.block_number,
        first_registered: height,
        last_renewed: height,
        revoked: false,
        op: ":".to_string(),
        txid: cand.txid.to_hex(),
        vtxindex: cand.vtxindex,
        op_fee: OpFee::Int(preorder.op_fee),
        importer: None,
        importer_address: None,
        consensus_hash: None,
        token_fee,
        last_creation_op: "?".to_string(),
        last_update_consensus_hash: None,
    };
    Ok(RegistrationPlan { record, preorder_hash: preorder.preorder_hash.clone() })
}

/// `get_name_preorder` (namedb.py): none if the name is alive at `P`, the namespace is
/// not ready, no unconsumed row exists, or the preorder is older than one lifetime.
fn get_name_preorder<'a>(
    state: &'a State,
    params: &Params,
    fqn: &str,
    ns: &NamespaceRecord,
    sender_script: &[u8],
    register_address: &str,
    prev: u32,
) -> Option<&'a PreorderRecord> {
    if lifetime::name_at(state, fqn, prev, params).is_some() {
        return None;
    }
    let hash = hashes::name_preorder_hash(fqn, sender_script, register_address)?;
    let preorder = find_name_preorder(state, &hex::encode(hash), prev, params)?;
    let multiplier = params.epoch_at(prev).lifetime_multiplier;
    if u64::from(preorder.block_number) + u64::from(ns.lifetime) * u64::from(multiplier) <= u64::from(prev) {
        return None;
    }
    Some(preorder)
}

pub(crate) fn apply_registration(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Result<Verdict, Halt> {
    let plan = match check_registration(state, params, ctx.height, &ctx.registration_owners, cand) {
        Ok(plan) => plan,
        Err(reason) => return Ok(Verdict::Reject(reason)),
    };
    if ctx.collisions.check(CollisionKey::Name, &plan.record.name) {
        return Ok(Verdict::Reject(RejectReason::NameCollision));
    }
    let record = name_record_dict(&plan.record);
    let name = plan.record.name.clone();
    ctx.registration_owners.push(plan.record.sender.clone());
    super::preorder::remove_preorders(state, ctx, &plan.preorder_hash);
    state.put_name(plan.record);
    ctx.touched.names.insert(name.clone());
    Ok(Verdict::Accept(Accepted { op: ":".to_string(), key: name, record }))
}

pub(crate) fn apply_renewal(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Verdict {
    verdict(renew(state, params, ctx, cand))
}

fn renew(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Result<Accepted, RejectReason> {
    let Op::NameRenewal {
        name,
        value_hash,
        token_fee,
        recipient,
        recipient_address,
        op_fee_sat,
        burn_address,
    } = &cand.op
    else {
        return Err(RejectReason::InvalidName);
    };
    let height = ctx.height;
    let prev = ctx.prev();
    let features = params.features_at(height);
    let sender_hex = hex::encode(&cand.sender.script);
    let recipient_hex = hex::encode(recipient);

    ensure(names::is_valid_fqn(name), RejectReason::InvalidName)?;
    if sender_hex != recipient_hex || *recipient_address != cand.sender.address {
        ensure(features.op_renew_transfer_update, RejectReason::RenewalOwnerChangeNotAllowed)?;
    }
    let (name_part, namespace_id) = names::split_fqn(name).ok_or(RejectReason::InvalidName)?;
    ensure(!lifetime::is_revoked(state, name, prev, params), RejectReason::NameRevoked)?;
    let ns = lifetime::namespace_ready(state, namespace_id).ok_or(RejectReason::NamespaceNotReady)?;
    // Quirk §12.9: the renewed name itself is counted.
    ensure(
        (num_names_owned(state, params, ctx, &recipient_hex) as u64) < MAX_NAMES_PER_SENDER,
        RejectReason::RecipientQuotaExceeded,
    )?;
    ensure(lifetime::is_registered(state, name, prev, params), RejectReason::NameNotRegistered)?;
    if !lifetime::is_owner(state, name, &recipient_hex, prev, params) {
        ensure(features.op_renew_transfer_update, RejectReason::RenewalOwnerChangeNotAllowed)?;
    }
    ensure(lifetime::is_owner(state, name, &sender_hex, prev, params), RejectReason::NotOwner)?;

    // get_stacks_payment for a renewal: the payload amount, if non-zero.
    let stx_paid = token_fee.filter(|fee| *fee != 0);
    let paid = check_payment(name_part, ns, height, burn_address, *op_fee_sat, stx_paid, height, params)?;
    let mut debit = None;
    let token_fee_text = match paid {
        Paid::Btc => "0".to_string(),
        Paid::Stacks(amount) => {
            ensure(features.nameops_cost_tokens, RejectReason::TokensNotActive)?;
            // The current owner pays (token_address = sender address).
            let account =
                state.account(&cand.sender.address, TOKEN_TYPE_STACKS).ok_or(RejectReason::NoTokenAccount)?;
            ensure(account.balance() >= u128::from(amount), RejectReason::InsufficientTokenBalance)?;
            debit = Some(amount);
            amount.to_string()
        }
    };

    let prev_record =
        lifetime::name_at(state, name, prev, params).cloned().ok_or(RejectReason::NameNotRegistered)?;
    let mut rec = prev_record;
    if features.op_renew_transfer_update {
        if let Some(vh) = value_hash {
            rec.value_hash = Some(hex::encode(vh));
        }
    }
    rec.last_renewed = height;
    rec.sender = recipient_hex;
    rec.address = recipient_address.clone();
    // sender_pubkey: kept from the previous record even on owner change (§12.12).
    rec.op_fee = OpFee::Int(*op_fee_sat);
    rec.token_fee = token_fee_text;
    rec.op = "::".to_string();
    rec.txid = cand.txid.to_hex();
    rec.vtxindex = cand.vtxindex;
    let record = name_record_dict(&rec);
    state.put_name(rec);
    ctx.touched.names.insert(name.clone());
    if let Some(amount) = debit {
        super::token::debit(
            state,
            ctx,
            &cand.sender.address,
            TOKEN_TYPE_STACKS,
            amount,
            &cand.txid.to_hex(),
            cand.vtxindex,
        );
    }
    Ok(Accepted { op: "::".to_string(), key: name.clone(), record })
}
