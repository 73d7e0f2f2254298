//! Unit tests of the export rules on hand-built states (regtest parameters: FIRST 688,
//! epoch 1 ends 750 with M = 1, G = 0; epochs ≥ 3 (from 801) have M = 2, G = 10).

use super::*;
use crate::check::{check_against, DifferenceKind, Section};
use crate::migration::{migration_status, MigrationStatus, NotExportedReason};
use bns_engine::params::GenesisRow;
use bns_engine::state::{Account, OpFee};
use std::collections::BTreeMap;

const OWNER: &str = "mhXL5fyefC9LceAkDdcwSKmyqYZeHbrTsN";
const OWNER2: &str = "mu3C8qQvAAC3zchfi69N6RUGX1ey5E2ghk";

fn namespace(id: &str, version: u16, coeff: u8, lifetime: u32, ready_block: u32) -> NamespaceRecord {
    NamespaceRecord {
        namespace_id: id.to_string(),
        preorder_hash: "00".repeat(20),
        version,
        sender: String::new(),
        sender_pubkey: None,
        address: OWNER.to_string(),
        recipient: String::new(),
        recipient_address: OWNER.to_string(),
        block_number: 690,
        reveal_block: 691,
        op: if ready_block > 0 { "!" } else { "&" }.to_string(),
        op_fee: 0,
        txid: "11".repeat(32),
        vtxindex: 1,
        lifetime,
        coeff,
        base: 4,
        buckets: [6, 5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        nonalpha_discount: 10,
        no_vowel_discount: 10,
        ready_block,
        token_fee: "0".to_string(),
    }
}

fn name(fqn: &str, owner: &str, last_renewed: u32, value_hash: Option<&str>) -> NameRecord {
    let namespace_id = fqn.rsplit('.').next().unwrap().to_string();
    NameRecord {
        name: fqn.to_string(),
        preorder_hash: "22".repeat(20),
        name_hash128: "33".repeat(16),
        namespace_id,
        namespace_block_number: 691,
        value_hash: value_hash.map(str::to_string),
        sender: String::new(),
        sender_pubkey: None,
        address: owner.to_string(),
        block_number: 692,
        preorder_block_number: 692,
        first_registered: 693,
        last_renewed,
        revoked: false,
        op: ":".to_string(),
        txid: "44".repeat(32),
        vtxindex: 1,
        op_fee: OpFee::Int(0),
        importer: None,
        importer_address: None,
        consensus_hash: None,
        token_fee: "0".to_string(),
        last_creation_op: "?".to_string(),
        last_update_consensus_hash: None,
    }
}

fn account(address: &str, token_type: &str, credit: u128, debit: u128) -> Account {
    Account {
        address: address.to_string(),
        token_type: token_type.to_string(),
        credit_value: credit,
        debit_value: debit,
        lock_transfer_block_id: 0,
        receive_whitelisted: true,
        metadata: None,
        block_id: 688,
        txid: "55".repeat(32),
        vtxindex: 0,
    }
}

fn state_at(tip: u32) -> State {
    let mut state = State::default();
    state.last_block = tip;
    state
}

fn put_ns(state: &mut State, ns: NamespaceRecord) {
    state.namespaces.insert(ns.namespace_id.clone(), ns);
}
fn put_name(state: &mut State, rec: NameRecord) {
    state.names.insert(rec.name.clone(), rec);
}
fn put_account(state: &mut State, a: Account) {
    state.accounts.insert((a.address.clone(), a.token_type.clone()), a);
}

fn export(params: &Params, state: &State, height: u32) -> String {
    let files = export_stacks_v2(params, state, height, &NoZonefiles).unwrap();
    String::from_utf8(files.chainstate_txt).unwrap()
}

fn section<'a>(text: &'a str, marker: &str) -> Vec<&'a str> {
    let begin = format!("-----BEGIN {marker}-----");
    let end = format!("-----END {marker}-----");
    text.lines().skip_while(|l| *l != begin).skip(2).take_while(|l| *l != end).collect()
}

