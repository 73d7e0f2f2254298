//! STX accounts (bns spec §5.12, §10): genesis rows, vesting, debits/credits, and
//! TOKEN_TRANSFER `$` (reference operations/tokentransfer.py `check`, nameset/db.py
//! `namedb_create_token_genesis`, `namedb_account_debit/credit`, `namedb_accounts_vest`).

use super::genesis::VestingSchedule;
use super::records::{int, str_value, RecordDict};
use super::{ensure, verdict, Accepted, BlockContext, RejectReason, Verdict};

/// Token type accepted for STX payments.
pub const TOKEN_TYPE_STACKS: &str = "STACKS";
use crate::hashes::dsha256;
use crate::params::Params;
use crate::state::{Account, State};
use crate::types::{Candidate, Op};

/// Genesis rows at FIRST (namedb_create_token_genesis): credit = value, lock_send,
/// whitelist (default true), metadata, fake txid `dsha256("{addr} genesis {metadata}")`.
pub(crate) fn create_genesis_accounts(state: &mut State, params: &Params) {
    for row in &params.genesis_rows {
        let txid = hex::encode(dsha256(format!("{} genesis {}", row.address, row.metadata).as_bytes()));
        let account = Account {
            address: row.address.clone(),
            token_type: row.token_type.clone(),
            credit_value: u128::from(row.value),
            debit_value: 0,
            lock_transfer_block_id: row.lock_send,
            receive_whitelisted: row.receive_whitelisted,
            metadata: Some(row.metadata.clone()),
            block_id: params.first_block,
            txid,
            vtxindex: 0,
        };
        state.accounts.insert((row.address.clone(), row.token_type.clone()), account);
    }
    // The burn address's GENESIS row (namedb_create_token_genesis): locked, not
    // whitelisted, metadata and txid = sha256 of the genesis history JSON. The built-in
    // mainnet genesis (the only one with patches) has a real history; params-file rows
    // come with none, i.e. the hash of `[]` (what the oracle's regtest params produce).
    let history_hash = if params.genesis_patches.is_empty() {
        hex::encode(crate::hashes::sha256(b"[]"))
    } else {
        super::genesis::MAINNET_GENESIS_HISTORY_HASH.to_string()
    };
    let burn = crate::address::burn_address(params);
    let genesis = Account {
        address: burn.clone(),
        token_type: "GENESIS".to_string(),
        credit_value: 0,
        debit_value: 0,
        lock_transfer_block_id: 1,
        receive_whitelisted: false,
        metadata: Some(history_hash.clone()),
        block_id: params.first_block,
        txid: history_hash,
        vtxindex: 0,
    };
    state.accounts.insert((burn, "GENESIS".to_string()), genesis);
}

/// Credit every vesting amount scheduled at `height` (namedb_accounts_vest), one credit
/// per account of its summed `account_vesting` entry. The reference does this right
/// after processing block `height − 1` (virtualchain_hooks.py `db_save` →
/// `commit_account_vesting(block_height + 1)`, after that height's genesis patch), so
/// the state after block h already holds h+1's vesting, and an entry at FIRST itself
/// is never credited.
pub(crate) fn vest_block(state: &mut State, schedule: &VestingSchedule, ctx: &mut BlockContext, height: u32) {
    for ((address, token_type), amount) in schedule.due_at(height) {
        let txid =
            hex::encode(dsha256(format!("{address} vesting {token_type} {amount} at {height}").as_bytes()));
        credit_at(state, ctx, address, token_type, *amount, height, &txid, 0);
    }
}

/// Debit an account (the check already proved the balance suffices).
pub(crate) fn debit(
    state: &mut State,
    ctx: &mut BlockContext,
    address: &str,
    token_type: &str,
    amount: u64,
    txid: &str,
    vtxindex: u32,
) {
    let key = (address.to_string(), token_type.to_string());
    if let Some(account) = state.accounts.get_mut(&key) {
        account.debit_value = account.debit_value.saturating_add(u128::from(amount));
        account.block_id = ctx.height;
        account.txid = txid.to_string();
        account.vtxindex = vtxindex;
        ctx.account_rows.push(account.clone());
        ctx.touched.accounts.insert(key);
    }
}

