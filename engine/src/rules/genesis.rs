//! The STX genesis allocation over time (bns spec §10 "accounts"): the vesting schedule
//! as the reference's `account_vesting` table holds it at each height, and the genesis
//! patches that merge new rows into the accounts at fixed heights (reference
//! nameset/db.py `namedb_patch_genesis`, `namedb_merge_account_at`,
//! `namedb_expand_account_history`, `namedb_remove_account`; config.py
//! `get_genesis_block_patches`, `load_genesis_bulk_patch`).
//!
//! Timing (nameset/virtualchain_hooks.py `db_save` of block `h`): first the patch for
//! `h + 1`, then the vesting for `h + 1`, so both are visible to the ops of `h + 1`.
//! `db_save` runs only for processed blocks (≥ FIRST), so nothing scheduled at a height
//! ≤ FIRST is ever applied.
//!
//! The state keeps only the latest account row per (address, type) (what every check
//! reads and what the oracle dumps), so a merge computes what the reference's latest
//! row becomes after it rewrites the account's whole history.

use super::{BlockContext, Halt};
use crate::address::base58check_decode;
use crate::hashes::dsha256;
use crate::params::{GenesisPatch, GenesisRow, Params};
use crate::state::{Account, AccountKey, State};
use std::collections::BTreeMap;

/// sha256 of the built-in mainnet genesis history (`namedb_genesis_block_history_hash`
/// of `GENESIS_BLOCK_STAGES` history; the `G` line of engine/data/mainnet-genesis.tsv).
pub const MAINNET_GENESIS_HISTORY_HASH: &str =
    "2e3113dda391c0d7a9117495126cd4ad39fef8b7e2ae56fd99b87860bec3a1d0";

/// Per account, the vesting amounts by height (the reference's `account_vesting` rows).
type VestingTable = BTreeMap<AccountKey, BTreeMap<u32, u64>>;

/// What the vesting step credits at each height, with every patch that is applied
/// before it folded in (a patch at `P` changes entries at heights ≥ `P`; its entries
/// below `P` are credited retroactively by the merge itself).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VestingSchedule {
    by_height: BTreeMap<u32, BTreeMap<AccountKey, u64>>,
}

impl VestingSchedule {
    /// Build the schedule from the genesis rows and the patches that will be applied
    /// (those above FIRST). A bulk grant whose address file cannot be resolved is left
    /// out here; applying that patch halts (`apply_patch`).
    pub fn from_params(params: &Params) -> VestingSchedule {
        let mut by_height: BTreeMap<u32, BTreeMap<AccountKey, u64>> = BTreeMap::new();
        for row in &params.genesis_rows {
            for (height, amount) in &row.vesting {
                let slot =
                    by_height.entry(*height).or_default().entry(key_of(&row.address, row)).or_insert(0);
                *slot = slot.saturating_add(*amount);
            }
        }
        for patch in applied_patches(params) {
            for (address, row) in vesting_rows(patch, params) {
                for (height, amount) in row.vesting.range(patch.height..) {
                    let slot =
                        by_height.entry(*height).or_default().entry(key_of(&address, row)).or_insert(0);
                    *slot = slot.saturating_add(*amount);
                }
            }
            for address in &patch.del {
                for (_, due) in by_height.range_mut(patch.height..) {
                    due.retain(|(a, _), _| a != address);
                }
            }
        }
        VestingSchedule { by_height }
    }

    /// The amounts vested at `height`, by account.
    pub fn due_at(&self, height: u32) -> impl Iterator<Item = (&AccountKey, &u64)> {
        self.by_height.get(&height).into_iter().flatten()
    }
}

/// Patches the reference applies: `db_save` of block `P − 1` must run, i.e. `P > FIRST`.
fn applied_patches(params: &Params) -> impl Iterator<Item = &GenesisPatch> {
    params.genesis_patches.iter().filter(move |p| p.height > params.first_block)
}

fn key_of(address: &str, row: &GenesisRow) -> AccountKey {
    (address.to_string(), row.token_type.clone())
}

/// The rows a patch adds, in the reference's order, with their stored addresses: the
/// direct `add` rows, or one copy of the bulk template per address line
/// (`load_genesis_bulk_patch`). `None` if the bulk file is not the built-in list.
fn patch_rows<'a>(patch: &'a GenesisPatch, params: &Params) -> Option<Vec<(String, &'a GenesisRow)>> {
    let mut rows: Vec<(String, &GenesisRow)> = patch.add.iter().map(|r| (r.address.clone(), r)).collect();
    if let Some(bulk) = &patch.bulk {
        rows.extend(bulk.addresses(params)?.into_iter().map(|a| (a, &bulk.template)));
    }
    Some(rows)
}