#[test]
fn coefficient_change_is_650_over_15_floored() {
    // Spec §16.2 examples.
    for (coeff, want) in [(250u8, 10833u64), (7, 303), (1, 43), (0, 0)] {
        assert_eq!(exported_coeff(&namespace("a", 1, coeff, 52595, 700)), want, "coeff {coeff}");
    }
    // The float product floored equals the integer (coeff·650) div 15 on every u8.
    for coeff in 0..=255u8 {
        assert_eq!(exported_coeff(&namespace("a", 1, coeff, 1, 700)), u64::from(coeff) * 650 / 15);
    }
    // Version 2: changed only when readied before 611400; version 3 never.
    assert_eq!(exported_coeff(&namespace("a", 2, 250, 1, 611_399)), 10833);
    assert_eq!(exported_coeff(&namespace("a", 2, 250, 1, 611_400)), 250);
    assert_eq!(exported_coeff(&namespace("a", 3, 250, 1, 700)), 250);
}

#[test]
fn namespaces_ready_sorted_btc_patched_infinite_lifetime_zero() {
    let params = Params::regtest();
    let mut state = state_at(720);
    put_ns(&mut state, namespace("zeta", 1, 250, NAMESPACE_LIFE_INFINITE, 700));
    put_ns(&mut state, namespace("btc", 1, 2, 52595, 700));
    put_ns(&mut state, namespace("alpha", 3, 7, 52595, 700));
    put_ns(&mut state, namespace("revealed", 1, 7, 52595, 0));
    let text = export(&params, &state, 720);
    let c32 = c32::b58_to_c32(OWNER).unwrap();
    assert_eq!(
        section(&text, "NAMESPACES"),
        vec![
            format!("alpha,{c32},6;5;4;3;2;1;0;0;0;0;0;0;0;0;0;0,4,7,10,10,52595"),
            format!("btc,{c32},1;1;1;1;1;1;1;1;1;1;1;1;1;1;1;1,1000,200,1,1,52595"),
            format!("zeta,{c32},6;5;4;3;2;1;0;0;0;0;0;0;0;0;0;0,4,10833,10,10,0"),
        ]
    );
}

