//! STX genesis patches and vesting merges (bns spec §10; reference nameset/db.py
//! `namedb_patch_genesis`, `namedb_merge_account_at`, virtualchain_hooks.py `db_save`):
//! a small synthetic patch on regtest params with hand-derived expectations, and the
//! built-in mainnet patch at 599865 against values computed from the data file.

mod common;
use bns_engine::hashes::dsha256;
use bns_engine::params::{GenesisPatch, GenesisRow};
use bns_engine::rules::RejectReason;
use bns_engine::state::State;
use bns_engine::{BlockHash, BlockInput, Engine, Params};
use common::*;
use std::collections::BTreeMap;

fn row(
    address: &str,
    value: u64,
    vesting: &[(u32, u64)],
    lock_send: u32,
    rw: bool,
    metadata: &str,
) -> GenesisRow {
    let vesting: BTreeMap<u32, u64> = vesting.iter().copied().collect();
    GenesisRow {
        address: address.to_string(),
        token_type: "STACKS".to_string(),
        value,
        lock_send,
        metadata: metadata.to_string(),
        receive_whitelisted: rw,
        vesting_total: vesting.values().sum(),
        vesting,
    }
}

const PATCH_HEIGHT: u32 = 905; // regtest epoch 5: TOKEN_TRANSFER active
const UNSPENDABLE: &str = "unspendable_x";

/// Regtest with: alice (1000, vesting 700:10 720:20 910:40), an unspendable row; a
/// patch at 905 adding to alice (5; vesting 690:1 903:2 905:3 910:4; lock 950;
/// metadata "m"), creating bob (7; vesting 695:100 902:200 909:400; marked *not*
/// whitelisted) and deleting the unspendable row; and a patch at FIRST (never applied).
fn patched_params() -> Params {
    let alice = wallet(10);
    let bob = wallet(11);
    let mut params = Params::regtest();
    params.genesis_rows = vec![
        row(&alice.address, 1000, &[(700, 10), (720, 20), (910, 40)], 0, true, ""),
        row(UNSPENDABLE, 50, &[(910, 1)], 0, false, ""),
    ];
    let first = params.first_block;
    params.genesis_patches = vec![
        GenesisPatch {
            height: first,
            add: vec![row(&wallet(12).address, 999, &[], 0, true, "never")],
            del: vec![],
            bulk: None,
            history_hash: "at-first".to_string(),
        },
        GenesisPatch {
            height: PATCH_HEIGHT,
            add: vec![
                row(&alice.address, 5, &[(690, 1), (903, 2), (905, 3), (910, 4)], 950, true, "m"),
                row(&bob.address, 7, &[(695, 100), (902, 200), (909, 400)], 0, false, "b"),
            ],
            del: vec![UNSPENDABLE.to_string()],
            bulk: None,
            history_hash: "patch-hash".to_string(),
        },
    ];
    params
}

fn balance(state: &State, address: &str) -> Option<u128> {
    state.account(address, "STACKS").map(|a| a.balance())
}

fn vesting_txid(address: &str, credit: u128, block: u32) -> String {
    hex::encode(dsha256(format!("{address} vesting STACKS {credit} at {block}").as_bytes()))
}

