//! Quirk tests named after the items of bns spec §12 / §15 not covered next to their op
//! (see also rules_*.rs: quirk_renewal_quota_counts_renewed_name,
//! quirk_transfer_consensus_hash_from_last_update, quirk_revoke_vs_update_expiry,
//! quirk_epoch_switch_doubles_lifetimes_retroactively, quirk_import_keychain_*,
//! quirk_btc_preorder_revealed_in_epoch4_skips_price_check, quirk_announce_never_recorded).

mod common;
use bns_engine::rules::RejectReason;
use common::*;

const NS: &str = "test";

#[test]
fn quirk_update_quota_strictly_greater_than_25() {
    // bns spec §12.10: only imports can give one script more than 25 names.
    for (count, ok) in [(25usize, true), (26, false)] {
        let mut r = Rules::new();
        let reveal = wallet(2);
        let ch = r.ch();
        accepted(&r.one(ns_preorder(&wallet(1), NS, &reveal, 4_100_000_000, ch, None)));
        accepted(&r.one(ns_reveal(&wallet(1), NS, &reveal, 1, 1000)));
        let alice = wallet(10);
        let names: Vec<String> = (0..count).map(|i| format!("n{i}.test")).collect();
        let v = r.block(names.iter().map(|n| import(&reveal, n, &alice, [1; 20])).collect());
        v.iter().for_each(|v| {
            accepted(v);
        });
        accepted(&r.one(ns_ready(&reveal, NS)));
        let ch = r.ch();
        let verdict = r.one(update(&alice, "n0.test", ch, [2; 20]));
        if ok {
            accepted(&verdict);
        } else {
            assert_eq!(rejected(&verdict), RejectReason::SenderQuotaExceeded);
        }
        // The ≥ 25 rule of every other op already bites at 25.
        let ch = r.ch();
        assert_eq!(
            rejected(&r.one(name_preorder(&alice, "x.test", &alice, 100, ch))),
            RejectReason::SenderQuotaExceeded
        );
    }
}

#[test]
fn quirk_b40_leading_zero_collapse_in_preorder_hash() {
    // bns spec §1.1 / §12.15: b40("0a.test") == b40("a.test"), so a preorder made for
    // "a.test" also registers "0a.test".
    let mut r = Rules::new();
    r.ready_namespace(&wallet(1), NS, &wallet(2), 1000);
    let alice = wallet(10);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "a.test", &alice, 100, ch)));
    accepted(&r.one(register(&alice, "0a.test", &alice)));
    assert!(r.state.name("0a.test").is_some());
    assert_eq!(rejected(&r.one(register(&alice, "a.test", &alice))), RejectReason::PreorderNotFound);
}

#[test]
fn quirk_namespace_reveal_accepts_p2sh_sender() {
    // bns spec §12.6: the sender_pubkey requirement is ineffective for reveals.
    let mut r = Rules::new();
    let multisig = p2sh_wallet(7);
    let reveal = wallet(2);
    let ch = r.ch();
    accepted(&r.one(ns_preorder(&multisig, NS, &reveal, 4_100_000_000, ch, None)));
    accepted(&r.one(ns_reveal(&multisig, NS, &reveal, 1, 1000)));
    assert_eq!(r.state.namespace(NS).unwrap().sender_pubkey, None);
}

#[test]
fn quirk_renewal_keeps_sender_pubkey_on_owner_change() {
    // bns spec §12.12 (epoch ≥ 3 allows a renewal to a new owner).
    let mut r = Rules::new();
    r.skip_to(801);
    r.ready_namespace(&wallet(1), NS, &wallet(2), 1000);
    let alice = wallet(10);
    let bob = wallet(11);
    r.register_name(&alice, "foo.test");
    accepted(&r.one(renew(&alice, "foo.test", &bob, 100)));
    let rec = r.state.name("foo.test").unwrap();
    assert_eq!(rec.address, bob.address);
    assert_eq!(rec.sender_pubkey, Some(hex::encode(&alice.pubkey)));
}

#[test]
fn quirk_pay_to_creator_fee_goes_to_namespace_address() {
    // bns spec §6.4 / §12.13: version-2 fees go to the namespace's `address` (the
    // preorderer), not to the reveal recipient, during the fee window.
    let mut r = Rules::new();
    r.skip_to(801);
    let creator = wallet(1);
    let reveal = wallet(2);
    r.ready_namespace_version(&creator, NS, &reveal, 1000, 2);
    let alice = wallet(10);
    let ch = r.ch();
    accepted(&r.one(name_preorder_to(&alice, "a.test", &alice, 100, ch, reveal.address.clone())));
    assert_eq!(rejected(&r.one(register(&alice, "a.test", &alice))), RejectReason::WrongBurnAddress);
    let ch = r.ch();
    accepted(&r.one(name_preorder_to(&alice, "b.test", &alice, 100, ch, creator.address.clone())));
    accepted(&r.one(register(&alice, "b.test", &alice)));
    // After the 50-block regtest window the fee must be burned.
    r.skip_to(r.height + 60);
    let ch = r.ch();
    accepted(&r.one(name_preorder_to(&alice, "c.test", &alice, 100, ch, creator.address.clone())));
    assert_eq!(rejected(&r.one(register(&alice, "c.test", &alice))), RejectReason::WrongBurnAddress);
}

#[test]
fn quirk_name_preorder_expires_after_144_blocks_only_from_epoch_4() {
    // bns spec §5.2 step 7 / §12.4: FIX_PREORDER_EXPIRE (regtest epoch 4 = 851–900).
    let mut r = Rules::new();
    r.ready_namespace(&wallet(1), NS, &wallet(2), 1000);
    let alice = wallet(10);
    let ch = r.ch();
    accepted(&r.one(name_preorder(&alice, "old.test", &alice, 100, ch)));
    r.skip_to(r.height + 145);
    // Still before epoch 4: accepted however old the preorder (within one lifetime).
    assert!(r.height < 851);
    accepted(&r.one(register(&alice, "old.test", &alice)));

    let mut r = Rules::with_params(params_with_stx(&[(&wallet(1), 1_000_000_000_000, 0, true)]));
    r.skip_to(855);
    r.ready_namespace_version(&wallet(1), NS, &wallet(2), 1000, 1);
    let ch = r.ch();
    let preorder_height = r.height;
    accepted(&r.one(name_preorder(&alice, "new.test", &alice, 100, ch)));
    r.skip_to(preorder_height + 145);
    assert_eq!(rejected(&r.one(register(&alice, "new.test", &alice))), RejectReason::PreorderExpired);
}