/// A name in its grace period is not exported (its `expired` is already true), a
/// revoked name is not, a name of a revealed-but-not-ready namespace is, an infinite
/// lifetime never expires, and a name without a zone-file hash ends with `,`.
#[test]
fn names_grace_period_and_revoked_are_not_exported() {
    let params = Params::regtest();
    // Tip 900 (epoch 4: M = 2, G = 10). Namespace `t`: lifetime 50, ready at 700, so a
    // name last renewed at R expires at max(700, R) + 100 and is free at +110.
    let tip = 900;
    let mut state = state_at(tip);
    put_ns(&mut state, namespace("t", 1, 250, 50, 700));
    put_ns(&mut state, namespace("inf", 1, 250, NAMESPACE_LIFE_INFINITE, 700));
    let mut reveal = namespace("rev", 1, 250, 50, 0);
    reveal.reveal_block = 850; // live until 850 + 144
    put_ns(&mut state, reveal);
    let hash = "ab".repeat(20);
    put_name(&mut state, name("alive.t", OWNER, 850, Some(&hash))); // expires 950
    put_name(&mut state, name("grace.t", OWNER, 795, None)); // expires 895, free at 905
    put_name(&mut state, name("edge.t", OWNER, 800, None)); // expires 900 = X: expired
    put_name(&mut state, name("gone.t", OWNER, 700, None)); // expires 800, free at 810
    let mut revoked = name("revoked.t", OWNER, 850, None);
    revoked.revoked = true;
    put_name(&mut state, revoked);
    put_name(&mut state, name("forever.inf", OWNER2, 693, None));
    put_name(&mut state, name("early.rev", OWNER2, 851, None));
    let text = export(&params, &state, tip);
    let c1 = c32::b58_to_c32(OWNER).unwrap();
    let c2 = c32::b58_to_c32(OWNER2).unwrap();
    assert_eq!(
        section(&text, "NAMES"),
        vec![format!("alive.t,{c1},{hash}"), format!("early.rev,{c2},"), format!("forever.inf,{c2},")]
    );

    // The same answers one name at a time.
    let status = |n: &str| migration_status(&params, &state, tip, n);
    assert!(matches!(status("alive.t"), MigrationStatus::Exported { namespace_exported: true, .. }));
    assert!(matches!(status("early.rev"), MigrationStatus::Exported { namespace_exported: false, .. }));
    let reason = |n: &str| match status(n) {
        MigrationStatus::NotExported { reason, .. } => reason,
        other => panic!("{n} exported: {other:?}"),
    };
    assert_eq!(
        reason("grace.t"),
        NotExportedReason::GracePeriod { expire_block: 895, renewal_deadline: 905 }
    );
    assert_eq!(reason("edge.t"), NotExportedReason::GracePeriod { expire_block: 900, renewal_deadline: 910 });
    assert_eq!(reason("gone.t"), NotExportedReason::Expired { expire_block: 800, renewal_deadline: 810 });
    assert_eq!(reason("revoked.t"), NotExportedReason::Revoked { revoke_txid: "44".repeat(32), at: None });
    assert_eq!(reason("nope.t"), NotExportedReason::Unknown);
    match status("alive.t") {
        MigrationStatus::Exported { owner_c32, owner_base58, zonefile_hash, .. } => {
            assert_eq!((owner_c32, owner_base58, zonefile_hash), (c1, OWNER.to_string(), Some(hash)));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn expired_reveal_names_are_not_candidates() {
    let params = Params::regtest();
    let mut state = state_at(1000);
    let mut reveal = namespace("old", 1, 250, 50, 0);
    reveal.reveal_block = 700; // expired at 844
    put_ns(&mut state, reveal);
    put_name(&mut state, name("a.old", OWNER, 701, None));
    assert!(section(&export(&params, &state, 1000), "NAMES").is_empty());
    assert_eq!(
        migration_status(&params, &state, 1000, "a.old"),
        MigrationStatus::NotExported {
            name: "a.old".to_string(),
            reason: NotExportedReason::NamespaceRevealExpired {
                namespace_id: "old".to_string(),
                reveal_block: 700,
                reveal_expired_at: 844
            }
        }
    );
}

/// Balances: every address with an account row, sorted as stored, STACKS balance > 0,
/// placeholders replaced after sorting (so they sit where the placeholder string sorts).
#[test]
fn balances_sorted_positive_and_placeholders_replaced_in_place() {
    let params = Params::regtest();
    let mut state = state_at(700);
    put_account(&mut state, account(OWNER2, "STACKS", 500, 100));
    put_account(&mut state, account(OWNER, "STACKS", 7, 7)); // zero: not written
    put_account(&mut state, account("Reserved_for_exchange_partner_1", "STACKS", 10, 0));
    put_account(&mut state, account(PLACEHOLDER_ADDRESSES[0].0, "STACKS", 11, 0));
    put_account(&mut state, account(PLACEHOLDER_ADDRESSES[4].0, "STACKS", 12, 0));
    put_account(&mut state, account("2N8EgwcZq89akxb6mCTTKiHLVeXRpxjuy98", "STACKS", 13, 0));
    put_account(&mut state, account("treasury", "STACKS", 14, 0)); // written literally
    put_account(&mut state, account("mfWxJ45yp2SFn7UciZyNpvDKrzbhyfKrY8", "GENESIS", 0, 0)); // no STACKS row
    let text = export(&params, &state, 700);
    assert_eq!(
        section(&text, "STX BALANCES"),
        vec![
            "2N8EgwcZq89akxb6mCTTKiHLVeXRpxjuy98,13".to_string(),
            format!("{},10", PLACEHOLDER_ADDRESSES[8].1),
            format!("{},11", PLACEHOLDER_ADDRESSES[0].1),
            format!("{OWNER2},400"),
            format!("{},12", PLACEHOLDER_ADDRESSES[4].1),
            "treasury,14".to_string(),
        ]
    );
}

#[test]
fn placeholder_table_is_the_reference_table() {
    assert_eq!(PLACEHOLDER_ADDRESSES.len(), 10);
    assert_eq!(
        exported_account_address("Reserved_for_exchange_partner_2"),
        "SM23PYTSHF5EP1QJA0VVDEZPXCMJXFQQ2PF8W49BW"
    );
    assert_eq!(
        exported_account_address(
            "not_distributed_d6d337469b6283046ed909a03a1f45d862d6c1361d5d0ee56ae660e25866b4c4"
        ),
        "SM3TJ7J6DR9KFQXQGK9SY7M7AEJT33C8NV639J99C"
    );
    assert_eq!(exported_account_address("missing-A-00"), "missing-A-00");
    assert_eq!(exported_account_address(OWNER), OWNER);
}

fn vesting_row(address: &str, vesting: &[(u32, u64)]) -> GenesisRow {
    GenesisRow {
        address: address.to_string(),
        token_type: "STACKS".to_string(),
        value: 1,
        lock_send: 0,
        metadata: String::new(),
        receive_whitelisted: bns_engine::address::base58check_decode(address).is_some(),
        vesting: vesting.iter().copied().collect::<BTreeMap<u32, u64>>(),
        vesting_total: vesting.iter().map(|(_, v)| v).sum(),
    }
}

/// Vesting: rows after X only; address ascending, block descending within an address;
/// `blocks` = block − X; zero amounts listed; placeholders replaced after sorting.
#[test]
fn vesting_rows_after_height_sorted_by_address_then_block_descending() {
    let mut params = Params::regtest();
    params.genesis_rows = vec![
        vesting_row(OWNER2, &[(700, 5), (800, 6), (750, 0), (900, 7)]),
        vesting_row(OWNER, &[(760, 1), (901, 2)]),
        vesting_row(PLACEHOLDER_ADDRESSES[1].0, &[(799, 3), (751, 4)]),
    ];
    let state = state_at(760);
    let text = export(&params, &state, 750);
    let ph = PLACEHOLDER_ADDRESSES[1].1;
    assert_eq!(
        section(&text, "STX VESTING"),
        vec![
            format!("{OWNER},2,151"),
            format!("{OWNER},1,10"),
            format!("{ph},3,49"),
            format!("{ph},4,1"),
            format!("{OWNER2},7,150"),
            format!("{OWNER2},6,50"),
        ]
    );
    // At a later height fewer rows remain and `blocks` shrinks.
    let rows = vesting_rows(&params, &state_at(800), 800);
    assert_eq!(
        rows.iter().map(|r| (r.address.as_str(), r.block_id - 800)).collect::<Vec<_>>(),
        vec![(OWNER, 101), (OWNER2, 100)]
    );
}

#[test]
fn sections_and_hash_files_have_the_exact_shape() {
    let params = Params::regtest();
    let state = state_at(688);
    let files = export_stacks_v2(&params, &state, 688, &NoZonefiles).unwrap();
    let expected = "-----BEGIN NAMESPACES-----\n\
        namespace_id,address,buckets,base,coeff,nonalpha_discount,no_vowel_discount,lifetime\n\
        -----END NAMESPACES-----\n\
        -----BEGIN NAMES-----\n\
        name,address,zonefile_hash\n\
        -----END NAMES-----\n\
        -----BEGIN STX BALANCES-----\n\
        address,balance\n\
        -----END STX BALANCES-----\n\
        -----BEGIN STX VESTING-----\n\
        address,value,blocks\n\
        -----END STX VESTING-----\n";
    assert_eq!(String::from_utf8(files.chainstate_txt.clone()).unwrap(), expected);
    assert_eq!(files.chainstate_sha256, sha256_hex(expected.as_bytes()));
    assert_eq!(files.chainstate_sha256.len(), 64);
    assert!(files.name_zonefiles_txt.is_empty());
    // Spec §16.4: the empty name_zonefiles.txt.
    assert_eq!(
        files.name_zonefiles_sha256,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert!(!files.chainstate_matches_published());
    let dir = tempfile::tempdir().unwrap();
    files.write_to(dir.path()).unwrap();
    assert_eq!(
        std::fs::read(dir.path().join("chainstate.txt.sha256")).unwrap(),
        files.chainstate_sha256.as_bytes()
    );
    assert!(matches!(
        export_stacks_v2(&params, &state, 689, &NoZonefiles),
        Err(ExportError::HeightAboveTip { height: 689, tip: 688 })
    ));
}

#[test]
fn name_zonefiles_only_for_known_zone_files_escaped_in_names_order() {
    let params = Params::regtest();
    let mut state = state_at(720);
    put_ns(&mut state, namespace("t", 1, 250, NAMESPACE_LIFE_INFINITE, 700));
    let mut zonefiles = ZonefileMap::default();
    let h1 = zonefiles.insert(b"$ORIGIN b.t\n$TTL 3600\n".to_vec());
    let h_empty = zonefiles.insert(Vec::new());
    put_name(&mut state, name("b.t", OWNER, 700, Some(&h1)));
    put_name(&mut state, name("a.t", OWNER, 700, Some(&h1))); // shares b.t's zone file
    put_name(&mut state, name("c.t", OWNER, 700, Some(&"cd".repeat(20)))); // unknown
    put_name(&mut state, name("d.t", OWNER, 700, Some(&h_empty))); // empty = absent
    let files = export_stacks_v2(&params, &state, 720, &zonefiles).unwrap();
    let one = format!("{h1}\n$ORIGIN b.t\\n$TTL 3600\\n\n");
    assert_eq!(String::from_utf8(files.name_zonefiles_txt.clone()).unwrap(), format!("{one}{one}"));
    assert_eq!(files.counts.zonefiles, 2);
    assert_eq!(files.counts.names, 4);

    // A stored zone file whose hash differs from the name's: the reference crashes.
    let mut wrong = ZonefileMap::default();
    wrong.0.insert(h1.clone(), b"something else".to_vec());
    assert!(matches!(
        export_stacks_v2(&params, &state, 720, &wrong),
        Err(ExportError::ZonefileHashMismatch { .. })
    ));
}

#[test]
fn export_below_the_tip_uses_x_for_expiry_and_fails_where_the_reference_crashes() {
    let params = Params::regtest();
    let mut state = state_at(905);
    put_ns(&mut state, namespace("t", 1, 250, 50, 700));
    put_name(&mut state, name("grace.t", OWNER, 800, None)); // expires 900, free at 910
                                                             // At the tip it is in its grace period; at X = 899 it is not yet expired.
    assert!(section(&export(&params, &state, 905), "NAMES").is_empty());
    assert_eq!(section(&export(&params, &state, 899), "NAMES").len(), 1);
    // A name registered after X but alive at T: the reference's load_name_info gets no
    // record and crashes.
    let mut late = name("late.t", OWNER, 904, None);
    late.first_registered = 904;
    put_name(&mut state, late);
    assert!(matches!(
        export_stacks_v2(&params, &state, 899, &NoZonefiles),
        Err(ExportError::NameNotAliveAtHeight { .. })
    ));
}

/// `check_against` on a fabricated published file lists exactly the planted differences.
#[test]
fn check_against_lists_planted_differences() {
    let params = Params::regtest();
    let mut state = state_at(720);
    put_ns(&mut state, namespace("t", 1, 250, NAMESPACE_LIFE_INFINITE, 700));
    put_name(&mut state, name("a.t", OWNER, 700, None));
    put_name(&mut state, name("b.t", OWNER, 700, None));
    put_name(&mut state, name("c.t", OWNER, 700, None));
    put_account(&mut state, account(OWNER, "STACKS", 100, 0));
    put_account(&mut state, account(OWNER2, "STACKS", 200, 0));
    let ours = export(&params, &state, 720);
    assert!(check_against(&ours, &ours).unwrap().is_empty());

    let c1 = c32::b58_to_c32(OWNER).unwrap();
    let c2 = c32::b58_to_c32(OWNER2).unwrap();
    let theirs = ours
        .replace(&format!("a.t,{c1},\n"), "") // a.t missing from theirs
        .replace(&format!("c.t,{c1},\n"), &format!("c.t,{c2},\nz.t,{c1},\n")) // owner differs; z.t extra
        .replace(&format!("{OWNER2},200"), &format!("{OWNER2},201")) // balance differs
        .replace(",10833,", ",250,"); // namespace coeff differs
    let diffs = check_against(&ours, &theirs).unwrap();
    let summary: Vec<(Section, &str, String)> = diffs
        .iter()
        .map(|d| {
            let what = match &d.kind {
                DifferenceKind::OnlyOurs { .. } => "only ours".to_string(),
                DifferenceKind::OnlyTheirs { .. } => "only theirs".to_string(),
                DifferenceKind::Differs { columns } => columns
                    .iter()
                    .map(|c| format!("{}:{}/{}", c.column, c.ours, c.theirs))
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            (d.section, d.key.as_str(), what)
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (Section::Namespaces, "t", "coeff:10833/250".to_string()),
            (Section::Names, "a.t", "only ours".to_string()),
            (Section::Names, "c.t", format!("address:{c1}/{c2}")),
            (Section::Names, "z.t", "only theirs".to_string()),
            (Section::Balances, OWNER2, "balance:200/201".to_string()),
        ]
    );
    assert!(diffs[1].to_string().contains("only in ours"));
    // A file that is not an export is refused, not compared.
    assert!(check_against(&ours, "hello\n").is_err());
}

/// `--check` on a state that is not mainnet says so instead of printing a mismatch; a
/// mainnet state below 665749 has nothing to compare yet.
#[test]
fn published_check_refuses_other_networks_and_short_chains() {
    let state = state_at(815);
    assert_eq!(
        check_published(&Params::regtest(), &state, &NoZonefiles).unwrap(),
        PublishedCheck::NotMainnet { network: "regtest".to_string(), first_block: 688 }
    );
    let mut moved = Params::mainnet();
    moved.first_block = 600_000;
    assert!(matches!(
        check_published(&moved, &state, &NoZonefiles).unwrap(),
        PublishedCheck::NotMainnet { first_block: 600_000, .. }
    ));
    let short = state_at(600_000);
    assert_eq!(
        check_published(&Params::mainnet(), &short, &NoZonefiles).unwrap(),
        PublishedCheck::BelowExportHeight { tip: 600_000 }
    );
    // At 665749 only one height can be exported; an empty state matches nothing.
    let at = state_at(665_749);
    match check_published(&Params::mainnet(), &at, &NoZonefiles).unwrap() {
        PublishedCheck::Checked { tip, heights } => {
            assert_eq!(tip, 665_749);
            assert_eq!(heights.len(), 1);
            assert!(!heights[0].chainstate_matches && !heights[0].name_zonefiles_match);
        }
        other => panic!("{other:?}"),
    }
}

/// The published test export (stacks-core stx-genesis `chainstate-test.txt`, a
/// hand-made file in the export's format) parses, compares equal to itself, and its
/// hash file is the 64-hex form (data: ../shared/data/real/genesis-export, when present).
#[test]
fn published_test_chainstate_parses_and_self_compares() {
    // $BNS_GENESIS_EXPORT_DIR, else the shared data beside the checkout (main or worktree).
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates: Vec<std::path::PathBuf> = match std::env::var_os("BNS_GENESIS_EXPORT_DIR") {
        Some(d) => vec![d.into()],
        None => ["../../shared", "../../../shared"]
            .iter()
            .map(|r| manifest.join(r).join("data/real/genesis-export"))
            .collect(),
    };
    let Some(dir) = candidates.into_iter().find(|d| d.join("chainstate-test.txt").is_file()) else {
        eprintln!("skipped: no genesis-export data (set BNS_GENESIS_EXPORT_DIR)");
        return;
    };
    let text = std::fs::read_to_string(dir.join("chainstate-test.txt")).unwrap();
    let sha = std::fs::read_to_string(dir.join("chainstate-test.txt.sha256")).unwrap();
    assert_eq!(sha256_hex(text.as_bytes()), sha);
    assert!(check_against(&text, &text).unwrap().is_empty());
    let sections = check::parse_chainstate(&text, "their").unwrap();
    assert_eq!(sections[&Section::Namespaces].len(), 5);
    // The published name_zonefiles.txt reads back with every hash verified.
    let zf = std::fs::read(dir.join("name_zonefiles.txt")).unwrap();
    assert_eq!(sha256_hex(&zf), PUBLISHED_NAME_ZONEFILES_SHA256);
    let map = ZonefileMap::from_name_zonefiles_txt(&zf).unwrap();
    assert!(map.0.len() > 1000, "{} zone files", map.0.len());
}

#[test]
fn zonefile_differences_by_hash() {
    let ours = b"aa\nzone a\\n\nbb\nzone b\\n\n";
    let theirs = b"aa\nzone a\\n\ncc\nzone c\\n\n";
    let diffs = check::check_zonefiles_against(ours, theirs);
    let keys: Vec<(&str, bool)> =
        diffs.iter().map(|d| (d.key.as_str(), matches!(d.kind, DifferenceKind::OnlyOurs { .. }))).collect();
    assert_eq!(keys, vec![("bb", true), ("cc", false)]);
    assert!(check::check_zonefiles_against(ours, ours).is_empty());
}