#[test]
fn s10_genesis_patch_merges_rows_before_the_ops_of_its_height() {
    let alice = wallet(10);
    let bob = wallet(11);
    let mut r = Rules::with_params(patched_params());
    // Patch at FIRST is never applied (db_save runs only for processed blocks).
    assert_eq!(balance(&r.state, &wallet(12).address), None);
    r.skip_to(PATCH_HEIGHT - 1);
    // Through block 903: genesis 1000 + vesting 10 + 20; bob absent; unspendable there.
    assert_eq!(balance(&r.state, &alice.address), Some(1030));
    assert_eq!(balance(&r.state, &bob.address), None);
    assert_eq!(balance(&r.state, UNSPENDABLE), Some(50));
    r.block(Vec::new()); // block 904; its db_save applies the patch for 905, then vesting 905

    // alice: latest row (720,0) 1030; new unlock 903 in (720, 905) → placeholder at 903
    // with 1030 + 5 + (1 + 2); then vesting 905 credits 3 (new only).
    let a = r.state.account(&alice.address, "STACKS").unwrap();
    assert_eq!((a.credit_value, a.debit_value, a.block_id, a.vtxindex), (1041, 0, 905, 0));
    assert_eq!(
        (a.lock_transfer_block_id, a.receive_whitelisted, a.metadata.as_deref()),
        (950, true, Some("m"))
    );
    // bob (new): placeholders at 695 and 902 (both < 905, > FIRST) → latest (902,0) with
    // 7 + 100 + 200, txid of a vesting row; whitelisted although the row says not
    // (namedb_account_info_normalize ignores the flag for spendable addresses).
    let b = r.state.account(&bob.address, "STACKS").unwrap();
    assert_eq!((b.credit_value, b.block_id, b.vtxindex, b.receive_whitelisted), (307, 902, 0, true));
    assert_eq!(b.txid, vesting_txid(&bob.address, 307, 902));
    assert_eq!(b.metadata.as_deref(), Some("b"));
    // Deleted account gone; burn address PATCH row at 905.
    assert_eq!(balance(&r.state, UNSPENDABLE), None);
    let patch = r.state.account(&burn(), "PATCH").unwrap();
    assert_eq!(
        (patch.block_id, patch.txid.as_str(), patch.metadata.as_deref()),
        (905, "patch-hash", Some("patch-hash"))
    );
    assert_eq!((patch.lock_transfer_block_id, patch.receive_whitelisted), (1, false));

    // Later vesting uses the merged table: 909 → bob +400; 910 → alice 40 + 4 (one
    // credit of the sum), and nothing for the deleted account.
    r.skip_to(911);
    assert_eq!(balance(&r.state, &bob.address), Some(707));
    let a = r.state.account(&alice.address, "STACKS").unwrap();
    assert_eq!((a.credit_value, a.block_id), (1085, 910));
    assert_eq!(
        a.txid,
        hex::encode(dsha256(format!("{} vesting STACKS 44 at 910", alice.address).as_bytes()))
    );
    assert_eq!(balance(&r.state, UNSPENDABLE), None);
}

#[test]
fn s10_genesis_patch_lock_applies_to_token_transfer_at_its_height() {
    let alice = wallet(10);
    let bob = wallet(11);
    let mut r = Rules::with_params(patched_params());
    r.skip_to(PATCH_HEIGHT - 1);
    // Block 904: alice (lock 0) sends 1 to bob, creating bob's account at (904, 1).
    let ch = r.ch();
    accepted(&r.one(token_transfer(&alice, &bob, 1, ch)));
    // The merge now sees alice's latest row (904,1): no unlock in (904, 905), so the row
    // gets 1030 + 5 + cumulative new vesting ≤ 904 (1 + 2); vesting 905 adds 3.
    let a = r.state.account(&alice.address, "STACKS").unwrap();
    assert_eq!((a.credit_value, a.debit_value, a.block_id, a.vtxindex), (1041, 1, 905, 0));
    // bob: latest (904,1) credit 1 → 1 + 7 + (100 + 200).
    let b = r.state.account(&bob.address, "STACKS").unwrap();
    assert_eq!((b.credit_value, b.block_id, b.vtxindex, b.lock_transfer_block_id), (308, 904, 1, 0));
    // Block 905: alice is locked until 950 by the patch.
    let ch = r.ch();
    assert_eq!(rejected(&r.one(token_transfer(&alice, &bob, 1, ch))), RejectReason::AccountLocked);
}

#[test]
fn s10_genesis_patch_state_deltas_replay_to_the_same_state() {
    let params = patched_params();
    let mut engine = Engine::new(params.clone());
    let mut replay = engine.state().clone();
    for height in params.first_block..=911 {
        let outcome = engine
            .apply_block(BlockInput { height, block_hash: BlockHash([0; 32]), candidates: Vec::new() })
            .unwrap();
        replay.apply_delta(&outcome.delta);
        if height == PATCH_HEIGHT - 1 {
            assert_eq!(
                outcome.delta.accounts.get(&(UNSPENDABLE.to_string(), "STACKS".to_string())),
                Some(&None)
            );
        }
    }
    assert_eq!(&replay, engine.state());
    assert_eq!(balance(&replay, &wallet(11).address), Some(707));
}

#[test]
fn s10_genesis_patch_that_adds_and_deletes_one_address_halts() {
    let mut params = patched_params();
    params.genesis_patches[1].del.push(wallet(11).address);
    let mut engine = Engine::new(params.clone());
    let mut result = Ok(());
    for height in params.first_block..PATCH_HEIGHT {
        if let Err(e) =
            engine.apply_block(BlockInput { height, block_hash: BlockHash([0; 32]), candidates: Vec::new() })
        {
            result = Err((height, e));
            break;
        }
    }
    let (height, _) = result.unwrap_err();
    assert_eq!(height, PATCH_HEIGHT - 1);
}