/// The rows of a patch that carry vesting: resolving a bulk grant's ~10,000 addresses
/// is skipped when its template vests nothing (the built-in airdrop batches).
fn vesting_rows<'a>(patch: &'a GenesisPatch, params: &Params) -> Vec<(String, &'a GenesisRow)> {
    match &patch.bulk {
        Some(bulk) if !bulk.template.vesting.is_empty() => patch_rows(patch, params).unwrap_or_default(),
        _ => patch.add.iter().filter(|r| !r.vesting.is_empty()).map(|r| (r.address.clone(), r)).collect(),
    }
}

/// Does `virtualchain.address_reencode` accept this address (a base58check address of
/// a known version)? Otherwise the reference treats it as an unspendable placeholder.
fn is_spendable(address: &str) -> bool {
    matches!(base58check_decode(address), Some((0 | 5 | 111 | 196, _)))
}

/// The reference's `account_vesting` table once block `last_block` is processed: the
/// genesis rows' schedules, merged with every patch applied by then (`db_save` of
/// `last_block` applies the patch for `last_block + 1`), without the rows of deleted
/// addresses. One entry per (address, token type), amounts by height, every height of
/// the schedule (past ones included, as the table keeps them). Used by the Stacks 2.0
/// export (`STX VESTING` rows).
pub fn account_vesting_table(params: &Params, last_block: u32) -> BTreeMap<AccountKey, BTreeMap<u32, u64>> {
    vesting_table_before(params, last_block.saturating_add(2))
}

/// The vesting table just before the patch at `height` (genesis rows, then every
/// earlier applied patch's adds and deletions).
fn vesting_table_before(params: &Params, height: u32) -> VestingTable {
    let mut table = VestingTable::new();
    for row in &params.genesis_rows {
        merge_vesting(table.entry(key_of(&row.address, row)).or_default(), &row.vesting);
    }
    for patch in applied_patches(params).filter(|p| p.height < height) {
        for (address, row) in vesting_rows(patch, params) {
            merge_vesting(table.entry(key_of(&address, row)).or_default(), &row.vesting);
        }
        for address in &patch.del {
            table.retain(|(a, _), _| a != address);
        }
    }
    table
}

fn merge_vesting(into: &mut BTreeMap<u32, u64>, add: &BTreeMap<u32, u64>) {
    for (height, amount) in add {
        let slot = into.entry(*height).or_insert(0);
        *slot = slot.saturating_add(*amount);
    }
}

/// `namedb_cumulative_vesting_at`: the sum of the row's vesting at heights ≤ `block`.
/// The reference walks the keys as *strings* in sorted order and stops at the first
/// one above `block`; with keys of different digit counts that stops early, so the
/// walk is reproduced (all built-in keys have six digits, where it is plain ≤).
fn cumulative_vesting_at(vesting: &BTreeMap<u32, u64>, block: u32) -> u128 {
    let mut keys: Vec<(String, u32, u64)> = vesting.iter().map(|(h, a)| (h.to_string(), *h, *a)).collect();
    keys.sort();
    let mut total: u128 = 0;
    for (_, height, amount) in keys {
        if height > block {
            break;
        }
        total = total.saturating_add(u128::from(amount));
    }
    total
}

fn vesting_txid(address: &str, token_type: &str, credit: u128, block: u32) -> String {
    hex::encode(dsha256(format!("{address} vesting {token_type} {credit} at {block}").as_bytes()))
}