/// Credit an account, creating it (lock 0, whitelisted, metadata NULL) if it does not
/// exist.
pub(crate) fn credit(
    state: &mut State,
    ctx: &mut BlockContext,
    address: &str,
    token_type: &str,
    amount: u64,
    txid: &str,
    vtxindex: u32,
) {
    let height = ctx.height;
    credit_at(state, ctx, address, token_type, amount, height, txid, vtxindex);
}

/// `namedb_account_credit` with an explicit block id.
#[allow(clippy::too_many_arguments)]
fn credit_at(
    state: &mut State,
    ctx: &mut BlockContext,
    address: &str,
    token_type: &str,
    amount: u64,
    height: u32,
    txid: &str,
    vtxindex: u32,
) {
    let key = (address.to_string(), token_type.to_string());
    let account = state.accounts.entry(key.clone()).or_insert_with(|| Account {
        address: address.to_string(),
        token_type: token_type.to_string(),
        credit_value: 0,
        debit_value: 0,
        lock_transfer_block_id: 0,
        receive_whitelisted: true,
        // namedb_account_transaction_save: `existing_account.get('metadata', None)` with
        // no existing account, i.e. SQL NULL, not the genesis rows' ''.
        metadata: None,
        block_id: height,
        txid: String::new(),
        vtxindex: 0,
    });
    account.credit_value = account.credit_value.saturating_add(u128::from(amount));
    account.block_id = height;
    account.txid = txid.to_string();
    account.vtxindex = vtxindex;
    ctx.account_rows.push(account.clone());
    ctx.touched.accounts.insert(key);
}

pub(crate) fn apply_transfer(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Verdict {
    verdict(transfer(state, params, ctx, cand))
}

fn transfer(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    cand: &Candidate,
) -> Result<Accepted, RejectReason> {
    let Op::TokenTransfer { consensus_hash, token_type, amount, scratch_area, recipient, recipient_address } =
        &cand.op
    else {
        return Err(RejectReason::TokenTransferNotActive);
    };
    let height = ctx.height;
    let features = params.features_at(height);
    ensure(features.token_transfer, RejectReason::TokenTransferNotActive)?;
    ensure(*amount > 0, RejectReason::ZeroTokenAmount)?;
    let address = &cand.sender.address;
    ensure(address != recipient_address, RejectReason::TokenTransferToSelf)?;
    let zero = consensus_hash.0 == [0u8; 16];
    if !(features.token_transfer_consensus_hash_optional && zero) {
        ensure(
            super::consensus_hash_valid(state, consensus_hash, height),
            RejectReason::ConsensusHashNotRecent,
        )?;
    }
    let account = state.account(address, token_type).ok_or(RejectReason::NoTokenAccount)?;
    ensure(height >= account.lock_transfer_block_id, RejectReason::AccountLocked)?;
    ensure(account.balance() >= u128::from(*amount), RejectReason::InsufficientTokenBalance)?;
    if let Some(receiver) = state.account(recipient_address, token_type) {
        ensure(receiver.receive_whitelisted, RejectReason::RecipientNotWhitelisted)?;
    }
    // commit_account_debit aborts the reference for any type but STACKS; only STACKS
    // accounts can hold a balance here, so this cannot be reached with another type.
    ensure(token_type == TOKEN_TYPE_STACKS, RejectReason::UnsupportedTokenType)?;

    let txid = cand.txid.to_hex();
    debit(state, ctx, address, token_type, *amount, &txid, cand.vtxindex);
    credit(state, ctx, recipient_address, token_type, *amount, &txid, cand.vtxindex);

    let mut record = RecordDict::new();
    record.insert("sender", str_value(&hex::encode(&cand.sender.script)));
    record.insert("address", str_value(address));
    record.insert("recipient", str_value(&hex::encode(recipient)));
    record.insert("recipient_address", str_value(recipient_address));
    record.insert("token_units", str_value(token_type));
    record.insert("token_fee", str_value(&amount.to_string()));
    record.insert("block_id", int(height));
    record.insert("op", str_value("$"));
    record.insert("txid", str_value(&txid));
    record.insert("vtxindex", int(cand.vtxindex));
    record.insert("consensus_hash", str_value(&consensus_hash.to_hex()));
    record.insert("scratch_area", str_value(&hex::encode(scratch_area)));
    Ok(Accepted { op: "$".to_string(), key: address.clone(), record })
}