// ---------------------------------------------------------------------------------
// Built-in mainnet patch at 599865, with FIRST moved just below it (what
// `oracle/run.sh --network mainnet --first-block 599860` runs).

const MAINNET_TSV: &str = include_str!("../data/mainnet-genesis.tsv");

/// (address, value, vesting) of the `R` rows or of the `A` rows of one patch height,
/// read straight from the data file (fields: address original type value lock rw
/// metadata vesting total).
fn tsv_rows(kind: &str, patch_height: Option<&str>) -> Vec<(String, u64, BTreeMap<u32, u64>)> {
    MAINNET_TSV
        .lines()
        .filter_map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let f = match (kind, patch_height) {
                ("R", None) if f[0] == "R" => &f[1..],
                ("A", Some(h)) if f[0] == "A" && f[1] == h => &f[2..],
                _ => return None,
            };
            let vesting = if f[7].is_empty() {
                BTreeMap::new()
            } else {
                f[7].split(',')
                    .map(|kv| kv.split_once(':').unwrap())
                    .map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap()))
                    .collect()
            };
            Some((f[0].to_string(), f[3].parse().unwrap(), vesting))
        })
        .collect()
}

#[test]
fn s10_mainnet_patch_599865_applies_from_a_moved_first_block() {
    let first = 599_860;
    let params = Params { first_block: first, ..Params::mainnet_with_genesis() };
    let genesis = tsv_rows("R", None);
    let adds = tsv_rows("A", Some("599865"));
    let mut engine = Engine::new(params);
    for height in first..=599_863 {
        engine
            .apply_block(BlockInput { height, block_hash: BlockHash([0; 32]), candidates: Vec::new() })
            .unwrap();
    }
    // genesis rows + the burn address's GENESIS row
    assert_eq!(engine.state().accounts.len(), genesis.len() + 1);
    let genesis_row = engine.state().account("1111111111111111111114oLvT2", "GENESIS").unwrap();
    assert_eq!(genesis_row.txid, "2e3113dda391c0d7a9117495126cd4ad39fef8b7e2ae56fd99b87860bec3a1d0");
    assert!(engine.state().account("unallocated", "STACKS").is_some());

    engine
        .apply_block(BlockInput { height: 599_864, block_hash: BlockHash([0; 32]), candidates: Vec::new() })
        .unwrap();
    let state = engine.state();
    let genesis_addresses: std::collections::BTreeSet<&str> = genesis.iter().map(|g| g.0.as_str()).collect();
    let overlap = adds.iter().filter(|a| genesis_addresses.contains(a.0.as_str())).count();
    assert_eq!(overlap, 68, "brief: 68 patch-add addresses are genesis accounts");
    // + new patch accounts − `unallocated` + PATCH row
    assert_eq!(state.accounts.len(), genesis.len() + 1 + (adds.len() - overlap) - 1 + 1);
    assert!(state.account("unallocated", "STACKS").is_none());
    assert_eq!(state.account("1111111111111111111114oLvT2", "PATCH").unwrap().block_id, 599_865);

    // Every added account: with FIRST = 599860 no genesis vesting (all < FIRST or at
    // 604081+) was ever credited, and all new unlocks are ≥ 599866 > H, so after block
    // 599864 the balance is genesis value + patch value (+ nothing vested at 599865).
    // Genesis vesting strictly after FIRST and up to `upto` (credited by then).
    let genesis_part = |address: &str, upto: u32| -> u64 {
        genesis
            .iter()
            .find(|g| g.0 == address)
            .map_or(0, |g| g.1 + g.2.range(first + 1..=upto).map(|(_, v)| v).sum::<u64>())
    };
    for (address, value, vesting) in &adds {
        assert!(vesting.keys().all(|h| *h >= 599_866));
        assert_eq!(
            balance(state, address),
            Some(u128::from(genesis_part(address, 599_865) + value)),
            "{address}"
        );
    }
    // Block 599865's db_save vests 599866, which only patch rows schedule.
    engine
        .apply_block(BlockInput { height: 599_865, block_hash: BlockHash([0; 32]), candidates: Vec::new() })
        .unwrap();
    let state = engine.state();
    for (address, value, vesting) in &adds {
        let vested = vesting.get(&599_866).copied().unwrap_or(0);
        assert_eq!(
            balance(state, address),
            Some(u128::from(genesis_part(address, 599_866) + value + vested)),
            "{address}"
        );
    }
}