/// Apply the patch scheduled at `height` (if any), from the end of block `height − 1`
/// (`namedb_patch_genesis`): merge every added row in order, delete the unspendable
/// accounts, then record the burn address's `PATCH` row. Halts where the reference
/// aborts (an add and a delete of one address, deleting a spendable address, a bulk
/// file that is not the built-in list, an unspendable row marked receive-whitelisted).
pub(crate) fn apply_patch(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    height: u32,
) -> Result<(), Halt> {
    let Some(patch) = applied_patches(params).find(|p| p.height == height) else {
        return Ok(());
    };
    let rows = patch_rows(patch, params).ok_or(Halt::GenesisPatchUnknownFile { height })?;
    if let Some((address, _)) = rows.iter().find(|(a, _)| patch.del.contains(a)) {
        return Err(Halt::GenesisPatchAddsAndDeletes { height, address: address.clone() });
    }
    let mut table = vesting_table_before(params, height);
    for (address, row) in &rows {
        merge_account(state, params, ctx, &mut table, address, row, height)?;
    }
    for address in &patch.del {
        if is_spendable(address) {
            return Err(Halt::GenesisPatchDeletesSpendable { height, address: address.clone() });
        }
        let keys: Vec<AccountKey> = state.accounts.keys().filter(|(a, _)| a == address).cloned().collect();
        for key in keys {
            state.accounts.remove(&key);
            ctx.touched.accounts.insert(key);
        }
    }
    let burn = crate::address::burn_address(params);
    let key = (burn.clone(), "PATCH".to_string());
    state.accounts.insert(
        key.clone(),
        Account {
            address: burn,
            token_type: "PATCH".to_string(),
            credit_value: 0,
            debit_value: 0,
            lock_transfer_block_id: 1,
            receive_whitelisted: false,
            metadata: Some(patch.history_hash.clone()),
            block_id: height,
            txid: patch.history_hash.clone(),
            vtxindex: 0,
        },
    );
    if let Some(row) = state.accounts.get(&key) {
        ctx.account_rows.push(row.clone());
    }
    ctx.touched.accounts.insert(key);
    Ok(())
}

/// `namedb_merge_account_at(row, H)` on the latest row. The reference rewrites the
/// whole history: every row gets `+ value + cumulative_new_vesting(row block)`, a
/// vtxindex-0 placeholder is inserted at each vesting height below `H` that has none
/// (copying the balance of the latest earlier row), a row at FIRST is added if absent,
/// and all rows take the new lock (max of the row's and every old row's), whitelist
/// flag and metadata. Only the placeholder and FIRST rows get a new txid (existing
/// rows are UPDATEd without it). So the latest row afterwards is the placeholder at the
/// highest vesting height in (latest block, H) if there is one, else the old latest row
/// (or, for a new account, the later of FIRST and that placeholder).
fn merge_account(
    state: &mut State,
    params: &Params,
    ctx: &mut BlockContext,
    table: &mut VestingTable,
    address: &str,
    row: &GenesisRow,
    height: u32,
) -> Result<(), Halt> {
    // namedb_account_info_normalize: whitelisted iff the address is spendable; an
    // unspendable one must be explicitly marked not whitelisted (assert).
    let receive_whitelisted = is_spendable(address);
    if !receive_whitelisted && row.receive_whitelisted {
        return Err(Halt::GenesisPatchUnspendableWhitelisted { address: address.to_string() });
    }
    let key = key_of(address, row);
    let vesting = table.entry(key.clone()).or_default();
    merge_vesting(vesting, &row.vesting);
    // Highest merged vesting height strictly between `after` and H.
    let last_unlock_between =
        |after: u32| vesting.range(..height).next_back().map(|(h, _)| *h).filter(|h| *h > after);
    let value = u128::from(row.value);

    let merged = match state.accounts.get(&key) {
        Some(latest) => {
            let lock = row.lock_send.max(latest.lock_transfer_block_id);
            let mut account = latest.clone();
            match last_unlock_between(latest.block_id) {
                Some(unlock) => {
                    account.credit_value = latest
                        .credit_value
                        .saturating_add(value)
                        .saturating_add(cumulative_vesting_at(&row.vesting, unlock));
                    account.block_id = unlock;
                    account.vtxindex = 0;
                    account.txid = vesting_txid(address, &row.token_type, account.credit_value, unlock);
                }
                None => {
                    account.credit_value = latest
                        .credit_value
                        .saturating_add(value)
                        .saturating_add(cumulative_vesting_at(&row.vesting, latest.block_id));
                }
            }
            account.lock_transfer_block_id = lock;
            account
        }
        None => {
            let block = last_unlock_between(0).map_or(params.first_block, |u| u.max(params.first_block));
            let credit = value.saturating_add(cumulative_vesting_at(&row.vesting, block));
            Account {
                address: address.to_string(),
                token_type: row.token_type.clone(),
                credit_value: credit,
                debit_value: 0,
                lock_transfer_block_id: row.lock_send,
                receive_whitelisted,
                metadata: None, // replaced below by the row's normalized metadata
                block_id: block,
                txid: vesting_txid(address, &row.token_type, credit, block),
                vtxindex: 0,
            }
        }
    };
    // namedb_account_info_normalize: a merged row's metadata is never NULL ('' when the
    // genesis entry has none), even over an account a credit created with NULL.
    let account = Account { receive_whitelisted, metadata: Some(row.metadata.clone()), ..merged };
    ctx.account_rows.push(account.clone());
    state.accounts.insert(key.clone(), account);
    ctx.touched.accounts.insert(key);
    Ok(())
}