/// Compare with the reference over the same chain (empty mainnet blocks from a moved
/// FIRST, e.g. 599860 through the patch at 599865 and the vesting at 599866; the dump's
/// first/last block decide the run). Produce the dump with
///
/// ```text
/// cargo run -p bns-vectors --bin chaingen -- scenario SCENARIO.json --network mainnet --out BLOCKS
/// oracle/run.sh --blocks BLOCKS --network mainnet --first-block 599860 --dump DUMP
/// BNS_ORACLE_DUMP=DUMP cargo test -p bns-engine --test genesis_patches -- --ignored
/// ```
///
/// (checked 2026-11-22: FIRST 599860 + 8 blocks, 6,204/6,204 accounts and all hashes
/// equal; FIRST 613240 + 46 blocks across the 613249 patch and the 33 airdrop batches,
/// 323,883/323,883 accounts and all hashes equal; the oracle run took 13 minutes), where
/// SCENARIO.json is `{"format":1,"name":"p","source":"hand-written","params":{"base":
/// "../shared/oracle/params/mainnet.json","env":{},"first_block":599860,"genesis_stx":
/// "base"},"wallets":[{"name":"w0","seed":"alice","btc":0}],"blocks":[{"advance":8}]}`.
#[test]
#[ignore = "needs an oracle dump (BNS_ORACLE_DUMP); see the doc comment"]
#[allow(clippy::disallowed_methods)] // test-only knob; the engine itself reads no environment
fn mainnet_patch_accounts_match_oracle_dump() {
    let path = std::env::var("BNS_ORACLE_DUMP").expect("set BNS_ORACLE_DUMP to the oracle's --dump file");
    let dump: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let first = dump["first_block"].as_u64().unwrap() as u32;
    let last = dump["last_block"].as_u64().unwrap() as u32;
    let mut engine = Engine::new(Params { first_block: first, ..Params::mainnet_with_genesis() });
    for height in first..=last {
        engine
            .apply_block(BlockInput { height, block_hash: BlockHash([0; 32]), candidates: Vec::new() })
            .unwrap();
    }
    let state = engine.state();
    let mut diffs = Vec::new();
    for snap in dump["snapshots"].as_array().unwrap() {
        let height = snap[0].as_u64().unwrap() as u32;
        let ours = state.consensus_hash_at(height).map(|c| hex::encode(c.0));
        if ours.as_deref() != snap[1].as_str() {
            diffs.push(format!("consensus hash at {height}: oracle {} ours {ours:?}", snap[1]));
        }
    }
    let accounts = dump["accounts"].as_array().unwrap();
    if accounts.len() != state.accounts.len() {
        diffs.push(format!("account count: oracle {} ours {}", accounts.len(), state.accounts.len()));
    }
    for a in accounts {
        let key = (a["address"].as_str().unwrap().to_string(), a["type"].as_str().unwrap().to_string());
        let Some(r) = state.accounts.get(&key) else {
            diffs.push(format!("account {key:?} missing"));
            continue;
        };
        let ours = serde_json::json!({
            "balance": r.balance().to_string(), "credit_value": r.credit_value.to_string(),
            "debit_value": r.debit_value.to_string(), "lock_transfer_block_id": r.lock_transfer_block_id,
            "receive_whitelisted": r.receive_whitelisted, "metadata": r.metadata, "block_id": r.block_id,
            "txid": r.txid, "vtxindex": r.vtxindex,
        });
        for (field, value) in ours.as_object().unwrap() {
            let theirs = &a[field.as_str()];
            // credit/debit are stored as TEXT; the dump may carry them as int or string.
            let same = theirs == value
                || theirs.as_u64().is_some_and(|t| Some(t.to_string().as_str()) == value.as_str())
                || (field == "lock_transfer_block_id" && theirs.as_bool() == Some(true) && value == 1);
            if !same {
                diffs.push(format!("account {key:?} {field}: oracle {theirs} ours {value}"));
            }
        }
    }
    assert!(
        diffs.is_empty(),
        "{} differences, first 20:\n{}",
        diffs.len(),
        diffs[..diffs.len().min(20)].join("\n")
    );
}
